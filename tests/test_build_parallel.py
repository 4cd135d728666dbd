"""Shortcuts of a big build may only make it faster: forked workers (wijkgen/parallel.py) must
write the site a single process writes, byte for byte, and what they render must reach the
cache; pieces rendered once for all pages (the menu, agenda entries) must read as if each page
had rendered them itself."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from sitekit import run

from wijkgen import parallel
from wijkgen.cache import Store

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from generate import Size, generate  # noqa: E402

TODAY = "2026-11-28"
pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked; this system cannot fork")


def tree(folder: Path) -> dict[str, bytes]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("parallel") / "site"
    generate(folder, Size(wijken=3, activities=60, organisations=6), seed=5)
    return folder


def build(site: Path, output: Path, *flags: str) -> dict[str, bytes]:
    result = run(site, "build", "--today", TODAY, *flags, output_dir=output)
    assert result.code == 0, result.stdout + result.stderr
    return tree(output)


def test_two_workers_write_the_same_site_as_one(site, tmp_path):
    one = build(site, tmp_path / "one", "--no-cache", "--jobs", "1")
    two = build(site, tmp_path / "two", "--no-cache", "--jobs", "2")
    assert one == two
    assert sum(name.endswith(".ics") for name in two) > 60  # every activity's feed and the shared ones
    sitemap = two["sitemap.xml"].decode()
    assert sitemap.count("<loc>") == sum(name.endswith("index.html") for name in two)  # every page from each worker


def test_what_workers_render_is_kept_for_the_next_build(site, tmp_path):
    cache = site / ".wijkgen-cache"
    first = build(site, tmp_path / "first", "--jobs", "2")
    kept = Store.open(site).previous
    assert sum(key.startswith("events-") for key in kept) == 60  # one per activity, whoever made it
    pages = sum(name.endswith(".html") for name in first)
    assert len(list((cache / "pages").iterdir())) == pages  # kept by the worker that rendered it
    assert build(site, tmp_path / "again", "--jobs", "2") == first


def test_pieces_rendered_once_equal_pieces_rendered_per_page(site, tmp_path):
    shared = build(site, tmp_path / "shared", "--no-cache", "--jobs", "1")
    own = tmp_path / "own-site"
    shutil.copytree(site, own, ignore=shutil.ignore_patterns(".wijkgen-cache"))
    built_in = Path(parallel.__file__).parent / "templates" / "partials"
    (own / "templates" / "partials").mkdir(parents=True)
    for name in ("menu.html", "occurrence.html"):  # the site's own copy: rendered on each page
        shutil.copy(built_in / name, own / "templates" / "partials" / name)
    assert build(own, tmp_path / "per-page", "--no-cache", "--jobs", "1") == shared


def test_what_the_cache_held_comes_back_from_a_worker_as_this_process_s_own_object(tmp_path):
    earlier = Store(tmp_path / "cache", "salt")
    earlier.remember("parsed", "old file", lambda: {"record": ["kept", "from", "before"]})
    earlier.save()
    store = Store(tmp_path / "cache", "salt")
    held = store.previous[store.key("parsed", "old file")]
    tasks = [lambda: ("old", store.remember("parsed", "old file", lambda: "parsed again")),
             lambda: ("new", store.remember("parsed", "new file", lambda: {"record": ["made", "now"]}))]
    (_, old), (_, new) = parallel.spread(tasks, workers=2, store=store, join_in=False)
    assert old is held  # sent back as its key, not copied
    assert new == {"record": ["made", "now"]}
    store.save()
    kept = Store(tmp_path / "cache", "salt").previous
    assert sorted(kept.values(), key=str) == [{"record": ["kept", "from", "before"]}, {"record": ["made", "now"]}]


def fails(number: int):
    def task():
        raise ValueError(f"taak {number} faalt")
    return task


def slow(number: int):
    def task():
        time.sleep(0.05)
        return number, os.getpid()
    return task


def test_quick_tasks_are_done_in_this_process_slow_ones_spread():
    """Forking a big build process costs more than a rebuild's quick tasks take."""
    quick = parallel.spread([lambda n=n: (n, os.getpid()) for n in range(50)], workers=2)
    assert quick == [(n, os.getpid()) for n in range(50)]
    spread = parallel.spread([slow(n) for n in range(30)], workers=2)  # 1.5 s of work
    assert [n for n, _ in spread] == list(range(30))
    assert {pid for _, pid in spread} - {os.getpid()}  # a worker took some
    assert spread[0][1] == os.getpid()  # this process began alone


def test_a_task_that_fails_in_a_worker_fails_the_whole_run():
    tasks = [slow(n) for n in range(20)] + [fails(20)]
    assert [n for n, _ in parallel.spread(tasks[:20], workers=2)] == list(range(20))
    with pytest.raises(ValueError, match="taak 20 faalt"):
        parallel.spread(tasks, workers=2)  # by whichever process takes it, once the first were slow


def test_a_collecting_process_gets_every_result_in_order_but_runs_none_itself():
    tasks = [lambda n=n: (n, os.getpid()) for n in range(30)]
    results = parallel.spread(tasks, workers=2, join_in=False)
    assert [n for n, _ in results] == list(range(30))
    assert os.getpid() not in {pid for _, pid in results}
    with pytest.raises(ValueError, match="taak 3 faalt"):
        parallel.spread([fails(3)], workers=2, join_in=False)


def test_a_collecting_process_may_start_alone_and_then_only_collects():
    """A rebuild's outputs are mostly found unchanged: no worker is forked for those."""
    quick = parallel.spread([lambda n=n: (n, os.getpid()) for n in range(50)], workers=2,
                            join_in=False, start_alone=True)
    assert quick == [(n, os.getpid()) for n in range(50)]
    pids = [pid for _, pid in parallel.spread([slow(n) for n in range(30)], workers=2,
                                              join_in=False, start_alone=True)]
    forked = next(index for index, pid in enumerate(pids) if pid != os.getpid())
    assert forked > 0 and os.getpid() not in pids[forked:]
    assert len(set(pids[forked:])) == 2  # as many workers as asked: this process only collects


def test_jobs_must_be_a_positive_number(site, tmp_path):
    result = run(site, "build", "--jobs", "0", output_dir=tmp_path / "out")
    assert result.code == 2
    assert "'0' is not a number of 1 or more" in result.stderr
