"""`wijkgen serve`: build into a preview folder, serve it, rebuild once per burst of saves.

The preview is never output/: its pages carry a small script (partials/dev.html) that
reads `__wijkgen/problems.json` and shows content errors in the page itself, while the
last good build stays visible until they are fixed. Nothing a volunteer types can stop
the server: every problem, also a broken template, becomes a line in that list.

A rebuild is a full `build`, so index pages can never go stale. Only as a head start,
the page of a saved activity file is rendered at once from the last good build's site
(`build.first_pages`) and shown while the whole site is rebuilt, which takes seconds at
city scale; any other save, or a file with a problem, waits for the rebuild.
"""

from __future__ import annotations

import html
import json
import logging
import os
import shutil
import socket
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

import jinja2
from livereload.watcher import Watcher

from . import feedplan, scaffold, urls
from .build import Options, build, first_pages
from .messages import has_errors, hint, render, summary, text
from .models import Site

DEBOUNCE_SECONDS = 0.3  # a save that touches several files, or an editor's temp files, is one burst
POLL_SECONDS = 0.1
WATCHED = ("content", "templates", "static", "site.yaml")
PROBLEMS_URL = "__wijkgen/problems.json"


@dataclass(frozen=True)
class Rebuilt:
    ok: bool
    seconds: float
    language: str


