"""The validated site: immutable records that every later step reads and none changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from .history import FileHistory

CITYWIDE = "all"  # the wijk value that puts an activity or organisation on every wijk page


@dataclass(frozen=True)
class Link:
    """A way to reach someone: `href` is always https:, http:, mailto: or tel:."""

    href: str
    label: str
    kind: str  # "web", "email" or "phone"


@dataclass(frozen=True)
class Config:
    title: str
    base_url: str  # always ends with "/"
    language: str
    timezone: str
    topics: dict[str, str]
    ages: dict[str, str]
    horizon_days: int
    description: str = ""

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Wijk:
    slug: str
    name: str
    body_html: str
    path: str


@dataclass(frozen=True)
class Venue:
    slug: str
    name: str
    address: str
    wijk: str | None
    accessibility: str
    body_html: str
    path: str


@dataclass(frozen=True)
class Organisation:
    slug: str
    name: str
    wijken: tuple[str, ...]  # (CITYWIDE,) for all
    topics: tuple[str, ...]
    questions: tuple[str, ...]
    phone: Link | None
    email: Link | None
    website: Link | None
    address: str
    hours: str
    body_html: str
    path: str

    @property
    def citywide(self) -> bool:
        return CITYWIDE in self.wijken


@dataclass(frozen=True)
class Location:
    """Either a venue (by slug) or free text such as 'Speeltuin Tamboer'."""

    venue: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class Recurrence:
    """An RFC 5545 rule without DTSTART, UNTIL or COUNT, which are kept apart."""

    rule: str  # e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"
    until: date | None
    count: int | None
    exceptions: tuple[date, ...]


@dataclass(frozen=True)
class Change:
    """What happens differently on one date of a recurring activity."""

    date: date
    cancelled: bool
    note: str
    start: datetime | date | None
    end: datetime | date | None
    location: Location | None
    line: int


@dataclass(frozen=True)
class Activity:
    slug: str
    title: str
    wijken: tuple[str, ...]  # (CITYWIDE,) for city-wide
    start: datetime | date  # naive local time; a date means all-day
    end: datetime | date  # for all-day: the last day, inclusive
    location: Location | None
    organisers: tuple[str, ...]
    topics: tuple[str, ...]
    ages: tuple[str, ...]
    cost: str
    registration: Link | None
    cancelled: bool
    recurrence: Recurrence | None
    changes: tuple[Change, ...]
    body_html: str
    body_text: str
    path: str
    version: str = ""  # a hash of the file's bytes: changes exactly when the file does
    source: str = ""  # the partner feed (site.yaml `sources:`) it came from; "" for the site's own
    uid: str = ""  # the feeds' UID when it is not derived from the slug (partner events)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def citywide(self) -> bool:
        return CITYWIDE in self.wijken


@dataclass(frozen=True)
class Site:
    config: Config
    wijken: dict[str, Wijk]
    activities: dict[str, Activity]
    organisations: dict[str, Organisation]
    venues: dict[str, Venue]
    file_count: int = 0
    history: dict[str, FileHistory] = field(default_factory=dict)  # path -> its Git history


@dataclass(frozen=True)
class Occurrence:
    """One date of an activity as a parent sees it: times in the site's zone."""

    activity: Activity
    start: datetime | date  # aware datetime, or a date for all-day
    end: datetime | date  # aware datetime, or the last day (inclusive) for all-day
    cancelled: bool
    note: str
    location: Location | None
    moved: bool
    original: date  # the date of the pattern this occurrence belongs to

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def first_day(self) -> date:
        return self.start.date() if isinstance(self.start, datetime) else self.start

    @property
    def last_day(self) -> date:
        return self.end.date() if isinstance(self.end, datetime) else self.end
