"""The one place that knows where things live.

A page is named by its URL path relative to the site root ("activiteiten/oudercafe/");
its file in output/ and its absolute address are both derived from that name, so they
can never disagree. Links between pages are relative, so a site works from any
sub-path (https://user.github.io/wijkagenda/) and from a local folder alike.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote, urlsplit

# top-level names the site itself uses: a wijk may not take them
RESERVED_TOP_LEVEL = frozenset({
    "activiteiten", "organisaties", "locaties", "assets", "onderwerpen", "leeftijden",
    "agenda.ics", "index.html", "404.html", "sitemap.xml", "robots.txt", "atom.xml",
    "waar-kan-ik-terecht", "abonneren",
})


def home() -> str:
    return ""


def wijk(slug: str) -> str:
    return f"{slug}/"


def wijk_feed(slug: str) -> str:
    return f"{slug}/agenda.ics"


def all_feed() -> str:
    return "agenda.ics"


def activity(slug: str) -> str:
    return f"activiteiten/{slug}/"


def activity_feed(slug: str) -> str:
    return f"activiteiten/{slug}.ics"


def organisation(slug: str) -> str:
    return f"organisaties/{slug}/"


def venue(slug: str) -> str:
    return f"locaties/{slug}/"


def questions(wijk_slug: str | None = None) -> str:
    """'Waar kan ik terecht?': per wijk, or city-wide without a wijk."""
    return f"{wijk_slug}/waar-kan-ik-terecht/" if wijk_slug else "waar-kan-ik-terecht/"


def wijk_age(wijk_slug: str, age: str) -> str:
    return f"{wijk_slug}/leeftijd/{age}/"


def wijk_topic(wijk_slug: str, topic: str) -> str:
    return f"{wijk_slug}/onderwerp/{topic}/"


def wijk_month(wijk_slug: str) -> str:
    return f"{wijk_slug}/maand/"


def not_found() -> str:
    return "404.html"


def sitemap() -> str:
    return "sitemap.xml"


def robots() -> str:
    return "robots.txt"


def organisation_feed(slug: str) -> str:
    return f"organisaties/{slug}.ics"


def venue_feed(slug: str) -> str:
    return f"locaties/{slug}.ics"


def topic_feed(key: str) -> str:
    return f"onderwerpen/{key}.ics"


def age_feed(key: str) -> str:
    return f"leeftijden/{key}.ics"


def wijk_age_feed(wijk_slug: str, age_key: str) -> str:
    """`stadshagen/agenda-peuter.ics`: the prefix keeps it apart from `agenda.ics`."""
    return f"{wijk_slug}/agenda-{age_key}.ics"


def atom_feed() -> str:
    return "atom.xml"


def subscribe_help() -> str:
    return "abonneren/"


def qr_code(feed_url: str) -> str:
    """`assets/qr/stadshagen/agenda.svg`: the QR code of a feed's https address."""
    return asset("qr/" + feed_url.removesuffix(".ics") + ".svg")


def asset(name: str) -> str:
    return f"assets/{name}"


def output_file(url: str) -> str:
    """The file in output/ that serves `url`: a folder URL is its index.html."""
    if url == "" or url.endswith("/"):
        return url + "index.html"
    return url


def absolute(base_url: str, url: str) -> str:
    return base_url + quote(url, safe="/:@-._~")


def rooted(base_url: str, url: str) -> str:
    """A link from the server root ("/wijkagenda/activiteiten/x/"), for pages such as 404.html
    that a server shows for any missing path, where relative links would point nowhere."""
    return urlsplit(base_url).path + quote(url, safe="/:@-._~#")


def relative(from_url: str, to_url: str) -> str:
    """The link from the page at `from_url` to `to_url`, both site-relative: up to the root,
    then down ("../../activiteiten/x/"). Only the way up depends on the page, so a piece of
    a page (an agenda entry, the menu) is rendered once, with marks, for every page."""
    return ("../" * from_url.count("/") + _quoted(to_url)) or "./"


# where a piece rendered for any page has the way up to the root, and where it links the root itself
_UP_MARK, _ROOT_MARK = "\x00up\x00", "\x00root\x00"


def from_any_page(to_url: str) -> str:
    """`relative` for a piece of page that `placed` fits into each page later."""
    return _UP_MARK + _quoted(to_url) if to_url else _ROOT_MARK


def placed(piece: str, page_url: str) -> str:
    """A piece's links as `relative` would write them on the page at `page_url`."""
    up = "../" * page_url.count("/")
    return piece.replace(_UP_MARK, up).replace(_ROOT_MARK, up or "./")


@lru_cache(maxsize=1 << 17)  # every page's links, the menu's on every page
def _quoted(url: str) -> str:
    return quote(url, safe="/:@-._~#")
