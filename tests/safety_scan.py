"""What a parent's browser or calendar app must never receive, checked on built output.

Every page is parsed with html.parser and every tag and attribute looked at; every
feed is parsed with icalendar and every property looked at. Used by the safety tests.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from icalendar import Calendar

FORBIDDEN_TAGS = {
    "iframe", "frame", "frameset", "object", "embed", "applet", "form", "textarea", "select",
    "style", "base", "math", "xss", "foreignobject", "use", "image", "animate", "set",
}
# what the built-in templates make themselves: the question search box, the print button,
# QR codes (an <svg> of paths) and schema.org JSON-LD; anything else of these kinds is not theirs
TEMPLATE_CONTROLS = {"input": ("type", "search"), "button": ("type", "button")}
JSON_LD = "application/ld+json"
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "background", "poster", "data", "srcset",
    "xlink:href", "lowsrc", "dynsrc", "cite", "longdesc", "ping",
}
SAFE_SCHEMES = ("https:", "http:", "mailto:", "tel:", "webcal:")
DANGEROUS_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript|mocha):", re.IGNORECASE)
TAG_IN_TEXT = re.compile(r"<[a-zA-Z/!?]")


def normalised_url(value: str) -> str:
    """A URL the way a browser reads it: tabs, newlines and leading controls ignored."""
    return re.sub(r"[\t\n\r]", "", value).lstrip("\x00- ").lower()


class _PageScan(HTMLParser):
    def __init__(self, name: str):
        super().__init__(convert_charrefs=True)
        self.name = name
        self.problems: list[str] = []
        self.in_script = False
        self.json_ld = False

    def handle_starttag(self, tag, attrs):
        self.check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self.check(tag, attrs)

    def check(self, tag, attrs):
        where = f"{self.name}: <{tag}>"
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"{where} is forbidden")
        if tag in TEMPLATE_CONTROLS and tuple(TEMPLATE_CONTROLS[tag]) not in attrs:
            self.problems.append(f"{where} is not a template's control")
        if tag == "script":
            source = dict(attrs).get("src") or ""
            self.json_ld = dict(attrs).get("type") == JSON_LD and not source
            # a template may load our own script file or hold JSON-LD; nothing else inline or foreign
            if not self.json_ld and (not source or ":" in source or source.startswith("//")):
                self.problems.append(f"{where} inline or foreign script")
            self.in_script = True
        if tag == "meta" and any(name == "http-equiv" for name, _ in attrs):
            self.problems.append(f"{where} http-equiv")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"{where} event handler {name}")
            if name in ("style", "srcdoc", "formaction"):
                self.problems.append(f"{where} attribute {name}")
            if name in URL_ATTRIBUTES or (tag == "meta" and name == "content" and "url=" in value.lower()):
                url = normalised_url(value)
                if DANGEROUS_SCHEME.match(url) or ("url=" in url and DANGEROUS_SCHEME.search(url)):
                    self.problems.append(f"{where} dangerous URL {name}={value!r}")
                if re.match(r"^[a-z][a-z0-9+.-]*:", url) and not url.startswith(SAFE_SCHEMES):
                    self.problems.append(f"{where} unknown scheme {name}={value!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and self.json_ld:
            try:  # text that broke out of the JSON-LD block would no longer be JSON
                json.loads(data)
            except ValueError:
                self.problems.append(f"{self.name}: JSON-LD that is not JSON")
        elif self.in_script and data.strip():
            self.problems.append(f"{self.name}: inline script code")


def scan_page(name: str, html: str) -> list[str]:
    scan = _PageScan(name)
    scan.feed(html)
    scan.close()
    return scan.problems


def scan_feed(name: str, data: bytes) -> list[str]:
    problems: list[str] = []
    calendar = Calendar.from_ical(data)
    for component in calendar.walk():
        for prop, value in component.property_items(recursive=False):
            text = _as_text(value)
            where = f"{name}: {component.name}.{prop}"
            if prop in ("URL", "ATTACH", "TZURL", "SOURCE"):
                if not normalised_url(text).startswith(SAFE_SCHEMES):
                    problems.append(f"{where} URL {text!r}")
            elif TAG_IN_TEXT.search(_unescape(text)):
                problems.append(f"{where} holds HTML: {text[:80]!r}")
            if prop == "DESCRIPTION" and re.search(r"(javascript|vbscript):", _unescape(text), re.I):
                problems.append(f"{where} dangerous URL in text")
    return problems


def _as_text(value) -> str:
    if isinstance(value, str):  # vText: already the text an app shows
        return str(value)
    raw = value.to_ical() if hasattr(value, "to_ical") else value
    return raw.decode() if isinstance(raw, bytes) else str(raw)


def _unescape(text: str) -> str:
    """RFC 5545 TEXT unescaping: what a calendar app shows."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], text)


def scan_output(output_dir: Path) -> list[str]:
    problems: list[str] = []
    for file in sorted(output_dir.rglob("*")):
        name = file.relative_to(output_dir).as_posix()
        if file.suffix == ".html":
            problems += scan_page(name, file.read_text(encoding="utf-8"))
        elif file.suffix == ".ics":
            problems += scan_feed(name, file.read_bytes())
    return problems
