"""`wijkgen serve`: build into a preview folder, serve it, rebuild once per burst of saves.

The preview is never output/: its pages carry a small script (partials/dev.html) that
reads `__wijkgen/problems.json` and shows content errors in the page itself, while the
last good build stays visible until they are fixed. Nothing a volunteer types can stop
the server: every problem, also a broken template, becomes a line in that list.

A rebuild is a full `build`, so index pages can never go stale. Only as a head start,
the page of a saved activity, organisation or venue file is rendered at once from the last
good build's site (`build.first_pages`) and shown while the whole site is rebuilt, which
takes seconds at city scale; any other save, or a file with a problem, waits for the rebuild.

Saves are noticed the moment they are made where the kernel tells (watch.py). The whole
rebuild runs in a forked process at a lower priority, so that the server, which shows the
saved page, never waits for it; the rebuild sends back only what the server needs for the
next head start (the site it read, and its feed plan).
"""

from __future__ import annotations

import gc
import html
import json
import logging
import shutil
import signal
import socket
import subprocess
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

from . import feedplan, parallel, scaffold, urls, watch
from .build import FIRST_PAGE_FOLDERS, Options, build, first_pages
from .cache import write_atomically
from .messages import has_errors, hint, render, summary, text
from .models import Site

POLL_SECONDS = 0.1  # how often a burst's end is looked for (and, without inotify, saves)
REBUILD_NICENESS = 10  # the rebuild yields the cores to the server when a save needs them
PROBLEMS_URL = "__wijkgen/problems.json"
RAISE_AGAIN_SECONDS = 0.01  # an interrupt Python dropped in a finalizer (Stopping)


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
        """The pages of saved activity, organisation and venue files, written into the preview
        before the whole site is rebuilt (at city scale that takes seconds): a volunteer sees
        the edit at once.
        Returns how many; never raises: the rebuild that follows has the last word."""
        if self._site is None or not self._clean:  # a fix must clear the problem list with its page
            return 0
        try:
            options = Options(today=self.today or date.today(), dev=True)
            outputs = first_pages(self.site_dir, self._site, saved, options, self._plan)
            for output in outputs:
                write_atomically(self.folder / urls.output_file(output.url),  # never half a page served
                                 lambda out, content=output.content: out.write(content))
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

    def warm_up(self) -> None:
        """Render an activity's, an organisation's and a venue's page without showing them:
        the first head start would otherwise also compile its templates (tenths of a second)."""
        if self._site is None or not self._clean:
            return
        options = Options(today=self.today or date.today(), dev=True)
        for folder in FIRST_PAGE_FOLDERS:
            try:
                file = min((self.site_dir / "content" / folder).glob("*.md"))
                first_pages(self.site_dir, self._site, [file], options, self._plan)
            except Exception:  # noqa: BLE001 - only time is at stake (and min() of no files)
                pass

    def rebuild_for_server(self) -> tuple[Rebuilt, bool, tuple[Site, list[feedplan.Feed]] | None]:
        """`rebuild`, in a forked process: what the server's Preview must take over from it
        (`adopt`); the site only when a good build read a new one."""
        before = self._site
        rebuilt = self.rebuild()
        return rebuilt, self._clean, (self._site, self._plan) if self._site is not before else None

    def adopt(self, told: tuple[Rebuilt, bool, tuple[Site, list[feedplan.Feed]] | None]) -> None:
        _, self._clean, good = told
        if good is not None:
            self._site, self._plan = good

    def failed(self, problem: Exception) -> None:
        """The rebuild's process died (killed, out of memory): shown like a bug, in the page."""
        print(problem, file=sys.stderr)
        language = self._site.config.language if self._site is not None else "nl"
        self._clean = False
        self._publish(False, text("summary_problems", language, errors=1, warnings=0),
                      [{"text": f"{type(problem).__name__}: {problem}", "hint": ""}])

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


