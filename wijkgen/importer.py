"""`wijkgen import FILE_OR_URL.ics`: move a group's calendar into the site, once.

Each event becomes a content file in the contract's format, to be edited by hand from
then on: a repeating event gets `repeat` when its rule fits the friendly form and
`rrule` otherwise, its EXDATEs `except` and its changed dates `occurrences`. What our
format cannot hold (see calendars.py) is written as one file per date of the coming
year. Each file remembers the event's UID in `import_uid`, so running the import again
adds only what is new and never touches a file a volunteer may have edited.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path

from . import calendars, records, sources
from .messages import text
from .models import Change, Recurrence
from .recurrence import FREQUENCIES, ORDINALS, WEEKDAYS
from .source import Scalar, read_source, slugify

ACTIVITY_DIR = Path("content") / "activiteiten"
_FRIENDLY_PARTS = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "WKST"}


def command(args: argparse.Namespace) -> int:
    site_dir: Path = args.site
    config, problems = records.read_config(site_dir)
    if config is None:
        from .cli import print_diagnostics

        print_diagnostics(problems, "nl")
        return 1
    language = config.language
    for kind, slug, code in (
        ("wijken", args.wijk, "unknown_wijk"),
        ("organisaties", args.organisation, "unknown_organisation"),
    ):
        if slug and slug != "all" and not (site_dir / "content" / kind / f"{slug}.md").is_file():
            print(text(code, language, value=slug))
            return 1
    try:
        data = _read(args.calendar, config.base_url)
        calendar = calendars.read(data)
    except (OSError, sources.FetchError, calendars.BrokenCalendar) as exc:
        print(text("import_unreadable", language, path=args.calendar, reason=exc))
        return 1
    today = args.today or date.today()
    _, items = calendars.read_series(
        calendar, config.zone, today, today + timedelta(days=config.horizon_days)
    )
    written, kept = write_files(site_dir, items, args.wijk or "all", args.organisation, language)
    for path in kept:
        print(text("import_kept", language, path=path))
    for path in written:
        print(text("import_written", language, path=path))
    whole = {item.uid for item in items if "/" not in item.uid}
    for title in sorted(
        {i.title for i in items if "/" in i.uid and i.uid.split("/")[0] not in whole}
    ):
        print(text("import_split", language, title=title))
    print(text("import_done", language, written=len(written), kept=len(kept)))
    return 0


def _read(location: str, base_url: str) -> bytes:
    if re.match(r"^(https?|webcal)://", location, re.IGNORECASE):
        return sources.fetch(sources.https_url(location), sources.user_agent(base_url))
    return Path(location).read_bytes()


def imported_uids(site_dir: Path) -> dict[str, str]:
    """UID -> file of every activity an earlier import wrote."""
    found = {}
    for file in sorted((site_dir / ACTIVITY_DIR).glob("*.md")):
        source, _ = read_source(site_dir, file, "activiteiten")
        entry = source.fields.get("import_uid") if source else None
        if entry is not None and isinstance(entry.value, Scalar):
            found[entry.value.text.strip()] = source.path
    return found


def write_files(
    site_dir: Path,
    items: list[calendars.Series],
    wijk: str,
    organisation: str | None,
    language: str,
) -> tuple[list[str], list[str]]:
    """Write a file per event not imported before. Returns (files written, files kept)."""
    folder = site_dir / ACTIVITY_DIR
    folder.mkdir(parents=True, exist_ok=True)
    existing = imported_uids(site_dir)
    written, kept = [], []
    for item in items:
        if item.uid in existing:
            kept.append(existing[item.uid])
            continue
        slug = slugify(item.title) or "activiteit"
        if "/" in item.uid:
            slug += "-" + _day(item.start).isoformat()
        if (folder / f"{slug}.md").exists():
            slug += "-" + hashlib.sha1(item.uid.encode("utf-8")).hexdigest()[:6]
        path = folder / f"{slug}.md"
        path.write_text(content_file(item, wijk, organisation, language), encoding="utf-8")
        written.append(path.relative_to(site_dir).as_posix())
    return written, kept


# the file ---------------------------------------------------------------------------------
def content_file(item: calendars.Series, wijk: str, organisation: str | None, language: str) -> str:
    lines = ["---", f"title: {_scalar(item.title or '?')}", f"wijk: {wijk}"]
    lines.append(f"start: {_moment(item.start)}")
    end = _end(item.start, item.end)
    if end:
        lines.append(f"end: {end}")
    if item.location:
        lines.append(f"location: {_scalar(item.location)}")
    if organisation:
        lines.append(f"organisers: [{organisation}]")
    if item.url.startswith(("https://", "http://")):
        lines.append(f"registration: {_scalar(item.url)}")
    if item.cancelled:
        lines.append("status: cancelled")
    if item.recurrence is not None:
        lines.extend(_recurrence(item.recurrence, language))
    if item.changes:
        lines.append("occurrences:")
        for change in sorted(item.changes, key=lambda c: c.date):
            lines.extend(_change(change))
    lines.append(f"import_uid: {_scalar(item.uid)}")
    lines.append("---")
    return "\n".join(lines) + "\n" + (item.description + "\n" if item.description else "")


def _scalar(value: str) -> str:
    """Plain where a volunteer would write it plain; otherwise a double-quoted YAML string."""
    if re.fullmatch(r"[^\W_][\w .,()'/+-]*[\w.)]|[^\W_]", value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _moment(value: date | datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else value.isoformat()


def _end(start: date | datetime, end: date | datetime) -> str:
    """A time on the start's day, else date and time; all-day: the last day, unless the first."""
    if isinstance(start, datetime):
        return end.strftime("%H:%M") if end.date() == start.date() else _moment(end)
    return end.isoformat() if end != start else ""


