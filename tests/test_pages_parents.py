"""What parents see on the built pages: dates in words, cancelled dates in words, the agenda
by week and month, filter pages, 'Waar kan ik terecht?', the month sheet, and what machines
read (JSON-LD, sitemap, robots.txt, a 404 page that works from any folder)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import REPO
from sitekit import make_site, run

from wijkgen import labels, pages

TODAY = "2026-11-28"  # a Saturday

ACTIVITIES = {
    "babycafe": """
        ---
        title: Babycafé
        wijk: stadshagen
        start: 2026-11-30 09:30
        end: 11:00
        location: csv28
        organisers: [sociaal-wijkteam]
        topics: [ontmoeten]
        ages: [baby]
        cost: gratis
        repeat:
          every: week
          count: 4
        occurrences:
          - date: 2026-12-07
            status: cancelled
            note: Geen babycafé door de kerstmarkt
        ---
        Koffie en spelen.
        """,
    "peutergym": """
        ---
        title: Peutergym
        wijk: all
        start: 2026-11-29 15:00
        end: 16:00
        location: Sporthal Zuid
        topics: [gezondheid]
        ages: [peuter]
        ---
        Klimmen en rennen.
        """,
    "voor-iedereen": """
        ---
        title: Open middag
        wijk: stadshagen
        start: 2026-12-12
        topics: [opvoeding]
        ---
        Voor alle leeftijden.
        """,
}


class _Tags(HTMLParser):
    """Collects the tags of a page with their attributes, and the text inside <time>."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.times: list[tuple[str, str]] = []
        self._in_time: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "time":
            self._in_time = dict(attrs).get("datetime", "")
            self.times.append((self._in_time, ""))

    def handle_endtag(self, tag):
        if tag == "time":
            self._in_time = None

    def handle_data(self, data):
        if self._in_time is not None:
            stamp, text = self.times[-1]
            self.times[-1] = (stamp, text + data)


def tags(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("nl"), activities=ACTIVITIES)
    result = run(site, "build", "--today", TODAY)
    assert result.code == 0, result.stdout
    return result


@pytest.fixture(scope="module")
def built_en(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("en"), activities=ACTIVITIES, language="en")
    result = run(site, "build", "--today", TODAY)
    assert result.code == 0, result.stdout
    return result


def test_dates_are_in_words_inside_time_elements_and_times_read_as_dutch(built):
    page = tags(built.output("stadshagen/index.html"))
    assert ("2026-11-30", "maandag 30 november") in page.times
    assert ("2026-11-29", "zondag 29 november") in page.times
    assert ("2026-11-30T09:30:00+01:00", "9.30 – 11.00 uur") in page.times


def test_the_agenda_is_split_in_this_week_this_month_and_later_months(built):
    text = text_of(built.output("stadshagen/index.html"))
    week, month, december = text.index("Deze week"), text.index("Deze maand"), text.index("December 2026")
    assert week < text.index("zondag 29 november") < month < text.index("maandag 30 november") < december
    assert december < text.index("maandag 7 december")


def test_a_cancelled_date_says_so_in_words_with_its_note(built):
    html = built.output("stadshagen/index.html")
    day = html[html.index('data-date="2026-12-07"'):]
    day = day[:day.index("</section>")]
    assert "Gaat niet door:" in text_of(day) and "Babycafé" in day
    assert "Geen babycafé door de kerstmarkt" in day


def test_filter_pages_exist_per_age_and_topic_for_parents_without_javascript(built):
    baby = text_of(built.output("stadshagen/leeftijd/baby/index.html"))
    assert "Babycafé" in baby and "Peutergym" not in baby
    assert "Open middag" in baby  # names no age group, so it is for every age
    health = text_of(built.output("stadshagen/onderwerp/gezondheid/index.html"))
    assert "Peutergym" in health and "Babycafé" not in health
    page = "https://example.org/stadshagen/"
    links = [urljoin(page, a.get("href")) for tag, a in tags(built.output("stadshagen/index.html")).tags if tag == "a"]
    assert page + "leeftijd/baby/" in links and page + "onderwerp/gezondheid/" in links


def test_questions_page_starts_from_the_question_and_leads_to_who_helps(built):
    html = built.output("stadshagen/waar-kan-ik-terecht/index.html")
    text = text_of(html)
    assert "Waar kan ik terecht in Stadshagen?" in text
    assert text.index("Opvoeding") < text.index("Mijn kind slaapt slecht, wie kan helpen?")
    links = [a.get("href") for tag, a in tags(html).tags if tag == "a"]
    assert "tel:0384982000" in links and "mailto:info@example.org" in links
    assert "../../activiteiten/babycafe/" in links
    assert "Mijn kind slaapt slecht" in built.output("waar-kan-ik-terecht/index.html")


