"""Reading content as volunteers write it: YAML 1.1's surprises, names in any case,
file names, encodings and Markdown. What was read is checked where a parent or a
calendar sees it: in the built pages, and in the feeds parsed by icalendar and
recurring-ical-events (never by reading our own models back).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from sitekit import make_site, run

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TODAY = "2026-10-01"


def activity(start: str, end: str | None = None, extra: str = "", title: str = "Oudercafé",
             wijk: str = "stadshagen") -> str:
    lines = ["---", f"title: {title}", f"wijk: {wijk}", f"start: {start}"]
    lines += [f"end: {end}"] if end is not None else []
    lines += ["organisers: [sociaal-wijkteam]", extra, "---", "Koffie en koters."]
    return "\n".join(lines) + "\n"


def build(tmp_path, **files):
    site = make_site(tmp_path / "site", **files)
    result = run(site, "build", "--today", TODAY)
    assert result.code == 0, result.stdout + result.stderr
    return result


def event(result, slug: str = "cafe") -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(result.output_bytes(f"activiteiten/{slug}.ics"))
    (found,) = [c for c in calendar.walk("VEVENT") if "RECURRENCE-ID" not in c]
    return found


def starts(result, slug: str = "cafe", until: date = date(2027, 12, 31)) -> list[datetime]:
    """Every start of the activity as recurring-ical-events expands its feed."""
    calendar = icalendar.Calendar.from_ical(result.output_bytes(f"activiteiten/{slug}.ics"))
    found = recurring_ical_events.of(calendar).between(date(2026, 1, 1), until)
    return sorted(e["DTSTART"].dt for e in found)


def local(*args) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM)


# YAML 1.1 surprises ------------------------------------------------------------------

@pytest.mark.parametrize("start, end", [
    ("2026-10-07 09:30", "11:30"),       # YAML 1.1: 11:30 is the number 690
    ("2026-10-07 9:30", "11:30"),        # 9:30 and 09:30 are the same time
    ("2026-10-07 09.30", "11.30"),       # the Dutch way
    ("2026-10-07 9.30", "11.30 uur"),
    ('"2026-10-07 09:30"', "'11:30'"),   # quoted, as careful volunteers do
    ("2026-10-07T09:30", "2026-10-07 11:30"),
])
def test_times_are_read_as_written(tmp_path, start, end):
    result = build(tmp_path, activities={"cafe": activity(start, end)})
    found = event(result)
    assert found["DTSTART"].dt == local(2026, 10, 7, 9, 30)
    assert found["DTEND"].dt == local(2026, 10, 7, 11, 30)
    assert "9.30 – 11.30 uur" in result.output("activiteiten/cafe/index.html")


def test_sexagesimal_looking_end_past_noon(tmp_path):
    # YAML 1.1 reads 13:05 as 785 and 20:00 as 1200: both must stay clock times
    result = build(tmp_path, activities={"cafe": activity("2026-10-07 13:05", "20:00")})
    assert event(result)["DTEND"].dt == local(2026, 10, 7, 20, 0)


@pytest.mark.parametrize("title", ["1984", "yes", "No", "on", "off", "010", "0x1F", "1e3",
                                   "2026-10-07", "~", "null"])
def test_titles_that_yaml_would_turn_into_something_else(tmp_path, title):
    result = build(tmp_path, activities={"cafe": activity("2026-10-07 09:30", "11:30",
                                                          title=title)})
    assert str(event(result)["SUMMARY"]) == title
    assert f"<h1>{title}</h1>" in result.output("activiteiten/cafe/index.html")


def test_a_wijk_named_no(tmp_path):
    result = build(
        tmp_path,
        wijken={"no": "---\nname: no\n---\n", "stadshagen": "---\nname: Stadshagen\n---\n"},
        venues={},
        activities={"cafe": activity("2026-10-07 09:30", "11:30", wijk="no")},
    )
    assert "Oudercafé" in result.output("no/index.html")
    assert "Oudercafé" not in result.output("stadshagen/index.html")
    assert "<h1>no</h1>" in result.output("no/index.html")


def test_on_key_and_yes_no_values_in_repeat(tmp_path):
    # `on:` is the boolean True as a YAML 1.1 key; count 010 is octal 8 in YAML 1.1
    repeat = "repeat:\n  every: week\n  on: wednesday\n  count: 010"
    result = build(tmp_path, activities={"cafe": activity("2026-10-07 09:30", "11:30", repeat)})
    found = starts(result)
    assert len(found) == 10
    assert found[-1] == local(2026, 12, 9, 9, 30)


def test_unquoted_dates_everywhere(tmp_path):
    repeat = ("repeat:\n  every: week\n  until: 2026-10-28\n  except: [2026-10-14]\n"
              "occurrences:\n  - date: 2026-10-21\n    start: 2026-10-21 10:00\n    end: 12:00")
    result = build(tmp_path, activities={"cafe": activity("2026-10-07 09:30", "11:30", repeat)})
    assert starts(result) == [local(2026, 10, 7, 9, 30), local(2026, 10, 21, 10, 0),
                              local(2026, 10, 28, 9, 30)]


@pytest.mark.parametrize("on, first, expected", [
    ("WOENSDAG", "2026-10-07", [date(2026, 10, 7), date(2026, 10, 14)]),
    ("[Wednesday, vrijdag]", "2026-10-07", [date(2026, 10, 7), date(2026, 10, 9)]),
])
def test_weekday_names_in_any_language_and_case(tmp_path, on, first, expected):
    repeat = f"repeat:\n  every: week\n  on: {on}"
    result = build(tmp_path, activities={"cafe": activity(f"{first} 09:30", "11:30", repeat)})
    assert [s.date() for s in starts(result)[:2]] == expected


@pytest.mark.parametrize("on, first, expected", [
    ("Laatste Vrijdag", "2026-10-30", [date(2026, 10, 30), date(2026, 11, 27), date(2026, 12, 25)]),
    ("eerste dinsdag", "2026-10-06", [date(2026, 10, 6), date(2026, 11, 3), date(2026, 12, 1)]),
    ("First TUESDAY", "2026-10-06", [date(2026, 10, 6), date(2026, 11, 3), date(2026, 12, 1)]),
    ("tweede woensdag", "2026-10-14", [date(2026, 10, 14), date(2026, 11, 11), date(2026, 12, 9)]),
    ("[15]", "2026-10-15", [date(2026, 10, 15), date(2026, 11, 15), date(2026, 12, 15)]),
])
def test_month_positions_in_any_language_and_case(tmp_path, on, first, expected):
    repeat = f"repeat:\n  every: maand\n  on: {on}"
    result = build(tmp_path, activities={"cafe": activity(f"{first} 19:30", "21:00", repeat)})
    assert [s.date() for s in starts(result)[:3]] == expected


def test_every_in_dutch_with_interval(tmp_path):
    repeat = "repeat:\n  every: Week\n  interval: 2\n  on: woensdag"
    result = build(tmp_path, activities={"cafe": activity("2026-10-07 09:30", "11:30", repeat)})
    assert [s.date() for s in starts(result)[:3]] == [
        date(2026, 10, 7), date(2026, 10, 21), date(2026, 11, 4)]


# file names, encodings, bodies -------------------------------------------------------

@pytest.mark.parametrize("file_name, slug", [
    ("Oudercafé", "oudercafe"),
    ("Peutergym Zwolle Zuid", "peutergym-zwolle-zuid"),
    ("Koffie & Koters", "koffie-koters"),
    ("CAFÉ_ÇA_VA", "cafe-ca-va"),
])
def test_slug_from_file_name(tmp_path, file_name, slug):
    result = build(tmp_path, activities={file_name: activity("2026-10-07 09:30", "11:30")})
    assert (result.output_dir / f"activiteiten/{slug}/index.html").is_file()
    assert (result.output_dir / f"activiteiten/{slug}.ics").is_file()
    assert f"activiteiten/{slug}/" in result.output("stadshagen/index.html")


def test_bom_and_crlf_files_are_read(tmp_path):
    site = make_site(tmp_path / "site", activities={
        "cafe": activity("2026-10-07 09:30", "11:30", "cost: gratis")})
    for file in [site / "content/activiteiten/cafe.md", site / "site.yaml"]:
        file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes().replace(b"\n", b"\r\n"))
    result = run(site, "build", "--today", TODAY)
    assert result.code == 0, result.stdout
    assert event(result)["DTEND"].dt == local(2026, 10, 7, 11, 30)
    page = result.output("activiteiten/cafe/index.html")
    assert "gratis" in page and "\r" not in page and "\ufeff" not in page


def test_old_mac_line_endings(tmp_path):
    site = make_site(tmp_path / "site", activities={"cafe": activity("2026-10-07 09:30", "11:30")})
    file = site / "content/activiteiten/cafe.md"
    file.write_bytes(file.read_bytes().replace(b"\n", b"\r"))
    assert run(site, "build", "--today", TODAY).code == 0


@pytest.mark.parametrize("text", ["---\nname: Stadshagen\n---\n", "---\nname: Stadshagen\n---",
                                  "---\nname: Stadshagen\n...\n"])
def test_empty_body(tmp_path, text):
    result = build(tmp_path, wijken={"stadshagen": text})
    assert "<h1>Stadshagen</h1>" in result.output("stadshagen/index.html")


# Markdown like GitHub's and GitLab's preview -----------------------------------------

BODY = """\
# Welkom

