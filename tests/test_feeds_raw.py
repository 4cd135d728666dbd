"""Raw checks on the bytes of every feed of the example site and the recurrence test site:
the things that make one client or another refuse or garble a whole feed."""

from __future__ import annotations

import re

import icalendar
import pytest
from conftest import REPO
from feedkit import RECURRENCE_TODAY, feeds_in, recurrence_site, unfold
from sitekit import run

TEXT_PROPERTIES = {"SUMMARY", "DESCRIPTION", "LOCATION", "NAME", "X-WR-CALNAME"}
HTML_TRACES = re.compile(r"<[a-zA-Z/!]|&(amp|lt|gt|quot|nbsp|#\d+|#x[0-9a-f]+);", re.IGNORECASE)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    example = run(REPO, "build", "--today", "2026-11-28",
                  output_dir=tmp_path_factory.mktemp("example") / "output")
    assert example.code == 0, example.stdout
    site = recurrence_site(tmp_path_factory.mktemp("recurrence"))
    recurring = run(site, "build", "--today", RECURRENCE_TODAY)
    assert recurring.code == 0, recurring.stdout
    return {"example": example.output_dir, "recurrence": recurring.output_dir}


def every_feed(outputs):
    return [(name, folder, feed) for name, folder in outputs.items() for feed in feeds_in(folder)]


def test_both_sites_have_feeds(outputs):
    for folder in outputs.values():
        assert "agenda.ics" in feeds_in(folder)
        assert len(feeds_in(folder)) > 5


def test_line_endings_bom_and_folding(outputs):
    for name, folder, feed in every_feed(outputs):
        data = (folder / feed).read_bytes()
        where = f"{name}:{feed}"
        assert not data.startswith(b"\xef\xbb\xbf"), f"{where}: byte-order mark"
        assert data.startswith(b"BEGIN:VCALENDAR\r\n"), where
        assert data.endswith(b"END:VCALENDAR\r\n"), where
        lf, crlf, cr = data.count(b"\n"), data.count(b"\r\n"), data.count(b"\r")
        assert lf == crlf == cr, f"{where}: bare LF or CR"
        for number, line in enumerate(data.split(b"\r\n")[:-1], 1):
            assert len(line) <= 75, f"{where}:{number}: {len(line)} octets"
            line.decode("utf-8")  # a fold that split a UTF-8 character fails here


def test_text_is_escaped(outputs):
    for name, folder, feed in every_feed(outputs):
        for line in unfold((folder / feed).read_bytes()):
            text = line.decode("utf-8")
            prop = re.split(r"[;:]", text, maxsplit=1)[0]
            if prop not in TEXT_PROPERTIES:
                continue
            value = text.split(":", 1)[1]  # our text properties carry no quoted parameters
            # outside escapes, no ; or , may appear, and every \ starts one of the five escapes
            unescaped = re.sub(r"\\[\\;,nN]", "", value)
            assert not re.search(r"[;,\\]", unescaped), f"{name}:{feed}: {text}"


def test_no_html_in_text(outputs):
    for name, folder, feed in every_feed(outputs):
        calendar = icalendar.Calendar.from_ical((folder / feed).read_bytes())
        values = [str(calendar.get(p, "")) for p in ("NAME", "X-WR-CALNAME")]
        for event in calendar.walk("VEVENT"):
            values += [str(event.get(p, "")) for p in ("SUMMARY", "DESCRIPTION", "LOCATION")]
            if "CATEGORIES" in event:
                values += [str(c) for c in event["CATEGORIES"].cats]
        for value in values:
            assert not HTML_TRACES.search(value), f"{name}:{feed}: {value!r}"


def test_tricky_text_round_trips(outputs):
    calendar = icalendar.Calendar.from_ical(
        (outputs["recurrence"] / "activiteiten/zwemmen.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert str(events[0]["SUMMARY"]) == "Zwemmen & spelen; voor peuters, met ouders"
    cancelled = next(e for e in events if e.get("STATUS") == "CANCELLED")
    assert "kom volgende week weer, met je \\ handdoek" in str(cancelled["DESCRIPTION"])
    assert "één kop koffie" in str(events[0]["DESCRIPTION"])
    assert events[0]["CATEGORIES"].cats == ["Bewegen & sport"]


def test_every_event_is_complete_and_its_zone_described(outputs):
    for name, folder, feed in every_feed(outputs):
        calendar = icalendar.Calendar.from_ical((folder / feed).read_bytes())
        zones = {str(z["TZID"]) for z in calendar.walk("VTIMEZONE")}
        assert calendar["METHOD"] == "PUBLISH" and calendar["X-WR-CALNAME"]
        for event in calendar.walk("VEVENT"):
            where = f"{name}:{feed}: {event['UID']}"
            required = ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE", "LAST-MODIFIED")
            for prop in required:
                assert prop in event, f"{where} lacks {prop}"
            start = event["DTSTART"]
            if start.params.get("VALUE") != "DATE":
                assert start.params["TZID"] in zones, where
            exdates = event.get("EXDATE", [])
            for item in exdates if isinstance(exdates, list) else [exdates]:
                assert item.params.get("TZID") == start.params.get("TZID"), where
                assert item.params.get("VALUE") == start.params.get("VALUE"), where