def measure_rebuild(site_dir: Path, today: date | None = None) -> float:
    """Seconds from one saved content file to a rebuilt preview (what `serve` does), for bench/."""
    with tempfile.TemporaryDirectory(prefix="wijkgen-preview-") as folder:
        preview = Preview(site_dir, today, Path(folder) / "site", report=False)
        preview.rebuild()
        changes = watch.watch(site_dir, debounce=0)
        saved = min((site_dir / "content").rglob("*.md"))
        saved.write_bytes(saved.read_bytes())  # a save without a change: the rebuild is the same
        started = time.perf_counter()
        while not changes.burst_ended(time.perf_counter()):
            pass
        preview.rebuild()
        changes.close()
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
    changes = watch.watch(site_dir)  # before the first build: a save during it is not lost
    loop = ioloop.IOLoop.current()

    # The whole rebuild runs beside the server (seconds, at city scale), so that saves keep
    # being noticed and their pages shown meanwhile; a burst that ends during one waits for it.
    rebuilding: parallel.Background | threading.Thread | None = None
    wanted = False

    def start_rebuild() -> None:
        nonlocal rebuilding
        if parallel.can_fork():
            running = parallel.Background(preview.rebuild_for_server, nice=REBUILD_NICENESS)
            loop.add_handler(running.fileno(), lambda fd, events: receive(running), ioloop.IOLoop.READ)
            rebuilding = running
        else:  # no fork (Windows): a thread, which shares the interpreter with the server
            rebuilding = threading.Thread(target=rebuild_in_thread, daemon=True)
            rebuilding.start()

    def receive(running: parallel.Background) -> None:
        if not running.read():
            return
        loop.remove_handler(running.fileno())
        try:
            preview.adopt(running.result())
        except RuntimeError as problem:
            preview.failed(problem)
        _settle()
        rebuilt()

    def rebuild_in_thread() -> None:
        preview.rebuild()
        loop.add_callback(rebuilt)

    def rebuilt() -> None:
        nonlocal rebuilding
        rebuilding = None
        LiveReloadHandler.reload_waiters()
        poll()

    def poll() -> None:
        nonlocal wanted
        saved, burst_ended = changes.poll(time.monotonic())
        if saved and preview.show_first(saved):
            LiveReloadHandler.reload_waiters()  # directly: livereload's own poller skips quick repeats
        wanted = wanted or burst_ended
        if wanted and rebuilding is None:
            wanted = False
            start_rebuild()

    stopping = Stopping()
    try:
        language = preview.rebuild().language
        preview.warm_up()
        _settle()
        if changes.fileno() is not None:  # the kernel says when: a save is handled at once
            loop.add_handler(changes.fileno(), lambda fd, events: poll(), ioloop.IOLoop.READ)
        ioloop.PeriodicCallback(poll, POLL_SECONDS * 1000).start()
        server = Server(watcher=_NoWatcher())
        print(text("serving", language, url=f"http://localhost:{port}/"), flush=True)
        server.serve(port=port, host="127.0.0.1", root=str(preview.folder), open_url_delay=None, restart_delay=0)
    except KeyboardInterrupt:  # during the first build; livereload takes it while serving
        pass
    finally:
        stopping.restore()
        if isinstance(rebuilding, parallel.Background):
            rebuilding.stop()
        changes.close()
        _remove_later(folder)
    return 0


def _remove_later(folder: Path) -> None:
    """Remove the preview in a process of its own: a city's preview is thousands of files,
    which a slow disk takes many seconds to delete, and stopping the server must not wait.
    It keeps none of the server's files open (the port is free at once) and ends when done."""
    try:
        subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
                          str(folder)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def _settle() -> None:
    """Exempt what the server keeps (the site, compiled templates) from garbage collection.
    A full collection walks every object, tenths of a second at city scale, and would now
    and then fall on a save's head start (it doubled their median). The site holds no
    reference cycles, so a replaced one is still freed."""
    gc.collect()
    gc.freeze()


class Stopping:
    """Ctrl-C, and SIGTERM as if it were Ctrl-C, stop the server and clean up after it.

    Python raises KeyboardInterrupt wherever the server happens to be, and where that is a
    finalizer the garbage collector runs (multiprocessing has them), it prints the interrupt
    and drops it: the server would run on, or finish a long first build first. So an
    interrupt dropped there is raised again a moment later (SIGALRM), once the finalizer is
    done; one that falls in a finalizer again is dropped and raised again in turn."""

    def __init__(self):
        self._received = False
        handled = (signal.SIGINT, signal.SIGTERM, signal.SIGALRM)
        self._previous = {number: signal.signal(number, self._interrupt) for number in handled}
        self._unraisable = sys.unraisablehook
        sys.unraisablehook = self._raise_again

    def _interrupt(self, signum, frame) -> None:
        self._received = True
        raise KeyboardInterrupt

    def _raise_again(self, unraisable) -> None:  # and no traceback for the volunteer
        if isinstance(unraisable.exc_value, KeyboardInterrupt) and self._received:
            # not now: a handler run from this hook would be dropped as well
            signal.setitimer(signal.ITIMER_REAL, RAISE_AGAIN_SECONDS)
        else:
            self._unraisable(unraisable)

    def restore(self) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        for number, handler in self._previous.items():
            signal.signal(number, handler)
        sys.unraisablehook = self._unraisable
