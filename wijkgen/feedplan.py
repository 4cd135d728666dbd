"""Which feeds a site offers, what each is called and which activities it holds.

One plan serves both the writer (every feed file) and the pages (which feeds to link).
Each activity's events are serialised once and the same bytes go into every feed. Feeds
without activities are written too: their address stays valid for whoever subscribed.
"""

from __future__ import annotations

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


def in_wijk(activity: Activity, wijk: str) -> bool:
    return activity.citywide or wijk in activity.wijken


def at_venue(activity: Activity, venue: str) -> bool:
    """Held there, or moved there on one of its dates: as the venue's page lists it."""
    places = [activity.location] + [change.location for change in activity.changes]
    return any(place is not None and place.venue == venue for place in places)


def plan(site: Site) -> list[Feed]:
    language = site.config.language
    acts = sorted(site.activities.values(), key=lambda a: a.slug)

    def feed(kind: str, url: str, name: str, keep) -> Feed:
        return Feed(kind, url, name, tuple(a.slug for a in acts if keep(a)))

    found = [feed("all", urls.all_feed(), site.config.title, lambda a: True)]
    for slug, wijk in site.wijken.items():
        name = labels.label("feed_name_wijk", language, name=wijk.name)
        found.append(feed("wijk", urls.wijk_feed(slug), name, lambda a, w=slug: in_wijk(a, w)))
        for key, age_label in site.config.ages.items():
            name = labels.age_feed_name(key, age_label, language, wijk.name)
            found.append(feed("wijk_age", urls.wijk_age_feed(slug, key), name,
                              lambda a, w=slug, k=key: in_wijk(a, w) and k in a.ages))
    for key, age_label in site.config.ages.items():
        name = labels.age_feed_name(key, age_label, language)
        found.append(feed("age", urls.age_feed(key), name, lambda a, k=key: k in a.ages))
    for key, topic_label in site.config.topics.items():
        name = labels.label("feed_name_topic", language, name=topic_label)
        found.append(feed("topic", urls.topic_feed(key), name, lambda a, k=key: k in a.topics))
    for slug, organisation in sorted(site.organisations.items()):
        name = labels.label("feed_name_organisation", language, name=organisation.name)
        found.append(feed("organisation", urls.organisation_feed(slug), name,
                          lambda a, o=slug: o in a.organisers))
    for slug, venue in sorted(site.venues.items()):
        name = labels.label("feed_name_venue", language, name=venue.name)
        found.append(feed("venue", urls.venue_feed(slug), name, lambda a, v=slug: at_venue(a, v)))
    for activity in acts:
        found.append(Feed("activity", urls.activity_feed(activity.slug), activity.title,
                          (activity.slug,)))
    return found


def calendars(site: Site, today: date, store: Store | None = None) -> Iterator[tuple[str, bytes]]:
    """(URL, bytes) of every feed of the plan; each activity's events come from the build
    cache when neither the activity, its revision, its venues nor the settings changed."""
    store = store or Store(None)

    def events_of(activity: Activity) -> bytes:
        version = feeds.revision(site, activity, today)
        places = [activity.location, *(change.location for change in activity.changes)]
        venues = tuple(site.venues[p.venue] for p in places if p is not None and p.venue)
        return store.remember("events", (site.config, activity, version, venues),
                              lambda: feeds.activity_events(site, activity, version))

    events = {slug: events_of(activity) for slug, activity in sorted(site.activities.items())}
    for feed in plan(site):
        yield feed.url, feeds.calendar(site, feed.name, [events[s] for s in feed.members])
