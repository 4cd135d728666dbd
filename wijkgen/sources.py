"""Partner feeds: calendars that libraries, clubs and health services already keep.

    site.yaml `sources:` -> Feed (checked like any other field, with its line)
    `wijkgen build`      -> fetch each feed; a good copy replaces the cached one
    every command        -> read the cached copy -> Series (calendars.py) -> Activity

Only `build` touches the network; `check` and `sources` read the cache in
`.wijkgen-cache/sources/` and say how old it is. A partner's outage or a broken feed
never empties the site: the last good copy stays in use, with a warning, and after a
week of failures `check` reports an error. Given the cache and `--today`, a build is
reproducible.
"""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from . import __version__, calendars, markup, recurrence
from .cache import write_atomically
from .fields import FieldReader, to_link
from .labels import label
from .messages import Diagnostic, closest, error, has_errors, render, text, warning
from .models import CITYWIDE, Activity, Location, Site
from .records import CITYWIDE_WORDS
from .source import Mapping, Scalar, Seq, settings, slugify

CACHE_DIR = Path(".wijkgen-cache") / "sources"
MAX_FEED_BYTES = 5 * 1024 * 1024  # a year of a busy library's calendar is well under 1 MB
TIMEOUT_SECONDS = 20
BROKEN_TOO_LONG = timedelta(days=7)
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
CONFIG_PATH = "site.yaml"


@dataclass(frozen=True)
class Feed:
    """One `sources:` entry of site.yaml."""

    name: str
    url: str
    organisation: str
    wijken: tuple[str, ...]
    wijk_rules: tuple[
        tuple[str, str], ...
    ]  # (lower-case text in the location, wijk slug), first match wins
    topics: tuple[str, ...]
    ages: tuple[str, ...]
    include: tuple[
        str, ...
    ]  # lower-case words; an event is kept when its title or a category holds one
    exclude: tuple[str, ...]
    line: int
    col: int


@dataclass(frozen=True)
class State:
    """What the cache remembers about a feed between runs (its `.json` next to its `.ics`)."""

    url: str = ""
    fetched: datetime | None = None  # when the copy in the cache was fetched
    failing_since: datetime | None = None  # first failed fetch after the last good one
    problem: str = ""


@dataclass(frozen=True)
class Report:
    """What `wijkgen sources` shows for one feed."""

    feed: Feed
    state: State
    found: int = 0  # events (UIDs) in the copy, past ones included
    kept: int = 0  # of those, the ones on the site: coming up, through the filters, with a wijk
    activities: tuple[Activity, ...] = ()
    problems: tuple[Diagnostic, ...] = field(default_factory=tuple)


class FetchError(Exception):
    """A feed could not be fetched; the message says why, in a few words."""


# site.yaml ---------------------------------------------------------------------------
def read_feeds(site_dir: Path) -> tuple[list[Feed], list[Diagnostic]]:
    """The `sources:` list of site.yaml; each problem points at its line."""
    node = settings(site_dir)
    if node is None or node.get("sources") is None:
        return [], []  # records.read_config reports what is wrong with the file itself
    problems: list[Diagnostic] = []
    entries = node.get("sources").value
    if not isinstance(entries, Seq):
        problems.append(
            error(CONFIG_PATH, entries.line, entries.col, "expect_list", field="sources")
        )
        return [], problems
    feeds: list[Feed] = []
    first_line: dict[str, int] = {}
    for item in entries.items:
        if not isinstance(item, Mapping):
            problems.append(
                error(CONFIG_PATH, item.line, item.col, "expect_mapping", field="sources")
            )
            continue
        feed = _read_feed(item, problems)
        if feed is None:
            continue
        if feed.name in first_line:
            problems.append(
                error(
                    CONFIG_PATH,
                    feed.line,
                    feed.col,
                    "source_name_taken",
                    name=feed.name,
                    other=first_line[feed.name],
                )
            )
            continue
        first_line[feed.name] = feed.line
        feeds.append(feed)
    return feeds, problems


