"""The pipeline, top to bottom: read -> validate -> expand -> render -> write.

`build` is `load` then `render` into a new output folder (write.py), spread over the
cores for a big site (parallel.py); `serve` calls `build` again on every change. `check`
(check.py) reads and validates as `load` does, keeping per file what it found.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path

from . import feedplan, history, pages, parallel, records, source
from .cache import Store, frozen_while_used
from .messages import Diagnostic, error, has_errors
from .models import Site
from .sources import include as include_partner_feeds
from .write import Folder, Written, count, keep_written, new_site, read_written, unsafe_output_dir


@dataclass(frozen=True)
class Result:
    site: Site | None
    diagnostics: list[Diagnostic]
    language: str = "nl"
    pages: int = 0
    feeds: int = 0
    written: bool = False
    output_dir: Path | None = None
    files: int = 0

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


@dataclass
class Options:
    today: date = field(default_factory=date.today)
    dev: bool = False
    cache: bool = True  # reuse results of earlier builds, kept in the site's .wijkgen-cache/
    workers: int | None = None  # processes that render; None: every core for a big site, else one


def load(
    site_dir: Path, fetch: bool = False, today: date | None = None,
    store: Store | None = None, workers: int | None = None,
) -> Result:
    """Read and validate everything; write nothing. Partner feeds are fetched only when asked.

    With a `store`, a file an earlier build parsed is taken from its cache, keyed by the
    file's bytes. `workers`: the processes that read and parse the files (None: every core,
    for a site of many files).
    """
    config, problems = records.read_config(site_dir)
    if config is None:
        return Result(None, sorted(problems, key=Diagnostic.sort_key))
    files = source.content_paths(site_dir)
    workers = parallel.workers_for(len(files), workers)
    size = max(1, len(files) // (workers * 8))  # small batches: a slow one holds no worker up
    tasks = [partial(_read_and_parse, site_dir, files[i:i + size], config.language, store or Store(None))
             for i in range(0, len(files), size)]
    # what forked workers render goes into `store`
    read_problems: list[Diagnostic] = []
    parsed: list[records.Parsed] = []
    file_digests: dict[str, bytes] = {}  # by path: the SHA-256 of each file's bytes
    for found, items in parallel.spread(tasks, workers, store):
        read_problems += found
        for file_digest, (problems_of_file, item) in items:
            read_problems += problems_of_file
            if item is not None:
                parsed.append(item)
                file_digests[item.path] = file_digest
    unreadable = {p.path for p in read_problems if p.is_error}
    site, site_problems = records.assemble(config, parsed, unreadable)
    if site is not None:
        if store is not None and store.enabled:
            _name_activities(store, site, file_digests)
        site, partner_problems = include_partner_feeds(site_dir, site, today or date.today(), fetch)
        site_problems += partner_problems
    diagnostics = sorted(problems + read_problems + site_problems, key=Diagnostic.sort_key)
    return Result(site, diagnostics, config.language, files=len(parsed) + 1)


def _read_and_parse(
    site_dir: Path, files: list[tuple[Path, str, bool]], language: str, store: Store,
) -> tuple[list[Diagnostic], list[tuple[bytes, tuple[list[Diagnostic], records.Parsed | None]]]]:
    """A batch of content files read and parsed on their own, as a forked worker does it:
    the problems of reading them, then for each file the digest of its bytes, its problems
    and records with references, never the YAML trees. What a file holds depends on its
    bytes, path and the site's language alone: the store keeps it, and a forked worker
    sends back what the store held before as its key (parallel.py)."""
    problems: list[Diagnostic] = []
    parsed = []
    for file, kind, folder_inside in files:
        path = source.content_path(kind, file)
        raw, read = source.read_bytes(site_dir, file, path, folder_inside)
        problems += read
        if raw is not None:
            digest = hashlib.sha256(raw).digest()
            parsed.append((digest, store.remember(
                "parsed", (path, kind, language, digest),
                partial(records.parse_bytes, raw, path, kind, source.slugify(file.stem), language, store))))
    return problems, parsed


def _name_activities(store: Store, site: Site, file_digests: dict[str, bytes]) -> None:
    """Let cache keys name each activity of a content file by that file's bytes: its record
    follows from those (and the site's language), but for the venues its places name, which
    are read in the whole site (records.assemble). A partner feed's are keyed field by field."""
    for activity in site.activities.values():
        file_digest = file_digests.get(activity.path)
        if file_digest is not None:
            store.name(activity, activity.path, file_digest, site.config.language,
                       activity.location, activity.changes)


def build(site_dir: Path, output_dir: Path, options: Options | None = None) -> Result:
    with frozen_while_used():
        return _build(site_dir, output_dir, options or Options())


def _build(site_dir: Path, output_dir: Path, options: Options) -> Result:
    store = Store.open(site_dir) if options.cache else Store(None)
    result = load(site_dir, fetch=not options.dev, today=options.today, store=store, workers=options.workers)
    if unsafe_output_dir(output_dir, site_dir):
        problem = error(str(output_dir), 0, 0, "bad_output_dir", output=str(output_dir))
        return replace(result, diagnostics=result.diagnostics + [problem])
    if not result.ok or result.site is None:
        return result
    site = replace(result.site, history=history.read(site_dir))
    # the files the last build wrote: the unchanged ones are linked, not written (write.py)
    written_list = store.folder / WRITTEN_LIST if store.enabled else None
    kept = store.folder / KEPT_FOLDER if store.enabled else None
    with new_site(output_dir, read_written(written_list, output_dir), kept) as folder:
        written = render(site, site_dir, options, folder, store)
        folder.remove_all_but(written)
    try:
        if written_list is not None:
            keep_written(written_list, output_dir, written)
        store.save()
    except OSError:  # the site is built; a cache folder that cannot be written only keeps less
        pass
    page_count, feed_count = count(url for batch in written for url in batch.urls)
    return replace(result, site=site, pages=page_count, feeds=feed_count, written=True, output_dir=output_dir)


WRITTEN_LIST = "written.pickle"  # in the cache folder
KEPT_FOLDER = "output-before"  # in the cache folder: the output folder the last build replaced (write.py)


def render(site: Site, site_dir: Path, options: Options, folder: Folder, store: Store) -> list[Written]:
    """Render every output into `folder`, spread over the cores; returns what was written,
    batch by batch.

    Pages first, then each activity's events, then the feeds made of them: the processes
    that render pages are forked before the events exist, and this one only collects what
    pages were written, so no process holds the events and a page's dates at once.
    """
    workers = parallel.workers_for(len(site.activities), options.workers)
    own_templates = _own_templates(site_dir)
    # a site's own templates may read anything of `site`: their pages are not cached
    page_store = Store(None) if own_templates else store
    feeds_planned = feedplan.plan(site)
    renderer = pages.Pages(site, pages.environment(site_dir), options.today, feeds_planned, options.dev,
                           page_store, own_templates)
    written = _write_spread(folder, [*renderer.batches(), pages.static_outputs], workers, store)
    activities = sorted(site.activities.values(), key=lambda a: a.slug)
    chunks = [activities[i:i + pages.BATCH_SIZE] for i in range(0, len(activities), pages.BATCH_SIZE)]
    events: dict[str, bytes] = {}
    for part in parallel.spread([partial(feedplan.events, site, options.today, chunk, store) for chunk in chunks],
                                workers, store):
        events.update(part)
    written += _write_spread(folder, pages.feed_batches(site, options.today, feeds_planned, events, store),
                             workers, store)
    page_urls = [url for batch in written for url in batch.urls if url.endswith("/") or url == ""]
    return [*written, folder.write_all(renderer.closing(page_urls))]


def _write_spread(folder: Folder, batches: list[Callable[[], Iterable[pages.Output]]], workers: int,
                  store: Store) -> list[Written]:
    """What was written: outputs are written where they are made, this process only collects.
    With a cache from a build of the same code, it starts alone: most outputs are found
    unchanged, and checking them takes less than forking workers of a big process."""
    tasks = [partial(_write_all, folder, batch) for batch in batches]
    return parallel.spread(tasks, workers, store, join_in=False, start_alone=bool(store.previous))


def _write_all(folder: Folder, batch: Callable[[], Iterable[pages.Output]]) -> Written:
    return folder.write_all(batch())


def _own_templates(site_dir: Path) -> frozenset[str]:
    templates = site_dir / "templates"
    return frozenset(p.relative_to(templates).as_posix() for p in templates.rglob("*") if p.is_file())


FIRST_PAGE_FOLDERS = ("activiteiten", "organisaties", "locaties")  # saved files whose own page serve shows first


def first_pages(site_dir: Path, site: Site, saved: list[Path], options: Options,
                feeds_planned: list[feedplan.Feed] | None = None) -> list[pages.Output]:
    """The pages of saved activity, organisation and venue files, made from `site` (the
    last good build's) with just those files read again: what `serve` shows while the whole
    site is rebuilt. Nothing when anything else was saved or a saved file needs the whole
    rebuild to say what is wrong. `feeds_planned`: the plan of `site`, if made already (no
    such page names a feed that its own file's edit could change)."""
    again: dict[str, dict] = {kind: {} for kind in FIRST_PAGE_FOLDERS}
    for file in saved:
        kind = file.parent.name
        if (kind not in again or file.parent != site_dir / "content" / kind or file.suffix.lower() != ".md"
                or not file.is_file()):
            return []
        found, _ = source.read_source(site_dir, file, kind)
        record = records.read_again(site, found) if found is not None else None
        if record is None:
            return []
        again[kind][record.slug] = record
    feeds_planned = feeds_planned if feeds_planned is not None else feedplan.plan(site)
    site = replace(site, activities={**site.activities, **again["activiteiten"]},
                   organisations={**site.organisations, **again["organisaties"]},
                   venues={**site.venues, **again["locaties"]})
    renderer = pages.Pages(site, pages.environment(site_dir), options.today, feeds_planned, options.dev,
                           own_templates=_own_templates(site_dir))
    return ([renderer.activity(slug) for slug in again["activiteiten"]]
            + [renderer.organisation(slug) for slug in again["organisaties"]]
            + [renderer.venue(slug) for slug in again["locaties"]])
