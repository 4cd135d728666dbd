"""Warnings that depend on the day of the check: content that was right when it was written.

What such a warning needs of an activity does not depend on the day: the last day any of
its occurrences touches (`last_day`). `check` keeps that per file, so a check on another
day, or after editing another file, expands no recurrence at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from . import recurrence
from .messages import Diagnostic, warning
from .models import Activity

ENDLESS = date.max  # the last day of an activity that repeats without end: never past
NO_DATES = date.min  # of one without a single occurrence (every date excepted): always past
_EARLIEST = date(1, 1, 3)


class Dated(Protocol):
    path: str
    start: tuple[int, int] | None  # where the file's `start:` is: the warning points there
    last_day: date


def past_activities(activities: Iterable[Dated], today: date) -> list[Diagnostic]:
    """An activity none of whose dates reaches `today`: probably forgotten, or a wrong year."""
    return [
        warning(activity.path, *(activity.start or (1, 1)), "all_dates_past")
        for activity in activities if activity.last_day < today
    ]


def last_day(activity: Activity, zone: ZoneInfo) -> date:
    """The last day any occurrence touches (cancelled ones too: they are still listed),
    ENDLESS for a pattern without end, NO_DATES when nothing is left of it."""
    final = None
    if activity.recurrence is not None:
        final = _last_start(activity)
        if final is None:  # endless, or a pattern without any date (reported as an error)
            return ENDLESS
        if not activity.changes and final.date() not in activity.recurrence.exceptions:
            # the pattern's own last date takes place as it is; every other one ends before it
            return (final + recurrence.duration(activity)).date()
    elif not activity.changes:
        return recurrence.as_datetime(activity.end).date()
    # occurrences() looks back a few days before the window: keep clear of the year 1
    first = max(_first_possible_day(activity), _EARLIEST + recurrence.duration(activity))
    found = recurrence.occurrences(activity, zone, first, _last_possible_day(activity, final and final.date()))
    return max((occurrence.last_day for occurrence in found), default=NO_DATES)


def _last_start(activity: Activity):
    """The start of the pattern's last date, None for an endless pattern (or one without dates)."""
    rule = activity.recurrence
    if rule.until is None and rule.count is None:
        return None
    last = None
    for last in recurrence.rule_of(activity.start, rule):  # noqa: B007 - bounded: the rule ends
        pass
    return last


def _first_possible_day(activity: Activity) -> date:
    """No occurrence starts before this day: the pattern starts on `start`, changes move dates."""
    days = [recurrence.as_datetime(activity.start).date()]
    for change in activity.changes:
        days.append(change.date)
        days.extend(recurrence.as_datetime(moved).date() for moved in (change.start, change.end) if moved)
    return min(days)


def _last_possible_day(activity: Activity, final: date | None) -> date:
    """No occurrence can touch a day after this one; `final` is the pattern's last date."""
    length = recurrence.duration(activity)
    days = [recurrence.as_datetime(activity.end).date()]
    if final is not None:
        days.append(final + timedelta(days=length.days + 1))
    for change in activity.changes:
        days.extend(recurrence.as_datetime(moved).date() for moved in (change.start, change.end) if moved)
        days.append(change.date + timedelta(days=length.days + 1))
    return max(days)
