"""`serve` rebuilds the whole site in a forked process beside the server: the server stays
free to show a saved page at once. What a volunteer must be able to rely on: stopping the
server stops everything it started, however it is stopped; a rebuild that dies is shown in
the page and the next save rebuilds again; a save during a rebuild is not lost; and where
there is neither inotify nor fork, serve still works as before."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest
from sitekit import front, make_site
from test_serve import CAFE, Server, wait_for

from wijkgen import parallel

REPO = Path(__file__).resolve().parent.parent

# The built-in activity template, taking a while per page (about 0.1 s): a rebuild runs long
# enough to be caught. (A site's own activity.html that extends 'activity.html' would extend itself.)
SLOW_TEMPLATE = (REPO / "wijkgen/templates/activity.html").read_text(encoding="utf-8").replace(
    "{% block content %}", "{% block content %}{% for i in range(1000000) %}{% endfor %}", 1)

# Builds spread over forked workers from this many activities on, instead of `PARALLEL_FROM`:
# the processes are the same, and a small site starts the server sooner.
SPREADS_FROM = 20
SPREADING_SOONER = (
    "import sys; from wijkgen import parallel;"
    f"parallel.PARALLEL_FROM = {SPREADS_FROM};"
    "from wijkgen.cli import main; sys.exit(main(sys.argv[1:]))"
)


def descendants(pid: int) -> set[int]:
    """Every living process started by `pid`, and by those, from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if fields[0] != "Z":  # a zombie has ended already
                parents[int(entry.name)] = int(fields[1])
    found, looking = set(), {pid}
    while looking:
        children = {child for child, parent in parents.items() if parent in looking} - found
        found |= children
        looking = children
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def test_a_forked_task_sends_back_its_result_or_its_failure():
    done = parallel.Background(lambda: {"pages": 3, "site": list(range(100_000))})
    while not done.read():
        time.sleep(0.01)
    assert done.result() == {"pages": 3, "site": list(range(100_000))}
    assert not alive(done.pid)

    failing = parallel.Background(lambda: 1 / 0)
    while not failing.read():
        time.sleep(0.01)
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        failing.result()


def test_a_forked_task_that_is_killed_or_stopped_ends_with_no_result():
    killed = parallel.Background(lambda: time.sleep(30))
    os.kill(killed.pid, signal.SIGKILL)
    wait_for(killed.read, timeout=10)
    with pytest.raises(RuntimeError, match="without a result"):
        killed.result()

    stopped = parallel.Background(lambda: time.sleep(30))
    stopped.stop()
    assert not alive(stopped.pid)


