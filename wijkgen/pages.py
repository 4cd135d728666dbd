"""Step 4: what to write. Every output is planned as (URL, bytes) from the site and its
occurrences; templates come from the site's `templates/` first, then the built-in ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote, urlencode

import jinja2

from . import feeds, labels, recurrence, urls
from .models import Activity, Location, Occurrence, Organisation, Site

AGENDA_DAYS = 42  # a wijk page lists six weeks; each activity's page lists all its dates
HOME_DAYS = 14
STATIC_DIR = Path(__file__).parent / "static"


@dataclass(frozen=True)
class Day:
    day: date
    occurrences: tuple[Occurrence, ...]


@dataclass(frozen=True)
class Output:
    url: str
    content: bytes

    @property
    def is_feed(self) -> bool:
        return self.url.endswith(".ics")


@dataclass(frozen=True)
class Timeline:
    """Every activity's occurrences from `today` to the horizon, computed once per build."""

    today: date
    by_activity: dict[str, tuple[Occurrence, ...]]

    def upcoming(self, activities, days: int | None = None) -> list[Occurrence]:
        last = self.today + timedelta(days=days) if days else None
        found = [
            o for a in activities for o in self.by_activity.get(a.slug, ())
            if last is None or o.first_day <= last
        ]
        return sorted(found, key=recurrence.sort_key)


def timeline(site: Site, today: date) -> Timeline:
    last = today + timedelta(days=site.config.horizon_days)
    zone = site.config.zone
    return Timeline(today, {
        slug: tuple(recurrence.occurrences(activity, zone, today, last))
        for slug, activity in site.activities.items()
    })


def by_day(occurrences: list[Occurrence], today: date) -> list[Day]:
    """Group by the day they are listed on: a multi-day one that already began, on today."""
    days: dict[date, list[Occurrence]] = {}
    for occurrence in occurrences:
        days.setdefault(max(occurrence.first_day, today), []).append(occurrence)
    return [Day(day, tuple(items)) for day, items in sorted(days.items())]


def activities_in(site: Site, wijk: str) -> list[Activity]:
    return [a for a in site.activities.values() if a.citywide or wijk in a.wijken]


