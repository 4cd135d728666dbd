"""iCalendar feeds, built with `icalendar` (never through a template).

Each activity becomes one VEVENT (with RRULE and EXDATE when it repeats) plus one
override per changed date (`RECURRENCE-ID`). An activity's events are serialised once
and the bytes reused by every feed that holds the activity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from icalendar import Calendar, Event, vDuration, vRecur, vText

from . import recurrence, urls
from .cache import Store
from .labels import label
from .models import Activity, Change, Location, Site
from .vtimezone import vtimezone

REFRESH = timedelta(hours=12)
PRODID = "-//wijkgen//wijkgen//NL"


def uid(site: Site, activity: Activity) -> str:
    """Stable across builds and edits: only renaming the file changes it."""
    if activity.uid:  # a partner's event: derived from its own UID, see sources.py
        return activity.uid
    host = site.config.base_url.split("//", 1)[-1].split("/", 1)[0]
    return f"activiteit-{activity.slug}@{host}"


def location_text(site: Site, location: Location | None) -> str:
    if location is None:
        return ""
    if location.venue:
        venue = site.venues[location.venue]
        return ", ".join(part for part in (venue.name, venue.address) if part)
    return location.text or ""


def _aware(value: date | datetime, zone) -> date | datetime:
    return value.replace(tzinfo=zone) if isinstance(value, datetime) else value


def _exclusive_end(activity_end: date | datetime) -> date | datetime:
    """RFC 5545's all-day DTEND is the day after; the spec's `end` is the last day."""
    if isinstance(activity_end, datetime):
        return activity_end
    return activity_end + timedelta(days=1)


def _rrule(activity: Activity, zone) -> vRecur:
    rule = vRecur.from_ical(activity.recurrence.rule)
    last = None
    if activity.recurrence.count:
        # written as UNTIL: clients disagree on COUNT combined with EXDATE
        last = recurrence.last_date(activity.start, activity.recurrence)
    elif activity.recurrence.until:
        last = activity.recurrence.until
    if last is not None:
        if activity.all_day:
            rule["UNTIL"] = [last]
        else:
            local_end = datetime.combine(last, time(23, 59, 59), tzinfo=zone)
            rule["UNTIL"] = [local_end.astimezone(UTC)]
    return rule


def _description(site: Site, activity: Activity, note: str = "") -> str:
    language = site.config.language
    parts = []
    if note:
        parts.append(f"{label('note', language)}: {note}")
    if activity.body_text:
        parts.append(activity.body_text)
    if activity.cost:
        parts.append(f"{label('cost', language)}: {activity.cost}")
    if activity.registration:
        parts.append(f"{label('registration', language)}: {activity.registration.label}")
    parts.append(urls.absolute(site.config.base_url, urls.activity(activity.slug)))
    return "\n\n".join(parts)


def _summary(site: Site, activity: Activity, cancelled: bool) -> str:
    if cancelled:
        return f"{label('cancelled_prefix', site.config.language)}: {activity.title}"
    return activity.title


@dataclass(frozen=True)
class Revision:
    """Which version of an activity's file an event describes: clients update an event
    whose SEQUENCE or LAST-MODIFIED grew instead of keeping the old one."""

    stamp: datetime  # DTSTAMP and LAST-MODIFIED: the file's last commit (UTC)
    sequence: int  # the number of commits that touched the file


def revision(site: Site, activity: Activity, build_day: date) -> Revision:
    """From Git history; an uncommitted or untracked file uses the build day (`--today`)."""
    found = site.history.get(activity.path)
    fallback = datetime.combine(build_day, time(), tzinfo=UTC)
    if found is None:
        return Revision(fallback, 0)
    return Revision(found.changed or fallback, found.revisions)


def _base_event(site: Site, activity: Activity, version: Revision) -> Event:
    event = Event()
    event.add("uid", uid(site, activity))
    event.add("dtstamp", version.stamp)
    event.add("last-modified", version.stamp)
    event.add("sequence", version.sequence)
    event.add("url", urls.absolute(site.config.base_url, urls.activity(activity.slug)))
    topics = [site.config.topics.get(key, key) for key in activity.topics]
    if topics:
        event.add("categories", topics)
    return event


def activity_events(site: Site, activity: Activity, version: Revision) -> bytes:
    """The serialised VEVENTs of one activity: the series, then one override per change."""
    zone = site.config.zone
    event = _base_event(site, activity, version)
    event.add("summary", _summary(site, activity, activity.cancelled))
    event.add("dtstart", _aware(activity.start, zone))
    event.add("dtend", _aware(_exclusive_end(activity.end), zone))
    _add_place_and_status(site, event, activity, activity.location, activity.cancelled, "")
    rule = activity.recurrence
    if rule is not None:
        event.add("rrule", _rrule(activity, zone))
        if rule.exceptions:
            start_time = activity.start.time() if isinstance(activity.start, datetime) else None
            event.add("exdate", [
                datetime.combine(day, start_time, tzinfo=zone) if start_time else day
                for day in rule.exceptions
            ])
    chunks = [serialise(event)]
    for change in sorted(activity.changes, key=lambda c: c.date):
        chunks.append(serialise(_override(site, activity, change, version)))
    return b"".join(chunks)


def serialise(component) -> bytes:
    """`component.to_ical()`, byte for byte, with a faster fold.

    icalendar folds character by character; at city scale that was the largest single
    cost of a build. The rule is the same: pieces of at most 74 octets, never inside a
    UTF-8 character, and a trailing backslash or caret kept with what it escapes.
    """
    return b"\r\n".join(fold(line) for line in component.content_lines() if line) + b"\r\n"


def fold(line: str) -> bytes:
    data = line.encode("utf-8")
    pieces = []
    start = 0
    while len(data) - start > 74:
        end = start + 74
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back up to the character's start
            end -= 1
        if end - start > 1 and data[end - 1] in b"\\^":
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


def _override(site: Site, activity: Activity, change: Change, version: Revision) -> Event:
    zone = site.config.zone
    original_start = _original_start(activity, change.date)
    event = _base_event(site, activity, version)
    cancelled = activity.cancelled or change.cancelled
    event.add("summary", _summary(site, activity, cancelled))
    event.add("recurrence-id", _aware(original_start, zone))
    # the window must hold both the original date and the date it moved to
    moved_to = [recurrence.as_datetime(v).date() for v in (change.start, change.end) if v]
    days = [change.date, *moved_to]
    found = recurrence.occurrences(activity, zone, min(days), max(days))
    moved = next((o for o in found if o.original == change.date), None)
    if moved is not None:
        event.add("dtstart", moved.start)
        event.add("dtend", _exclusive_end(moved.end) if moved.all_day else moved.end)
    else:  # pragma: no cover - validation guarantees the change is a date of the pattern
        event.add("dtstart", _aware(original_start, zone))
        event.add("dtend", _aware(original_start + recurrence.duration(activity), zone))
    location = change.location or activity.location
    _add_place_and_status(site, event, activity, location, cancelled, change.note)
    return event


def _original_start(activity: Activity, day: date) -> date | datetime:
    if isinstance(activity.start, datetime):
        return datetime.combine(day, activity.start.time())
    return day


def _add_place_and_status(
    site, event: Event, activity, location, cancelled: bool, note: str,
) -> None:
    place = location_text(site, location)
    if place:
        event.add("location", place)
    event.add("description", _description(site, activity, note))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")


def calendar(site: Site, name: str, events: list[bytes], store: Store | None = None) -> tuple[bytes, ...]:
    """A whole feed in the parts it is written as: the calendar's header and time zone, the
    given events, the end. Not joined: a city's feed of everything is tens of megabytes.
    The name's lines come from `store` when an earlier build made them."""
    before, after = _header_around_name()
    name_lines = (store or Store(None)).remember("feed-name", name, lambda: _name_lines(name))
    head = before + name_lines + after
    return (head, _timezone_block(site.config.timezone), *events, b"END:VCALENDAR\r\n")


def _header(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", vText(name))
    cal.add("x-wr-calname", vText(name))
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    return cal


def _name_lines(name: str) -> bytes:
    cal = Calendar()
    cal.add("name", vText(name))
    cal.add("x-wr-calname", vText(name))
    return serialise(cal).removeprefix(b"BEGIN:VCALENDAR\r\n").removesuffix(b"END:VCALENDAR\r\n")


@lru_cache(maxsize=1)
def _header_around_name() -> tuple[bytes, bytes]:
    """The header lines before and after the name, the same in every feed: serialised once
    (serialising the whole header for each of thousands of feeds was 19% of a rebuild)."""
    probe = "wijkgen"
    head = _header(probe).to_ical().removesuffix(b"END:VCALENDAR\r\n")
    before, after = head.split(_name_lines(probe))
    return before, after


@lru_cache(maxsize=8)
def _timezone_block(key: str) -> bytes:
    """The VTIMEZONE is the same in every feed: serialised once, not once per feed."""
    return vtimezone(key).to_ical()