pytestmark = [pytest.mark.long,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")]


@pytest.fixture(scope="module")
def big_site(tmp_path_factory) -> Path:
    """Enough activities for the rebuild to spread over forked workers of its own, given a
    server started with `SPREADING_SOONER`."""
    activities = {f"cafe-{n}": CAFE.replace("Oudercafé", f"Oudercafé {n}") for n in range(SPREADS_FROM + 4)}
    return make_site(tmp_path_factory.mktemp("big") / "site", activities=activities)


def start(site: Path, log: Path) -> Server:
    server = Server(site, log, new_session=True, code=SPREADING_SOONER)
    wait_for(lambda: server.get("activiteiten/cafe-1/")[0] == 200, timeout=60)
    return server


def slow_rebuild_running(server: Server) -> set[int]:
    """Save a slow template and wait until its rebuild's process and workers run."""
    (server.site / "templates").mkdir(exist_ok=True)
    (server.site / "templates/slow.html").write_text(SLOW_TEMPLATE, encoding="utf-8")
    os.replace(server.site / "templates/slow.html", server.site / "templates/activity.html")
    expected = 1 + (parallel.cores() > 1)  # the rebuild, and its worker if there are two cores
    return wait_for(lambda: (found := descendants(server.process.pid)) and len(found) >= expected and found,
                    timeout=30)


@pytest.mark.parametrize("stop", ["ctrl-c", "terminate", "kill"])
def test_stopping_the_server_during_a_rebuild_leaves_no_process_behind(big_site, tmp_path, stop):
    server = start(big_site, tmp_path / "serve.log")
    try:
        rebuilding = slow_rebuild_running(server)
        if stop == "ctrl-c":  # the terminal sends it to every process of the server's group
            os.killpg(server.process.pid, signal.SIGINT)
        elif stop == "terminate":
            server.process.terminate()
        else:
            server.process.kill()
        server.process.wait(timeout=10)
        wait_for(lambda: not any(alive(pid) for pid in rebuilding), timeout=10)
        log = server.log.read_text(encoding="utf-8")
        assert "Traceback" not in log and "KeyboardInterrupt" not in log
    finally:
        (big_site / "templates/activity.html").unlink(missing_ok=True)
        if server.process.poll() is None:
            server.stop()


def test_stopping_the_server_during_its_first_build_cleans_up_too(big_site, tmp_path):
    (big_site / "templates").mkdir(exist_ok=True)
    (big_site / "templates/activity.html").write_text(SLOW_TEMPLATE, encoding="utf-8")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server = Server(big_site, tmp_path / "serve.log", code=SPREADING_SOONER, env={"TMPDIR": str(temporary)})
    try:
        def building() -> bool:  # the preview's folder is made and, given two cores, the build's workers run
            return any(temporary.iterdir()) and (parallel.cores() < 2 or bool(descendants(server.process.pid)))

        wait_for(building, timeout=30)
        workers = descendants(server.process.pid)
        server.process.terminate()
        server.process.wait(timeout=10)
        assert server.process.returncode == 0
        wait_for(lambda: not any(alive(pid) for pid in workers), timeout=10)
        assert "Traceback" not in server.log.read_text(encoding="utf-8")
        wait_for(lambda: not any(temporary.iterdir()), timeout=20)
    finally:
        (big_site / "templates/activity.html").unlink()
        if server.process.poll() is None:
            server.stop()


def dropping_one_interrupt(method: str) -> str:
    """serve, with `Preview.<method>` first running a finalizer that waits: an interrupt that
    falls in a finalizer is printed and dropped by Python itself (multiprocessing has them)."""
    return ("import sys, time\nfrom wijkgen import serve\n"
            "class Waiting:\n"
            "    def __del__(self):\n"
            "        print('waiting', flush=True)\n"
            "        time.sleep(30)\n"
            f"original = serve.Preview.{method}\n"
            "def dropping(self, *args):\n"
            "    Waiting()\n"
            "    return original(self, *args)\n"
            f"serve.Preview.{method} = dropping\n"
            "from wijkgen.cli import main\nsys.exit(main(sys.argv[1:]))\n")


@pytest.mark.parametrize("where", ["rebuild", "show_first"])  # during the first build, and while serving
def test_an_interrupt_dropped_on_its_way_still_stops_the_server(tmp_path, where):
    site = make_site(tmp_path / "site", activities={"cafe": CAFE})
    server = Server(site, tmp_path / "serve.log", code=dropping_one_interrupt(where))
    try:
        if where == "show_first":
            wait_for(lambda: server.get("activiteiten/cafe/")[0] == 200, timeout=60)
            cafe = front(CAFE.replace("Koffie voor ouders.", "Thee voor ouders."))
            (site / "content/activiteiten/cafe.md").write_text(cafe, encoding="utf-8")
        wait_for(lambda: "waiting" in server.log.read_text(encoding="utf-8"), timeout=60)
        server.process.terminate()
        server.process.wait(timeout=10)
        assert server.process.returncode == 0
        log = server.log.read_text(encoding="utf-8")
        assert "Traceback" not in log and "KeyboardInterrupt" not in log
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()


def test_a_rebuild_that_dies_is_shown_in_the_page_and_the_next_save_rebuilds(big_site, tmp_path):
    server = start(big_site, tmp_path / "serve.log")
    try:
        rebuilding = slow_rebuild_running(server)
        first = min(rebuilding)  # the rebuild's own process, forked before its workers
        os.kill(first, signal.SIGKILL)
        wait_for(lambda: server.problems().get("ok") is False)
        problem = server.problems()["problems"][0]["text"]
        assert problem.startswith("RuntimeError: ") and "without a result" in problem
        assert server.process.poll() is None
        assert server.get("activiteiten/cafe-1/")[0] == 200  # the last good build stays
        before = server.rebuilds()
        (big_site / "templates/activity.html").unlink()
        wait_for(lambda: server.rebuilds() > before, timeout=60)
        assert server.problems() == {"ok": True, "title": server.problems()["title"], "problems": []}
    finally:
        (big_site / "templates/activity.html").unlink(missing_ok=True)
        server.stop()
    assert not descendants(server.process.pid)


def test_a_save_during_a_rebuild_is_rebuilt_after_it(big_site, tmp_path):
    server = start(big_site, tmp_path / "serve.log")
    try:
        slow_rebuild_running(server)
        before = server.rebuilds()
        (big_site / "templates/activity.html").unlink()  # saves while the slow one runs
        cafe = big_site / "content/activiteiten/cafe-1.md"
        cafe.write_text(front(CAFE.replace("Koffie voor ouders.", "Nu ook met thee.")), encoding="utf-8")
        wait_for(lambda: server.rebuilds() >= before + 2, timeout=120)
        assert "Nu ook met thee." in server.get("activiteiten/cafe-1/")[1]
        assert "range" not in server.get("activiteiten/cafe-1/")[1]
    finally:
        (big_site / "content/activiteiten/cafe-1.md").write_text(front(CAFE.replace("Oudercafé", "Oudercafé 1")),
                                                                 encoding="utf-8")
        server.stop()


WITHOUT_INOTIFY_OR_FORK = (
    "import sys; from wijkgen import parallel, watch;"
    "parallel.can_fork = lambda: False;"
    "watch.Inotify = watch.Polling;"
    "from wijkgen.cli import main; sys.exit(main(sys.argv[1:]))"
)


def test_without_inotify_or_fork_serve_polls_and_rebuilds_in_a_thread(tmp_path):
    site = make_site(tmp_path / "site", activities={"cafe": CAFE})
    server = Server(site, tmp_path / "serve.log", code=WITHOUT_INOTIFY_OR_FORK)
    try:
        wait_for(lambda: server.get("activiteiten/cafe/")[0] == 200)
        server.save("content/activiteiten/cafe.md", CAFE.replace("Koffie voor ouders.", "Nu ook met thee."))
        assert "Nu ook met thee." in server.get("activiteiten/cafe/")[1]
        assert not descendants(server.process.pid)  # the rebuild ran in a thread
        server.save("content/activiteiten/cafe.md", CAFE.replace("wijk: stadshagen", "wijk: stadhagen"))
        assert "onbekende wijk 'stadhagen'" in server.problems()["problems"][0]["text"]
        before = server.rebuilds()
        for number in range(3):
            (site / f"content/activiteiten/cafe-{number}.md").write_text(front(CAFE), encoding="utf-8")
            time.sleep(0.05)
        wait_for(lambda: server.rebuilds() > before)
        time.sleep(1.0)
        assert server.rebuilds() == before + 1
    finally:
        server.stop()


def test_the_preview_folder_is_removed_when_the_server_is_stopped(tmp_path):
    site = make_site(tmp_path / "site", activities={"cafe": CAFE})
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server = Server(site, tmp_path / "serve.log", env={"TMPDIR": str(temporary)})
    wait_for(lambda: server.get("activiteiten/cafe/")[0] == 200)
    assert [p.name[:len("wijkgen-preview-")] for p in temporary.iterdir()] == ["wijkgen-preview-"]
    server.stop()
    wait_for(lambda: not any(temporary.iterdir()), timeout=20)


def test_a_site_the_server_replaced_is_freed_though_it_was_exempt_from_collection(tmp_path):
    """The server freezes what it keeps out of garbage collection (a full collection walks
    the whole site and would delay a save's head start). That leaks nothing only as long as
    a site holds no reference cycles: each rebuild's site must go as soon as it is replaced."""
    import gc
    import pickle

    from wijkgen.build import Options, build

    activities = {f"cafe-{n}": CAFE.replace("Oudercafé", f"Oudercafé {n}") for n in range(30)}
    result = build(make_site(tmp_path / "site", activities=activities), tmp_path / "out", Options(cache=False))
    told = pickle.dumps(result.site)  # how it comes from the rebuild's process
    gc.collect()
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        site = pickle.loads(told)
        gc.freeze()
        kept = gc.get_freeze_count() - before
        assert kept > 30  # at least one object for each activity
        del site
        assert gc.get_freeze_count() - before <= 2
    finally:
        gc.unfreeze()