def _read_feed(item: Mapping, problems: list[Diagnostic]) -> Feed | None:
    reader = FieldReader(item, CONFIG_PATH, problems)
    before = len(problems)
    url = reader.text("url", required=True)
    organisation = reader.text("organisation", required=True).lower()
    name = slugify(reader.text("name") or organisation)
    wijken = tuple(key for key, _ in reader.keys("wijk"))
    if any(key in CITYWIDE_WORDS for key in wijken):
        wijken = (CITYWIDE,)
    rules = _wijk_rules(reader)
    topics = tuple(key for key, _ in reader.keys("topics"))
    ages = tuple(key for key, _ in reader.keys("ages"))
    include = tuple(word.lower() for word in reader.texts("include"))
    exclude = tuple(word.lower() for word in reader.texts("exclude"))
    reader.finish()
    if url and allowed_url(https_url(url)) is not None:
        reader.error(reader.node("url"), "source_bad_url", value=url)
    if not wijken and not rules:
        reader.error(item, "source_needs_wijk", name=name or "?")
    if any(p.is_error for p in problems[before:]) or not name:
        return None
    return Feed(
        name,
        https_url(url),
        organisation,
        wijken,
        rules,
        topics,
        ages,
        include,
        exclude,
        item.line,
        item.col,
    )


def _wijk_rules(reader: FieldReader) -> tuple[tuple[str, str], ...]:
    mapping = reader.mapping("wijk_by_location")
    if mapping is None:
        return ()
    rules = []
    for entry in mapping.entries:
        if isinstance(entry.value, Scalar) and entry.value.text.strip():
            rules.append((entry.key.strip().lower(), entry.value.text.strip().lower()))
        else:
            reader.error(entry.value, "expect_text", field=f"wijk_by_location.{entry.key}")
    return tuple(rules)


def https_url(url: str) -> str:
    """Google and Outlook hand out webcal:// links; they are https underneath."""
    return "https://" + url[len("webcal://") :] if url.lower().startswith("webcal://") else url


def allowed_url(url: str) -> str | None:
    """None when we may fetch `url`; otherwise why not. https only, except on this computer."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "not a URL"
    if not parts.hostname:
        return "not a URL"
    if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOCAL_HOSTS):
        return None
    return f"{parts.scheme or '?'}: is not allowed, only https:"


def check_references(
    feeds: list[Feed], site: Site, site_dir: Path
) -> tuple[list[Feed], list[Diagnostic]]:
    """Each feed's organisation, wijken, topics and ages exist; feeds with a wrong one drop out."""
    lines = _field_lines(site_dir)
    problems: list[Diagnostic] = []
    good = []
    for feed in feeds:
        before = len(problems)
        where = lines.get(feed.line, {})

        def complain(name: str, code: str, value: str, known, _where=where, _feed=feed) -> None:
            line, col = _where.get(name, (_feed.line, _feed.col))
            problems.append(error(CONFIG_PATH, line, col, code, closest(value, known), value=value))

        if feed.organisation not in site.organisations:
            complain("organisation", "unknown_organisation", feed.organisation, site.organisations)
        for wijk in feed.wijken + tuple(w for _, w in feed.wijk_rules):
            if wijk != CITYWIDE and wijk not in site.wijken:
                complain(
                    "wijk_by_location" if wijk not in feed.wijken else "wijk",
                    "unknown_wijk",
                    wijk,
                    site.wijken,
                )
        for topic in feed.topics:
            if topic not in site.config.topics:
                complain("topics", "unknown_topic", topic, site.config.topics)
        for age in feed.ages:
            if age not in site.config.ages:
                complain("ages", "unknown_age", age, site.config.ages)
        if len(problems) == before:
            good.append(feed)
    return good, problems


def _field_lines(site_dir: Path) -> dict[int, dict[str, tuple[int, int]]]:
    """For each `sources:` entry (by its line): where each of its fields is written."""
    node = settings(site_dir)
    entry = node.get("sources") if node is not None else None
    if entry is None or not isinstance(entry.value, Seq):
        return {}
    return {
        item.line: {e.key: (e.value.line, e.value.col) for e in item.entries}
        for item in entry.value.items
        if isinstance(item, Mapping)
    }


# fetching and the cache -----------------------------------------------------------------
def user_agent(base_url: str) -> str:
    return f"wijkgen/{__version__} (+{base_url})"


