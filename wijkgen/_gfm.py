"""The Python-Markdown instance `markup.render` uses, with the extensions that make it
render as GitHub's and GitLab's previews do. Imported only when a body is rendered."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor


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


MARKDOWN = markdown.Markdown(
    extensions=["tables", "fenced_code", "sane_lists", _BareLinksExtension(),
                _ListAfterTextExtension()],
    # `|:--|` aligns a column with align=, which the sanitiser keeps (style= it would remove)
    extension_configs={"tables": {"use_align_attribute": True}},
    tab_length=2,  # GitHub and GitLab nest a list under two spaces; Python-Markdown wants four
    output_format="html",
)
