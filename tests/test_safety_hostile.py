"""A site full of hostile content builds into pages and feeds a parent can open safely.

tests/hostile/payloads.txt holds filter-evasion payloads in the style of the OWASP XSS
Filter Evasion Cheat Sheet. Every payload goes into every text field a volunteer fills in
(titles, names, places, costs, questions, notes, addresses, opening hours) and into the
Markdown bodies. The build must succeed, and no page or feed may hold a script, an event
handler, a style attribute, a frame, object, form or a javascript:/data:/vbscript: URL.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar
from safety_scan import scan_feed, scan_output, scan_page
from sitekit import SITE_YAML, make_site, run

from wijkgen import markup

HOSTILE = Path(__file__).parent / "hostile"
PAYLOADS = [
    line.replace("\\n", "\n")  # the iCalendar-injection payload needs real line breaks
    for line in (HOSTILE / "payloads.txt").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]


def quoted(text: str) -> str:
    """A YAML double-quoted scalar holding exactly `text` (JSON strings are valid YAML)."""
    return json.dumps(text)


def hostile_activity(index: int, payload: str) -> str:
    location = f"plek-{index}" if index % 2 else quoted(payload)
    return f"""\
---
title: {quoted(payload)}
wijk: stadshagen
start: 2026-12-02 09:30
end: 11:00
location: {location}
organisers: [org-{index}]
topics: [ontmoeten]
cost: {quoted(payload)}
repeat:
  every: week
  count: 3
occurrences:
  - date: 2026-12-09
    note: {quoted(payload)}
    location: {quoted(payload)}
---
{payload}

Tekst na de aanval.
"""


def hostile_organisation(payload: str) -> str:
    return f"""\
---
name: {quoted(payload)}
wijk: stadshagen
topics: [opvoeding]
questions:
  - {quoted(payload)}
address: {quoted(payload)}
hours: {quoted(payload)}
website: https://example.org/hulp
---
{payload}
"""


def hostile_venue(payload: str) -> str:
    return f"""\
---
name: {quoted(payload)}
address: {quoted(payload)}
wijk: stadshagen
accessibility: {quoted(payload)}
---
{payload}
"""


def make_hostile_site(root: Path) -> Path:
    site_yaml = SITE_YAML.format(language="nl").replace(
        "title: Samen opgroeien", f"title: {quoted(PAYLOADS[0])}\ndescription: {quoted(PAYLOADS[1])}"
    ).replace("ontmoeten: Ontmoeten", f"ontmoeten: {quoted(PAYLOADS[2])}")
    every_payload = "\n\n".join(PAYLOADS)
    return make_site(
        root,
        site_yaml=site_yaml,
        wijken={
            "stadshagen": f"---\nname: {quoted(PAYLOADS[3])}\n---\n{every_payload}\n",
            "dieze-oost": "---\nname: Dieze-Oost\n---\n",
        },
        activities={f"aanval-{i}": hostile_activity(i, p) for i, p in enumerate(PAYLOADS)},
        organisations={f"org-{i}": hostile_organisation(p) for i, p in enumerate(PAYLOADS)},
        venues={f"plek-{i}": hostile_venue(p) for i, p in enumerate(PAYLOADS)},
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    site = make_hostile_site(tmp_path_factory.mktemp("hostile"))
    return run(site, "build", "--today", "2026-11-28")


def test_there_are_enough_payloads_to_mean_something():
    assert len(PAYLOADS) >= 40


def test_the_hostile_site_builds(hostile):
    assert hostile.code == 0, hostile.stdout + hostile.stderr
    assert (hostile.output_dir / "activiteiten" / f"aanval-{len(PAYLOADS) - 1}" / "index.html").exists()


def test_no_page_or_feed_holds_anything_that_runs(hostile):
    problems = scan_output(hostile.output_dir)
    assert problems == []


def test_every_page_and_feed_was_scanned(hostile):
    pages = list(hostile.output_dir.rglob("*.html"))
    feeds = list(hostile.output_dir.rglob("*.ics"))
    # one page per activity, organisation and venue, and a feed per activity at least
    assert len(pages) >= 3 * len(PAYLOADS)
    assert len(feeds) >= len(PAYLOADS)


def test_no_calendar_event_can_be_injected_through_a_text_field(hostile):
    feed = Calendar.from_ical(hostile.output_bytes("agenda.ics"))
    events = feed.walk("VEVENT")
    # each activity: its series and one changed date, nothing more
    assert len(events) == 2 * len(PAYLOADS)
    assert not [e for e in events if str(e.get("SUMMARY")) == "ingevoegd"]


def test_volunteers_are_told_where_html_was_removed(hostile):
    assert "content/activiteiten/aanval-0.md:18:1: waarschuwing: onveilige HTML" in hostile.stdout
    title_warning = "waarschuwing: HTML-codes of scriptlinks zijn weggehaald uit 'title'"
    assert f"content/activiteiten/aanval-0.md:2:8: {title_warning}" in hostile.stdout


def test_plain_text_stays_visible_as_text(hostile):
    page = hostile.output("activiteiten/aanval-0/index.html")
    assert "Tekst na de aanval." in page
    # the title `<script>alert('XSS')</script>` keeps its words, not its tag
    assert "alert(&#39;XSS&#39;)" in page


# The scanner itself must see what it is there to see: each check fails on a bad page.
@pytest.mark.parametrize("html", [
    "<script>alert(1)</script>",
    '<script src="https://evil.example/x.js"></script>',
    "<img src=x onerror=alert(1)>",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href=" &#14; javascript:alert(1)">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<p style="color:red">x</p>',
    '<iframe src="https://example.org"></iframe>',
    '<form action="https://example.org"></form>',
    '<object data="x"></object>',
    '<embed src="x">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
])
def test_the_page_scanner_catches(html):
    assert scan_page("page.html", f"<html><body>{html}</body></html>")


def test_the_feed_scanner_catches_html_and_bad_urls():
    feed = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:1\r\n"
        b"DTSTAMP:20261128T000000Z\r\nSUMMARY:<script>alert(1)</script>\r\n"
        b"URL:javascript:alert(1)\r\nDESCRIPTION:zie javascript:alert(1)\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert len(scan_feed("x.ics", feed)) == 3


# Each protection on its own, so that removing it fails a test with a clear name.
def test_the_sanitiser_removes_scripts_handlers_and_bad_links_from_bodies():
    html = markup.render(
        "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[k](JaVaScRiPt:alert(1))"
        '\n\n<p style="x">s</p>\n\n<iframe src="https://e.example"></iframe>'
    ).html
    assert scan_page("body", html) == []
    assert "alert" not in html.replace("onerror", "")


def test_calendar_descriptions_hold_no_tags_and_no_refused_links():
    text = markup.plain_text(
        "Kom langs <<SCRIPT>alert(1);//<</SCRIPT> en [klik](javascript:alert(1))\n\n"
        "&lt;script&gt;alert(2)&lt;/script&gt; [site](https://example.org)"
    )
    assert "<s" not in text.lower() and "javascript" not in text.lower()
    assert "site (https://example.org)" in text


def test_titles_are_escaped_in_pages(tmp_path):
    site = make_site(tmp_path, activities={"a": """\
        ---
        title: 'Ouders & kind "samen" <3'
        wijk: stadshagen
        start: 2026-12-02 09:30
        organisers: [sociaal-wijkteam]
        ---
        """})
    result = run(site, "build", "--today", "2026-11-28")
    assert result.code == 0, result.stdout
    assert "Ouders &amp; kind &#34;samen&#34; &lt;3" in result.output("activiteiten/a/index.html")
