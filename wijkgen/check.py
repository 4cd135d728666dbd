"""`wijkgen check`: every problem `build` would report, plus advice, in a fraction of its time.

    site.yaml                    -> Config (always read)
    each content file's bytes    -> Outline: kept per file in .wijkgen-cache/check.pickle,
                                    keyed by path and the bytes' SHA-256; made afresh
                                    (read, parsed, validated) only for a new or changed file
    every Outline                -> the problems between files (records.across_files, the
                                    very code `build` runs), past-dates warnings, partner feeds

An Outline holds what the file's own checks found and what the checks between files need
of it, never a whole activity: loading thousands costs little. Whatever depends on other
files, on site.yaml's topics and ages, or on the day is worked out again on every check.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from . import advice, records, source
from .cache import FOLDER_NAME, CheckBodies, fingerprint, frozen_while_used, write_atomically
from .messages import Diagnostic, has_errors
from .models import Config, Site


class Outline(NamedTuple):
    """What check keeps of one content file that could be read (records.FileFacts)."""

    kind: str
    slug: str
    path: str
    usable: bool  # a record could be made of it
    problems: list[Diagnostic]  # its own, from its bytes alone
    refs: list[records.Ref]
    start: tuple[int, int] | None  # where an activity's `start:` is
    record: object | None  # a wijk, organisation or venue (small); never an activity
    last_day: date  # an activity's last day (advice.last_day); date.min otherwise


@dataclass(frozen=True)
class Report:
    diagnostics: list[Diagnostic]
    language: str = "nl"
    files: int = 0  # the files read: site.yaml and every content file that was not refused

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


# one file's result: the problems found reading it, and its outline (None when it was refused)
Checked = tuple[list[Diagnostic], Outline | None]


class Changed(NamedTuple):
    """A file no earlier check has seen with these bytes."""

    index: int  # its place among the site's files
    path: str
    kind: str
    slug: str
    raw: bytes
    digest: bytes


def check(site_dir: Path, today: date, use_cache: bool = True, workers: int | None = None) -> Report:
    """Every problem of the site and the advice for `today`. With `use_cache`, what earlier
    checks kept of unchanged files is used, and what this one found is kept. `workers`: the
    processes that read changed files (None: every core, when many changed)."""
    config, problems = records.read_config(site_dir)
    if config is None:
        return Report(sorted(problems, key=Diagnostic.sort_key))
    kept = Kept.open(site_dir, config) if use_cache else Kept(None, "")
    results: list[Checked] = []
    changed: list[Changed] = []
    for file, kind, folder_inside in source.content_paths(site_dir):
        path = source.content_path(kind, file)
        raw, unreadable = source.read_bytes(site_dir, file, path, folder_inside)
        if raw is None:  # never kept: whether a file can be read is no part of its bytes
            results.append((unreadable, None))
            continue
        digest = hashlib.sha256(raw).digest()
        found = kept.get(path, digest)
        if found is None:
            changed.append(Changed(len(results), path, kind, source.slugify(file.stem), raw, digest))
            found = ([], None)  # replaced below
        results.append(found)
    for item, found in zip(changed, _check_files(site_dir, config, changed, use_cache, workers), strict=True):
        results[item.index] = found
        kept.add(item.path, item.digest, found)
    kept.save()

    read_problems = [problem for found, _ in results for problem in found]
    outlines = [outline for _, outline in results if outline is not None]
    unreadable_paths = {p.path for p in read_problems if p.is_error}
    tables, site_problems = records.across_files(config, outlines, unreadable_paths)
    site_problems += advice.past_activities(tables["activiteiten"].values(), today)
    site_problems += _partner_feed_problems(site_dir, config, tables, today)
    diagnostics = sorted(problems + read_problems + site_problems, key=Diagnostic.sort_key)
    return Report(diagnostics, config.language, files=len(outlines) + 1)


def _check_files(
    site_dir: Path, config: Config, changed: list[Changed], use_cache: bool, workers: int | None,
) -> list[Checked]:
    """The changed files read and checked, by forked workers when there are many (parallel.py):
    they find the bytes in their copy of this process and send back outlines only."""
    if not changed:
        return []
    from . import parallel  # multiprocessing: only when there is something to read

    workers = parallel.workers_for(len(changed), workers)
    size = max(1, len(changed) // (workers * 8))  # small batches: a slow one holds no worker up
    with frozen_while_used():
        bodies = CheckBodies(site_dir, use_cache)
        tasks = [partial(_check_batch, changed[i:i + size], config.language, config.zone, bodies)
                 for i in range(0, len(changed), size)]
        found = [checked for batch in parallel.spread(tasks, workers) for checked in batch]
        bodies.save()  # what forked workers rendered is not kept: only this process's
    return found


def _check_batch(files: list[Changed], language: str, zone: ZoneInfo, bodies: CheckBodies) -> list[Checked]:
    return [_check_file(file, language, zone, bodies) for file in files]


def _check_file(file: Changed, language: str, zone: ZoneInfo, bodies: CheckBodies) -> Checked:
    problems, parsed = records.parse_bytes(file.raw, file.path, file.kind, file.slug, language, bodies)
    if parsed is None:
        return problems, None
    activity = parsed.record if parsed.kind == "activiteiten" else None
    outline = Outline(
        parsed.kind, parsed.slug, parsed.path, parsed.usable, parsed.problems, parsed.refs, parsed.start,
        record=None if parsed.kind == "activiteiten" else parsed.record,
        last_day=advice.last_day(activity, zone) if activity is not None else advice.NO_DATES,
    )
    return problems, outline


def _partner_feed_problems(site_dir: Path, config: Config, tables: dict, today: date) -> list[Diagnostic]:
    """Partner feeds (sources.py) checked against the site's wijken, organisations and venues.
    Their problems depend on no activity of the site's own, which check does not keep."""
    if not _names_partner_feeds(site_dir):
        return []  # what sources.read_feeds would find: nothing to check
    from .sources import include  # reading calendars takes icalendar: imported only when needed

    wijken, organisations, venues = (
        {slug: item.record for slug, item in tables[kind].items()} for kind in ("wijken", "organisaties", "locaties")
    )
    site = Site(config, wijken, {}, organisations, venues)
    return include(site_dir, site, today, fetch_feeds=False)[1]


