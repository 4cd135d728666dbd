"""Subscribing in one tap: every page that offers a feed has webcal, Google, Outlook.com,
a plain link and a QR code image that a phone reads as the https address of that feed; every
activity page offers its .ics and a Google Calendar template link; and a help page."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from feedkit import RECURRENCE_ACTIVITIES, RECURRENCE_SITE_YAML, RECURRENCE_TODAY
from sitekit import make_site, run

BASE = "https://example.org/wijkagenda/"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("subscribe") / "site",
                     activities=RECURRENCE_ACTIVITIES, site_yaml=RECURRENCE_SITE_YAML)
    result = run(site, "build", "--today", RECURRENCE_TODAY)
    assert result.code == 0, result.stdout
    return result


class Block(HTMLParser):
    """The subscribe blocks of a page: their links and QR codes."""

    def __init__(self):
        super().__init__()
        self.blocks: list[dict] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and "subscribe" in (attrs.get("class") or "").split():
            self.blocks.append({"links": [], "qr": []})
            self.depth = 1
        elif self.depth:
            if tag == "section":
                self.depth += 1
            if tag == "a":
                self.blocks[-1]["links"].append(attrs.get("href", ""))
            if tag == "img":
                self.blocks[-1]["qr"].append(attrs)

    def handle_endtag(self, tag):
        if tag == "section" and self.depth:
            self.depth -= 1


def blocks(built, page: str) -> list[dict]:
    parser = Block()
    parser.feed(built.output(page))
    return parser.blocks


FEED_PAGES = {
    "index.html": "agenda.ics",
    "stadshagen/index.html": "stadshagen/agenda.ics",
    "stadshagen/leeftijd/peuter/index.html": "stadshagen/agenda-peuter.ics",
    "dieze-oost/index.html": "dieze-oost/agenda.ics",
    "organisaties/sociaal-wijkteam/index.html": "organisaties/sociaal-wijkteam.ics",
    "locaties/csv28/index.html": "locaties/csv28.ics",
}


@pytest.mark.parametrize("page, feed", sorted(FEED_PAGES.items()))
def test_subscribe_block_offers_every_way(built, page, feed):
    block = blocks(built, page)[0]
    https = BASE + feed
    links = block["links"]
    assert "webcal://example.org/wijkagenda/" + feed in links
    google = next(link for link in links if link.startswith("https://calendar.google.com/"))
    assert parse_qs(urlsplit(google).query)["cid"] == ["webcal://example.org/wijkagenda/" + feed]
    outlook = next(link for link in links if link.startswith("https://outlook.live.com/"))
    assert urlsplit(outlook).path == "/calendar/0/addfromweb"
    assert parse_qs(urlsplit(outlook).query)["url"] == [https]
    assert https in built.output(page)  # the plain address, to copy
    assert any(not urlsplit(link).scheme and link.endswith(feed.rsplit("/", 1)[-1])
               for link in links)
    [qr] = block["qr"]
    assert "scan" in qr["alt"]
    assert (built.output_dir / page).parent.joinpath(qr["src"]).resolve().is_file()


def test_an_age_page_offers_the_feed_for_that_age_only(built):
    [block] = blocks(built, "stadshagen/leeftijd/peuter/index.html")
    [qr] = block["qr"]
    assert "Activiteiten voor peuters in Stadshagen" in qr["alt"]
    assert not any("agenda.ics" in link for link in block["links"])


def test_the_qr_label_names_the_calendar(built):
    [qr] = blocks(built, "stadshagen/index.html")[0]["qr"]
    assert qr["alt"] == (
        "QR-code: scan met de camera van je telefoon om Activiteiten in Stadshagen "
        "in je agenda te zetten")


def _modules(svg: str) -> list[list[bool]]:
    """segno draws dark modules as horizontal strokes: `M x y` / `m dx dy` then `h n`."""
    view = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1)) // 4  # scale(4)
    grid = [[False] * view for _ in range(view)]
    dark = re.search(r'<path stroke="#000" d="([^"]+)"', svg).group(1)
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", dark):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            for column in range(int(x), int(x + float(a))):
                grid[int(y)][column] = True
            x += float(a)
    return grid


def _png(grid: list[list[bool]], path: Path, scale: int = 6) -> None:
    rows = b"".join(
        b"\0" + bytes(0 if cell else 255 for cell in row for _ in range(scale))
        for row in grid for _ in range(scale))
    size = len(grid) * scale

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.mark.clients
@pytest.mark.parametrize("page, feed", sorted(FEED_PAGES.items()))
def test_a_phone_reads_the_qr_code_as_the_https_feed(built, page, feed, tmp_path):
    """Decoded by zbar (an independent reader), not by the library that drew it."""
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg is not installed (.ci/install.d/20-clients.sh installs it)")
    [qr] = blocks(built, page)[0]["qr"]
    svg = (built.output_dir / page).parent.joinpath(qr["src"]).read_text("utf-8")
    image = tmp_path / "qr.png"
    _png(_modules(svg), image)
    done = subprocess.run(["zbarimg", "--quiet", "--raw", str(image)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == BASE + feed


def test_every_activity_page_adds_to_my_calendar(built):
    for slug in RECURRENCE_ACTIVITIES:
        html = built.output(f"activiteiten/{slug}/index.html")
        assert f'href="../../activiteiten/{slug}.ics"' in html, slug
        if slug != "babymassage":  # a cancelled series offers no date to add
            template = re.search(r'href="(https://calendar\.google\.com/calendar/render\?action=TEMPLATE[^"]*)"',
                                 html)
            assert template, slug


def test_google_template_link_has_the_local_times(built):
    html = built.output("activiteiten/sterrenkijken/index.html")
    link = re.search(r'href="(https://calendar\.google\.com/calendar/render\?[^"]*)"', html).group(1)
    query = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
    assert query["dates"] == ["20261024T220000/20261025T013000"]
    assert query["ctz"] == ["Europe/Amsterdam"]
    assert query["text"] == ["Sterrenkijken in de nacht van de wintertijd"]


def test_google_template_link_of_whole_days_ends_the_day_after_the_last(built):
    # as in iCalendar, the end of all-day dates is exclusive
    html = built.output("activiteiten/weekend/index.html")
    link = re.search(r'href="(https://calendar\.google\.com/calendar/render\?[^"]*)"', html).group(1)
    assert parse_qs(urlsplit(link.replace("&amp;", "&")).query)["dates"] == ["20261114/20261116"]


def test_help_page_explains_subscribing_in_plain_dutch(built):
    html = built.output("abonneren/index.html")
    for heading in ("iPhone en iPad", "Android (Google Agenda)", "Outlook", "Hoe snel zie ik een wijziging?"):
        assert f">{heading}</h2>" in html
    assert "Google Agenda doet dat maar een paar keer per dag" in html
    assert 'href="../atom.xml"' in html
    assert "webcal://example.org/wijkagenda/leeftijden/peuter.ics" in html


def test_help_page_in_english(tmp_path):
    site = make_site(tmp_path, activities={"zwemmen": RECURRENCE_ACTIVITIES["zwemmen"]},
                     site_yaml=RECURRENCE_SITE_YAML.replace("language: nl", "language: en"))
    result = run(site, "build", "--today", RECURRENCE_TODAY)
    html = result.output("abonneren/index.html")
    assert "Google Calendar refreshes only a few times a day" in html
    assert '<html lang="en">' in html
    assert "QR code: scan it with your phone" in result.output("stadshagen/index.html")