class Preview:
    """One site being previewed: its rebuilds, and the problems its pages show."""

    def __init__(self, site_dir: Path, today: date | None, folder: Path, report: bool = True):
        self.site_dir = site_dir
        self.today = today
        self.folder = folder
        self.report = report  # print each rebuild and its problems to the terminal
        self._site: Site | None = None  # what the last good build read, and its feed plan
        self._plan: list[feedplan.Feed] | None = None
        self._clean = False  # the last rebuild found no errors: the pages show no problem list

    def show_first(self, saved: list[Path]) -> int:
        """The pages of saved activity files, written into the preview before the whole site
        is rebuilt (at city scale that takes seconds): a volunteer sees the edit at once.
        Returns how many; never raises: the rebuild that follows has the last word."""
        if self._site is None or not self._clean:  # a fix must clear the problem list with its page
            return 0
        try:
            options = Options(today=self.today or date.today(), dev=True)
            outputs = first_pages(self.site_dir, self._site, saved, options, self._plan)
            for output in outputs:
                target = self.folder / urls.output_file(output.url)
                temporary = target.with_name(target.name + ".wijkgen-new")
                temporary.write_bytes(output.content)
                os.replace(temporary, target)  # the server never sends half a page
        except Exception:  # noqa: BLE001 - only a head start: the rebuild follows anyway
            return 0
        return len(outputs)

    def rebuild(self) -> Rebuilt:
        """A full build into the preview folder; never raises, whatever the content holds."""
        started = time.perf_counter()
        language = "nl"
        try:
            result = build(self.site_dir, self.folder, Options(today=self.today or date.today(), dev=True))
            language = result.language
            if result.written:  # planned here, beside the server, not when a file is saved
                self._site, self._plan = result.site, feedplan.plan(result.site)
            errors = [d for d in result.diagnostics if d.is_error]
            problems = [{"text": render(d, language), "hint": hint(d, language) or ""} for d in errors]
            title = summary(result.diagnostics, language, result.files)
            ok = not has_errors(result.diagnostics)
        except jinja2.TemplateError as exc:  # a template in the site's templates/ is broken
            where = f"{exc.filename}:{exc.lineno}: " if getattr(exc, "lineno", None) else ""
            problems = [{"text": where + text("template_failed", language, problem=exc), "hint": ""}]
            title, ok = text("summary_problems", language, errors=1, warnings=0), False
        except Exception as exc:  # noqa: BLE001 - the preview must outlive any bug, and show it
            traceback.print_exc()
            problems = [{"text": f"{type(exc).__name__}: {exc}", "hint": ""}]
            title, ok = text("summary_problems", language, errors=1, warnings=0), False
        self._clean = ok
        self._publish(ok, title, problems)
        seconds = time.perf_counter() - started
        if self.report:
            for problem in problems:
                print(problem["text"], file=sys.stderr)
            print(text("serve_rebuilt", language, seconds=f"{seconds:.2f}", summary=title), flush=True)
        return Rebuilt(ok, seconds, language)

    def _publish(self, ok: bool, title: str, problems: list[dict]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if not (self.folder / "index.html").exists():  # no good build yet: a page to show them on
            source = resources.files("wijkgen").joinpath("templates/partials/dev.html").read_text("utf-8")
            banner = jinja2.Environment(autoescape=True).from_string(source).render()
            (self.folder / "index.html").write_text(
                f"<!DOCTYPE html><meta charset=utf-8><title>{html.escape(title)}</title>{banner}",
                encoding="utf-8",
            )
        state = {"ok": ok, "title": title, "problems": problems}
        target = self.folder / PROBLEMS_URL
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")


class Changes:
    """Notices saves under the watched paths and says when a burst of them has ended."""

    def __init__(self, site_dir: Path, debounce: float = DEBOUNCE_SECONDS):
        self.site_dir = site_dir
        self.debounce = debounce
        self.seen = self.snapshot()
        self.last_change: float | None = None

    def snapshot(self) -> dict[str, tuple[int, int]]:
        """(modified, size) of every watched file. Polled ten times a second, so it walks
        with os.scandir, whose entries carry what it needs (a city has thousands of files)."""
        found: dict[str, tuple[int, int]] = {}
        folders = []
        for name in WATCHED:
            path = self.site_dir / name
            if path.is_file():
                stat = path.stat()
                found[str(path)] = (stat.st_mtime_ns, stat.st_size)
            elif path.is_dir():
                folders.append(str(path))
        while folders:
            try:
                entries = list(os.scandir(folders.pop()))
            except OSError:  # removed while we looked
                continue
            for entry in entries:
                try:
                    if entry.is_dir():
                        folders.append(entry.path)
                    elif entry.is_file():
                        stat = entry.stat()
                        found[entry.path] = (stat.st_mtime_ns, stat.st_size)
                except OSError:
                    continue
        return found

    def poll(self, now: float) -> tuple[list[Path], bool]:
        """Look once: the files saved since the last look, and whether a burst of saves
        ended (files changed, then stayed quiet for `debounce` seconds)."""
        current = self.snapshot()
        if current != self.seen:
            saved = [Path(p) for p in current if current[p] != self.seen.get(p)]
            self.seen = current
            self.last_change = now
            return saved, False
        if self.last_change is not None and now - self.last_change >= self.debounce:
            self.last_change = None
            return [], True
        return [], False

    def burst_ended(self, now: float) -> bool:
        return self.poll(now)[1]


def measure_rebuild(site_dir: Path, today: date | None = None) -> float:
    """Seconds from one saved content file to a rebuilt preview (what `serve` does), for bench/."""
    with tempfile.TemporaryDirectory(prefix="wijkgen-preview-") as folder:
        preview = Preview(site_dir, today, Path(folder) / "site", report=False)
        preview.rebuild()
        changes = Changes(site_dir, debounce=0)
        saved = min((site_dir / "content").rglob("*.md"))
        saved.write_bytes(saved.read_bytes())  # a save without a change: the rebuild is the same
        started = time.perf_counter()
        while not changes.burst_ended(time.perf_counter()):
            pass
        preview.rebuild()
        return time.perf_counter() - started


class _NoWatcher(Watcher):
    """livereload would otherwise poll the working directory itself; `Changes` does the watching."""

    def start(self, callback) -> bool:
        return True

    def examine(self):
        return None, None


def _port_free(port: int) -> bool:
    try:
        with socket.create_server(("127.0.0.1", port)):
            return True
    except OSError:
        return False


def serve(site_dir: Path, port: int, today: date | None) -> int:
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from tornado import ioloop

    site_dir = site_dir.resolve()
    if not _port_free(port):
        print(text("port_in_use", scaffold.site_language(site_dir), port=port, other=port + 1), file=sys.stderr)
        return 2
    logging.getLogger("livereload").addFilter(lambda record: record.levelno >= logging.WARNING)
    folder = Path(tempfile.mkdtemp(prefix="wijkgen-preview-"))
    preview = Preview(site_dir, today, folder / "site")
    changes = Changes(site_dir)  # before the first build: a save during it is not lost
    language = preview.rebuild().language

    # The whole rebuild runs beside the server (seconds, at city scale), so that saves keep
    # being noticed and their pages shown meanwhile; a burst that ends during one waits for it.
    rebuilding: threading.Thread | None = None
    wanted = False

    def rebuild(loop) -> None:
        preview.rebuild()
        loop.add_callback(LiveReloadHandler.reload_waiters)  # from this thread: through the loop

    def poll() -> None:
        nonlocal rebuilding, wanted
        saved, burst_ended = changes.poll(time.monotonic())
        if saved and preview.show_first(saved):
            LiveReloadHandler.reload_waiters()  # directly: livereload's own poller skips quick repeats
        wanted = wanted or burst_ended
        if wanted and (rebuilding is None or not rebuilding.is_alive()):
            wanted = False
            rebuilding = threading.Thread(target=rebuild, args=(ioloop.IOLoop.current(),), daemon=True)
            rebuilding.start()

    server = Server(watcher=_NoWatcher())
    ioloop.PeriodicCallback(poll, POLL_SECONDS * 1000).start()
    print(text("serving", language, url=f"http://localhost:{port}/"), flush=True)
    try:
        server.serve(port=port, host="127.0.0.1", root=str(preview.folder), open_url_delay=None, restart_delay=0)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0
