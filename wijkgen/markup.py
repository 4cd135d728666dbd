"""Markdown bodies to safe HTML, rendered the way GitHub's and GitLab's preview shows them.
Like those previews, a single line break joins the lines; two trailing spaces break the line.

One Markdown instance is reused (reset between bodies); the HTML it makes is then
sanitised with nh3, because bodies may hold HTML pasted from anywhere. The instance and
its GitHub-like extensions live in `_gfm.py`, loaded on the first body rendered: a
`check` whose bodies need no rendering never loads Python-Markdown.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl",
    "dt", "em", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _shift_headings(html: str) -> str:
    """A body's `# Kop` must not compete with the page's own h1."""
    return re.sub(r"<(/?)h1\b", r"<\1h2", html)


@dataclass(frozen=True)
class Removed:
    """Something the sanitiser took out of a body: `<script>` or `onerror=`, and where."""

    what: str
    line: int  # counted from the body's first line (1); 0 when it cannot be found


@dataclass(frozen=True)
class Rendered:
    html: str
    removed: tuple[Removed, ...]


@lru_cache(maxsize=4096)
def render(body: str) -> Rendered:
    """Safe HTML for a Markdown body, with what was removed. Cached by content."""
    if not body.strip():
        return Rendered("", ())
    from ._gfm import MARKDOWN  # here, not above: see the module's docstring

    html = _shift_headings(MARKDOWN.reset().convert(body))
    safe = clean(html)
    return Rendered(safe, _removed(html, safe, body) if may_lose_html(body) else ())


# What Python-Markdown makes of a body without raw HTML (`<`), tables (`|`), fenced code
# (its class), reference links (`]:`) and links other than http(s) is only p, h1-h6,
# lists, em, strong, code, pre, blockquote, hr, br, and a or img with an http(s) address:
# all allowed, so the sanitiser removes nothing. STX and ETX are Markdown's own
# placeholder marks; a body that holds them is rendered to be sure.
_NON_WEB_LINK = re.compile(r"\]\((?!https?://)")


def may_lose_html(body: str) -> bool:
    """False when rendering this body would remove nothing (`render(body).removed` is
    empty), known without rendering it: `check` renders only the bodies where this is True.
    """
    # plain substring tests: far faster than one regex with alternatives
    return ("<" in body or "|" in body or "]:" in body or "```" in body or "~~~" in body
            or "\x02" in body or "\x03" in body
            or ("](" in body and _NON_WEB_LINK.search(body) is not None))


def clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


class _Inventory(HTMLParser):
    """Counts the tags and (tag, attribute) pairs of an HTML fragment."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: Counter = Counter()
        self.attributes: Counter = Counter()
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        for name, value in attrs:
            self.attributes[(tag, name, value or "")] += 1


def _removed(before: str, after: str, body: str) -> tuple[Removed, ...]:
    """What nh3 took out, found by comparing tags and attributes before and after.

    Attributes nh3 adds itself (rel on links) only appear after, so they never count.
    """
    old, new = _Inventory(before), _Inventory(after)
    found: list[Removed] = []
    for tag in sorted(old.tags - new.tags):
        found.append(Removed(f"<{tag}>", _line_of(body, rf"<\s*{re.escape(tag)}\b")))
    for tag, name, value in sorted(old.attributes - new.attributes):
        if tag in new.tags and (tag, name) not in _NOT_REPORTED:
            shown = f"{name}={value[:40]}" if name in ("href", "src") else name
            start = re.escape(value[:20])
            line = (_line_of(body, rf"\b{re.escape(name)}\s*=\s*[\"'`]?\s*{start}")
                    or _line_of(body, rf"\]\(\s*<?{start}")  # a Markdown link or image
                    or _line_of(body, rf"\b{re.escape(name)}\s*="))
            found.append(Removed(shown, line))
    return tuple(found)


# rel on links is added by nh3 itself; a fenced code block's language (```python) becomes a
# class on <code>, which the sanitiser drops: harmless, and no mistake of the volunteer's
_NOT_REPORTED = {("a", "rel"), ("code", "class")}


def _line_of(body: str, pattern: str) -> int:
    """The first body line where a removed thing was written (HTML is case-blind)."""
    match = re.search(pattern, body, re.IGNORECASE)
    return body.count("\n", 0, match.start()) + 1 if match else 0


def defuse(text: str) -> str:
    """Plain text without anything a calendar app or browser could take for a tag or a
    script link (some apps show descriptions as HTML, or turn text into links).

    Repeated until nothing changes, so `<<script>script>` cannot reassemble itself.
    """
    if "<" not in text and ":" not in text:  # neither pattern can match: most field values
        return text
    while True:
        stripped = _SCRIPT_SCHEME.sub("", _TAG_LIKE.sub("", text))
        if stripped == text:
            return text
        text = stripped


# a tag, comment or declaration; an unclosed one runs to the end of the text
_TAG_LIKE = re.compile(r"<[a-zA-Z/!?][^>]*(?:>|$)")
_SCRIPT_SCHEME = re.compile(r"\b(?:java|vb|live)script\s*:", re.IGNORECASE)


class _PlainText(HTMLParser):
    """Readable text from sanitised HTML: links as `text (url)`, blocks on their own lines."""

    BLOCKS = {"p", "br", "li", "tr", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr", "dt", "dd"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")
        if tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.parts)))
        if tag == "img":
            self.parts.append(dict(attrs).get("alt") or "")

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            href, first = self.links.pop()
            text = "".join(self.parts[first:]).strip()
            if href and href != text and href.removeprefix("mailto:") != text:
                self.parts.append(f" ({href})")
        if tag in self.BLOCKS and tag != "li":
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def plain_text(body: str) -> str:
    """Markdown reduced to readable plain text, for calendar descriptions.

    Made from the sanitised HTML, so a link the page refused is not in the feed either.
    """
    parser = _PlainText()
    parser.feed(render(body).html)
    parser.close()
    text = defuse("".join(parser.parts))
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