Neem mee:
- een handdoek
  - voor de baby
  - voor jezelf
- iets te drinken

Eerste regel
loopt door

Met twee spaties{two_spaces}
een nieuwe regel

Zie **altijd** [de bibliotheek](https://example.org/bieb) of https://example.org/info.

| Dag | Tijd |
| --- | --- |
| woensdag | 9.30 |

Zo meld je je aan:
1. bel ons
2. kom langs

```
Neem mee:
- dit blijft code
```
""".format(two_spaces="  ")  # trailing spaces are invisible in source; spelled out here


@pytest.fixture(scope="module")
def markdown_page(tmp_path_factory):
    text = activity("2026-10-07 09:30", "11:30").replace("Koffie en koters.\n", BODY)
    result = build(tmp_path_factory.mktemp("md"), activities={"cafe": text})
    page = result.output("activiteiten/cafe/index.html")
    return re.sub(r"\s+", " ", page)


def test_markdown_list_nested_with_two_spaces(markdown_page):
    assert re.search(r"<li>een handdoek ?<ul> ?<li>voor de baby</li> ?<li>voor jezelf</li> ?</ul>"
                     r" ?</li> ?<li>iets te drinken</li>", markdown_page)


def test_markdown_line_breaks_like_a_markdown_file_on_github(markdown_page):
    # a single newline joins the lines; two trailing spaces break the line
    assert "<p>Eerste regel loopt door</p>" in markdown_page
    assert re.search(r"Met twee spaties<br ?/?> ?een nieuwe regel", markdown_page)


def test_markdown_links_bold_and_bare_urls(markdown_page):
    assert "<strong>altijd</strong>" in markdown_page
    assert re.search(r'<a href="https://example.org/bieb"[^>]*>de bibliotheek</a>', markdown_page)
    # the bare URL is a link, and the full stop after it is not part of it
    assert re.search(r'<a href="https://example.org/info"[^>]*>https://example.org/info</a>\.',
                     markdown_page)


def test_markdown_heading_stays_below_the_page_title(markdown_page):
    assert "<h2>Welkom</h2>" in markdown_page
    assert markdown_page.count("<h1") == 1


def test_markdown_table(markdown_page):
    assert re.search(r"<table> ?<thead> ?<tr> ?<th>Dag</th> ?<th>Tijd</th>", markdown_page)
    assert re.search(r"<td>woensdag</td> ?<td>9.30</td>", markdown_page)


def test_markdown_numbered_list_right_under_text(markdown_page):
    assert re.search(r"<p>Zo meld je je aan:</p> ?<ol> ?<li>bel ons</li> ?<li>kom langs</li>",
                     markdown_page)


def test_markdown_code_block_is_left_alone(markdown_page):
    assert "<pre><code>Neem mee: - dit blijft code </code></pre>" in markdown_page
