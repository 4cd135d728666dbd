"""Pages as a parent sees them: a small site built once, served from a sub-path.

Links are checked by resolving every relative href against the page's own URL, the way
a browser does, and looking for the file in output/. The wijk page is read as text:
the days, times, titles and notes in the order a parent reads them.
"""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest
from sitekit import front, make_site, run

TODAY = "2026-10-01"  # a Thursday

ACTIVITIES = {
    # weekly on Wednesday from before today: the past dates must not be listed
    "oudercafe": """
        ---
        title: Oudercafé Koffie en Koters
        wijk: stadshagen
        start: 2026-09-02 09:30
        end: 11:30
        location: csv28
        organisers: [sociaal-wijkteam]
        repeat:
          every: week
          on: woensdag
          until: 2026-11-25
        occurrences:
          - date: 2026-10-14
            status: cancelled
            note: Geen oudercafé i.v.m. de herfstvakantie
        ---
        Koffie, thee en spelen.
        """,
    "congres": """
        ---
        title: Congres Samen Opgroeien
        wijk: all
        start: 2026-10-07
        end: 2026-10-08
        location: Stadhuis Zwolle
        organisers: [sociaal-wijkteam]
        ---
        """,
    "peutergym": """
        ---
        title: Peutergym
        wijk: dieze-oost
        start: 2026-10-07 10:00
        end: 10:45
        organisers: [ggd]
        ---
        """,
    "voorjaarsmarkt": """
        ---
        title: Voorjaarsmarkt
        wijk: stadshagen
        start: 2026-09-20 10:00
        end: 14:00
        organisers: [sociaal-wijkteam]
        ---
        """,
}

ORGANISATIONS = {
    "sociaal-wijkteam": """
        ---
        name: Sociaal Wijkteam
        wijk: all
        questions:
          - Mijn kind slaapt slecht, wie kan helpen?
        phone: 038 498 2000
        ---
        """,
    "ggd": """
        ---
        name: GGD Consultatiebureau
        wijk: [dieze-oost]
        questions:
          - Groeit mijn baby goed?
        website: https://example.org/ggd
        ---
        """,
}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)

    def handle_data(self, data):
        self.text.append(data)


def read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    return reader


def visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", " ".join(read(html).text)).strip()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = make_site(
        tmp_path_factory.mktemp("pages") / "site",
        activities={slug: front(text) for slug, text in ACTIVITIES.items()},
        organisations={slug: front(text) for slug, text in ORGANISATIONS.items()},
    )
    result = run(site, "build", "--today", TODAY)
    assert result.code == 0, result.stdout + result.stderr
    return result


def page_url(output_dir, file) -> str:
    """The site-relative URL a page is served at: `stadshagen/index.html` -> `stadshagen/`."""
    path = file.relative_to(output_dir).as_posix()
    return path[: -len("index.html")] if path.endswith("index.html") else path


def test_every_relative_link_in_every_page_resolves(built):
    # served at https://example.org/wijkagenda/: a link must stay under that sub-path
    base = "/wijkagenda/"
    missing = []
    pages = sorted(built.output_dir.rglob("*.html"))
    assert len(pages) >= 10
    for file in pages:
        if file.name == "404.html":
            continue  # served for any missing path; its links are another matter
        here = base + page_url(built.output_dir, file)
        for href in read(file.read_text(encoding="utf-8")).links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # absolute links and #fragments
            assert not parts.path.startswith("/"), f"{file}: root-relative {href} ignores base_url"
            folder = posixpath.dirname(here)
            target = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
            if parts.path.endswith("/") or target + "/" == base:
                target += "/"
            if not target.startswith(base):
                missing.append((file, href, "leaves the sub-path"))
                continue
            relative = target[len(base):]
            output = built.output_dir / (relative + "index.html" if relative.endswith("/") or
                                         not relative else relative)
            if not output.is_file():
                missing.append((file.relative_to(built.output_dir).as_posix(), href))
    assert missing == []


def test_links_to_feeds_are_absolute_under_base_url(built):
    links = read(built.output("stadshagen/index.html")).links
    assert "webcal://example.org/wijkagenda/stadshagen/agenda.ics" in links
    assert any(link.endswith("agenda.ics") and not urlsplit(link).scheme for link in links)


@pytest.fixture(scope="module")
def stadshagen(built):
    """The agenda part of the Stadshagen page, as text."""
    text = visible_text(built.output("stadshagen/index.html"))
    start = text.index("Activiteiten in Stadshagen")
    return text[start:text.index("Waar kan ik terecht?", start)]


