"""Other people's calendars, read into the shape of our own activities.

Shared by partner feeds (sources.py) and `wijkgen import` (importer.py). A calendar
export is read with `icalendar` (Google's X-WR-TIMEZONE first made standard by
`x-wr-timezone`) and expanded with `recurring-ical-events`, which knows what real
exports contain: Windows zone names, floating times, RDATE, EXDATE, RECURRENCE-ID
overrides, all-day events without DTEND.

Each event (one UID) becomes a `Series`: times in the site's wall clock, with our own
`Recurrence` and `Change`s where the event's rule fits them. Whether it fits is not
guessed: the series is expanded by our recurrence code and by recurring-ical-events
over the window the site shows, and only when both agree is it kept as one series.
Otherwise each of its occurrences in the window becomes a one-off `Series`, so a
partner's calendar is never shown differently from how their own calendar shows it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import recurring_ical_events
import x_wr_timezone
from icalendar import Calendar, Component, vRecur
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from . import recurrence
from .models import Activity, Change, Location, Recurrence

# RRULE parts kept in our Recurrence.rule; UNTIL and COUNT are kept apart, as in content files
_RULE_PARTS = (
    "FREQ",
    "INTERVAL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "BYSETPOS",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYHOUR",
    "BYMINUTE",
    "WKST",
)


class BrokenCalendar(ValueError):
    """The bytes are not an iCalendar file we can read."""


@dataclass(frozen=True)
class Series:
    """One event of someone else's calendar, in the site's local wall-clock time."""

    uid: str  # the event's own UID; for a one-off taken out of a series, UID + its recurrence id
    title: str
    start: date | datetime  # naive local; a date means all-day
    end: date | datetime  # naive local; for all-day the last day, inclusive
    location: str
    description: str
    categories: tuple[str, ...]
    url: str
    cancelled: bool
    recurrence: Recurrence | None = None
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class Seen:
    """One occurrence as it appears to a calendar client; compared between the two expansions."""

    start: date | datetime
    end: date | datetime
    cancelled: bool
    title: str
    location: str


_VTIMEZONE = re.compile(rb"BEGIN:VTIMEZONE\r?\n.*?END:VTIMEZONE\r?\n", re.DOTALL)
_TZID = re.compile(rb"^TZID:([^\r\n]+)", re.MULTILINE)


def _known_zone(name: str) -> bool:
    if name in WINDOWS_TO_OLSON:
        return True
    try:
        ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        return False
    return True


def _drop_known_timezones(data: bytes) -> bytes:
    """Leave out VTIMEZONEs of zones we know by name, Outlook's Windows names included.

    icalendar then uses the IANA rules for them, which are right for every year (an
    export's VTIMEZONE may only describe some), and expanding is many times faster.
    """

    def keep(match: re.Match) -> bytes:
        tzid = _TZID.search(match.group(0))
        known = tzid is not None and _known_zone(tzid.group(1).decode("utf-8", "replace").strip())
        return b"" if known else match.group(0)

    return _VTIMEZONE.sub(keep, data)


def read(data: bytes) -> Calendar:
    """Parse an export; raise BrokenCalendar when it is not one."""
    try:
        calendar = Calendar.from_ical(_drop_known_timezones(data))
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise BrokenCalendar(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    if not isinstance(calendar, Calendar) or calendar.name != "VCALENDAR":
        raise BrokenCalendar("no VCALENDAR")
    try:
        return x_wr_timezone.to_standard(calendar)
    except (ValueError, KeyError) as exc:
        raise BrokenCalendar(str(exc)) from None


def events_by_uid(calendar: Calendar) -> dict[str, list[Component]]:
    """The VEVENTs of a calendar grouped by UID, master first; events without DTSTART left out."""
    groups: dict[str, list[Component]] = {}
    for event in calendar.walk("VEVENT"):
        if event.get("dtstart") is None:
            continue
        uid = str(event.get("uid") or _fallback_uid(event))
        groups.setdefault(uid, []).append(event)
    for events in groups.values():
        events.sort(key=lambda e: e.get("recurrence-id") is not None)
    return dict(sorted(groups.items()))


def _fallback_uid(event: Component) -> str:
    return "no-uid-" + hashlib.sha1(event.to_ical()).hexdigest()[:16]


def expand(calendar: Calendar, zone: ZoneInfo, first: date, last: date) -> dict[str, list[Seen]]:
    """Each UID's occurrences starting `first`..`last`, as recurring-ical-events sees them."""
    found: dict[str, list[Seen]] = {}
    query = recurring_ical_events.of(calendar, skip_bad_series=True)
    for event in query.between(first, last + timedelta(days=1)):
        start = local(event.decoded("dtstart"), zone)
        if _day(start) < first or _day(start) > last:
            continue
        uid = str(event.get("uid") or _fallback_uid(event))
        end = local(event.decoded("dtend"), zone) if event.get("dtend") is not None else start
        if isinstance(start, date) and not isinstance(start, datetime):
            end = max(start, end - timedelta(days=1))  # exclusive DTEND -> last day
        cancelled = _cancelled(event)
        # Google leaves LOCATION out of a cancelled date: where it would not happen does not count
        location = "" if cancelled else _text(event, "location")
        found.setdefault(uid, []).append(
            Seen(start, end, cancelled, _text(event, "summary"), location)
        )
    return {uid: sorted(items, key=_seen_key) for uid, items in found.items()}


def local(value: date | datetime, zone: ZoneInfo) -> date | datetime:
    """A value in the site's wall clock: aware times converted, floating times taken as local."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(zone).replace(tzinfo=None)
        return value.replace(microsecond=0)
    return value


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _seen_key(seen: Seen) -> tuple:
    return (recurrence.as_datetime(seen.start), seen.title)


def _cancelled(event: Component) -> bool:
    return str(event.get("status", "")).upper() == "CANCELLED"


def _text(event: Component, name: str) -> str:
    value = event.get(name)
    return str(value).strip() if value is not None else ""


def plain(description: str) -> str:
    """Descriptions from Google often hold HTML: keep the text and line breaks only."""
    text = re.sub(r"<br\s*/?>|</p>|</div>|</li>", "\n", description, flags=re.IGNORECASE)
    text = unescape(re.sub(r"<[^>]+>", "", text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _categories(event: Component) -> tuple[str, ...]:
    values = event.get("categories")
    if values is None:
        return ()
    lists = values if isinstance(values, list) else [values]
    return tuple(
        str(c).strip() for item in lists for c in getattr(item, "cats", [item]) if str(c).strip()
    )


def _start_end(event: Component, zone: ZoneInfo) -> tuple[date | datetime, date | datetime]:
    start = local(event.decoded("dtstart"), zone)
    if event.get("dtend") is not None:
        end = local(event.decoded("dtend"), zone)
    elif event.get("duration") is not None:
        end = local(event.decoded("dtstart") + event.decoded("duration"), zone)
    else:
        end = start + timedelta(days=1) if not isinstance(start, datetime) else start
    if not isinstance(start, datetime):
        end = _day(end)
        return start, max(start, end - timedelta(days=1))
    if not isinstance(end, datetime):  # a timed start with a date end: keep the start
        end = start
    return start, max(start, end)


def series(events: list[Component], zone: ZoneInfo) -> Series:
    """The master event of a UID with its rule, exceptions and overrides, in local time."""
    master = events[0]
    start, end = _start_end(master, zone)
    base = Series(
        uid=str(master.get("uid") or _fallback_uid(master)),
        title=_text(master, "summary"),
        start=start,
        end=end,
        location=_text(master, "location"),
        description=plain(_text(master, "description")),
        categories=_categories(master),
        url=_text(master, "url"),
        cancelled=_cancelled(master),
    )
    rule = master.get("rrule")
    if master.get("recurrence-id") is not None or rule is None:
        return base
    rule = rule[0] if isinstance(rule, list) else rule
    parts = [
        f"{key}={vRecur({key: rule[key]}).to_ical().decode().split('=', 1)[1]}"
        for key in _RULE_PARTS
        if key in rule
    ]
    until = local(rule["UNTIL"][0], zone) if "UNTIL" in rule else None
    count = int(rule["COUNT"][0]) if "COUNT" in rule else None
    exceptions = sorted(
        {_day(local(d.dt, zone)) for item in _as_list(master.get("exdate")) for d in item.dts}
    )
    pattern = Recurrence(
        ";".join(parts), _day(until) if until is not None else None, count, tuple(exceptions)
    )
    changes = tuple(_change(base, override, zone) for override in events[1:])
    return replace(base, recurrence=pattern, changes=changes)


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _change(base: Series, override: Component, zone: ZoneInfo) -> Change:
    original = local(override.decoded("recurrence-id"), zone)
    start, end = _start_end(override, zone)
    moved = start != _on_day(base.start, _day(original)) or end != _on_day(
        base.end, _day(original), base.start
    )
    location = _text(override, "location")
    return Change(
        date=_day(original),
        cancelled=_cancelled(override),
        note="",
        start=start if moved else None,
        end=end if moved else None,
        location=Location(text=location) if location and location != base.location else None,
        line=0,
    )


def _on_day(
    value: date | datetime, day: date, anchor: date | datetime | None = None
) -> date | datetime:
    """Where `value` (the series' start, or its end relative to `anchor`) falls on `day`."""
    shift = day - _day(anchor if anchor is not None else value)
    return value + shift


def as_activity(item: Series, **fields) -> Activity:
    """An activity with the series' times and pattern; the caller fills in the rest."""
    defaults = dict(
        slug="",
        title=item.title,
        wijken=(),
        start=item.start,
        end=item.end,
        location=Location(text=item.location) if item.location else None,
        organisers=(),
        topics=(),
        ages=(),
        cost="",
        registration=None,
        cancelled=item.cancelled,
        recurrence=item.recurrence,
        changes=item.changes,
        body_html="",
        body_text="",
        path="",
    )
    defaults.update(fields)
    return Activity(**defaults)


def ours(item: Series, zone: ZoneInfo, first: date, last: date) -> list[Seen]:
    """The occurrences our own recurrence code makes of a series, from `first` to `last`."""
    found = []
    for occurrence in recurrence.occurrences(as_activity(item), zone, first, last):
        if not first <= occurrence.first_day <= last:
            continue
        start, end = occurrence.start, occurrence.end
        if isinstance(start, datetime):
            start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
        location = (
            occurrence.location.text if occurrence.location and not occurrence.cancelled else ""
        )
        found.append(Seen(start, end, occurrence.cancelled, item.title, location or ""))
    return sorted(found, key=_seen_key)


def fits_pattern(item: Series) -> bool:
    """The rules a content file must keep: the start is a date of the pattern, and so is every
    exception and change. A partner's series that breaks one is not written as a series."""
    rule = item.recurrence
    if rule is None:
        return True
    try:
        if recurrence.first_date(item.start, rule) != _day(item.start):
            return False
        if any(not recurrence.is_pattern_date(item.start, rule, d) for d in rule.exceptions):
            return False
        if len({c.date for c in item.changes}) != len(item.changes):
            return False
        return not any(
            c.date in rule.exceptions or not recurrence.is_pattern_date(item.start, rule, c.date)
            for c in item.changes
        )
    except (ValueError, TypeError):  # a rule dateutil cannot run
        return False


def one_offs(item: Series, expected: list[Seen]) -> list[Series]:
    """Each occurrence of a series that does not fit, as an event of its own."""
    return [
        replace(
            item,
            uid=f"{item.uid}/{recurrence.as_datetime(seen.start).isoformat()}",
            title=seen.title,
            start=seen.start,
            end=seen.end,
            location=seen.location,
            cancelled=seen.cancelled,
            recurrence=None,
            changes=(),
        )
        for seen in expected
    ]


def read_series(
    calendar: Calendar, zone: ZoneInfo, first: date, last: date
) -> tuple[int, list[Series]]:
    """(how many events the calendar holds, the series with an occurrence from `first` to `last`).

    A series is kept as one when our expansion of it equals recurring-ical-events' in the
    window. When ours is a part of theirs (extra RDATE dates, say) the rest are added as
    one-offs; otherwise every occurrence in the window becomes a one-off.
    """
    groups = events_by_uid(calendar)
    expanded = expand(calendar, zone, first, last)
    result: list[Series] = []
    for uid, events in groups.items():
        expected = expanded.get(uid, [])
        if not expected:
            continue
        item = series(events, zone)
        if events[0].get("recurrence-id") is not None or not fits_pattern(item):
            result.extend(one_offs(item, expected))  # overrides without their series, or odd rules
            continue
        mine = ours(item, zone, first, last)
        extra = [seen for seen in expected if seen not in mine]
        if (
            mine
            and len(mine) + len(extra) == len(expected)
            and all(seen in expected for seen in mine)
        ):
            result.append(item)
            result.extend(one_offs(item, extra))
        else:
            result.extend(one_offs(item, expected))
    return len(groups), result