def test_a_question_lists_the_next_three_activities_of_who_helps_and_links_to_the_rest(tmp_path):
    # a city's organisation may run dozens of activities, and every one of its questions
    # listed them all again: the page grew to megabytes
    def activity(title: str, start: str, extra: str = "") -> str:
        return f"""
            ---
            title: {title}
            wijk: stadshagen
            start: {start}
            organisers: [sociaal-wijkteam]
            {extra}
            ---
            """
    site = make_site(tmp_path / "site", activities={
        "later": activity("Later", "2027-03-01 10:00"),
        "eerst": activity("Eerst", "2026-12-01 10:00"),
        "geannuleerd": activity("Geannuleerd", "2026-11-30 10:00", "status: cancelled"),
        "voorbij": activity("Voorbij", "2026-11-01 10:00"),
        "daarna": activity("Daarna", "2026-12-20 10:00"),
        "wekelijks": activity("Wekelijks", "2026-11-02 10:00", "repeat: {every: week}"),
    })
    result = run(site, "build", "--today", TODAY)
    assert result.code == 0, result.stdout
    for page, up in (("waar-kan-ik-terecht/index.html", "../"),
                     ("stadshagen/waar-kan-ik-terecht/index.html", "../../")):
        html = result.output(page)
        answer = html[html.index("Mijn kind slaapt slecht"):html.index("</details>")]
        text = text_of(answer)
        assert text.index("Wekelijks – maandag 30 november") < text.index("Eerst – dinsdag 1 december")
        assert text.index("Eerst") < text.index("Daarna – zondag 20 december")
        assert "Later" not in text and "Geannuleerd" not in text and "Voorbij" not in text
        links = [a.get("href") for tag, a in tags(answer).tags if tag == "a"]
        assert f"{up}organisaties/sociaal-wijkteam/" in links
        assert "Alle activiteiten van Sociaal Wijkteam" in text
    organisation = text_of(result.output("organisaties/sociaal-wijkteam/index.html"))
    assert "Later" in organisation and "Geannuleerd" in organisation


def test_the_home_page_shows_the_first_dates_of_each_day_and_sends_parents_to_their_wijk(tmp_path):
    # a city has thousands of dates in two weeks; here twelve activities every day
    daily = {f"inloop-{n:02d}": f"""
        ---
        title: Inloop {n:02d}
        wijk: stadshagen
        start: 2026-11-28 {8 + n}:00
        repeat: {{every: day}}
        ---
        """ for n in range(12)}
    result = run(make_site(tmp_path / "site", activities=daily), "build", "--today", TODAY)
    assert result.code == 0, result.stdout
    home = result.output("index.html")
    last = date.fromisoformat(TODAY) + timedelta(days=pages.HOME_DAYS)
    wijk = [stamp for stamp, _ in tags(result.output("stadshagen/index.html")).times if "T" in stamp]
    for day in (date.fromisoformat(TODAY) + timedelta(days=n) for n in range(pages.HOME_DAYS + 1)):
        section = home[home.index(f'data-date="{day}"'):]
        section = section[:section.index("</section>")]
        that_day = [stamp for stamp in wijk if stamp.startswith(day.isoformat())]
        shown = [stamp for stamp, _ in tags(section).times if "T" in stamp]
        assert shown == that_day[:pages.HOME_PER_DAY] == sorted(shown), day  # the soonest first
        assert "Nog 7 activiteiten op deze dag: kies je wijk" in text_of(section)
        assert [a["href"] for tag, a in tags(section).tags if tag == "a"][-1] == "#kies-wijk"
    assert f'data-date="{last + timedelta(days=1)}"' not in home
    assert 'id="kies-wijk"' in home
    assert labels.label("more_that_day", "nl", count=1) == "Nog 1 activiteit op deze dag: kies je wijk"
    assert labels.label("more_that_day", "nl", count=1764) == "Nog 1.764 activiteiten op deze dag: kies je wijk"
    assert labels.label("more_that_day", "en", count=1764).startswith("1,764 more activities")


def test_a_home_page_with_few_dates_lists_them_all_without_sending_on(built):
    home = built.output("index.html")
    assert "Peutergym" in home and "Babycafé" in home
    assert "agenda-day-more" not in home and "op deze dag" not in text_of(home)


def test_month_sheet_lists_the_coming_month_by_day_with_two_qr_codes(built):
    html = built.output("stadshagen/maand/index.html")
    text = text_of(html)
    assert "Stadshagen: activiteiten in december 2026" in text
    assert "maandag 7 december" in text and "maandag 30 november" not in text
    assert html.count("<svg") == 2
    assert "https://example.org/wijkagenda/stadshagen/" in text
    assert "webcal://example.org/wijkagenda/stadshagen/agenda.ics" in text


