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


# Every case below is one activity of one site, built once for the module.

TIMES = [
    ("2026-10-07 09:30", "11:30"),       # YAML 1.1: 11:30 is the number 690
    ("2026-10-07 9:30", "11:30"),        # 9:30 and 09:30 are the same time
    ("2026-10-07 09.30", "11.30"),       # the Dutch way
    ("2026-10-07 9.30", "11.30 uur"),
    ('"2026-10-07 09:30"', "'11:30'"),   # quoted, as careful volunteers do
    ("2026-10-07T09:30", "2026-10-07 11:30"),
]
TITLES = ["1984", "yes", "No", "on", "off", "010", "0x1F", "1e3", "2026-10-07", "~", "null"]
WEEKLY = [
    ("WOENSDAG", "2026-10-07", [date(2026, 10, 7), date(2026, 10, 14), date(2026, 10, 21)]),
    ("[Wednesday, vrijdag]", "2026-10-07", [date(2026, 10, 7), date(2026, 10, 9),
                                            date(2026, 10, 14)]),
    ("Woensdag\n  interval: 2", "2026-10-07", [date(2026, 10, 7), date(2026, 10, 21),
                                               date(2026, 11, 4)]),
]
MONTHLY = [
    ("Laatste Vrijdag", "2026-10-30", [date(2026, 10, 30), date(2026, 11, 27), date(2026, 12, 25)]),
    ("eerste dinsdag", "2026-10-06", [date(2026, 10, 6), date(2026, 11, 3), date(2026, 12, 1)]),
    ("First TUESDAY", "2026-10-06", [date(2026, 10, 6), date(2026, 11, 3), date(2026, 12, 1)]),
    ("tweede woensdag", "2026-10-14", [date(2026, 10, 14), date(2026, 11, 11), date(2026, 12, 9)]),
    ("[15]", "2026-10-15", [date(2026, 10, 15), date(2026, 11, 15), date(2026, 12, 15)]),
]
FILE_NAMES = [
    ("Oudercafé", "oudercafe"),
    ("Peutergym Zwolle Zuid", "peutergym-zwolle-zuid"),
    ("Koffie & Koters", "koffie-koters"),
    ("CAFÉ_ÇA_VA", "cafe-ca-va"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    activities = {}
    for number, (start, end) in enumerate(TIMES):
        activities[f"time-{number}"] = activity(start, end)
    for number, title in enumerate(TITLES):
        activities[f"title-{number}"] = activity("2026-10-07 09:30", "11:30", title=title)
    for number, (on, first, _) in enumerate(WEEKLY):
        activities[f"weekly-{number}"] = activity(
            f"{first} 09:30", "11:30", f"repeat:\n  every: Week\n  on: {on}")
    for number, (on, first, _) in enumerate(MONTHLY):
        activities[f"monthly-{number}"] = activity(
            f"{first} 19:30", "21:00", f"repeat:\n  every: maand\n  on: {on}")
    for file_name, _ in FILE_NAMES:
        activities[file_name] = activity("2026-10-08 09:30", "11:30", title=file_name)
    # YAML 1.1 reads 13:05 as 785 and 20:00 as 1200: both must stay clock times
    activities["afternoon"] = activity("2026-10-07 13:05", "20:00")
    # `on:` is the boolean True as a YAML 1.1 key; count 010 is octal 8 in YAML 1.1
    activities["octal"] = activity("2026-10-07 09:30", "11:30",
                                   "repeat:\n  every: week\n  on: wednesday\n  count: 010")
    activities["dates"] = activity(
        "2026-10-07 09:30", "11:30",
        "repeat:\n  every: week\n  until: 2026-10-28\n  except: [2026-10-14]\n"
        "occurrences:\n  - date: 2026-10-21\n    start: 2026-10-21 10:00\n    end: 12:00")
    activities["markdown"] = activity("2026-10-07 09:30", "11:30").replace(
        "Koffie en koters.\n", BODY)
    return build(tmp_path_factory.mktemp("reading"), activities=activities)


# YAML 1.1 surprises ------------------------------------------------------------------

@pytest.mark.parametrize("number", range(len(TIMES)), ids=[" / ".join(t) for t in TIMES])
def test_times_are_read_as_written(built, number):
    found = event(built, f"time-{number}")
    assert found["DTSTART"].dt == local(2026, 10, 7, 9, 30)
    assert found["DTEND"].dt == local(2026, 10, 7, 11, 30)
    assert "9.30 – 11.30 uur" in built.output(f"activiteiten/time-{number}/index.html")


def test_sexagesimal_looking_end_past_noon(built):
    assert event(built, "afternoon")["DTEND"].dt == local(2026, 10, 7, 20, 0)


@pytest.mark.parametrize("number", range(len(TITLES)), ids=TITLES)
def test_titles_that_yaml_would_turn_into_something_else(built, number):
    title = TITLES[number]
    assert str(event(built, f"title-{number}")["SUMMARY"]) == title
    assert f"<h1>{title}</h1>" in built.output(f"activiteiten/title-{number}/index.html")


def test_on_key_and_octal_looking_count_in_repeat(built):
    found = starts(built, "octal")
    assert len(found) == 10
    assert found[-1] == local(2026, 12, 9, 9, 30)


def test_unquoted_dates_everywhere(built):
    assert starts(built, "dates") == [local(2026, 10, 7, 9, 30), local(2026, 10, 21, 10, 0),
                                      local(2026, 10, 28, 9, 30)]


@pytest.mark.parametrize("number", range(len(WEEKLY)), ids=[w[0] for w in WEEKLY])
def test_weekday_names_in_any_language_and_case(built, number):
    expected = WEEKLY[number][2]
    assert [s.date() for s in starts(built, f"weekly-{number}")[:3]] == expected


@pytest.mark.parametrize("number", range(len(MONTHLY)), ids=[m[0] for m in MONTHLY])
def test_month_positions_in_any_language_and_case(built, number):
    expected = MONTHLY[number][2]
    assert [s.date() for s in starts(built, f"monthly-{number}")[:3]] == expected


@pytest.mark.parametrize("file_name, slug", FILE_NAMES)
def test_slug_from_file_name(built, file_name, slug):
    assert (built.output_dir / f"activiteiten/{slug}/index.html").is_file()
    assert str(event(built, slug)["SUMMARY"]) == file_name
    assert f"activiteiten/{slug}/" in built.output("stadshagen/index.html")


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


def test_empty_body(tmp_path):
    endings = {"stadshagen": "---\nname: Stadshagen\n---\n", "dieze-oost": "---\nname: Dieze\n---",
               "zuid": "---\nname: Zuid\n...\n"}
    result = build(tmp_path, wijken=endings)
    for slug, name in [("stadshagen", "Stadshagen"), ("dieze-oost", "Dieze"), ("zuid", "Zuid")]:
        assert f"<h1>{name}</h1>" in result.output(f"{slug}/index.html")


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
def markdown_page(built):
    return re.sub(r"\s+", " ", built.output("activiteiten/markdown/index.html"))


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
