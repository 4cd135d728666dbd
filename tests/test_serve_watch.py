"""What `serve` notices of a volunteer's saves: the kernel's notices on Linux (inotify),
looking at the files where there are none (polling). Both must notice the same saves."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from sitekit import front, make_site

from wijkgen import watch

CAFE = """
---
title: Oudercafé
wijk: stadshagen
start: 2026-12-02 09:30
organisers: [sociaal-wijkteam]
---
Koffie.
"""

WAYS = [pytest.param(watch.Inotify, id="inotify"), pytest.param(watch.Polling, id="polling")]


@pytest.fixture
def site(tmp_path) -> Path:
    return make_site(tmp_path / "site", activities={"cafe": CAFE})


def test_on_linux_the_kernel_tells_and_the_notice_can_be_waited_for(site):
    changes = watch.watch(site)
    assert isinstance(changes, watch.Inotify)
    import select

    assert select.select([changes.fileno()], [], [], 0)[0] == []  # nothing yet
    (site / "content/activiteiten/cafe.md").write_text(front(CAFE.replace("Koffie.", "Thee.")), encoding="utf-8")
    assert select.select([changes.fileno()], [], [], 5)[0] == [changes.fileno()]
    assert changes.look() == ([site / "content/activiteiten/cafe.md"], True)
    changes.close()


def test_without_inotify_the_folders_are_polled(site, monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    changes = watch.watch(site)
    assert isinstance(changes, watch.Polling) and changes.fileno() is None
    (site / "content/activiteiten/cafe.md").write_text(front(CAFE.replace("Koffie.", "Thee.")), encoding="utf-8")
    assert changes.look() == ([site / "content/activiteiten/cafe.md"], True)


@pytest.mark.parametrize("way", WAYS)
def test_a_save_in_a_folder_made_after_watching_began_is_noticed(site, way):
    changes = way(site)
    deeper = site / "content/activiteiten/zomer/2027"
    deeper.mkdir(parents=True)
    changes.look()
    saved = deeper / "kamp.md"
    saved.write_text(front(CAFE), encoding="utf-8")
    assert changes.look() == ([saved], True)
    saved.write_text(front(CAFE.replace("Koffie.", "Thee.")), encoding="utf-8")
    assert changes.look() == ([saved], True)  # and again: the new folder stays watched
    changes.close()


@pytest.mark.parametrize("way", WAYS)
def test_a_folder_with_files_moved_in_reports_them_as_saved(site, way, tmp_path):
    changes = way(site)
    outside = tmp_path / "elders"
    outside.mkdir()
    (outside / "kamp.md").write_text(front(CAFE), encoding="utf-8")
    os.rename(outside, site / "content/activiteiten/elders")
    assert changes.look() == ([site / "content/activiteiten/elders/kamp.md"], True)
    changes.close()


@pytest.mark.parametrize("way", WAYS)
def test_site_yaml_replaced_by_renaming_and_a_templates_folder_made_later_are_watched(site, way):
    changes = way(site)
    new_copy = site / "site.yaml.tmp"  # how many editors save: a new copy renamed over the old
    new_copy.write_text((site / "site.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    saved, changed = changes.look()
    if way is watch.Inotify:
        assert (saved, changed) == ([], False)  # site.yaml.tmp is not a watched name
    os.replace(new_copy, site / "site.yaml")
    assert changes.look() == ([site / "site.yaml"], True)
    (site / "templates").mkdir()
    (site / "templates/activity.html").write_text("{% extends 'base.html' %}", encoding="utf-8")
    assert changes.look() == ([site / "templates/activity.html"], True)
    changes.close()


@pytest.mark.parametrize("way", WAYS)
def test_what_the_build_writes_beside_the_content_is_not_a_change(site, way):
    changes = way(site)
    (site / "output").mkdir()
    (site / "output/index.html").write_text("<html>", encoding="utf-8")
    (site / ".wijkgen-cache").mkdir(exist_ok=True)
    (site / ".wijkgen-cache/x").write_text("x", encoding="utf-8")
    assert changes.look() == ([], False)
    changes.close()


@pytest.mark.parametrize("way", WAYS)
def test_a_removed_file_is_a_change_that_saved_nothing_and_ends_a_burst(site, way):
    changes = way(site, debounce=0.3)
    (site / "content/activiteiten/cafe.md").unlink()
    assert changes.poll(10.0) == ([], False)
    assert changes.poll(10.2) == ([], False)  # still within the burst
    assert changes.poll(10.3) == ([], True)  # quiet for the debounce: the burst ended, once
    assert changes.poll(10.9) == ([], False)
    changes.close()


def test_inotify_keeps_watching_a_folder_moved_within_the_site_under_its_new_name(site):
    changes = watch.Inotify(site)
    (site / "content/activiteiten/zomer").mkdir()
    changes.look()
    os.rename(site / "content/activiteiten/zomer", site / "content/activiteiten/winter")
    changes.look()
    (site / "content/activiteiten/winter/kamp.md").write_text(front(CAFE), encoding="utf-8")
    assert changes.look() == ([site / "content/activiteiten/winter/kamp.md"], True)
    changes.close()
