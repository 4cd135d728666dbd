"""Step 2: sources to a validated `Site`. Every field parsed, every reference checked.

Each file is parsed on its own first; references between files are checked after,
and only on values that parsed (a broken `start` is not also reported as a broken
occurrence date).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import markup, recurrence, urls
from .fields import FieldReader, to_date, to_date_or_datetime, to_time
from .messages import Diagnostic, closest, error, warning
from .models import (
    CITYWIDE,
    Activity,
    Change,
    Config,
    Location,
    Organisation,
    Site,
    Venue,
    Wijk,
)
from .source import Mapping, Scalar, Seq, Source, decode, parse_yaml, read_bytes, slugify, source_of

CANCELLED_WORDS = {"cancelled", "canceled", "afgelast", "geannuleerd", "vervalt", "gaat niet door"}
CITYWIDE_WORDS = {"all", "alle", "alles", "heel zwolle", "stad"}
DEFAULT_HORIZON_DAYS = 365
MAX_HORIZON_DAYS = 3 * 365 + 1


def read_config(site_dir: Path) -> tuple[Config | None, list[Diagnostic]]:
    path = "site.yaml"
    file = site_dir / path
    if not file.is_file():
        return None, [error(path, 0, 0, "site_missing")]
    raw, problems = read_bytes(site_dir, file, path)
    if raw is None:
        return None, problems
    text, problems = decode(raw, path)
    if text is None:
        return None, problems
    node, problems = parse_yaml(text, path)
    if node is None:
        return None, problems
    if not isinstance(node, Mapping):
        return None, [error(path, 1, 1, "not_a_mapping")]
    reader = FieldReader(node, path, problems)
    title = reader.text("title", required=True)
    base_url = reader.text("base_url", required=True)
    language = reader.text("language", default="nl").lower()
    timezone = reader.text("timezone", default="Europe/Amsterdam")
    description = reader.text("description")
    topics = _vocabulary(reader, "topics")
    ages = _vocabulary(reader, "ages")
    horizon = reader.positive_int("horizon_days") or DEFAULT_HORIZON_DAYS
    if horizon > MAX_HORIZON_DAYS:  # every daily activity would fill pages with years of dates
        reader.error(reader.node("horizon_days"), "horizon_too_large", value=horizon, limit=MAX_HORIZON_DAYS)
        horizon = DEFAULT_HORIZON_DAYS
    reader.node("sources")  # partner feeds: read and checked by sources.py
    if language not in ("nl", "en"):
        reader.error(reader.node("language"), "bad_language", value=language)
        language = "nl"
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        reader.error(reader.node("timezone"), "bad_timezone", value=timezone)
    if base_url and not re.match(r"^https?://[^/\s]+(/\S*)?$", base_url):
        reader.error(reader.node("base_url"), "bad_base_url", value=base_url)
    reader.finish()
    if any(p.is_error for p in problems):
        return None, problems
    base_url = base_url if base_url.endswith("/") else base_url + "/"
    config = Config(title, base_url, language, timezone, topics, ages, horizon, description)
    return config, problems


def _vocabulary(reader: FieldReader, name: str) -> dict[str, str]:
    mapping = reader.mapping(name)
    if mapping is None:
        return {}
    result = {}
    for entry in mapping.entries:
        label = reader.scalar_text(entry.value, f"{name}.{entry.key}")
        if label:
            result[entry.key.lower()] = label
        elif label is not None:
            reader.error(entry.value, "field_empty", field=f"{name}.{entry.key}")
    return result


class Bodies(Protocol):
    """Turns bodies into HTML and text: the `markup` module itself, or the build cache (cache.py)."""

    def render(self, body: str) -> markup.Rendered: ...

    def plain_text(self, body: str) -> str: ...


def _body(source: Source, problems: list[Diagnostic], bodies: Bodies) -> str:
    """The body as safe HTML; a warning on each body line where unsafe HTML was removed."""
    rendered = bodies.render(source.body)
    by_line: dict[int, list[str]] = {}
    for removed in rendered.removed:
        by_line.setdefault(removed.line, []).append(removed.what)
    for line, what in sorted(by_line.items()):
        file_line = source.body_line + line - 1 if line else 0
        problems.append(warning(source.path, file_line, 1, "html_removed", what=", ".join(what)))
    return rendered.html


def parse_wijk(source: Source, problems: list[Diagnostic], bodies: Bodies = markup) -> Wijk:
    reader = FieldReader(source.fields, source.path, problems)
    name = reader.text("name", required=True) or source.slug
    wijk = Wijk(source.slug, name, _body(source, problems, bodies), source.path)
    reader.finish()
    return wijk


def parse_venue(source: Source, problems: list[Diagnostic], refs: list, bodies: Bodies = markup) -> Venue:
    reader = FieldReader(source.fields, source.path, problems)
    wijk_keys = reader.keys("wijk")
    refs.extend(("wijk", key, node, source.path) for key, node in wijk_keys)
    venue = Venue(
        slug=source.slug,
        name=reader.text("name", required=True) or source.slug,
        address=reader.text("address"),
        wijk=wijk_keys[0][0] if wijk_keys else None,
        accessibility=reader.text("accessibility"),
        body_html=_body(source, problems, bodies),
        path=source.path,
    )
    reader.finish()
    return venue


def parse_organisation(
    source: Source, problems: list[Diagnostic], refs: list, bodies: Bodies = markup,
) -> Organisation:
    reader = FieldReader(source.fields, source.path, problems)
    wijken = _wijken(reader, source, refs)
    topics = reader.keys("topics")
    refs.extend(("topic", key, node, source.path) for key, node in topics)
    phone = reader.link("phone", "phone")
    email = reader.link("email", "email")
    organisation = Organisation(
        slug=source.slug,
        name=reader.text("name", required=True) or source.slug,
        wijken=wijken,
        topics=tuple(key for key, _ in topics),
        questions=reader.texts("questions"),
        phone=phone,
        email=email,
        website=reader.link("website"),
        address=reader.text("address"),
        hours=reader.text("hours"),
        body_html=_body(source, problems, bodies),
        path=source.path,
    )
    reader.finish()
    return organisation


def _wijken(reader: FieldReader, source: Source, refs: list) -> tuple[str, ...]:
    keys = reader.keys("wijk")
    if any(key in CITYWIDE_WORDS for key, _ in keys):
        return (CITYWIDE,)
    refs.extend(("wijk", key, node, source.path) for key, node in keys)
    return tuple(key for key, _ in keys)


def _location(reader: FieldReader, refs: list) -> Location | None:
    """The `location` field as free text, its reference recorded for the venue check."""
    node = reader.node("location")
    if node is None:
        return None
    text = reader.scalar_text(node, "location")
    if not text:
        return None
    refs.append(("location", text, node, reader.path))
    return Location(venue=None, text=text)


def parse_activity(
    source: Source, problems: list[Diagnostic], refs: list, language: str, bodies: Bodies = markup,
) -> Activity | None:
    reader = FieldReader(source.fields, source.path, problems)
    before = len(problems)
    title = reader.text("title", required=True)
    wijken = _wijken(reader, source, refs)
    if not wijken:
        wijk_node = reader.node("wijk", required=True)
        if isinstance(wijk_node, Seq) and not wijk_node.items:  # `wijk: []`
            reader.error(wijk_node, "field_empty", field="wijk")
    start, end = _start_end(reader)
    location = _location(reader, refs)
    organisers = reader.keys("organisers")
    topics = reader.keys("topics")
    ages = reader.keys("ages")
    refs.extend(("organisation", key, node, source.path) for key, node in organisers)
    refs.extend(("topic", key, node, source.path) for key, node in topics)
    refs.extend(("age", key, node, source.path) for key, node in ages)
    cost = reader.text("cost")
    registration = reader.link("registration")
    cancelled = _status(reader, reader.node("status"))
    if start is not None:
        rule = recurrence.read_repeat(reader, start)
    else:  # nothing to repeat from; its fields are not "unknown" for that
        rule = None
        reader.known.update(("repeat", "rrule", "except"))
    _check_length(reader, start, end, rule)
    changes = _changes(reader, start, end, refs)
    reader.node("import_uid")  # written by `wijkgen import` to recognise the file on a re-import
    reader.finish()
    if start is None or end is None or any(p.is_error for p in problems[before:]):
        return None
    activity = Activity(
        slug=source.slug,
        title=title,
        wijken=wijken,
        start=start,
        end=end,
        location=location,
        organisers=tuple(key for key, _ in organisers),
        topics=tuple(key for key, _ in topics),
        ages=tuple(key for key, _ in ages),
        cost=cost,
        registration=registration,
        cancelled=cancelled,
        recurrence=rule,
        changes=changes,
        body_html=_body(source, problems, bodies),
        body_text=bodies.plain_text(source.body),
        path=source.path,
        version=hashlib.sha1(source.raw).hexdigest()[:12],
    )
    _check_pattern(activity, reader, problems, language)
    if not activity.organisers and activity.registration is None:
        problems.append(warning(source.path, 1, 1, "no_organiser"))
    return activity


# Longer is a typo in a year; it would also put one activity on every day of the agenda.
MAX_DAYS = 366
MAX_DAYS_RECURRING = 31


def _check_length(reader: FieldReader, start, end, rule) -> None:
    if start is None or end is None:
        return
    limit = MAX_DAYS_RECURRING if rule is not None else MAX_DAYS
    if (recurrence.as_datetime(end) - recurrence.as_datetime(start)).days > limit:
        reader.error(reader.fields.get("end").value, "activity_too_long", limit=limit)


def _status(reader: FieldReader, node) -> bool:
    if node is None:
        return False
    value = (reader.scalar_text(node, "status") or "").lower()
    if value in CANCELLED_WORDS:
        return True
    if value not in ("", "scheduled", "gepland", "confirmed", "gaat door"):
        reader.error(node, "bad_status", value=value)
    return False


def _start_end(reader: FieldReader) -> tuple[date | datetime | None, date | datetime | None]:
    start_node = reader.node("start", required=True)
    end_node = reader.node("end")
    start = None
    if start_node is not None:
        text = reader.scalar_text(start_node, "start")
        start = to_date_or_datetime(text) if text else None
        if text and start is None:
            reader.error(start_node, "expect_datetime", value=text)
    if start is None:
        return None, None
    if end_node is None:
        # a timed activity without an end lasts an hour; an all-day one, that day
        if isinstance(start, datetime):
            return start, start + timedelta(hours=1)
        return start, start
    # a bad end leaves the start usable: the repetition is still checked on its own
    return start, _end_value(reader, end_node, start, "end")


def _end_value(reader, node, start, name):
    text = reader.scalar_text(node, name)
    if not text:
        return None
    if isinstance(start, datetime):
        clock = to_time(text)
        if clock is not None:
            end = datetime.combine(start.date(), clock)
        else:
            end = to_date_or_datetime(text)
            if end is None:
                reader.error(node, "expect_end", value=text)
                return None
            if not isinstance(end, datetime):
                reader.error(node, "end_needs_time")
                return None
        if end < start:
            reader.error(node, "end_before_start", start=_show(start), end=_show(end))
            return None
        return end
    end = to_date(text)
    if end is None:
        reader.error(node, "end_all_day")
        return None
    if end < start:
        reader.error(node, "end_before_start", start=_show(start), end=_show(end))
        return None
    return end


def _show(value: date | datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else value.isoformat()


def _changes(reader: FieldReader, start, end, refs) -> tuple[Change, ...]:
    node = reader.node("occurrences")
    if node is None:
        return ()
    if not isinstance(node, Seq):
        reader.error(node, "expect_list", field="occurrences")
        return ()
    changes: list[Change] = []
    for item in node.items:
        if not isinstance(item, Mapping):
            reader.error(item, "expect_mapping", field="occurrences")
            continue
        sub = FieldReader(item, reader.path, reader.problems)
        day = sub.date("date")
        if sub.fields.get("date") is None:
            sub.node("date", required=True)
        cancelled = _status(sub, sub.node("status"))
        note = sub.text("note")
        new_start = new_end = None
        start_node = sub.node("start")
        if start_node is not None and start is not None:
            text = sub.scalar_text(start_node, "start") or ""
            clock = to_time(text)
            if clock is not None and day is not None and isinstance(start, datetime):
                new_start = datetime.combine(day, clock)
            else:
                new_start = to_date_or_datetime(text)
                if new_start is not None and isinstance(start, datetime) and not isinstance(
                        new_start, datetime):
                    # a date alone for a timed activity: say what is missing, the time
                    sub.error(start_node, "occurrence_start_day", value=text)
                    new_start = None
                elif new_start is None or isinstance(new_start, datetime) != isinstance(start, datetime):
                    sub.error(start_node, "expect_datetime", value=text)
                    new_start = None
        end_node = sub.node("end")
        if end_node is not None and start is not None:
            anchor = new_start or (datetime.combine(day, start.time()) if day and isinstance(start, datetime) else day)
            if anchor is not None:
                new_end = _end_value(sub, end_node, anchor, "end")
        location = _location(sub, refs)
        sub.finish()
        if day is not None:
            changes.append(Change(day, cancelled, note, new_start, new_end, location, item.line))
    return tuple(changes)


def _check_pattern(activity: Activity, reader: FieldReader, problems: list[Diagnostic], language: str) -> None:
    """The rules that need the whole activity: the start fits its pattern, changes fit too."""
    path = activity.path
    rule = activity.recurrence
    if rule is None:
        if activity.changes:
            problems.append(error(path, reader.line_of("occurrences"), 1, "occurrences_without_repeat"))
        return
    first = recurrence.first_date(activity.start, rule)
    start_day = recurrence.as_datetime(activity.start).date()
    line = reader.line_of("repeat") if reader.fields.get("repeat") else reader.line_of("rrule")
    if rule.until and rule.until < start_day:  # before "no dates": it says why there are none
        until = _repeat_entry(reader, "until")
        where = (until.value.line, until.value.col) if until else (line, 1)
        problems.append(error(path, *where, "until_before_start", until=rule.until, start=start_day))
        return
    if first is None:
        problems.append(error(path, line, 1, "no_dates"))
        return
    if first != start_day:
        start_node = reader.fields.get("start").value
        problems.append(error(
            path, start_node.line, start_node.col, "start_not_in_pattern",
            start=start_day.isoformat(), weekday=_weekday_name(start_day, language), first=first.isoformat(),
        ))
        return
    except_nodes = _except_nodes(reader)
    for day in rule.exceptions:
        if not recurrence.is_pattern_date(activity.start, rule, day):
            node = except_nodes.get(day)
            where = (node.line, node.col) if node else (line, 1)
            problems.append(error(path, *where, "except_not_in_pattern", value=day.isoformat()))
    seen: dict[date, int] = {}
    for change in activity.changes:
        if change.date in seen:
            problems.append(error(
                path, change.line, 1, "occurrence_duplicate", value=change.date, other=seen[change.date],
            ))
            continue
        seen[change.date] = change.line
        if change.date in rule.exceptions:
            problems.append(error(path, change.line, 1, "occurrence_is_except", value=change.date))
        elif not recurrence.is_pattern_date(activity.start, rule, change.date):
            nearest = recurrence.nearest_pattern_date(activity.start, rule, change.date)
            problems.append(error(
                path, change.line, 1, "occurrence_not_in_pattern", value=change.date, nearest=nearest,
            ))


def _repeat_entry(reader: FieldReader, name: str):
    """A field of `repeat`, or of the activity itself when it uses `rrule`."""
    repeat = reader.fields.get("repeat")
    holder = repeat.value if repeat and isinstance(repeat.value, Mapping) else reader.fields
    return holder.get(name)


def _except_nodes(reader: FieldReader) -> dict[date, Scalar]:
    """Each `except` date with the node it was written on, so a message points at that line."""
    entry = _repeat_entry(reader, "except")
    if entry is None:
        return {}
    items = entry.value.items if isinstance(entry.value, Seq) else (entry.value,)
    dated = ((to_date(item.text), item) for item in items if isinstance(item, Scalar))
    return {day: item for day, item in dated if day is not None}


def _weekday_name(day: date, language: str) -> str:
    names = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
    english = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    return (english if language == "en" else names)[day.weekday()]


_REFERENCE_CODES = {
    "wijk": "unknown_wijk",
    "organisation": "unknown_organisation",
    "topic": "unknown_topic",
    "age": "unknown_age",
}


# A reference from one file to another, or to site.yaml's topics and ages:
# (what it names: "wijk", "organisation", "topic", "age" or "location"; the value; line; column; path)
Ref = tuple[str, str, int, int, str]


@dataclass(frozen=True)
class Parsed:
    """One content file understood on its own: its record (None when unusable), its problems,
    the references it makes (checked once every file is known) and where its `start:` is
    (check's past-dates warning points there). No YAML tree: forked readers send it back."""

    kind: str
    slug: str
    path: str
    record: object | None
    problems: list[Diagnostic]
    refs: list[Ref]
    start: tuple[int, int] | None = None

    @property
    def usable(self) -> bool:
        return self.record is not None


def parse_bytes(raw: bytes, path: str, kind: str, slug: str, language: str,
                bodies: Bodies = markup) -> tuple[list[Diagnostic], Parsed | None]:
    """A content file's bytes, already read, parsed on their own: the problems of reading
    them as front matter and body, and what the file holds (None when they cannot be read so).
    Depends on nothing else: `build` and `check` keep it by the bytes."""
    found, problems = source_of(raw, path, kind, slug)
    return problems, parse(found, language, bodies) if found is not None else None


def parse(source: Source, language: str, bodies: Bodies = markup) -> Parsed:
    problems: list[Diagnostic] = []
    marked: list = []  # (kind, value, YAML node, path): the nodes' places are all that is kept
    record = _parse(source, problems, marked, language, bodies)
    refs = [(kind, value, node.line, node.col, path) for kind, value, node, path in marked]
    entry = source.fields.get("start") if source.kind == "activiteiten" else None
    start = (entry.line, entry.col) if entry is not None else None
    return Parsed(source.kind, source.slug, source.path, record, problems, refs, start)


class FileFacts(Protocol):
    """What the checks between files need of each file: a `Parsed`, or what `check` keeps of
    one (check.Outline). `record` is needed of organisations only (their `wijken`)."""

    kind: str
    slug: str
    path: str
    problems: list[Diagnostic]
    refs: list[Ref]
    record: object | None

    @property
    def usable(self) -> bool: ...


F = TypeVar("F", bound=FileFacts)


def assemble(
    config: Config, parsed: list[Parsed], unreadable: Iterable[str] = (),
) -> tuple[Site | None, list[Diagnostic]]:
    """Take every parsed file, then check every reference between them.

    `unreadable` are the paths of content files that could not be read (their error is
    already reported): a reference to one of them is not also reported as unknown.
    """
    tables, problems = across_files(config, parsed, unreadable)
    wijken, organisations, venues = (
        {slug: item.record for slug, item in tables[kind].items()} for kind in ("wijken", "organisaties", "locaties")
    )
    activities = {slug: _resolve_venues(item.record, venues) for slug, item in tables["activiteiten"].items()}
    site = Site(config, wijken, activities, organisations, venues, file_count=len(parsed) + 1)
    return site, problems


def across_files(
    config: Config, files: Iterable[F], unreadable: Iterable[str] = (),
) -> tuple[dict[str, dict[str, F]], list[Diagnostic]]:
    """The files that count, by kind and slug (the first of each slug, and only usable ones),
    and the problems of every file that counts followed by those between files.

    `build` gives it `Parsed` files and `check` what it keeps of them, so that both report
    exactly the same problems in the same order.
    """
    problems: list[Diagnostic] = []
    refs: list[Ref] = []
    tables: dict[str, dict[str, F]] = {kind: {} for kind in ("wijken", "activiteiten", "organisaties", "locaties")}
    first_path: dict[tuple[str, str], str] = {}
    for item in files:
        key = (item.kind, item.slug)
        if key in first_path:  # what the second file said is not heard
            problems.append(error(item.path, 0, 0, "duplicate_slug", slug=item.slug, other=first_path[key]))
            continue
        first_path[key] = item.path
        if item.kind == "wijken" and item.slug in urls.RESERVED_TOP_LEVEL:
            problems.append(error(item.path, 0, 0, "reserved_slug", slug=item.slug))
            continue
        problems.extend(item.problems)
        refs.extend(item.refs)
        if item.usable:
            tables[item.kind][item.slug] = item
    problems += _reference_problems(
        refs, config, tables["wijken"], tables["organisaties"], tables["locaties"], _slugs_of(unreadable),
    )
    _warn_unused_organisations(tables["organisaties"], refs, problems)
    return tables, problems


def _reference_problems(
    refs: list[Ref], config: Config, wijken: dict, organisations: dict, venues: dict, broken: set,
) -> list[Diagnostic]:
    """Each reference to a wijk, organisation, topic, age or venue that nothing answers to;
    `broken`: (kind, slug) of files that could not be read, already reported."""
    known = {"wijk": wijken, "organisation": organisations, "topic": config.topics, "age": config.ages}
    problems: list[Diagnostic] = []
    for kind, value, line, col, path in refs:
        if broken and (kind, value.lower()) in broken:
            continue
        if kind == "location":
            _check_location(value, line, col, path, venues, problems)
            continue
        if value not in known[kind]:
            suggestion = closest(value, known[kind])
            problems.append(error(path, line, col, _REFERENCE_CODES[kind], suggestion, value=value))
    return problems


def read_again(site: Site, source: Source, bodies: Bodies = markup) -> Activity | Organisation | Venue | None:
    """An activity, organisation or venue file read again on its own, against a site
    assembled before: serve's first look at a saved file. None when it is new, of another
    kind, has any problem or names anything the site does not know: the whole rebuild that
    follows says what."""
    known = {"activiteiten": site.activities, "organisaties": site.organisations, "locaties": site.venues}
    if source.kind not in known:
        return None
    parsed = parse(source, site.config.language, bodies)
    if parsed.record is None or parsed.slug not in known[source.kind] or any(p.is_error for p in parsed.problems):
        return None
    unknown = _reference_problems(parsed.refs, site.config, site.wijken, site.organisations, site.venues, set())
    if any(p.is_error for p in unknown):
        return None
    return _resolve_venues(parsed.record, site.venues) if source.kind == "activiteiten" else parsed.record


_REFERENCE_KINDS = {"wijken": "wijk", "organisaties": "organisation", "locaties": "location"}


def _slugs_of(paths: Iterable[str]) -> set[tuple[str, str]]:
    """`content/organisaties/GGD.md` -> ("organisation", "ggd")."""
    found = set()
    for path in paths:
        parts = PurePosixPath(path).parts
        if len(parts) == 3 and parts[0] == "content" and parts[1] in _REFERENCE_KINDS:
            found.add((_REFERENCE_KINDS[parts[1]], slugify(PurePosixPath(path).stem)))
    return found


def _parse(source: Source, problems, refs, language: str, bodies: Bodies):
    if source.kind == "wijken":
        return parse_wijk(source, problems, bodies)
    if source.kind == "locaties":
        return parse_venue(source, problems, refs, bodies)
    if source.kind == "organisaties":
        return parse_organisation(source, problems, refs, bodies)
    return parse_activity(source, problems, refs, language, bodies)


def _check_location(text: str, line: int, col: int, path: str, venues: dict, problems: list[Diagnostic]) -> None:
    if text.lower() in venues:
        return
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", text):
        return  # plain text such as "Speeltuin Tamboer": no need to look for a near venue
    suggestion = closest(text, venues)
    if "-" in text or suggestion:
        problems.append(warning(path, line, col, "location_like_slug", suggestion, value=text))


def _resolve_venues(activity: Activity, venues: dict) -> Activity:
    def resolve(location: Location | None) -> Location | None:
        if location is None or location.text is None:
            return location
        slug = location.text.lower()
        return Location(venue=slug) if slug in venues else location

    location = resolve(activity.location)
    changes = tuple(
        c if resolve(c.location) is c.location else replace(c, location=resolve(c.location))
        for c in activity.changes
    )
    if location is activity.location and all(a is b for a, b in zip(changes, activity.changes, strict=True)):
        return activity  # nothing named a venue: `replace` of a whole activity costs, a city has thousands
    return replace(activity, location=location, changes=changes)


def _warn_unused_organisations(organisations: dict[str, F], refs: list[Ref], problems: list[Diagnostic]) -> None:
    # every activity that names it counts, also one with an error elsewhere: one problem, one message
    used = {ref[1] for ref in refs if ref[0] == "organisation"}
    for slug, item in organisations.items():
        if slug not in used and not item.record.wijken:
            problems.append(warning(item.path, 1, 1, "organisation_unused"))
