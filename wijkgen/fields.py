"""Field parsers: from the text a volunteer typed to a typed value, or a diagnostic.

Each parser takes a marked node and returns a value, or None after adding a problem.
Values are read from the raw text, so YAML 1.1's guesses (`11:30` -> 690, `no` ->
False, `2026-10-07` -> a date object) never reach us.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from .markup import defuse
from .messages import Diagnostic, closest, error, warning
from .models import Link
from .source import Entry, Mapping, Node, Scalar, Seq

_DATE = r"(\d{4})-(\d{1,2})-(\d{1,2})"
_TIME = r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?"
DATE_RE = re.compile(rf"^{_DATE}$")
TIME_RE = re.compile(rf"^{_TIME}(?:\s*uur)?$")
DATETIME_RE = re.compile(rf"^{_DATE}(?:[ T]+{_TIME})?$")
EMAIL_RE = re.compile(r"^[^@\s:/]+@[^@\s/]+\.[^@\s/]+$")
PHONE_RE = re.compile(r"^\+?[\d\s()-]{6,20}$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


# Activities for parents happen in this range; beyond it date arithmetic (an hour
# after 9999-12-31 23:30, a look back before year 1) would overflow.
MIN_YEAR, MAX_YEAR = 1900, 2200


def _day(year: str, month: str, day: str) -> date | None:
    """A real calendar date in the range, or None (2026-02-30 is not one)."""
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def to_date(text: str) -> date | None:
    match = DATE_RE.match(text.strip())
    return _day(*match.groups()) if match else None


def to_time(text: str) -> time | None:
    match = TIME_RE.match(text.strip())
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def to_date_or_datetime(text: str) -> date | datetime | None:
    match = DATETIME_RE.match(text.strip())
    if not match:
        return None
    year, month, day, hour, minute = match.groups()[:5]
    day_value = _day(year, month, day)
    if day_value is None or hour is None:
        return day_value
    if int(hour) > 23 or int(minute) > 59:
        return None
    return datetime.combine(day_value, time(int(hour), int(minute)))


# never part of an address a volunteer means; in an href they are how injections start
UNSAFE_IN_LINK = re.compile(r"[<>\"'`\\{}|^\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def to_link(text: str) -> tuple[Link | None, str | None]:
    """A URL, e-mail address or phone number, as volunteers write them. Returns (link, problem).

    Only https:, http:, mailto: and tel: come out. Anything with a character no real
    address holds (quotes, angle brackets, control or invisible characters, the tab in
    `java\tscript:`) is refused before its scheme is even looked at.
    """
    value = text.strip()
    if UNSAFE_IN_LINK.search(value):
        return None, "bad_url"
    lowered = value.lower()
    if lowered.startswith(("http://", "https://")):
        return (Link(value, value, "web"), None) if URL_RE.match(value) else (None, "bad_url")
    if lowered.startswith("mailto:"):
        address = value[7:]
        return (Link("mailto:" + address, address, "email"), None) if EMAIL_RE.match(address) else (None, "bad_email")
    if lowered.startswith("tel:"):
        number = value[4:]
        return (Link(phone_href(number), number, "phone"), None) if PHONE_RE.match(number) else (None, "bad_phone")
    if re.match(r"^[a-z][a-z0-9+.-]*:", lowered) and not PHONE_RE.match(value):
        return None, "bad_url_scheme"
    if EMAIL_RE.match(value):
        return Link("mailto:" + value, value, "email"), None
    if PHONE_RE.match(value) and sum(ch.isdigit() for ch in value) >= 6:
        return Link(phone_href(value), value, "phone"), None
    if re.match(r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?$", lowered):
        return Link("https://" + value, value, "web"), None
    return None, "bad_url"


def phone_href(number: str) -> str:
    """`038 498 2000` -> `tel:0384982000`; keeps a leading + for international numbers."""
    digits = re.sub(r"[^\d+]", "", number)
    return "tel:" + digits


# control characters other than tab and newline: invisible, and trouble in feeds
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class FieldReader:
    """Reads the fields of one front-matter mapping, collecting every problem.

    It remembers which fields were asked for, so that `finish` can warn about the rest:
    a typo such as `lokatie` must not vanish silently.
    """

    def __init__(self, fields: Mapping, path: str, problems: list[Diagnostic]):
        self.fields = fields
        self.path = path
        self.problems = problems
        self.known: set[str] = set()
        # looked up by name a dozen times per file: `Mapping.get` would scan every time
        self._entries: dict[str, Entry] = {}
        for entry in fields.entries:
            self._entries.setdefault(entry.key, entry)

    def node(self, name: str, required: bool = False) -> Node | None:
        self.known.add(name)
        entry = self._entries.get(name)
        if entry is None:
            if required:
                self.error(self.fields, "field_required", field=name)
            return None
        value = entry.value
        if isinstance(value, Scalar) and not value.text.strip():
            if required:
                self.error(value, "field_empty", field=name)
            return None
        return value

    def line_of(self, name: str) -> int:
        entry = self._entries.get(name)
        return entry.line if entry else self.fields.line

    def error(self, node, code: str, suggestion: str | None = None, **params) -> None:
        self.problems.append(error(self.path, node.line, node.col, code, suggestion, **params))

    def warn(self, node, code: str, suggestion: str | None = None, **params) -> None:
        self.problems.append(warning(self.path, node.line, node.col, code, suggestion, **params))

    def text(self, name: str, required: bool = False, default: str = "") -> str:
        node = self.node(name, required)
        if node is None:
            return default
        return self.scalar_text(node, name) or default

    def scalar_text(self, node: Node, name: str) -> str | None:
        """The text of a field. Tags and script links are taken out (with a warning):
        fields are plain text, and a calendar app may show a title or place as HTML."""
        if not isinstance(node, Scalar):
            self.error(node, "expect_text", field=name)
            return None
        text = _CONTROL.sub("", node.text).strip()
        plain = defuse(text).strip()
        if plain != text:
            self.warn(node, "html_in_text", field=name)
        return plain

    def texts(self, name: str) -> tuple[str, ...]:
        """A list of texts; a single text is a list of one."""
        node = self.node(name)
        if node is None:
            return ()
        items = node.items if isinstance(node, Seq) else (node,)
        values = []
        for item in items:
            value = self.scalar_text(item, name)
            if value:
                values.append(value)
        return tuple(values)

    def keys(self, name: str) -> tuple[tuple[str, Scalar], ...]:
        """A list of keys (slugs), each with its node so references can be checked later."""
        node = self.node(name)
        if node is None:
            return ()
        items = node.items if isinstance(node, Seq) else (node,)
        values = []
        for item in items:
            value = self.scalar_text(item, name)
            if value:
                values.append((value.lower(), item))
        return tuple(values)

    def link(self, name: str, kind: str | None = None) -> Link | None:
        """A link; with `kind` ("email", "phone"), only that kind: `email: info-at-x.nl`
        must not pass as a website."""
        node = self.node(name)
        if node is None:
            return None
        if not isinstance(node, Scalar):
            self.error(node, "expect_text", field=name)
            return None
        value = node.text.strip()  # as written: to_link refuses what defusing would hide
        link, problem = to_link(value)
        if link is not None and kind is not None and link.kind != kind:
            link, problem = None, f"bad_{kind}"
        if problem:
            self.error(node, problem, value=value)
        return link

    def mapping(self, name: str) -> Mapping | None:
        node = self.node(name)
        if node is None:
            return None
        if not isinstance(node, Mapping):
            self.error(node, "expect_mapping", field=name)
            return None
        return node

    def positive_int(self, name: str) -> int | None:
        node = self.node(name)
        if node is None:
            return None
        value = self.scalar_text(node, name)
        if value is None:
            return None
        if not value.isdigit() or int(value) < 1 or len(value) > 6:
            self.error(node, "expect_number", field=name, value=value)
            return None
        return int(value)

    def date(self, name: str) -> date | None:
        node = self.node(name)
        if node is None:
            return None
        return self.date_of(node, name)

    def date_of(self, node: Node, name: str) -> date | None:
        value = self.scalar_text(node, name)
        if value is None:
            return None
        parsed = to_date(value)
        if parsed is None:
            self.error(node, "expect_date", value=value)
        return parsed

    def finish(self) -> None:
        for entry in self.fields.entries:
            if entry.key not in self.known:
                suggestion = _closest_field(entry.key, self.known)
                self.problems.append(
                    warning(self.path, entry.line, entry.col, "field_unknown", suggestion, field=entry.key)
                )


# Common Dutch names volunteers reach for, mapped to the field they mean.
_FIELD_SYNONYMS = {
    "titel": "title", "naam": "name", "lokatie": "location", "locatie": "location",
    "plaats": "location", "adres": "address", "begin": "start", "eind": "end", "einde": "end",
    "organisator": "organisers", "organisatoren": "organisers", "organiser": "organisers",
    "onderwerpen": "topics", "leeftijd": "ages", "leeftijden": "ages", "kosten": "cost",
    "prijs": "cost", "aanmelden": "registration", "herhaling": "repeat", "herhaal": "repeat",
    "telefoon": "phone", "website": "website", "vragen": "questions", "openingstijden": "hours",
    "toegankelijkheid": "accessibility",
}


def _closest_field(key: str, known: set[str]) -> str | None:
    synonym = _FIELD_SYNONYMS.get(key.lower())
    if synonym in known:
        return synonym
    return closest(key, sorted(known))
