"""A rebuild writes only the files whose bytes changed: the others are hard-linked from the
output folder it replaces (write.py). The site must stay exactly what a fresh build writes,
also when someone changed a file in the output folder since."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from sitekit import run

from wijkgen.cache import Store

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from generate import Size, generate  # noqa: E402

TODAY = "2026-11-28"
pytestmark = pytest.mark.long


@pytest.fixture
def site(tmp_path):
    folder = tmp_path / "site"
    generate(folder, Size(wijken=2, activities=24, organisations=4), seed=3)
    return folder


def build(site: Path, output: Path, *flags: str) -> dict[str, tuple[int, bytes]]:
    """Every file of the built site: its inode and bytes."""
    result = run(site, "build", "--today", TODAY, *flags, output_dir=output)
    assert result.code == 0, result.stdout + result.stderr
    return files_in(output)


def files_in(folder: Path) -> dict[str, tuple[int, bytes]]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.read_bytes()) for p in files}


def contents(files: dict[str, tuple[int, bytes]]) -> dict[str, bytes]:
    return {name: data for name, (_, data) in files.items()}


def rewritten(before: dict, after: dict) -> set[str]:
    """The files that are a new file now (the old ones existed while the new were made, so a
    new file cannot have an old one's inode)."""
    return {name for name in after if name not in before or before[name][0] != after[name][0]}


KEPT = Path(".wijkgen-cache") / "output-before"  # the output folder the last build replaced


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_rebuild_with_nothing_changed_writes_no_file(site, tmp_path, jobs):
    first = build(site, tmp_path / "out", "--jobs", jobs)
    assert not (site / KEPT).exists()  # nothing replaced, nothing kept: so CI never caches a site twice
    again = build(site, tmp_path / "out", "--jobs", jobs)
    assert again == first  # the same files, linked: same inodes, same bytes
    # the folder it replaced is kept for the next build, which finds every file in it already
    assert all(os.stat(tmp_path / "out" / name).st_nlink == 2 for name in again)
    assert build(site, tmp_path / "out", "--jobs", jobs) == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]  # no other folder beside


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_rebuild_into_the_kept_folder_adds_changes_and_removes_exactly_what_a_fresh_build_would(
        site, tmp_path, jobs):
    activities = sorted((site / "content" / "activiteiten").glob("*.md"))
    build(site, tmp_path / "out", "--jobs", jobs)
    before = build(site, tmp_path / "out", "--jobs", jobs)  # the first build's folder is kept now
    activities[0].write_text(activities[0].read_text(encoding="utf-8") + "\nNieuw.\n", encoding="utf-8")
    activities[1].unlink()  # its page, feed and QR code go, and their folder
    after = build(site, tmp_path / "out", "--jobs", jobs)
    assert contents(after) == contents(build(site, tmp_path / "plain", "--no-cache"))
    assert f"activiteiten/{activities[1].stem}/index.html" in before
    changed = {name for name in after if before[name][1] != after[name][1]}
    assert f"activiteiten/{activities[0].stem}/index.html" in changed
    assert changed <= rewritten(before, after)
    assert not (tmp_path / "out" / "activiteiten" / activities[1].stem).exists()
    # the folder just replaced was published until the swap: not one of its files was touched
    assert files_in(site / KEPT) == before


def test_whatever_the_kept_folder_holds_the_site_is_what_a_fresh_build_writes(site, tmp_path):
    """The kept folder lies in the cache, where anyone may change it: its files are used only
    when they are the very files output/ has."""
    build(site, tmp_path / "out")
    before = build(site, tmp_path / "out")
    kept = site / KEPT
    with open(kept / "index.html", "ab") as page:  # in place: output/'s file changes with it
        page.write(b"<!-- veranderd -->")
    (kept / "agenda.ics").unlink()
    (kept / "agenda.ics").mkdir()  # a folder where a file goes
    (kept / "extra.html").write_bytes(b"niet van deze site")
    (kept / "oud" / "diep").mkdir(parents=True)
    (kept / "oud" / "diep" / "index.html").write_bytes(b"weg ermee")
    shutil.rmtree(kept / "waar-kan-ik-terecht")
    (kept / "waar-kan-ik-terecht").write_bytes(b"a file where a folder goes")
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    shutil.rmtree(kept / "abonneren")
    (kept / "abonneren").symlink_to(elsewhere)  # a folder that leads outside: nothing is written there
    after = build(site, tmp_path / "out")
    assert contents(after) == contents(before)
    assert rewritten(before, after) == {"index.html"}  # the others are linked from output/ again
    assert list(elsewhere.iterdir()) == []


