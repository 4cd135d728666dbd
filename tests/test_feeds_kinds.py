"""The feeds besides the spec's: per organisation, venue, topic, age group and wijk x age,
each with a name a parent recognises; an Atom feed of new activities; all linked from
the pages, and every activity's events the same bytes in every feed that holds them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import icalendar
import pytest
from feedkit import RECURRENCE_ACTIVITIES, RECURRENCE_SITE_YAML, RECURRENCE_TODAY, feeds_in, git
from sitekit import make_site, run

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_YAML = RECURRENCE_SITE_YAML.replace(
    "  peuter: Peuter (1-4 jaar)\n", "  peuter: Peuter (1-4 jaar)\n  tienerclub: Tieners (12+)\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("kinds") / "site",
                     activities=RECURRENCE_ACTIVITIES, site_yaml=SITE_YAML)
    result = run(site, "build", "--today", RECURRENCE_TODAY)
    assert result.code == 0, result.stdout
    return result


def name_of(built, feed: str) -> str:
    calendar = icalendar.Calendar.from_ical(built.output_bytes(feed))
    assert str(calendar["NAME"]) == str(calendar["X-WR-CALNAME"])
    return str(calendar["X-WR-CALNAME"])


def uids(built, feed: str) -> set[str]:
    calendar = icalendar.Calendar.from_ical(built.output_bytes(feed))
    return {str(e["UID"]).split("@")[0].removeprefix("activiteit-") for e in calendar.walk("VEVENT")}


def test_each_kind_has_a_human_name(built):
    assert name_of(built, "stadshagen/agenda-peuter.ics") == "Activiteiten voor peuters in Stadshagen"
    assert name_of(built, "dieze-oost/agenda-baby.ics") == "Activiteiten voor baby's in Dieze-Oost"
    assert name_of(built, "leeftijden/peuter.ics") == "Activiteiten voor peuters"
    # an age group we have no plural for keeps the site's own words
    assert name_of(built, "leeftijden/tienerclub.ics") == "Activiteiten: Tieners (12+)"
    assert name_of(built, "stadshagen/agenda-tienerclub.ics") == "Activiteiten in Stadshagen: Tieners (12+)"
    assert name_of(built, "onderwerpen/bewegen.ics") == "Activiteiten: Bewegen & sport"
    assert name_of(built, "organisaties/sociaal-wijkteam.ics") == "Activiteiten van Sociaal Wijkteam"
    assert name_of(built, "locaties/csv28.ics") == "Activiteiten bij Kantine CSV'28"
    assert name_of(built, "stadshagen/agenda.ics") == "Activiteiten in Stadshagen"


def test_english_names(tmp_path):
    site = make_site(tmp_path, activities={"zwemmen": RECURRENCE_ACTIVITIES["zwemmen"]},
                     site_yaml=SITE_YAML.replace("language: nl", "language: en"))
    result = run(site, "build", "--today", RECURRENCE_TODAY)
    assert result.code == 0, result.stdout
    assert name_of(result, "stadshagen/agenda-peuter.ics") == "Activities for toddlers in Stadshagen"
    assert name_of(result, "locaties/csv28.ics") == "Activities at Kantine CSV'28"
    assert "Choose your calendar" in result.output("abonneren/index.html")


def test_members_follow_the_content(built):
    assert uids(built, "stadshagen/agenda-peuter.ics") == {"zwemmen", "weekend", "peuterdans"}
    assert uids(built, "dieze-oost/agenda-baby.ics") == {"ouderavond", "vrijdagmiddag", "speeldag"}
    assert uids(built, "leeftijden/baby.ics") == {"ouderavond", "vrijdagmiddag", "speeldag",
                                                  "babymassage"}
    assert uids(built, "onderwerpen/bewegen.ics") == {"zwemmen"}
    assert uids(built, "locaties/csv28.ics") == {"zwemmen", "weekend"}
    assert uids(built, "leeftijden/tienerclub.ics") == set()  # written, so its address stays valid


def _vevents(data: bytes) -> dict[str, list[bytes]]:
    blocks: dict[str, list[bytes]] = {}
    for block in re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", data, re.DOTALL):
        uid = re.search(rb"\r\nUID:(.*?)\r\n", block).group(1).decode()
        blocks.setdefault(uid, []).append(block)
    return blocks


def test_an_activity_is_the_same_bytes_in_every_feed(built):
    reference: dict[str, list[bytes]] = {}
    for feed in feeds_in(built.output_dir):
        for uid, blocks in _vevents(built.output_bytes(feed)).items():
            assert reference.setdefault(uid, blocks) == blocks, f"{uid} differs in {feed}"
    assert len(reference) == len(RECURRENCE_ACTIVITIES)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "link") and dict(attrs).get("href"):
            self.links.append(dict(attrs)["href"])


def links_of(built, page: str) -> list[str]:
    parser = _Links()
    parser.feed(built.output(page))
    return parser.links


def test_every_feed_that_holds_something_is_linked_and_every_link_works(built):
    base = "https://example.org/wijkagenda/"
    linked = set()
    for page in sorted(built.output_dir.rglob("*.html")):
        url = page.relative_to(built.output_dir).as_posix()
        for link in links_of(built, url):
            target = urlsplit(link)
            if target.scheme == "webcal":
                linked.add(("https:" + link.removeprefix("webcal:")).removeprefix(base))
            elif not target.scheme and not link.startswith("#"):
                resolved = urljoin(base + url, link).removeprefix(base)
                file = built.output_dir / (resolved + "index.html" if resolved.endswith("/")
                                           or not resolved else resolved)
                assert file.exists(), f"{url} links to missing {link}"
                linked.add(resolved)
    for feed in feeds_in(built.output_dir):
        if uids(built, feed):
            assert feed in linked, f"{feed} is not linked from any page"
    assert "atom.xml" in linked


def test_the_pages_offer_their_own_feed(built):
    webcal = "webcal://example.org/wijkagenda/"
    assert webcal + "organisaties/sociaal-wijkteam.ics" in links_of(
        built, "organisaties/sociaal-wijkteam/index.html")
    assert webcal + "locaties/csv28.ics" in links_of(built, "locaties/csv28/index.html")
    wijk = links_of(built, "stadshagen/index.html")
    assert webcal + "stadshagen/agenda-peuter.ics" in wijk
    assert webcal + "stadshagen/agenda-tienerclub.ics" not in wijk  # nothing in it: not offered


# Atom ------------------------------------------------------------------------------

@pytest.fixture
def history_site(tmp_path):
    first = {k: RECURRENCE_ACTIVITIES[k] for k in ("zwemmen", "weekend")}
    site = make_site(tmp_path / "site", activities=first, site_yaml=RECURRENCE_SITE_YAML)
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "begin", when="2026-09-01T10:00:00+00:00")
    folder = site / "content/activiteiten"
    (folder / "ouderavond.md").write_text(
        RECURRENCE_ACTIVITIES["ouderavond"].replace("\n        ", "\n").lstrip(), "utf-8")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "new", when="2026-09-20T10:00:00+00:00")
    return site


def atom(site: Path, out: str) -> ET.Element:
    result = run(site, "build", "--today", RECURRENCE_TODAY, output_dir=site / out)
    assert result.code == 0, result.stdout
    return ET.fromstring(result.output_bytes("atom.xml"))


def test_atom_lists_the_newest_activities_first(history_site):
    feed = atom(history_site, "one")
    assert feed.tag == ATOM + "feed"
    assert feed.findtext(ATOM + "id") == "https://example.org/wijkagenda/atom.xml"
    assert feed.findtext(ATOM + "updated") == "2026-09-20T10:00:00Z"
    assert feed.find(ATOM + "author").findtext(ATOM + "name") == "Recurrence test"
    entries = feed.findall(ATOM + "entry")
    titles = [e.findtext(ATOM + "title") for e in entries]
    assert titles == ["Ouderavond eerste dinsdag", "Kinderboekenweekend",
                      "Zwemmen & spelen; voor peuters, met ouders"]
    assert [e.findtext(ATOM + "published") for e in entries] == [
        "2026-09-20T10:00:00Z", "2026-09-01T10:00:00Z", "2026-09-01T10:00:00Z"]
    newest = entries[0]
    assert newest.findtext(ATOM + "id") == "https://example.org/wijkagenda/activiteiten/ouderavond/"
    assert "dinsdag 6 oktober 2026, 19.30 uur" in newest.findtext(ATOM + "summary")
    assert "Wijkcentrum Dieze-Oost" in newest.findtext(ATOM + "summary")


def test_an_edit_updates_an_entry_but_does_not_make_it_new(history_site):
    file = history_site / "content/activiteiten/zwemmen.md"
    file.write_text(file.read_text("utf-8").replace("zwemluier", "zwemluier en handdoek"), "utf-8")
    git(history_site, "commit", "-q", "-am", "edit", when="2026-09-25T10:00:00+00:00")
    entries = atom(history_site, "two").findall(ATOM + "entry")
    edited = entries[-1]
    assert edited.findtext(ATOM + "title").startswith("Zwemmen")
    assert edited.findtext(ATOM + "published") == "2026-09-01T10:00:00Z"
    assert edited.findtext(ATOM + "updated") == "2026-09-25T10:00:00Z"
    again = run(history_site, "build", "--today", RECURRENCE_TODAY, output_dir=history_site / "3")
    assert again.output_bytes("atom.xml") == (history_site / "two/atom.xml").read_bytes()
