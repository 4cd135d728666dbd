"""A VTIMEZONE with yearly rules, for series that never end.

icalendar can describe a zone, but only as a list of transitions within a window;
a weekly café without an end date outlives any window. The zone's current rule is in
the POSIX string at the end of its TZif file ("CET-1CEST,M3.5.0,M10.5.0/3"), which
maps one to one onto RFC 5545's yearly RRULEs. Zones whose rule cannot be read fall
back to icalendar's window of transitions.
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import date, datetime, time, timedelta
from functools import cache
from importlib import resources
from pathlib import Path

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

_NAME = r"(<[^>]+>|[A-Za-z]{3,})"
_OFFSET = r"([+-]?\d{1,2}(?::\d{2}){0,2})"
_RULE = r"(M\d{1,2}\.\d\.\d)(?:/([+-]?\d{1,3}(?::\d{2}){0,2}))?"
_POSIX = re.compile(rf"^{_NAME}{_OFFSET}(?:{_NAME}{_OFFSET}?,{_RULE},{_RULE})?$")
_WEEKDAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]


def _tzif_bytes(key: str) -> bytes | None:
    for folder in zoneinfo.TZPATH:
        file = Path(folder) / key
        if file.is_file():
            return file.read_bytes()
    try:
        package, _, name = f"tzdata.zoneinfo.{key}".replace("/", ".").rpartition(".")
        return resources.files(package).joinpath(name).read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return None


def posix_rule(key: str) -> str | None:
    data = _tzif_bytes(key)
    if not data or not data.startswith(b"TZif"):
        return None
    footer = data.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    return footer.decode("ascii", "replace") or None


def _seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


def _transition(rule: str, at: str | None, offset_before: timedelta) -> dict:
    month, week, weekday = (int(p) for p in rule[1:].split("."))
    seconds = _seconds(at) if at else 7200
    ordinal = -1 if week == 5 else week
    first = _first_in_1970(month, ordinal, weekday)
    start = datetime.combine(first, time()) + timedelta(seconds=seconds)
    return {
        "dtstart": start,
        "rrule": {"FREQ": "YEARLY", "BYMONTH": month, "BYDAY": f"{ordinal}{_WEEKDAYS[weekday]}"},
        "from": offset_before,
    }


def _first_in_1970(month: int, ordinal: int, weekday: int) -> date:
    days = [date(1970, month, d) for d in range(1, 32) if _valid(1970, month, d)]
    matching = [d for d in days if (d.isoweekday() % 7) == weekday]
    return matching[ordinal - 1] if ordinal > 0 else matching[ordinal]


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


@cache
def vtimezone(key: str) -> Timezone:
    rule = posix_rule(key)
    match = _POSIX.match(rule) if rule else None
    if match is None:
        return Timezone.from_tzid(key, first_date=date(1970, 1, 1), last_date=date(2038, 1, 1))
    (std_name, std_offset, dst_name, dst_offset,
     start_rule, start_at, end_rule, end_at) = match.groups()
    standard = timedelta(seconds=-_seconds(std_offset))  # POSIX counts west of Greenwich
    zone = Timezone()
    zone.add("tzid", key)
    if dst_name is None:
        component = TimezoneStandard()
        component.add("tzname", std_name.strip("<>"))
        component.add("dtstart", datetime(1970, 1, 1))
        component.add("tzoffsetfrom", standard)
        component.add("tzoffsetto", standard)
        zone.add_component(component)
        return zone
    daylight = (timedelta(seconds=-_seconds(dst_offset)) if dst_offset
                else standard + timedelta(hours=1))
    for component, name, rule_text, at, before, after in (
        (TimezoneDaylight(), dst_name, start_rule, start_at, standard, daylight),
        (TimezoneStandard(), std_name, end_rule, end_at, daylight, standard),
    ):
        transition = _transition(rule_text, at, before)
        component.add("tzname", name.strip("<>"))
        component.add("tzoffsetfrom", before)
        component.add("tzoffsetto", after)
        component.add("dtstart", transition["dtstart"])
        component.add("rrule", transition["rrule"])
        zone.add_component(component)
    return zone
