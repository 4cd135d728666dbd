"""Shared by the feed and calendar-client tests: the recurrence test site, and every
reader's view of a feed reduced to what a parent sees, so that views can be compared.

A `Seen` is one occurrence as a calendar shows it: local start and end in the site's
zone to the minute (all-day: first and last day, inclusive) and the title. The pages'
view comes from `wijkgen.pages.timeline`, the very value the activity pages render
(test_feeds_readers checks that the HTML shows the same starts); every other view comes
from parsing the feed's bytes with an independent reader.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sitekit import make_site, run

from wijkgen import build, pages

ZONE = ZoneInfo("Europe/Amsterdam")
CANCELLED_PREFIX = {"nl": "Afgelast: ", "en": "Cancelled: "}

RECURRENCE_TODAY = "2026-10-01"
EXAMPLE_TODAY = "2026-11-28"
RECURRENCE_SITE_YAML = """\
title: Recurrence test
base_url: https://example.org/wijkagenda/
language: nl
timezone: Europe/Amsterdam
horizon_days: 240
topics:
  ontmoeten: Ontmoeten
  opvoeding: Opvoeding
  bewegen: Bewegen & sport
ages:
  baby: Baby (0-1 jaar)
  peuter: Peuter (1-4 jaar)
"""

# Every recurrence feature the issue names, around both daylight-saving changes of
# 2026-2027 (25 October and 28 March), with text that needs escaping and folding.
RECURRENCE_ACTIVITIES = {
    "zwemmen": """
        ---
        title: Zwemmen & spelen; voor peuters, met ouders
        wijk: stadshagen
        organisers: [sociaal-wijkteam]
        start: 2026-10-04 10:00
        end: 11:30
        location: csv28
        topics: [bewegen]
        ages: [peuter]
        repeat:
          every: week
          on: [zondag]
          until: 2027-04-25
          except: [2026-12-27]
        occurrences:
          - date: 2026-11-15
            status: cancelled
            note: Het bad is dicht; kom volgende week weer, met je \\ handdoek
          - date: 2027-01-10
            start: 2027-01-09 14:00
            end: 15:30
            location: Zwembad De Vrolijkheid
        ---
        Zwemmen met je peuter in het ondiepe bad. Neem een zwemluier mee.
        Café-praatje na afloop: één kop koffie of thee is gratis voor ouders — tot ziens!
        """,
    "ouderavond": """
        ---
        title: Ouderavond eerste dinsdag
        wijk: dieze-oost
        organisers: [sociaal-wijkteam]
        start: 2026-10-06 19:30
        end: 21:00
        topics: [ontmoeten]
        ages: [baby, peuter]
        location: Wijkcentrum Dieze-Oost
        repeat:
          every: maand
          on: [eerste dinsdag]
          count: 6
          except: [2026-12-01]
        ---
        Praten over opvoeden.
        """,
    "vrijdagmiddag": """
        ---
        title: Laatste vrijdag van de maand
        wijk: all
        organisers: [sociaal-wijkteam]
        start: 2026-10-30 14:00
        end: 15:00
        ages: [baby]
        repeat:
          every: month
          on: laatste vrijdag
          until: 2027-04-30
        ---
        Spelen in de speeltuin.
        """,
    "weekend": """
        ---
        title: Kinderboekenweekend
        wijk: stadshagen
        organisers: [sociaal-wijkteam]
        start: 2026-11-14
        end: 2026-11-15
        location: csv28
        ages: [peuter]
        ---
        Twee dagen voorlezen.
        """,
    "sterrenkijken": """
        ---
        title: Sterrenkijken in de nacht van de wintertijd
        wijk: dieze-oost
        organisers: [sociaal-wijkteam]
        start: 2026-10-24 22:00
        end: 2026-10-25 01:30
        location: Sterrenwacht
        ---
        Laat opblijven, één keer per jaar.
        """,
    "peuterdans": """
        ---
        title: Peuterdans om de week
        wijk: stadshagen
        organisers: [sociaal-wijkteam]
        start: 2026-10-08 09:00
        end: 10:00
        ages: [peuter]
        repeat:
          every: week
          interval: 2
          on: [donderdag]
          until: 2027-04-01
        ---
        Dansen op muziek.
        """,
    "rrule-zaterdag": """
        ---
        title: Elke derde zaterdag knutselen
        wijk: all
        organisers: [sociaal-wijkteam]
        start: 2026-10-03 10:00
        end: 12:00
        rrule: FREQ=WEEKLY;INTERVAL=3;BYDAY=SA;COUNT=8
        ---
        Knutselen.
        """,
    "speeldag": """
        ---
        title: Speeldag op de vijftiende
        wijk: dieze-oost
        organisers: [sociaal-wijkteam]
        start: 2026-10-15
        end: 2026-10-15
        ages: [baby, peuter]
        repeat:
          every: month
          count: 7
          except: [2027-01-15]
        occurrences:
          - date: 2026-12-15
            status: cancelled
            note: Te koud om buiten te spelen.
        ---
        Een hele dag buiten spelen.
        """,
    "babymassage": """
        ---
        title: Babymassage
        wijk: stadshagen
        organisers: [sociaal-wijkteam]
        start: 2026-10-05 10:00
        end: 11:00
        status: cancelled
        ages: [baby]
        repeat:
          every: week
          on: maandag
          until: 2026-11-30
        ---
        Deze reeks gaat niet door.
        """,
}


def build_site(root: Path, today: str, **site_kwargs) -> Path:
    """Build a site made with sitekit; return its output folder."""
    site = make_site(root, **site_kwargs)
    result = run(site, "build", "--today", today)
    assert result.code == 0, result.stdout + result.stderr
    return result.output_dir


def recurrence_site(root: Path) -> Path:
    return make_site(root, activities=RECURRENCE_ACTIVITIES, site_yaml=RECURRENCE_SITE_YAML)


@dataclass(frozen=True, order=True)
class Seen:
    start: str  # "2026-10-25 10:00" local; "2026-11-14" for all-day
    end: str  # "2026-10-25 11:30" local; the last day (inclusive) for all-day
    summary: str


def local_minute(value: datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(ZONE)
    return value.strftime("%Y-%m-%d %H:%M")


def seen(start: date | datetime, end: date | datetime, summary: str) -> Seen:
    """From a reader's DTSTART and (exclusive, RFC 5545) DTEND."""
    if isinstance(start, datetime):
        return Seen(local_minute(start), local_minute(end), summary)
    if isinstance(end, datetime):  # never for a valid all-day event; kept visible in the diff
        end = end.date()
    return Seen(start.isoformat(), (end - timedelta(days=1)).isoformat(), summary)


