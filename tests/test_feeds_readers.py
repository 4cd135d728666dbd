"""Independent readers see in every feed exactly the occurrences the pages show:
date by date and minute by minute in Europe/Amsterdam, cancelled ones marked, across
both daylight-saving changes, with moved, cancelled and excepted dates, all-day and
multi-day activities, count, until, interval and raw rrule."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from feedkit import (
    READERS,
    Seen,
    differences,
    example_and_recurrence,
    feeds_in,
)


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    return example_and_recurrence(tmp_path_factory)


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("site_name", ["example", "recurrence"])
def test_every_feed_shows_what_the_pages_show(sites, site_name, reader):
    output, view = sites[site_name]
    problems = []
    for feed in feeds_in(output):
        expected = view.of(view.members(feed))
        actual = READERS[reader]((output / feed).read_bytes(), view.window)
        if expected != actual:
            problems.append(f"{feed}:\n{differences(expected, actual)}")
    heading = f"{reader} disagrees with the pages of {site_name}:\n"
    assert not problems, heading + "\n".join(problems)


class _Starts(HTMLParser):
    """The starts an activity page shows: `<time datetime>` inside each listed date."""

    def __init__(self):
        super().__init__()
        self.in_dates = False
        self.starts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "ul" and "occurrences" in (attrs.get("class") or ""):
            self.in_dates = True
        elif tag == "time" and self.in_dates:
            self.starts.append(attrs["datetime"])

    def handle_endtag(self, tag):
        if tag == "ul":
            self.in_dates = False


def test_activity_pages_show_the_timeline_the_comparison_uses(sites):
    """Anchors PageView in the HTML: each listed date's `<time datetime>` values."""
    for output, view in sites.values():
        for slug, occurrences in view.timeline.by_activity.items():
            parser = _Starts()
            parser.feed((output / "activiteiten" / slug / "index.html").read_text("utf-8"))
            shown = [value for value in parser.starts if "T" in value]
            timed = [o.start.isoformat() for o in occurrences if not o.all_day]
            days = [o.first_day.isoformat() for o in occurrences]
            assert [v for v in parser.starts if "T" not in v] == days, slug
            assert shown == timed, slug


def test_recurrence_site_covers_the_hard_cases(sites):
    """The cases the comparison must cover are really in the recurrence site's pages."""
    _, view = sites["recurrence"]
    every = view.of(view.site.activities)
    starts = {item.start for item in every}
    assert "2026-10-25 10:00" in starts and "2027-03-28 10:00" in starts  # both DST Sundays
    assert "2026-12-27 10:00" not in starts  # excepted
    assert Seen("2026-11-15 10:00", "2026-11-15 11:30",
                "Afgelast: Zwemmen & spelen; voor peuters, met ouders") in every
    assert Seen("2027-01-09 14:00", "2027-01-09 15:30",
                "Zwemmen & spelen; voor peuters, met ouders") in every  # moved a day earlier
    assert "2027-01-10 10:00" not in starts
    tuesdays = sorted(s for s in starts if s.endswith("19:30"))
    assert tuesdays == ["2026-10-06 19:30", "2026-11-03 19:30", "2027-01-05 19:30",
                        "2027-02-02 19:30", "2027-03-02 19:30"]  # count 6, one excepted
    fridays = sorted(i.start[:10] for i in every if i.summary.startswith("Laatste vrijdag"))
    assert fridays[-1] == "2027-04-30"
    assert all(date.fromisoformat(f).weekday() == 4 for f in fridays)
    assert Seen("2026-11-14", "2026-11-15", "Kinderboekenweekend") in every
    assert Seen("2026-10-24 22:00", "2026-10-25 01:30",
                "Sterrenkijken in de nacht van de wintertijd") in every
    assert all(i.summary.startswith("Afgelast: ") for i in every if "Babymassage" in i.summary)
    assert len([i for i in every if "knutselen" in i.summary]) == 8


def test_a_disagreement_is_reported(sites):
    """The comparison can fail: a feed with one time shifted by an hour is caught."""
    output, view = sites["recurrence"]
    data = (output / "activiteiten/zwemmen.ics").read_bytes()
    shifted = re.sub(rb"DTSTART;TZID=Europe/Amsterdam:20261004T100000",
                     b"DTSTART;TZID=Europe/Amsterdam:20261004T110000", data)
    for read in READERS.values():
        assert read(shifted, view.window) != view.of({"zwemmen"})