class _CheckedRedirect(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to an address we would also fetch directly."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        reason = allowed_url(newurl)
        if reason is not None:
            raise FetchError(f"redirect to {newurl}: {reason}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, agent: str) -> bytes:
    reason = allowed_url(url)
    if reason is not None:
        raise FetchError(reason)
    opener = urllib.request.build_opener(_CheckedRedirect)
    request = urllib.request.Request(
        url, headers={"User-Agent": agent, "Accept": "text/calendar, */*;q=0.5"}
    )
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            data = response.read(MAX_FEED_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code}") from None
    except urllib.error.URLError as exc:
        raise FetchError(str(exc.reason)) from None
    except (TimeoutError, OSError, ValueError) as exc:
        raise FetchError(str(exc) or type(exc).__name__) from None
    if len(data) > MAX_FEED_BYTES:
        raise FetchError(f"larger than {MAX_FEED_BYTES // 1024} kB")
    return data


def _copy_path(site_dir: Path, feed: Feed) -> Path:
    return site_dir / CACHE_DIR / f"{feed.name}.ics"


def _state_path(site_dir: Path, feed: Feed) -> Path:
    return site_dir / CACHE_DIR / f"{feed.name}.json"


def read_state(site_dir: Path, feed: Feed) -> State:
    try:
        raw = json.loads(_state_path(site_dir, feed).read_text(encoding="utf-8"))
        return State(
            url=raw.get("url", ""),
            fetched=_when(raw.get("fetched")),
            failing_since=_when(raw.get("failing_since")),
            problem=raw.get("problem", ""),
        )
    except (OSError, ValueError, AttributeError):
        return State()


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, lambda out: out.write(data))


def write_state(site_dir: Path, feed: Feed, state: State) -> None:
    raw = {
        "url": state.url,
        "fetched": state.fetched.isoformat() if state.fetched else None,
        "failing_since": state.failing_since.isoformat() if state.failing_since else None,
        "problem": state.problem,
    }
    _write_atomic(_state_path(site_dir, feed), json.dumps(raw, indent=2).encode("utf-8"))


def refresh(site_dir: Path, feed: Feed, agent: str, now: datetime) -> State:
    """Fetch a feed; keep it only when it reads as a calendar. Returns the new state."""
    state = read_state(site_dir, feed)
    if state.url != feed.url:  # the address changed: the old copy belongs to another feed
        state = State(url=feed.url)
        _copy_path(site_dir, feed).unlink(missing_ok=True)
    try:
        data = fetch(feed.url, agent)
        calendars.read(data)
    except (FetchError, calendars.BrokenCalendar) as exc:
        state = replace(state, failing_since=state.failing_since or now, problem=str(exc) or "?")
    else:
        _write_atomic(_copy_path(site_dir, feed), data)
        state = State(url=feed.url, fetched=now)
    write_state(site_dir, feed, state)
    return state


def _health(
    feed: Feed, state: State, has_copy: bool, now: datetime, strict: bool
) -> list[Diagnostic]:
    """Warnings about a failing or old feed; an error from `check` once it has failed for a week."""
    where = (CONFIG_PATH, feed.line, feed.col)
    fetched = _show(state.fetched)
    if state.failing_since is not None:
        if strict and now - state.failing_since >= BROKEN_TOO_LONG:
            return [
                error(
                    *where,
                    "source_broken_week",
                    name=feed.name,
                    since=_show(state.failing_since),
                    reason=state.problem,
                    fetched=fetched or "-",
                )
            ]
        if has_copy:
            return [
                warning(
                    *where, "source_failed", name=feed.name, reason=state.problem, fetched=fetched
                )
            ]
        return [warning(*where, "source_failed_no_copy", name=feed.name, reason=state.problem)]
    if not has_copy:
        return [warning(*where, "source_not_fetched", name=feed.name)]
    if strict and state.fetched and now - state.fetched >= BROKEN_TOO_LONG:
        return [warning(*where, "source_old", name=feed.name, fetched=fetched)]
    return []


def _show(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else ""


# the feed's events as activities ----------------------------------------------------------
def reports(
    site_dir: Path, site: Site, today: date, fetch_feeds: bool, now: datetime | None = None
) -> tuple[list[Report], list[Diagnostic]]:
    """Each valid feed, read from the cache (fetched first when asked), as activities."""
    now = now or datetime.now(UTC)
    feeds, problems = read_feeds(site_dir)
    feeds, reference_problems = check_references(feeds, site, site_dir)
    problems += reference_problems
    agent = user_agent(site.config.base_url)
    taken = set(site.activities)
    result = []
    for feed in feeds:
        state = refresh(site_dir, feed, agent, now) if fetch_feeds else read_state(site_dir, feed)
        copy = _copy_path(site_dir, feed)
        has_copy = copy.is_file() and state.url == feed.url
        feed_problems = _health(feed, state, has_copy, now, strict=not fetch_feeds)
        report = Report(feed, state)
        if has_copy:
            try:
                found, kept, activities = _activities(feed, site, copy.read_bytes(), today, taken)
                report = replace(report, found=found, kept=kept, activities=tuple(activities))
            except calendars.BrokenCalendar as exc:
                feed_problems.append(
                    warning(
                        CONFIG_PATH,
                        feed.line,
                        feed.col,
                        "source_copy_broken",
                        name=feed.name,
                        reason=str(exc),
                    )
                )
        result.append(replace(report, problems=tuple(feed_problems)))
        problems += feed_problems
    return result, problems


def include(
    site_dir: Path, site: Site, today: date, fetch_feeds: bool
) -> tuple[Site, list[Diagnostic]]:
    """The site with every partner's activities added, next to its own."""
    found, problems = reports(site_dir, site, today, fetch_feeds)
    activities = dict(site.activities)
    for report in found:
        activities.update((a.slug, a) for a in report.activities)
    return replace(site, activities=activities), problems


def _activities(
    feed: Feed, site: Site, data: bytes, today: date, taken: set[str]
) -> tuple[int, int, list[Activity]]:
    """(events in the feed, events kept, their activities: one per series or date)."""
    calendar = calendars.read(data)
    zone = site.config.zone
    last = today + timedelta(days=site.config.horizon_days)
    found, items = calendars.read_series(calendar, zone, today, last)
    activities = []
    kept = set()
    for item in items:
        if not _wanted(feed, item):
            continue
        wijken = _wijken(feed, item.location)
        if not wijken:
            continue
        activities.append(_activity(feed, site, item, wijken, taken))
        kept.add(item.uid.split("/")[0])  # a series taken apart into dates is still one event
    return found, len(kept), activities


def _wanted(feed: Feed, item: calendars.Series) -> bool:
    words = [item.title.lower(), *(c.lower() for c in item.categories)]
    if feed.include and not any(w in text for w in feed.include for text in words):
        return False
    return not any(w in text for w in feed.exclude for text in words)


def _wijken(feed: Feed, location: str) -> tuple[str, ...]:
    place = location.lower()
    for fragment, wijk in feed.wijk_rules:
        if fragment in place:
            return (wijk,)
    return feed.wijken


def _activity(feed: Feed, site: Site, item: calendars.Series, wijken, taken: set[str]) -> Activity:
    host = site.config.base_url.split("//", 1)[-1].split("/", 1)[0]
    digest = hashlib.sha1(item.uid.encode("utf-8")).hexdigest()
    slug = f"{feed.name}-{slugify(item.title) or 'activiteit'}"
    if "/" in item.uid:  # one date taken out of a series: the date tells them apart
        slug += "-" + recurrence.as_datetime(item.start).date().isoformat()
    if slug in taken:
        slug += "-" + digest[:6]
    taken.add(slug)
    organisation = site.organisations[feed.organisation]
    body = "\n\n".join(
        part
        for part in (
            item.description,
            "*" + label("from_partner", site.config.language, name=organisation.name) + "*",
        )
        if part
    )
    registration, problem = to_link(item.url) if item.url else (None, None)
    changes = tuple(
        replace(c, location=_place(site, c.location.text)) if c.location else c
        for c in item.changes
    )
    return calendars.as_activity(
        item,
        slug=slug,
        wijken=wijken,
        location=_place(site, item.location),
        organisers=(feed.organisation,),
        topics=feed.topics,
        ages=feed.ages,
        registration=None if problem else registration,
        changes=changes,
        body_html=markup.render(body),
        body_text=markup.plain_text(body),
        path=CONFIG_PATH,
        source=feed.name,
        uid=f"partner-{feed.name}-{digest[:16]}@{host}",
    )


def _place(site: Site, text: str) -> Location | None:
    """A partner's location text, linked to our venue when it names one."""
    if not text:
        return None
    lowered = text.lower()
    for slug, venue in site.venues.items():
        if lowered == slug or lowered.startswith(venue.name.lower()):
            return Location(venue=slug)
    return Location(text=text)


# `wijkgen sources` ----------------------------------------------------------------------------
def command(args) -> int:
    """Each feed: when it was fetched, how many events it holds and how many the site shows."""
    from .build import load
    from .cli import print_diagnostics

    today = args.today or date.today()
    result = load(args.site_dir, fetch=False, today=today)
    if result.site is None:
        print_diagnostics(result.diagnostics, result.language)
        return 1
    own = replace(
        result.site, activities={k: a for k, a in result.site.activities.items() if not a.source}
    )
    found, problems = reports(args.site_dir, own, today, fetch_feeds=args.fetch)
    language = result.language
    if not found and not problems:
        print(text("sources_none", language))
    shown = set()
    for report in found:
        print(f"{report.feed.name}  {report.feed.url}")
        print(
            text(
                "sources_fetched",
                language,
                when=_show(report.state.fetched) or text("sources_never", language),
            )
        )
        print(text("sources_counts", language, found=report.found, kept=report.kept))
        for problem in report.problems:
            print("  " + render(problem, language))
            shown.add(problem)
    print_diagnostics([p for p in problems if p not in shown], language)
    return 1 if has_errors(problems) else 0