def test_the_month_sheet_of_any_day_lies_within_the_dates_kept_for_agendas():
    # pages.Timeline keeps an activity's first AGENDA_DAYS of dates for every agenda, the
    # month sheet's included: on no day of a leap year may its month end later
    first = date(2028, 1, 1)
    for today in (first + timedelta(days=n) for n in range(366)):
        shown = pages.month_shown(today)
        month_end = (shown.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        assert (month_end - today).days <= pages.AGENDA_DAYS, today


def _json_ld(html: str) -> list:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_every_activity_date_is_a_schema_org_event_and_cancelled_ones_say_so(built):
    [events] = _json_ld(built.output("activiteiten/babycafe/index.html"))
    assert [e["startDate"] for e in events] == [
        "2026-11-30T09:30:00+01:00", "2026-12-07T09:30:00+01:00",
        "2026-12-14T09:30:00+01:00", "2026-12-21T09:30:00+01:00"]
    status = {e["startDate"][:10]: e["eventStatus"] for e in events}
    assert status["2026-12-07"] == "https://schema.org/EventCancelled"
    assert status["2026-11-30"] == "https://schema.org/EventScheduled"
    assert events[0]["@type"] == "Event" and events[0]["location"]["name"] == "Kantine CSV'28"
    assert events[0]["location"]["address"] == "Hollandstraat 7, Zwolle"
    [organisation] = _json_ld(built.output("organisaties/sociaal-wijkteam/index.html"))
    assert organisation["@type"] == "Organization" and organisation["telephone"] == "038 498 2000"


def test_sitemap_names_every_page_and_robots_points_to_it(built):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {loc.text for loc in ET.fromstring(built.output_bytes("sitemap.xml")).findall("s:url/s:loc", ns)}
    on_disk = {
        "https://example.org/wijkagenda/" + str(p.parent.relative_to(built.output_dir)).replace(".", "") + "/"
        for p in Path(built.output_dir).rglob("index.html")
    }
    assert listed == {url.replace("wijkagenda//", "wijkagenda/") for url in on_disk}
    assert "Sitemap: https://example.org/wijkagenda/sitemap.xml" in built.output("robots.txt")


def test_404_page_links_from_the_server_root_so_it_works_for_any_missing_path(built):
    page = tags(built.output("404.html"))
    local = [a.get("href") or a.get("src") for tag, a in page.tags if tag in ("a", "link", "script")]
    local = [href for href in local if href and not href.startswith(("https:", "webcal:", "mailto:", "#"))]
    assert local and all(href.startswith("/wijkagenda/") for href in local)
    assert "/wijkagenda/assets/style.css" in local and "/wijkagenda/stadshagen/" in local


def test_pages_load_nothing_from_other_hosts(built):
    for path in ("index.html", "stadshagen/index.html", "stadshagen/maand/index.html"):
        for tag, attrs in tags(built.output(path)).tags:
            loaded = tag == "link" and attrs.get("rel") != "alternate"
            source = attrs.get("src") or (attrs.get("href") if loaded else None)
            assert not source or "://" not in source, (path, tag, source)


def test_wijk_page_with_its_stylesheet_and_script_is_under_50_kb(built):
    weight = sum(len(built.output_bytes(p)) for p in
                 ("stadshagen/index.html", "assets/style.css", "assets/wijkgen.js"))
    assert weight < 50_000


def test_english_interface_with_language_en(built_en):
    page = built_en.output("stadshagen/index.html")
    parsed = tags(page)
    assert ("2026-11-30", "Monday 30 November") in parsed.times
    assert ("2026-11-30T09:30:00+01:00", "9:30 – 11:00") in parsed.times
    text = text_of(page)
    for english in ("This week", "This month", "Where can I go?", "Choose what suits you", "Cancelled:"):
        assert english in text
    for dutch in ("Deze week", "Gaat niet door", "Waar kan ik terecht", "Kies wat bij je past", " uur"):
        assert dutch not in text
    assert 'lang="en"' in page
    assert "Where can I go in Stadshagen?" in built_en.output("stadshagen/waar-kan-ik-terecht/index.html")



def test_every_wijk_page_of_the_example_site_is_under_50_kb(tmp_path):
    result = run(REPO, "build", "--today", TODAY, output_dir=tmp_path / "out")
    assert result.code == 0, result.stdout
    assets = len(result.output_bytes("assets/style.css")) + len(result.output_bytes("assets/wijkgen.js"))
    weights = {
        wijk.stem: len(result.output_bytes(f"{wijk.stem}/index.html")) + assets
        for wijk in (REPO / "content" / "wijken").glob("*.md")
    }
    assert len(weights) == 3 and max(weights.values()) < 50_000, weights
