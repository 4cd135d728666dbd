"""Warnings that depend on the day of the check: content that was right when it was written."""

from __future__ import annotations

from datetime import date, timedelta

from . import recurrence
from .messages import Diagnostic, warning
from .models import Activity, Site


def past_activities(site: Site, start_lines: dict[str, tuple[int, int]], today: date) -> list[Diagnostic]:
    """An activity none of whose dates reaches `today`: probably forgotten, or a wrong year.
    `start_lines`: where each file's `start:` is, by path."""
    problems = []
    for activity in site.activities.values():
        if _all_past(activity, site, today):
            line, col = start_lines.get(activity.path, (1, 1))
            problems.append(warning(activity.path, line, col, "all_dates_past"))
    return problems


def _all_past(activity: Activity, site: Site, today: date) -> bool:
    final = None
    if activity.recurrence is not None:
        final = recurrence.last_date(activity.start, activity.recurrence)
        if final is None:  # repeats without end
            return False
    last = _last_possible_day(activity, final)
    if last < today:
        return True
    if final is not None and final >= today and final not in activity.recurrence.exceptions and all(
            change.date != final for change in activity.changes):
        return False  # the pattern's own last date is still to come: no need to list every date
    return not recurrence.occurrences(activity, site.config.zone, today, last)


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
