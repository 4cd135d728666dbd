"""An event's identity in the feeds: editing an activity keeps every UID (the change
reaches subscribers as an update, with a higher SEQUENCE and a newer LAST-MODIFIED);
renaming its file is the one thing that gives it a new UID. All of it deterministic."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
from feedkit import git
from sitekit import make_site, run

CAFE = """
---
title: Oudercafé
wijk: stadshagen
start: 2026-10-07 09:30
end: 11:30
location: csv28
organisers: [sociaal-wijkteam]
repeat:
  every: week
  on: [woensdag]
occurrences:
  - date: 2026-12-02
    status: cancelled
    note: Geen oudercafé
---
Koffie en een praatje.
"""

GYM = """
---
title: Peutergym
wijk: dieze-oost
start: 2026-12-05 10:00
end: 11:00
organisers: [sociaal-wijkteam]
---
Bewegen.
"""

TODAY = "2026-11-28"


def events(site: Path, out: str = "output") -> dict[str, list]:
    """UID -> [(RECURRENCE-ID or None, SEQUENCE, LAST-MODIFIED)] of the site's agenda.ics."""
    result = run(site, "build", "--today", TODAY, output_dir=site / out)
    assert result.code == 0, result.stdout
    calendar = icalendar.Calendar.from_ical(result.output_bytes("agenda.ics"))
    found: dict[str, list] = {}
    for event in calendar.walk("VEVENT"):
        recurrence_id = event.decoded("recurrence-id") if "RECURRENCE-ID" in event else None
        found.setdefault(str(event["UID"]), []).append(
            (recurrence_id, int(event["SEQUENCE"]), event.decoded("last-modified")))
    return found


@pytest.fixture
def site(tmp_path):
    site = make_site(tmp_path / "site", activities={"oudercafe": CAFE, "peutergym": GYM})
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "begin")
    return site


def edit(site: Path, old: str, new: str) -> None:
    file = site / "content/activiteiten/oudercafe.md"
    text = file.read_text("utf-8")
    assert old in text
    file.write_text(text.replace(old, new), "utf-8")


def test_edits_keep_every_uid_and_raise_sequence_and_last_modified(site):
    before = events(site)
    assert set(before) == {"activiteit-oudercafe@example.org", "activiteit-peutergym@example.org"}
    cafe = "activiteit-oudercafe@example.org"
    first = datetime(2026, 11, 1, 12, tzinfo=UTC)
    assert before[cafe] == [(None, 1, first), (before[cafe][1][0], 1, first)]
    edits = [
        ("Koffie en een praatje.", "Koffie, thee en een praatje."),  # description
        ("end: 11:30", "end: 12:00"),  # time
        ("location: csv28", "location: Bibliotheek Stadshagen"),  # location
        ("start: 2026-10-07 09:30", "start: 2026-10-07 10:00"),  # start time of the series
    ]
    for number, (old, new) in enumerate(edits, 2):
        edit(site, old, new)
        when = f"2026-11-{number:02d}T12:00:00+00:00"
        git(site, "commit", "-q", "-am", f"edit {number}", when=when)
        after = events(site)
        assert set(after) == set(before), f"edit {number} changed a UID"
        assert [s for _, s, _ in after[cafe]] == [number, number]
        assert {m for _, _, m in after[cafe]} == {datetime.fromisoformat(when)}
        assert after["activiteit-peutergym@example.org"] == before["activiteit-peutergym@example.org"]


def test_renaming_the_file_changes_exactly_that_uid(site):
    before = events(site)
    git(site, "mv", "content/activiteiten/oudercafe.md", "content/activiteiten/koffie-ochtend.md")
    git(site, "commit", "-q", "-m", "rename", when="2026-11-03T12:00:00+00:00")
    after = events(site)
    assert set(before) - set(after) == {"activiteit-oudercafe@example.org"}
    assert set(after) - set(before) == {"activiteit-koffie-ochtend@example.org"}
    assert after["activiteit-peutergym@example.org"] == before["activiteit-peutergym@example.org"]


def test_an_uncommitted_edit_counts_one_revision_more_and_uses_the_build_day(site):
    edit(site, "end: 11:30", "end: 12:00")
    cafe = events(site)["activiteit-oudercafe@example.org"]
    assert {(s, m) for _, s, m in cafe} == {(2, datetime(2026, 11, 28, tzinfo=UTC))}


def test_outside_git_every_feed_is_the_same_for_the_same_today(tmp_path):
    site = make_site(tmp_path / "site", activities={"oudercafe": CAFE, "peutergym": GYM})
    one = run(site, "build", "--today", TODAY, output_dir=tmp_path / "one")
    two = run(site, "build", "--today", TODAY, output_dir=tmp_path / "two")
    feeds = sorted(p.relative_to(one.output_dir) for p in one.output_dir.rglob("*.ics"))
    assert feeds
    for feed in feeds:
        assert one.output_bytes(str(feed)) == two.output_bytes(str(feed)), feed
    calendar = icalendar.Calendar.from_ical(one.output_bytes("agenda.ics"))
    assert {int(e["SEQUENCE"]) for e in calendar.walk("VEVENT")} == {0}


def test_rebuilding_a_commit_gives_the_same_feeds(site):
    assert events(site, "one") == events(site, "two")
    one, two = site / "one", site / "two"
    for feed in sorted(one.rglob("*.ics")):
        assert feed.read_bytes() == (two / feed.relative_to(one)).read_bytes(), feed


def test_a_site_in_a_subfolder_of_its_repository_has_its_history(tmp_path):
    site = make_site(tmp_path / "repo" / "wijkagenda", activities={"oudercafe": CAFE})
    git(tmp_path / "repo", "init", "-q")
    git(tmp_path / "repo", "add", "-A")
    git(tmp_path / "repo", "commit", "-q", "-m", "begin")
    edit(site, "end: 11:30", "end: 12:00")
    git(tmp_path / "repo", "commit", "-q", "-am", "edit", when="2026-11-05T12:00:00+00:00")
    cafe = events(site)["activiteit-oudercafe@example.org"]
    assert {(s, m) for _, s, m in cafe} == {(2, datetime(2026, 11, 5, 12, tzinfo=UTC))}