@dataclass(frozen=True)
class Window:
    """The days the pages list: today up to today + the site's horizon."""

    first: date
    last: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(), tzinfo=ZONE)

    @property
    def stop(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(), tzinfo=ZONE)

    def holds(self, item: Seen) -> bool:
        return self.first.isoformat() <= item.start[:10] <= self.last.isoformat()


class PageView:
    """What the site's pages show, per activity, for one build."""

    def __init__(self, site_dir: Path, today: str):
        loaded = build.load(site_dir)
        assert loaded.ok and loaded.site is not None
        self.site = loaded.site
        self.today = date.fromisoformat(today)
        self.window = Window(self.today, self.today + timedelta(days=self.site.config.horizon_days))
        self.timeline = pages.timeline(self.site, self.today)
        self.prefix = CANCELLED_PREFIX[self.site.config.language]

    def of(self, slugs) -> Counter:
        found = Counter()
        for slug in slugs:
            for o in self.timeline.by_activity.get(slug, ()):
                summary = (self.prefix if o.cancelled else "") + o.activity.title
                if o.all_day:
                    item = Seen(o.start.isoformat(), o.end.isoformat(), summary)
                else:
                    item = Seen(local_minute(o.start), local_minute(o.end), summary)
                if self.window.holds(item):
                    found[item] += 1
        return found

    def members(self, feed: str) -> set[str]:
        """Which activities a feed holds, by the rules the spec and issue 3 give."""
        acts = self.site.activities
        folder, _, name = feed.removesuffix(".ics").rpartition("/")

        def where(keep) -> set[str]:
            return {slug for slug, a in acts.items() if keep(a)}

        def in_wijk(a) -> bool:
            return a.citywide or folder in a.wijken

        def at_venue(a) -> bool:
            places = [a.location] + [c.location for c in a.changes]
            return any(p is not None and p.venue == name for p in places)

        if feed == "agenda.ics":
            return set(acts)
        if folder == "activiteiten":
            return {name}
        if folder == "organisaties":
            return where(lambda a: name in a.organisers)
        if folder == "locaties":
            return where(at_venue)
        if folder == "onderwerpen":
            return where(lambda a: name in a.topics)
        if folder == "leeftijden":
            return where(lambda a: name in a.ages)
        if folder in self.site.wijken and name == "agenda":
            return where(in_wijk)
        if folder in self.site.wijken and name.startswith("agenda-"):
            age = name.removeprefix("agenda-")
            return where(lambda a: in_wijk(a) and age in a.ages)
        raise AssertionError(f"no membership rule for feed {feed}")


def feeds_in(output_dir: Path) -> list[str]:
    return sorted(p.relative_to(output_dir).as_posix() for p in output_dir.rglob("*.ics"))


def differences(expected: Counter, actual: Counter) -> str:
    missing = sorted((expected - actual).elements())
    extra = sorted((actual - expected).elements())
    lines = [f"  missing {m}" for m in missing] + [f"  extra   {e}" for e in extra]
    return "\n".join(lines)