def organisations_in(site: Site, wijk: str) -> list[Organisation]:
    return [o for o in site.organisations.values() if o.citywide or wijk in o.wijken]


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept between builds in one process, so that a `serve` rebuild does not
    compile them again. Jinja checks each entry against its template's source before use."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def environment(site_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        bytecode_cache=_COMPILED,
        loader=jinja2.ChoiceLoader([
            jinja2.FileSystemLoader(site_dir / "templates"),
            jinja2.PackageLoader("wijkgen", "templates"),
        ]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.globals["routes"] = urls
    env.globals["href"] = _href
    return env


@jinja2.pass_context
def _href(context, target: str) -> str:
    return urls.relative(context["page_url"], target)


class Pages:
    """Renders every page of a site; one instance per build."""

    def __init__(self, site: Site, env: jinja2.Environment, today: date, dev: bool = False):
        self.site = site
        self.env = env
        self.today = today
        self.language = site.config.language
        self.timeline = timeline(site, today)
        self.common = {
            "site": site,
            "config": site.config,
            "t": labels.labels(self.language),
            "lang": self.language,
            "today": today,
            "dev": dev,
            "wijken": list(site.wijken.values()),
            "long_date": lambda d: labels.long_date(d, self.language),
            "long_date_year": lambda d: labels.long_date_year(d, self.language),
            "when": self.when,
            "place": self.place,
            "label": lambda key, **kw: labels.label(key, self.language, **kw),
            "topic_label": lambda key: site.config.topics.get(key, key),
            "age_label": lambda key: site.config.ages.get(key, key),
            "subscribe": self.subscribe_links,
            "google_event": self.google_event_link,
            "next_date": self.next_date,
            "osm": lambda address: "https://www.openstreetmap.org/search?" + urlencode({"query": address}),
        }

    def render(self, template: str, url: str, **context) -> Output:
        html = self.env.get_template(template).render(**self.common, page_url=url, **context)
        return Output(url, html.encode("utf-8"))

    # helpers offered to templates -------------------------------------------------
    def when(self, occurrence: Occurrence) -> str:
        """`9.30 – 11.30 uur`, `hele dag`, or for several days `t/m vrijdag 9 oktober`."""
        if occurrence.all_day:
            if occurrence.last_day != occurrence.first_day:
                until = labels.long_date(occurrence.last_day, self.language)
                return ("until " if self.language == "en" else "t/m ") + until
            return labels.label("all_day", self.language)
        return labels.time_range(occurrence.start, occurrence.end, self.language)

    def place(self, location: Location | None) -> dict | None:
        if location is None:
            return None
        if location.venue:
            venue = self.site.venues[location.venue]
            return {"name": venue.name, "url": urls.venue(venue.slug), "address": venue.address}
        return {"name": location.text, "url": None, "address": ""}

    def next_date(self, activity: Activity) -> Occurrence | None:
        upcoming = [o for o in self.timeline.by_activity.get(activity.slug, ()) if not o.cancelled]
        return upcoming[0] if upcoming else None

    def subscribe_links(self, feed_url: str) -> dict:
        absolute = urls.absolute(self.site.config.base_url, feed_url)
        webcal = "webcal://" + absolute.split("://", 1)[1]
        return {
            "https": absolute,
            "webcal": webcal,
            "google": "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe=""),
            "outlook": "https://outlook.live.com/calendar/0/addfromweb?" + urlencode({"url": absolute}),
        }

    def google_event_link(self, occurrence: Occurrence) -> str:
        activity = occurrence.activity
        if occurrence.all_day:
            dates = f"{occurrence.first_day:%Y%m%d}/{occurrence.last_day + timedelta(days=1):%Y%m%d}"
        else:
            dates = f"{occurrence.start:%Y%m%dT%H%M%S}/{occurrence.end:%Y%m%dT%H%M%S}"
        params = {
            "action": "TEMPLATE",
            "text": activity.title,
            "dates": dates,
            "ctz": self.site.config.timezone,
            "details": urls.absolute(self.site.config.base_url, urls.activity(activity.slug)),
            "location": feeds.location_text(self.site, occurrence.location),
        }
        return "https://calendar.google.com/calendar/render?" + urlencode(params)

    # the pages --------------------------------------------------------------------
    def home(self) -> Output:
        upcoming = self.timeline.upcoming(self.site.activities.values(), HOME_DAYS)
        return self.render("home.html", urls.home(), days=by_day(upcoming, self.today), feed=urls.all_feed())

    def wijk(self, slug: str) -> Output:
        wijk = self.site.wijken[slug]
        activities = activities_in(self.site, slug)
        upcoming = self.timeline.upcoming(activities, AGENDA_DAYS)
        organisations = sorted(organisations_in(self.site, slug), key=lambda o: o.name.lower())
        return self.render(
            "wijk.html", urls.wijk(slug), wijk=wijk, days=by_day(upcoming, self.today),
            activities=sorted(activities, key=lambda a: a.title.lower()),
            organisations=organisations, feed=urls.wijk_feed(slug),
        )

    def activity(self, slug: str) -> Output:
        activity = self.site.activities[slug]
        upcoming = list(self.timeline.by_activity.get(slug, ()))
        return self.render(
            "activity.html", urls.activity(slug), activity=activity, occurrences=upcoming,
            organisers=[self.site.organisations[o] for o in activity.organisers],
            feed=urls.activity_feed(slug),
        )

    def organisation(self, slug: str) -> Output:
        organisation = self.site.organisations[slug]
        activities = [a for a in self.site.activities.values() if slug in a.organisers]
        return self.render(
            "organisation.html", urls.organisation(slug), organisation=organisation,
            activities=sorted(activities, key=lambda a: a.title.lower()),
        )

    def venue(self, slug: str) -> Output:
        venue = self.site.venues[slug]
        activities = [
            a for a in self.site.activities.values()
            if (a.location and a.location.venue == slug) or any(
                c.location and c.location.venue == slug for c in a.changes)
        ]
        return self.render(
            "venue.html", urls.venue(slug), venue=venue,
            activities=sorted(activities, key=lambda a: a.title.lower()),
        )

    def not_found(self) -> Output:
        return self.render("404.html", "404.html")

    def all(self) -> Iterator[Output]:
        yield self.home()
        for slug in self.site.wijken:
            yield self.wijk(slug)
        for slug in self.site.activities:
            yield self.activity(slug)
        for slug in self.site.organisations:
            yield self.organisation(slug)
        for slug in self.site.venues:
            yield self.venue(slug)
        yield self.not_found()


def feed_outputs(site: Site, today: date) -> Iterator[Output]:
    """Every feed; each activity's events are serialised once and shared."""
    fallback_stamp = datetime.combine(today, datetime.min.time()).replace(tzinfo=timezone.utc)
    events = {
        slug: feeds.activity_events(site, activity, site.modified.get(activity.path, fallback_stamp))
        for slug, activity in sorted(site.activities.items())
    }
    language = site.config.language
    yield Output(urls.all_feed(), feeds.calendar(site, site.config.title, list(events.values())))
    for slug, wijk in site.wijken.items():
        members = [events[a.slug] for a in activities_in(site, slug) if a.slug in events]
        name = labels.label("feed_name_wijk", language, name=wijk.name)
        yield Output(urls.wijk_feed(slug), feeds.calendar(site, name, members))
    for slug, activity in site.activities.items():
        yield Output(urls.activity_feed(slug), feeds.calendar(site, activity.title, [events[slug]]))


def static_outputs() -> Iterator[Output]:
    for file in sorted(STATIC_DIR.rglob("*")):
        if file.is_file():
            yield Output(urls.asset(file.relative_to(STATIC_DIR).as_posix()), file.read_bytes())
