"""Real calendar clients import every feed and list what they see; it must be what the
pages show. khal agrees exactly. calcurse ignores RECURRENCE-ID, so it degrades the way
docs/feeds.md describes, and the test pins exactly that degradation.

Each client runs in its own scratch folder with its own configuration, never the user's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from feedkit import (
    PageView,
    Seen,
    Window,
    differences,
    example_and_recurrence,
    feeds_in,
    local_minute,
)

pytestmark = pytest.mark.clients

KHAL_LOCALE = """\
[locale]
local_timezone = Europe/Amsterdam
default_timezone = Europe/Amsterdam
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
"""


# Debian's khal needs Debian's icalendar (4.x). When CI installs wijkgen into the system
# Python, pip's icalendar 7 lands in /usr/local/.../dist-packages, which comes first on
# sys.path and breaks khal's import. So khal's own script runs with those paths removed.
_KHAL_BOOT = (
    "import runpy, sys; sys.path[:] = [p for p in sys.path if not p.startswith('/usr/local/')];"
    " sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')"
)


def khal(*args: str) -> list[str]:
    script = shutil.which("khal")
    interpreter = Path(script).read_text("utf-8").splitlines()[0].removeprefix("#!").split()
    return [*interpreter, "-s", "-c", _KHAL_BOOT, script, *args]


def _client_env(folder: Path) -> dict:
    """A scratch home and the site's zone; no Python settings of ours leak into khal."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(HOME=str(folder), XDG_CONFIG_HOME=str(folder / "config"),
               XDG_DATA_HOME=str(folder / "data"), TZ="Europe/Amsterdam", LC_ALL="C.UTF-8")
    return env


def _run(command: list[str], folder: Path) -> str:
    done = subprocess.run(command, env=_client_env(folder), capture_output=True, text=True,
                          timeout=300, cwd=folder)
    assert done.returncode == 0, f"{command} failed: {done.stdout}{done.stderr}"
    return done.stdout


def _khal_config(path: Path, calendars: dict[str, Path], database: Path) -> Path:
    sections = ["[calendars]"] + [f"[[{name}]]\npath = {folder}" for name, folder in calendars.items()]
    sections += [KHAL_LOCALE, f"[sqlite]\npath = {database}"]
    path.write_text("\n".join(sections) + "\n", encoding="utf-8")
    return path


def khal_views(feeds: list[Path], window: Window, folder: Path) -> list[Counter]:
    """Import each feed into a calendar of its own (in parallel, each with its own
    configuration), then list them all in one go: khal's start-up time dominates."""
    calendars = {f"feed{n}": folder / f"feed{n}" for n in range(len(feeds))}

    def import_one(numbered):
        number, feed = numbered
        name = f"feed{number}"
        calendars[name].mkdir(parents=True)
        config = _khal_config(folder / f"{name}.conf", {name: calendars[name]},
                              folder / f"{name}.db")
        _run(khal("-c", str(config), "import", "--batch", "-a", name, str(feed)), folder)

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(import_one, enumerate(feeds)))
    config = _khal_config(folder / "all.conf", calendars, folder / "all.db")
    listing = _run(khal(
        "-c", str(config), "list", "--format", "{calendar}|{start}|{end}|{title}",
        "--day-format", "#{date}", window.first.isoformat(),
        (window.last + timedelta(days=1)).isoformat(),
    ), folder)
    found = [Counter() for _ in feeds]
    day = ""
    for line in listing.splitlines():
        if line.startswith("#"):
            day = line[1:]
            continue
        calendar, start, end, title = line.split("|", 3)
        item = Seen(start, end, title.rstrip())
        # khal lists an event under every day it spans; count it on its first day only
        if start[:10] == day and window.holds(item):
            found[int(calendar.removeprefix("feed"))][item] += 1
    return found


