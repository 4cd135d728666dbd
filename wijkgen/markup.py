"""Markdown bodies to safe HTML, rendered the way GitHub's and GitLab's preview shows them.
Like those previews, a single line break joins the lines; two trailing spaces break the line.

One Markdown instance is reused (reset between bodies); the HTML it makes is then
sanitised with nh3, because bodies may hold HTML pasted from anywhere.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from functools import lru_cache

import markdown
import nh3
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "dl",
    "dt", "em", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "s", "small", "strong", "sub", "summary", "sup", "table", "tbody",
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


class _BareLinks(InlineProcessor):
    """GitHub turns a bare https://... into a link; volunteers paste them that way."""

    def handleMatch(self, match, data):  # noqa: N802 - Markdown's API
        url = match.group(1)
        trailing = ""
        while url and url[-1] in ".,;:!?)":
            trailing = url[-1] + trailing
            url = url[:-1]
        element = etree.Element("a", {"href": url})
        element.text = url
        return element, match.start(0), match.end(0) - len(trailing)


class _BareLinksExtension(markdown.Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Markdown's API
        md.inlinePatterns.register(_BareLinks(r"(?<![\"'(<=])(https?://[^\s<>\"']+)", md), "bare_links", 95)


_LIST_ITEM = re.compile(r"^ {0,3}([-*+]|1[.)])[ \t]+\S")


class _ListAfterText(Preprocessor):
    """GitHub starts a list right under a line of text ("Neem mee:" then "- een handdoek");
    Python-Markdown needs a blank line there, so one is put in."""

    def run(self, lines):
        result: list[str] = []
        for line in lines:
            previous = result[-1] if result else ""
            if (_LIST_ITEM.match(line) and previous.strip() and not previous[0].isspace()
                    and not _LIST_ITEM.match(previous)):
                result.append("")
            result.append(line)
        return result


class _ListAfterTextExtension(markdown.Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Markdown's API
        # after fenced code is set aside (25), so code blocks are left alone
        md.preprocessors.register(_ListAfterText(md), "list_after_text", 22)


_MARKDOWN = markdown.Markdown(
    extensions=["tables", "fenced_code", "sane_lists", _BareLinksExtension(),
                _ListAfterTextExtension()],
    tab_length=2,  # GitHub and GitLab nest a list under two spaces; Python-Markdown wants four
    output_format="html",
)


def _shift_headings(html: str) -> str:
    """A body's `# Kop` must not compete with the page's own h1."""
    return re.sub(r"<(/?)h1\b", r"<\1h2", html)


@lru_cache(maxsize=4096)
def render(body: str) -> str:
    """Safe HTML for a Markdown body. Cached by content: the same text renders once."""
    if not body.strip():
        return ""
    html = _MARKDOWN.reset().convert(body)
    return clean(_shift_headings(html))


def clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def plain_text(body: str) -> str:
    """Markdown reduced to readable plain text, for calendar descriptions."""
    text = re.sub(r"<[^>]+>", "", body)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1 (\2)", text)
    text = re.sub(r"(\*\*|__|\*|_|`)(.+?)\1", r"\2", text)
    text = re.sub(r"^#+\s*", "", text, flags=re.MULTILINE)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()