def _recurrence(rule: Recurrence, language: str) -> list[str]:
    friendly = _friendly(rule.rule, language)
    lines = []
    if friendly is None:
        extra = (
            f";UNTIL={rule.until:%Y%m%d}"
            if rule.until
            else (f";COUNT={rule.count}" if rule.count else "")
        )
        lines.append(f"rrule: {rule.rule}{extra}")
        if rule.exceptions:
            lines.append(f"except: [{', '.join(d.isoformat() for d in rule.exceptions)}]")
        return lines
    lines.append("repeat:")
    lines.extend(f"  {line}" for line in friendly)
    if rule.until:
        lines.append(f"  until: {rule.until.isoformat()}")
    if rule.count:
        lines.append(f"  count: {rule.count}")
    if rule.exceptions:
        lines.append(f"  except: [{', '.join(d.isoformat() for d in rule.exceptions)}]")
    return lines


def _friendly(rule: str, language: str) -> list[str] | None:
    """The `repeat` lines for an RRULE, or None when only `rrule` can say it."""
    parts = dict(piece.split("=", 1) for piece in rule.split(";") if "=" in piece)
    if set(parts) - _FRIENDLY_PARTS or parts.get("WKST", "MO") != "MO":
        return None
    every = _reverse(FREQUENCIES, language).get(parts.get("FREQ", ""))
    if every is None:
        return None
    lines = [f"every: {every}"]
    if parts.get("INTERVAL", "1") != "1":
        lines.append(f"interval: {parts['INTERVAL']}")
    days, month_days = parts.get("BYDAY"), parts.get("BYMONTHDAY")
    if parts["FREQ"] == "WEEKLY" and days and not month_days:
        names = _reverse(WEEKDAYS, language)
        if not all(code in names for code in days.split(",")):
            return None
        lines.append(f"on: [{', '.join(names[code] for code in days.split(','))}]")
    elif parts["FREQ"] == "MONTHLY" and bool(days) != bool(month_days):
        on = _month_on(days, language) if days else _month_days(month_days)
        if on is None:
            return None
        lines.append(f"on: [{', '.join(on)}]")
    elif days or month_days:
        return None
    return lines


def _month_on(days: str, language: str) -> list[str] | None:
    ordinals = _reverse(ORDINALS, language)
    names = _reverse(WEEKDAYS, language)
    result = []
    for code in days.split(","):
        match = re.fullmatch(r"([+-]?\d)([A-Z]{2})", code)
        if not match or int(match[1]) not in ordinals or match[2] not in names:
            return None
        result.append(f"{ordinals[int(match[1])]} {names[match[2]]}")
    return result


def _month_days(days: str) -> list[str] | None:
    numbers = days.split(",")
    return numbers if all(n.isdigit() and 1 <= int(n) <= 31 for n in numbers) else None


def _reverse(table: dict, language: str) -> dict:
    """The friendly word for each RRULE value, in the site's language (first listed wins)."""
    words = {
        "nl": (
            "dag",
            "week",
            "maand",
            "jaar",
            "maandag",
            "dinsdag",
            "woensdag",
            "donderdag",
            "vrijdag",
            "zaterdag",
            "zondag",
            "eerste",
            "tweede",
            "derde",
            "vierde",
            "laatste",
        ),
        "en": (
            "day",
            "week",
            "month",
            "year",
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
            "first",
            "second",
            "third",
            "fourth",
            "last",
        ),
    }[language if language == "en" else "nl"]
    return {value: word for word, value in table.items() if word in words}


def _change(change: Change) -> list[str]:
    lines = [f"  - date: {change.date.isoformat()}"]
    if change.cancelled:
        lines.append("    status: cancelled")
    if change.start is not None:
        lines.append(f"    start: {_moment(change.start)}")
        if change.end is not None:
            lines.append(f"    end: {_end(change.start, change.end) or _moment(change.end)}")
    if change.location is not None and change.location.text:
        lines.append(f"    location: {_scalar(change.location.text)}")
    return lines