def _names_partner_feeds(site_dir: Path) -> bool:
    """Whether site.yaml has a `sources:` entry at all (records.read_config has read it before)."""
    node = source.settings(site_dir)
    return node is not None and node.get("sources") is not None


class Kept:
    """What earlier checks found per file: path -> (the bytes' SHA-256, Checked).

    Valid only for the same wijkgen code and libraries (cache.fingerprint) and the same
    language and time zone in site.yaml; anything else in site.yaml is used afresh each time.
    A file that cannot be read as this one was written is not used; one that cannot be
    written (a read-only checkout) only means the next check has more to do.
    """

    def __init__(self, file: Path | None, salt: str):
        self.file, self.salt = file, salt
        self._previous = self._load()
        self._now: dict[str, tuple[bytes, Checked]] = {}
        self._added = False

    @classmethod
    def open(cls, site_dir: Path, config: Config) -> Kept:
        salt = f"{fingerprint(site_dir)}\0{config.language}\0{config.timezone}"
        return cls(site_dir / FOLDER_NAME / "check.pickle", salt)

    def _load(self) -> dict[str, tuple[bytes, Checked]]:
        if self.file is None:
            return {}
        gc.disable()  # thousands of small objects: the collector would run many times, to free none
        try:
            with open(self.file, "rb") as handle:
                stored = pickle.load(handle)
        except Exception:  # noqa: BLE001 - a damaged file of any kind is simply not used
            return {}
        finally:
            gc.enable()
        if not isinstance(stored, dict) or stored.get("salt") != self.salt:
            return {}
        files = stored.get("files")
        return files if isinstance(files, dict) else {}

    def get(self, path: str, digest: bytes) -> Checked | None:
        entry = self._previous.get(path)
        if entry is None or entry[0] != digest:
            return None
        self._now[path] = entry
        return entry[1]

    def add(self, path: str, digest: bytes, checked: Checked) -> None:
        self._now[path] = (digest, checked)
        self._added = True

    def save(self) -> None:
        """Keep what this check used and found, only if that differs from what was kept:
        files removed since drop out."""
        if self.file is None or not (self._added or len(self._now) != len(self._previous)):
            return
        stored = {"salt": self.salt, "files": self._now}
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.file, lambda out: pickle.dump(stored, out, pickle.HIGHEST_PROTOCOL))
        except OSError:  # a check of a read-only checkout still reports; it only keeps nothing
            pass