def calcurse_view(feed: Path, window: Window, folder: Path) -> Counter:
    folder.mkdir(parents=True)
    report = _run(["calcurse", "-D", str(folder), "-i", str(feed)], folder)
    assert " 0 skipped" in report, report  # calcurse skips what it cannot read; it may not
    timed = "T|%(start:%Y-%m-%d %H:%M)|%(end:%Y-%m-%d %H:%M)|%m\\n"
    days = (window.last - window.first).days + 1
    listing = _run([
        "calcurse", "-D", str(folder), "--input-datefmt", "4", "--output-datefmt", "%Y-%m-%d",
        "-Q", "--from", window.first.isoformat(), "--days", str(days),
        "--format-apt", timed, "--format-recur-apt", timed,
        "--format-event", "D|%m\\n", "--format-recur-event", "D|%m\\n",
    ], folder)
    found = Counter()
    day = ""
    for line in listing.splitlines():
        if line.endswith(":") and not line.startswith(("T|", "D|")):
            day = line[:-1]
        elif line.startswith("D|"):
            found[Seen(day, day, line[2:])] += 1
        elif line.startswith("T|"):
            _, start, end, title = line.split("|", 3)
            if start[:10] == day:  # listed under every day it spans, too
                found[Seen(start, end, title)] += 1
    return Counter({item: n for item, n in found.items() if window.holds(item)})


def calcurse_expectation(view: PageView, slugs) -> Counter:
    """What the pages show, degraded the documented way: every changed date also shows
    its original occurrence, and a multi-day all-day activity shows as one event per day."""
    expected = Counter()
    for item, count in view.of(slugs).items():
        for day_item in _per_day(item):
            expected[day_item] += count
    for slug in slugs:
        activity = view.site.activities[slug]
        for change in activity.changes:
            summary = (view.prefix if activity.cancelled else "") + activity.title
            if isinstance(activity.start, datetime):
                start = datetime.combine(change.date, activity.start.time())
                original = Seen(local_minute(start),
                                local_minute(start + (activity.end - activity.start)), summary)
            else:
                last = change.date + (activity.end - activity.start)
                original = Seen(change.date.isoformat(), last.isoformat(), summary)
            for day_item in _per_day(original):
                if view.window.holds(day_item):
                    expected[day_item] += 1
    return expected


def _per_day(item: Seen) -> list[Seen]:
    if len(item.start) != 10 or item.start == item.end:
        return [item]
    first, last = date.fromisoformat(item.start), date.fromisoformat(item.end)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [Seen(d.isoformat(), d.isoformat(), item.summary) for d in days]


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    for tool in ("khal", "calcurse"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (.ci/install.d/20-clients.sh installs it)")
    return example_and_recurrence(tmp_path_factory)


def _report(feeds, expected, actual) -> str:
    return "\n".join(
        f"{feed}:\n{differences(e, a)}" for feed, e, a in zip(feeds, expected, actual, strict=True)
        if e != a)


@pytest.mark.parametrize("site_name", ["example", "recurrence"])
def test_khal_shows_what_the_pages_show(sites, site_name, tmp_path):
    output, view = sites[site_name]
    feeds = feeds_in(output)
    actual = khal_views([output / feed for feed in feeds], view.window, tmp_path)
    expected = [view.of(view.members(feed)) for feed in feeds]
    assert not _report(feeds, expected, actual)


@pytest.mark.parametrize("site_name", ["example", "recurrence"])
def test_calcurse_shows_the_pages_degraded_as_documented(sites, site_name, tmp_path):
    output, view = sites[site_name]
    feeds = feeds_in(output)
    with ThreadPoolExecutor(max_workers=2) as pool:
        actual = list(pool.map(
            lambda numbered: calcurse_view(output / numbered[1], view.window,
                                           tmp_path / str(numbered[0])),
            enumerate(feeds)))
    expected = [calcurse_expectation(view, view.members(feed)) for feed in feeds]
    assert not _report(feeds, expected, actual)


def test_calcurse_shows_an_overridden_date_twice(sites, tmp_path):
    """The documented degradation, spelled out: the cancelled date still shows the original
    occurrence next to the 'Afgelast:' one, and a moved date shows at both times."""
    output, view = sites["recurrence"]
    seen = calcurse_view(output / "activiteiten/zwemmen.ics", view.window, tmp_path / "c")
    title = "Zwemmen & spelen; voor peuters, met ouders"
    assert seen[Seen("2026-11-15 10:00", "2026-11-15 11:30", "Afgelast: " + title)] == 1
    assert seen[Seen("2026-11-15 10:00", "2026-11-15 11:30", title)] == 1
    assert seen[Seen("2027-01-09 14:00", "2027-01-09 15:30", title)] == 1
    assert seen[Seen("2027-01-10 10:00", "2027-01-10 11:30", title)] == 1
    assert seen[Seen("2026-12-27 10:00", "2026-12-27 11:30", title)] == 0  # EXDATE is honoured