def test_after_an_edit_exactly_the_files_whose_bytes_changed_are_written(site, tmp_path):
    before = build(site, tmp_path / "out", "--jobs", "2")
    file = sorted((site / "content" / "activiteiten").glob("*.md"))[0]
    file.write_text(file.read_text(encoding="utf-8") + "\nEen nieuwe zin voor de ouders.\n", encoding="utf-8")
    after = build(site, tmp_path / "out", "--jobs", "2")
    assert contents(after) == contents(build(site, tmp_path / "plain", "--no-cache"))
    changed = {name for name in after if name not in before or before[name][1] != after[name][1]}
    assert f"activiteiten/{file.stem}/index.html" in changed
    assert rewritten(before, after) == changed


def test_a_file_changed_in_the_output_folder_since_is_written_again(site, tmp_path):
    output = tmp_path / "out"
    before = build(site, output)
    with open(output / "index.html", "ab") as page:  # in place: the same inode
        page.write(b"<!-- veranderd -->")
    (output / "agenda.ics").unlink()
    after = build(site, output)
    assert contents(after) == contents(before)
    assert rewritten(before, after) == {"index.html", "agenda.ics"}


def test_without_the_cache_or_its_list_every_file_is_written(site, tmp_path):
    output = tmp_path / "out"
    before = build(site, output)
    assert rewritten(before, build(site, output, "--no-cache")) == set(before)
    again = build(site, output)  # the list is of the build before the uncached one
    (site / ".wijkgen-cache" / "written.pickle").write_bytes(b"kapot")
    assert rewritten(again, build(site, output)) == set(before)


def test_a_build_into_another_folder_links_nothing_from_the_first(site, tmp_path):
    first = build(site, tmp_path / "out")
    other = build(site, tmp_path / "elders")
    assert contents(other) == contents(first)
    assert not {inode for inode, _ in first.values()} & {inode for inode, _ in other.values()}
    shutil.rmtree(tmp_path / "out")
    assert contents(build(site, tmp_path / "out")) == contents(first)


def test_builds_into_two_folders_in_turn_never_share_a_file(site, tmp_path):
    """A preview (serve) and output/ use one cache, and so one kept folder: whichever build
    takes it, neither folder may end up holding the other's files, which the next build
    into the other folder would replace."""
    plain = contents(build(site, tmp_path / "plain", "--no-cache"))
    for _ in range(2):
        build(site, tmp_path / "out")
        build(site, tmp_path / "out")
        other = build(site, tmp_path / "elders")
        out = files_in(tmp_path / "out")  # as it is after the other folder's build
        assert contents(out) == contents(other) == plain
        assert not {inode for inode, _ in out.values()} & {inode for inode, _ in other.values()}


def test_a_page_the_last_build_wrote_is_linked_without_reading_it_from_the_cache(site, tmp_path, monkeypatch):
    before = build(site, tmp_path / "out", "--jobs", "1")
    read = []
    monkeypatch.setattr(Store, "page", lambda store, key, make: read.append(key) or make())
    assert build(site, tmp_path / "out", "--jobs", "1") == before
    assert read == []
    for folder in (tmp_path / "out", site / KEPT):  # gone from the site and the folder it replaced
        (folder / "waar-kan-ik-terecht" / "index.html").unlink()
    assert contents(build(site, tmp_path / "out", "--jobs", "1")) == contents(before)
    assert len(read) == 1  # the page that was gone


def test_a_cache_that_cannot_be_written_does_not_fail_a_build(site, tmp_path, monkeypatch):
    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    before = build(site, tmp_path / "out")
    monkeypatch.setattr(Store, "save", full_disk)
    monkeypatch.setattr("wijkgen.build.keep_written", full_disk)
    assert contents(build(site, tmp_path / "out")) == contents(before)  # built, and reported so
