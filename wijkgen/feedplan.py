"""Which feeds a site offers, what each is called and which activities it holds.

One plan serves both the writer (every feed file) and the pages (which feeds to link).
Each activity's events are serialised once and the same bytes go into every feed. Feeds
without activities are written too: their address stays valid for whoever subscribed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from . import feeds, labels, urls
from .cache import Store
from .models import Activity, Site


@dataclass(frozen=True)
class Feed:
    kind: str  # all, wijk, wijk_age, age, topic, organisation, venue or activity
    url: str
    name: str  # the calendar's name in the parent's calendar app
    members: tuple[str, ...]  # activity slugs, sorted


def wijken_of(site: Site, activity: Activity) -> list[str]:
    """The wijken an activity is listed in: every one for a city-wide activity."""
    return list(site.wijken) if activity.citywide else [w for w in activity.wijken if w in site.wijken]


def venues_of(site: Site, activity: Activity) -> set[str]:
    """Where it is held, or moved to on one of its dates: as the venue's page lists it."""
    places = [activity.location] + [change.location for change in activity.changes]
    return {p.venue for p in places if p is not None and p.venue in site.venues}


@dataclass(frozen=True)
class Index:
    """The activities of each wijk, venue and organisation, in the site's order, found in
    one pass: asking per page would read every activity for each of them."""

    by_wijk: dict[str, list[Activity]]
    by_venue: dict[str, list[Activity]]
    by_organisation: dict[str, list[Activity]]


def index(site: Site) -> Index:
    found = Index({slug: [] for slug in site.wijken}, {slug: [] for slug in site.venues},
                  {slug: [] for slug in site.organisations})
    for activity in site.activities.values():
        for wijk in wijken_of(site, activity):
            found.by_wijk[wijk].append(activity)
        for venue in venues_of(site, activity):
            found.by_venue[venue].append(activity)
        for organisation in dict.fromkeys(activity.organisers):
            if organisation in found.by_organisation:
                found.by_organisation[organisation].append(activity)
    return found


def plan(site: Site) -> list[Feed]:
    """Every feed with its members, in one pass over the activities (in slug order)."""
    language = site.config.language
    acts = sorted(site.activities.values(), key=lambda a: a.slug)
    members: dict[str, list[str]] = defaultdict(list)
    for activity in acts:
        for url in _feeds_holding(site, activity):
            members[url].append(activity.slug)

    def feed(kind: str, url: str, name: str) -> Feed:
        return Feed(kind, url, name, tuple(members.get(url, ())))

    found = [feed("all", urls.all_feed(), site.config.title)]
    for slug, wijk in site.wijken.items():
        found.append(feed("wijk", urls.wijk_feed(slug), labels.label("feed_name_wijk", language, name=wijk.name)))
        for key, age_label in site.config.ages.items():
            name = labels.age_feed_name(key, age_label, language, wijk.name)
            found.append(feed("wijk_age", urls.wijk_age_feed(slug, key), name))
    for key, age_label in site.config.ages.items():
        found.append(feed("age", urls.age_feed(key), labels.age_feed_name(key, age_label, language)))
    for key, topic_label in site.config.topics.items():
        found.append(feed("topic", urls.topic_feed(key), labels.label("feed_name_topic", language, name=topic_label)))
    for slug, organisation in sorted(site.organisations.items()):
        name = labels.label("feed_name_organisation", language, name=organisation.name)
        found.append(feed("organisation", urls.organisation_feed(slug), name))
    for slug, venue in sorted(site.venues.items()):
        found.append(feed("venue", urls.venue_feed(slug), labels.label("feed_name_venue", language, name=venue.name)))
    for activity in acts:
        found.append(Feed("activity", urls.activity_feed(activity.slug), activity.title, (activity.slug,)))
    return found


def _feeds_holding(site: Site, activity: Activity) -> Iterator[str]:
    """The URLs of the shared feeds one activity belongs to."""
    yield urls.all_feed()
    for wijk in wijken_of(site, activity):
        yield urls.wijk_feed(wijk)
        for key in site.config.ages:
            if key in activity.ages:
                yield urls.wijk_age_feed(wijk, key)
    for key in site.config.ages:
        if key in activity.ages:
            yield urls.age_feed(key)
    for key in site.config.topics:
        if key in activity.topics:
            yield urls.topic_feed(key)
    for slug in activity.organisers:
        if slug in site.organisations:
            yield urls.organisation_feed(slug)
    for slug in venues_of(site, activity):
        yield urls.venue_feed(slug)


def events(site: Site, today: date, activities: list[Activity], store: Store | None = None) -> dict[str, bytes]:
    """Each activity's serialised VEVENTs, by slug; from the build cache when neither the
    activity, its revision, its venues nor the settings changed."""
    store = store or Store(None)

    def events_of(activity: Activity) -> bytes:
        version = feeds.revision(site, activity, today)
        places = [activity.location, *(change.location for change in activity.changes)]
        venues = tuple(site.venues[p.venue] for p in places if p is not None and p.venue)
        return store.remember("events", (site.config, activity, version, venues),
                              lambda: feeds.activity_events(site, activity, version))

    return {activity.slug: events_of(activity) for activity in activities}


def calendars(site: Site, feeds_planned: list[Feed], events: dict[str, bytes],
              store: Store | None = None) -> Iterator[tuple[str, tuple[bytes, ...]]]:
    """(URL, the parts of its bytes) of each feed of the plan, made of its members' `events`."""
    for feed in feeds_planned:
        yield feed.url, feeds.calendar(site, feed.name, [events[s] for s in feed.members], store)