def git(site: Path, *args: str, when: str = "2026-11-01T12:00:00+00:00") -> None:
    """Run git in a test site as a volunteer would, at a fixed time, without the user's config."""
    env = dict(os.environ, GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when,
               GIT_AUTHOR_NAME="Vrijwilliger", GIT_AUTHOR_EMAIL="v@example.org",
               GIT_COMMITTER_NAME="Vrijwilliger", GIT_COMMITTER_EMAIL="v@example.org",
               GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_SYSTEM=os.devnull)
    subprocess.run(["git", *args], cwd=site, env=env, check=True, capture_output=True)


# readers ---------------------------------------------------------------------------

def read_recurring_ical_events(data: bytes, window: Window) -> Counter:
    import icalendar
    import recurring_ical_events

    calendar = icalendar.Calendar.from_ical(data)
    found = Counter()
    for event in recurring_ical_events.of(calendar).between(window.start, window.stop):
        item = seen(event.decoded("dtstart"), event.decoded("dtend"), str(event["summary"]))
        assert _status(str(event.get("status", ""))) == _prefixed(item.summary), item
        if window.holds(item):
            found[item] += 1
    return found


def read_ical(data: bytes, window: Window) -> Counter:
    from ical.calendar_stream import IcsCalendarStream

    calendar = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    found = Counter()
    for event in calendar.timeline_tz(ZONE).overlapping(window.start, window.stop):
        item = seen(event.dtstart, event.dtend, event.summary)
        status = event.status.value if event.status else ""
        assert _status(status) == _prefixed(item.summary), item
        if window.holds(item):
            found[item] += 1
    return found


def read_vobject(data: bytes, window: Window) -> Counter:
    """vobject parses and expands a rule set; RFC 5545's override rule is applied here:
    an event with a RECURRENCE-ID replaces the occurrence of its series that starts then."""
    import vobject

    calendar = vobject.readOne(data.decode("utf-8"))
    series, overrides = {}, {}
    for event in calendar.contents.get("vevent", []):  # an empty feed has no list at all
        uid = event.uid.value
        if hasattr(event, "recurrence_id"):
            overrides.setdefault(uid, {})[_instant(event.recurrence_id.value)] = event
        else:
            series[uid] = event
    found = Counter()
    for uid, event in series.items():
        start, end = event.dtstart.value, event.dtend.value
        length = end - start
        replaced = overrides.get(uid, {})
        if hasattr(event, "rrule"):
            starts = _expand(event, window)
        else:
            starts = [start]
        for occurrence in starts:
            override = replaced.get(_instant(occurrence))
            if override is not None:
                item = seen(override.dtstart.value, override.dtend.value, override.summary.value)
                status = override.status.value if hasattr(override, "status") else ""
            else:
                item = seen(occurrence, occurrence + length, event.summary.value)
                status = event.status.value if hasattr(event, "status") else ""
            assert _status(status) == _prefixed(item.summary), item
            if window.holds(item):
                found[item] += 1
    return found


def _expand(event, window: Window) -> list:
    rules = event.getrruleset(addRDate=True)
    start = event.dtstart.value
    if isinstance(start, datetime):
        found = rules.between(window.start - timedelta(days=2), window.stop, inc=True)
        return [o.astimezone(ZONE) if o.tzinfo else o for o in found]
    # all-day series: vobject expands them as naive midnights
    naive = rules.between(datetime.combine(window.first - timedelta(days=2), time()),
                          datetime.combine(window.last + timedelta(days=1), time()), inc=True)
    return [o.date() for o in naive]


def _instant(value: date | datetime):
    if isinstance(value, datetime):
        return value.astimezone(ZONE) if value.tzinfo else value.replace(tzinfo=ZONE)
    return value


def _status(status: str) -> bool:
    return status.upper().endswith("CANCELLED")


def _prefixed(summary: str) -> bool:
    return any(summary.startswith(p) for p in CANCELLED_PREFIX.values())


READERS = {
    "recurring-ical-events": read_recurring_ical_events,
    "ical": read_ical,
    "vobject": read_vobject,
}


def unfold(data: bytes) -> list[bytes]:
    return re.sub(rb"\r\n[ \t]", b"", data).split(b"\r\n")


def example_and_recurrence(tmp_path_factory) -> dict[str, tuple[Path, PageView]]:
    """The example site and the recurrence site, built: each feed's folder with its pages' view."""
    from conftest import REPO

    example = run(REPO, "build", "--today", EXAMPLE_TODAY,
                  output_dir=tmp_path_factory.mktemp("example") / "output")
    assert example.code == 0, example.stdout
    site = recurrence_site(tmp_path_factory.mktemp("recurrence"))
    recurring = run(site, "build", "--today", RECURRENCE_TODAY)
    assert recurring.code == 0, recurring.stdout
    return {
        "example": (example.output_dir, PageView(REPO, EXAMPLE_TODAY)),
        "recurrence": (recurring.output_dir, PageView(site, RECURRENCE_TODAY)),
    }
