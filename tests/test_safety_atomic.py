"""Never half a site: a build killed at any moment leaves the previous output/ whole,
and the same input always gives the same bytes."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from icalendar import Calendar
from sitekit import make_site, run

from wijkgen import parallel

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.long
ACTIVITIES = parallel.PARALLEL_FROM  # the build forks workers, which must end too; writing takes a second
KILLS_WHILE_WRITING = 3
SEED = int(os.environ.get("WIJKGEN_KILL_SEED", random.randrange(1_000_000)))


def activity(number: int, title: str = "Activiteit") -> str:
    wijk = "stadshagen" if number % 2 else "dieze-oost"
    return (
        f"---\ntitle: {title} {number}\nwijk: {wijk}\nstart: 2026-12-{1 + number % 28:02d} 09:30\n"
        f"end: 11:00\norganisers: [sociaal-wijkteam]\n---\nWat we doen, nummer {number}.\n"
    )


def tree(folder: Path) -> dict[str, str]:
    """Every file in a folder with the hash of its bytes."""
    return {
        file.relative_to(folder).as_posix(): hashlib.sha256(file.read_bytes()).hexdigest()
        for file in sorted(folder.rglob("*")) if file.is_file()
    }


def assert_complete(output: Path) -> None:
    """Every page and feed written to its end; the city-wide feed read by icalendar (which
    raises on a truncated one). Reading all 800 feeds so would take seconds per check."""
    files = tree(output)
    assert "index.html" in files and "agenda.ics" in files
    for name in files:
        data = (output / name).read_bytes()
        if name.endswith(".ics"):
            assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n"), name
        elif name.endswith(".html"):
            assert data.rstrip().endswith(b"</html>"), name
    Calendar.from_ical((output / "agenda.ics").read_bytes())


def children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:  # not Linux, or already gone
        return []


def all_ended(pids: list[int], seconds: float = 10) -> bool:
    """Gone, or a zombie nobody reaped (a container's first process may not)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        states = []
        for pid in pids:
            try:
                states.append(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0])
            except OSError:
                states.append("gone")
        if all(state in ("gone", "Z", "X") for state in states):
            return True
        time.sleep(0.05)
    return False


def start_build(site: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "wijkgen", "build", str(site), "--today", "2026-11-28"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def leftovers(site: Path) -> list[Path]:
    return [p for p in site.iterdir() if p.name.startswith(".output.")]


def wait_for_writing(site: Path, build: subprocess.Popen, earlier: list[Path]) -> bool:
    """Wait until the build has begun writing its own working folder."""
    while build.poll() is None:
        if set(leftovers(site)) - set(earlier):
            return True
        time.sleep(0.002)
    return False


def test_a_killed_build_leaves_the_previous_site_whole(tmp_path):
    print(f"kill points from seed {SEED} (set WIJKGEN_KILL_SEED to repeat)")
    chance = random.Random(SEED)
    site = make_site(tmp_path / "site", activities={f"a{n}": activity(n) for n in range(ACTIVITIES)})

    first = start_build(site)
    assert wait_for_writing(site, first, [])
    writing_started = time.monotonic()
    assert first.wait(timeout=600) == 0, first.stderr.read()
    writing_seconds = time.monotonic() - writing_started
    output = site / "output"
    assert_complete(output)
    previous = tree(output)

    # the next build would change every page: a new title on every activity
    for n in range(ACTIVITIES):
        (site / "content" / "activiteiten" / f"a{n}.md").write_text(activity(n, "Nieuw"), encoding="utf-8")

    seen = []
    delays = [chance.uniform(0, 0.3)] + [chance.uniform(0, writing_seconds) for _ in range(KILLS_WHILE_WRITING)]
    for number, delay in enumerate(delays):
        earlier = leftovers(site)
        build = start_build(site)
        if number > 0 and not wait_for_writing(site, build, earlier):
            pytest.fail("the build finished before it could be killed")
        time.sleep(delay)
        workers = children(build.pid)  # a big site renders in forked workers: they must end too
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=60)
        assert all_ended(workers), f"workers {workers} outlived their killed build"
        seen.append(tree(output))

    last = start_build(site)
    assert last.wait(timeout=600) == 0, last.stderr.read()
    assert_complete(output)
    final = tree(output)
    assert final != previous
    # after every kill, output/ was the whole previous site or (killed after the swap) the whole new one
    for state in seen:
        assert state == previous or state == final
    # the working folders of killed builds were cleared by the next build, never used as output
    assert leftovers(site) == []


SITE_FILES = {
    "activities": {
        "oudercafe": """\
            ---
            title: Oudercafé
            wijk: stadshagen
            start: 2026-12-02 09:30
            end: 11:30
            location: csv28
            organisers: [sociaal-wijkteam]
            topics: [ontmoeten, opvoeding]
            ages: [baby, peuter]
            repeat:
              every: week
              on: [woensdag, vrijdag]
              except: [2026-12-23]
            occurrences:
              - date: 2026-12-09
                status: cancelled
                note: Sinterklaas
            ---
            Koffie en **koters**.
            """,
        "markt": """\
            ---
            title: Kindermarkt
            wijk: all
            start: 2026-12-12
            end: 2026-12-13
            registration: info@example.org
            ---
            """,
    },
}


def build_tree(site: Path, output: Path) -> dict[str, str]:
    result = run(site, "build", "--today", "2026-11-28", output_dir=output)
    assert result.code == 0, result.stdout
    return tree(output)


def test_two_builds_of_the_same_input_are_byte_identical(tmp_path):
    site = make_site(tmp_path / "site", activities=SITE_FILES["activities"])
    first = build_tree(site, tmp_path / "one")
    second = build_tree(site, tmp_path / "two")
    assert first == second
    assert len(first) > 10


def test_builds_of_a_committed_site_are_byte_identical(tmp_path):
    site = make_site(tmp_path / "site", activities=SITE_FILES["activities"])
    git = ["git", "-c", "user.name=Vrijwilliger", "-c", "user.email=v@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=site, check=True)
    subprocess.run(["git", "add", "."], cwd=site, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "inhoud"], cwd=site, check=True)
    first = build_tree(site, tmp_path / "one")
    second = build_tree(site, tmp_path / "two")
    assert first == second