def test_wijk_page_groups_by_day_with_dutch_dates_and_times(stadshagen):
    weekday = "(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)"
    days = re.findall(rf"(?<!t/m ){weekday} \d+ \w+", stadshagen)
    assert days[:4] == ["woensdag 7 oktober", "woensdag 14 oktober", "woensdag 21 oktober",
                        "woensdag 28 oktober"]
    first_day = stadshagen[stadshagen.index("woensdag 7 oktober"):
                           stadshagen.index("woensdag 14 oktober")]
    # the city-wide congress (all day, two days) and the café share the 7th
    assert re.search(r"t/m donderdag 8 oktober Congres Samen Opgroeien", first_day)
    assert re.search(r"9\.30 – 11\.30 uur Oudercafé Koffie en Koters Kantine CSV'28", first_day)


def test_wijk_page_leaves_out_other_wijken_and_the_past(stadshagen):
    assert "Peutergym" not in stadshagen
    assert "Voorjaarsmarkt" not in stadshagen          # 20 September, before --today
    assert "30 september" not in stadshagen            # the café's last past Wednesday


def test_cancelled_occurrence_stays_visible_with_its_note(stadshagen):
    day = stadshagen[stadshagen.index("woensdag 14 oktober"):
                     stadshagen.index("woensdag 21 oktober")]
    assert "Gaat niet door" in day
    assert "Oudercafé Koffie en Koters" in day
    assert "Geen oudercafé i.v.m. de herfstvakantie" in day


def test_cancelled_occurrence_is_marked_in_the_markup(built):
    html = built.output("stadshagen/index.html")
    section = html[html.index('datetime="2026-10-14"'):html.index('datetime="2026-10-21"')]
    assert "cancelled" in section


def test_wijk_page_lists_its_organisations_and_their_questions(built):
    stadshagen = visible_text(built.output("stadshagen/index.html"))
    assert "Sociaal Wijkteam" in stadshagen
    assert "Mijn kind slaapt slecht, wie kan helpen?" in stadshagen
    assert "GGD Consultatiebureau" not in stadshagen
    dieze = visible_text(built.output("dieze-oost/index.html"))
    assert "Groeit mijn baby goed?" in dieze and "Mijn kind slaapt slecht" in dieze
    assert "woensdag 7 oktober" in dieze and "10.00 – 10.45 uur Peutergym" in dieze
    assert "Congres Samen Opgroeien" in dieze and "Oudercafé" not in dieze.split(
        "Waar kan ik terecht?")[0]


def test_activity_page_lists_its_upcoming_dates_only(built):
    text = visible_text(built.output("activiteiten/oudercafe/index.html"))
    assert "woensdag 7 oktober" in text and "woensdag 25 november" in text
    assert "30 september" not in text and "2 december" not in text


def test_pages_move_with_today(built, tmp_path):
    later = run(built.site, "build", "--today", "2026-10-15", output_dir=tmp_path / "out")
    text = visible_text(later.output("stadshagen/index.html"))
    assert "woensdag 14 oktober" not in text
    assert "woensdag 21 oktober" in text


def test_user_template_overrides_a_built_in_by_name(tmp_path):
    site = make_site(tmp_path / "site")
    (site / "templates").mkdir()
    (site / "templates/venue.html").write_text(
        '{% extends "base.html" %}{% block content %}'
        '<h1>Onze plek: {{ venue.name }}</h1>{% endblock %}', encoding="utf-8")
    result = run(site, "build", "--today", TODAY)
    assert result.code == 0, result.stdout
    venue = result.output("locaties/csv28/index.html")
    assert "<h1>Onze plek: Kantine CSV&#39;28</h1>" in venue
    assert 'href="../../assets/style.css"' in venue  # the built-in base still used
    assert "Onze plek" not in result.output("stadshagen/index.html")


def test_a_site_s_own_agenda_entry_may_read_its_page(tmp_path):
    """Built-in agenda entries are rendered once per folder depth and reused; a site's own
    version may read anything of the page it is on, so it is rendered on every page."""
    site = make_site(tmp_path / "site", activities={"peutergym": front("""
        ---
        title: Peutergym
        wijk: stadshagen
        start: 2026-10-07 10:00
        end: 10:45
        ages: [peuter]
        topics: [ontmoeten]
        ---
        """)})
    (site / "templates/partials").mkdir(parents=True)
    (site / "templates/partials/occurrence.html").write_text(
        '<li class="occurrence">{{ o.activity.title }} op {{ page_url }}</li>', encoding="utf-8")
    result = run(site, "build", "--today", TODAY)
    assert result.code == 0, result.stdout
    for page in ("stadshagen/", "stadshagen/leeftijd/peuter/", "stadshagen/onderwerp/ontmoeten/"):
        html = result.output(page + "index.html")
        assert f"Peutergym op {page}<" in html, page
