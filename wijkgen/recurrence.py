"""Recurring activities: the friendly `repeat` form, raw `rrule`, and their expansion.

The arithmetic is python-dateutil's. Rules run on naive local wall-clock times and only
then get the site's zone, so a 9:30 café stays at 9:30 on both sides of a
daylight-saving change.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from .fields import FieldReader, to_date
from .messages import closest
from .models import Activity, Occurrence, Recurrence
from .source import Seq

FREQUENCIES = {
    "day": "DAILY", "dag": "DAILY", "daily": "DAILY", "dagelijks": "DAILY",
    "week": "WEEKLY", "weekly": "WEEKLY", "wekelijks": "WEEKLY",
    "month": "MONTHLY", "maand": "MONTHLY", "monthly": "MONTHLY", "maandelijks": "MONTHLY",
    "year": "YEARLY", "jaar": "YEARLY", "yearly": "YEARLY", "jaarlijks": "YEARLY",
}
WEEKDAYS = {
    "monday": "MO", "maandag": "MO", "tuesday": "TU", "dinsdag": "TU",
    "wednesday": "WE", "woensdag": "WE", "thursday": "TH", "donderdag": "TH",
    "friday": "FR", "vrijdag": "FR", "saturday": "SA", "zaterdag": "SA",
    "sunday": "SU", "zondag": "SU",
}
ORDINALS = {
    "first": 1, "eerste": 1, "1st": 1, "1e": 1, "second": 2, "tweede": 2, "2nd": 2, "2e": 2,
    "third": 3, "derde": 3, "3rd": 3, "3e": 3, "fourth": 4, "vierde": 4, "4th": 4, "4e": 4,
    "last": -1, "laatste": -1,
}
RRULE_WEEKDAY_INDEX = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
REPEAT_FIELDS = ("every", "interval", "on", "until", "count", "except")
# What a raw rrule may hold: at most a few dates a day. Finer frequencies and
# BYHOUR/BYMINUTE/BYSECOND turn a year into millions of dates (a hang, and a feed no
# calendar app wants); `wijkgen import` writes BYSETPOS, BYYEARDAY and BYWEEKNO.
ALLOWED_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
ALLOWED_RRULE_PARTS = ("FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "BYYEARDAY",
                       "BYWEEKNO", "WKST")
MAX_COUNT = 1000  # twenty years of a weekly activity


def read_repeat(reader: FieldReader, start: date | datetime) -> Recurrence | None:
    """The `repeat` or `rrule` field of an activity, or None when it happens once."""
    repeat_node = reader.node("repeat")
    rrule_node = reader.node("rrule")
    if repeat_node is not None and rrule_node is not None:
        reader.error(rrule_node, "repeat_and_rrule")
        return None
    if rrule_node is not None:
        return _read_rrule(reader, rrule_node, start)
    if repeat_node is None:
        return None
    fields = reader.mapping("repeat")
    if fields is None:
        return None
    sub = FieldReader(fields, reader.path, reader.problems)
    recurrence = _read_friendly(sub, start)
    sub.finish()
    return recurrence


def _read_friendly(reader: FieldReader, start: date | datetime) -> Recurrence | None:
    # every field of `repeat` is known, even when an early error stops the reading:
    # a bad `every` must not also make `on` an "unknown field"
    reader.known.update(REPEAT_FIELDS)
    every_node = reader.node("every", required=True)
    interval = reader.positive_int("interval")
    until = reader.date("until")
    count = reader.positive_int("count")
    if count is not None and count > MAX_COUNT:
        reader.error(reader.fields.get("count").value, "count_too_large", value=count, limit=MAX_COUNT)
        return None
    exceptions = _read_dates(reader, "except")
    if every_node is None:
        return None
    every = (reader.scalar_text(every_node, "every") or "").lower()
    frequency = FREQUENCIES.get(every)
    if frequency is None:
        reader.error(every_node, "bad_every", closest(every, FREQUENCIES), value=every)
        return None
    parts = [f"FREQ={frequency}"]
    if interval and interval > 1:
        parts.append(f"INTERVAL={interval}")
    on_node = reader.node("on")
    if on_node is not None:
        on_part = _read_on(reader, on_node, frequency)
        if on_part is None:
            return None
        parts.append(on_part)
    if until and count:
        reader.error(reader.fields.get("count").value, "until_and_count")
        return None
    return Recurrence(";".join(parts), until, count, exceptions)


def _read_on(reader: FieldReader, node, frequency: str) -> str | None:
    items = node.items if isinstance(node, Seq) else (node,)
    words = []
    for item in items:
        text = reader.scalar_text(item, "on")
        if text is None:
            return None
        words.append((text.lower().strip(), item))
    if frequency == "WEEKLY":
        days = []
        for word, item in words:
            if word not in WEEKDAYS:
                reader.error(item, "bad_weekday", closest(word, WEEKDAYS), value=word)
                return None
            days.append(WEEKDAYS[word])
        return "BYDAY=" + ",".join(days)
    if frequency == "MONTHLY":
        by_day, by_month_day = [], []
        for word, item in words:
            parsed = _month_position(word)
            if parsed is None:
                reader.error(item, "bad_month_on", value=word)
                return None
            (by_month_day if isinstance(parsed, int) else by_day).append(str(parsed))
        if by_day and by_month_day:
            reader.error(node, "bad_month_on", value=", ".join(w for w, _ in words))
            return None
        return "BYDAY=" + ",".join(by_day) if by_day else "BYMONTHDAY=" + ",".join(by_month_day)
    reader.error(node, "on_not_allowed")
    return None


def _month_position(word: str) -> int | str | None:
    """`first wednesday` -> "1WE", `laatste vrijdag` -> "-1FR", `15` -> 15."""
    if word.isdigit():
        number = int(word)
        return number if 1 <= number <= 31 else None
    pieces = word.split()
    if len(pieces) == 2 and pieces[0] in ORDINALS and pieces[1] in WEEKDAYS:
        return f"{ORDINALS[pieces[0]]}{WEEKDAYS[pieces[1]]}"
    return None


def _read_dates(reader: FieldReader, name: str) -> tuple[date, ...]:
    node = reader.node(name)
    if node is None:
        return ()
    items = node.items if isinstance(node, Seq) else (node,)
    dates = []
    for item in items:
        value = reader.date_of(item, name)
        if value is not None:
            dates.append(value)
    return tuple(sorted(set(dates)))


def _read_rrule(reader: FieldReader, node, start: date | datetime) -> Recurrence | None:
    text = reader.scalar_text(node, "rrule")
    if not text:
        return None
    text = re.sub(r"^RRULE:", "", text.strip(), flags=re.IGNORECASE)
    parts, until, count = [], None, None
    for piece in filter(None, text.upper().split(";")):
        name, _, value = piece.partition("=")
        if name == "DTSTART":
            reader.error(node, "rrule_forbidden_part", part=name)
            return None
        if name == "UNTIL":
            until = to_date(f"{value[:4]}-{value[4:6]}-{value[6:8]}") if len(value) >= 8 else None
            if until is None:
                reader.error(node, "bad_rrule", problem=piece)
                return None
        elif name == "COUNT":
            count = int(value) if value.isdigit() and int(value) > 0 else None
            if count is None:
                reader.error(node, "bad_rrule", problem=piece)
                return None
        else:
            parts.append(piece)
    for piece in parts:
        name, _, value = piece.partition("=")
        if name == "FREQ" and value not in ALLOWED_FREQUENCIES:
            reader.error(node, "rrule_frequency", value=value)
            return None
        if name not in ALLOWED_RRULE_PARTS:
            reader.error(node, "rrule_part_not_supported", part=name)
            return None
    if count is not None and count > MAX_COUNT:
        reader.error(node, "count_too_large", value=count, limit=MAX_COUNT)
        return None
    rule = ";".join(parts)
    try:
        rrulestr(rule, dtstart=as_datetime(start))
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        reader.error(node, "bad_rrule", problem=str(exc) or rule)
        return None
    if until and count:
        reader.error(node, "until_and_count")
        return None
    exceptions = _read_dates(reader, "except")
    return Recurrence(rule, until, count, exceptions)


def as_datetime(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.combine(value, time())


@lru_cache(maxsize=8192)
def rule_of(start: date | datetime, recurrence: Recurrence) -> rrule:
    """The dateutil rule, over naive local datetimes (midnight for all-day activities).

    Kept per activity: validation, the past-dates warning, pages and feeds all ask for it,
    and parsing the rule text is most of the cost. The rule is never changed in place.
    """
    rule = rrulestr(recurrence.rule, dtstart=as_datetime(start))
    if recurrence.until:
        rule = rule.replace(until=datetime.combine(recurrence.until, time(23, 59, 59)))
    elif recurrence.count:
        rule = rule.replace(count=recurrence.count)
    return rule


def pattern_dates(activity: Activity, first: date, last: date) -> list[datetime]:
    """Naive local starts of the pattern from `first` to `last` inclusive, exceptions removed."""
    rule = rule_of(activity.start, activity.recurrence)
    starts = rule.between(datetime.combine(first, time()), datetime.combine(last, time.max), inc=True)
    skipped = set(activity.recurrence.exceptions)
    return [start for start in starts if start.date() not in skipped]


def last_date(start: date | datetime, recurrence: Recurrence) -> date | None:
    """The last date of a pattern that ends, None for an endless one."""
    if recurrence.until is None and recurrence.count is None:
        return None
    rule = rule_of(start, recurrence)
    last = None
    for last in rule:  # noqa: B007 - bounded: the rule ends
        pass
    return last.date() if last else None


def is_pattern_date(start: date | datetime, recurrence: Recurrence, day: date) -> bool:
    rule = rule_of(start, recurrence)
    found = rule.after(datetime.combine(day, time()), inc=True)
    return found is not None and found.date() == day


def nearest_pattern_date(start: date | datetime, recurrence: Recurrence, day: date) -> date | None:
    rule = rule_of(start, recurrence)
    after = rule.after(datetime.combine(day, time()), inc=True)
    before = rule.before(datetime.combine(day, time()), inc=False)
    candidates = [d.date() for d in (before, after) if d is not None]
    return min(candidates, key=lambda d: abs((d - day).days)) if candidates else None


def first_date(start: date | datetime, recurrence: Recurrence) -> date | None:
    rule = rule_of(start, recurrence)
    first = rule.after(as_datetime(start), inc=True)
    return first.date() if first else None


def duration(activity: Activity) -> timedelta:
    return as_datetime(activity.end) - as_datetime(activity.start)


def occurrences(activity: Activity, zone: ZoneInfo, first: date, last: date) -> list[Occurrence]:
    """Every occurrence that touches the days `first`..`last`, in the site's zone, sorted."""
    length = duration(activity)
    # a multi-day occurrence that began before `first` still touches the window
    lookback = first - timedelta(days=length.days + 1)
    if activity.recurrence is None:
        starts = [as_datetime(activity.start)]
    else:
        starts = pattern_dates(activity, lookback, last)
    changes = {change.date: change for change in activity.changes}
    found: list[Occurrence] = []
    for start in starts:
        change = changes.pop(start.date(), None)
        found.append(_occurrence(activity, zone, start, length, change))
    # moved occurrences whose original date lies outside the window may move into it
    for change in changes.values():
        if change.start is not None or change.end is not None:
            original = datetime.combine(change.date, as_datetime(activity.start).time())
            found.append(_occurrence(activity, zone, original, length, change))
    return sorted(
        (o for o in found if o.last_day >= first and o.first_day <= last),
        key=sort_key,
    )


def _occurrence(activity, zone, start: datetime, length: timedelta, change) -> Occurrence:
    end = start + length
    cancelled, note, location, moved = activity.cancelled, "", activity.location, False
    if change is not None:
        cancelled = cancelled or change.cancelled
        note = change.note
        if change.start is not None:
            start = as_datetime(change.start)
            end = start + length
            moved = True
        if change.end is not None:
            end = as_datetime(change.end)
            moved = True
        if change.location is not None:
            location = change.location
    if activity.all_day:
        return Occurrence(activity, start.date(), end.date(), cancelled, note, location, moved,
                          change.date if change else start.date())
    return Occurrence(
        activity, start.replace(tzinfo=zone), end.replace(tzinfo=zone), cancelled, note, location,
        moved, change.date if change else start.date(),
    )


def sort_key(occurrence: Occurrence) -> tuple:
    start = occurrence.start
    if isinstance(start, datetime):
        return (start.date(), 1, start.timestamp(), occurrence.activity.title)
    return (start, 0, 0, occurrence.activity.title)
