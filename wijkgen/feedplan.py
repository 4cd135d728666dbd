"""Which feeds a site offers, what each is called and which activities it holds.

One plan serves both the writer (every feed file) and the pages (which feeds to link).
Each activity's events are serialised once and the same bytes go into every feed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from . import feeds, labels, urls
from .models import Site
from .pages import Output, activities_in


@dataclass(frozen=True)
class Feed:
    url: str
    name: str  # the calendar's name in the parent's calendar app
    members: tuple[str, ...]  # activity slugs, in a stable order


def plan(site: Site) -> list[Feed]:
    language = site.config.language
    everything = tuple(sorted(site.activities))
    found = [Feed(urls.all_feed(), site.config.title, everything)]
    for slug, wijk in site.wijken.items():
        members = tuple(sorted(a.slug for a in activities_in(site, slug)))
        name = labels.label("feed_name_wijk", language, name=wijk.name)
        found.append(Feed(urls.wijk_feed(slug), name, members))
    for slug, activity in sorted(site.activities.items()):
        found.append(Feed(urls.activity_feed(slug), activity.title, (slug,)))
    return found


def outputs(site: Site, today: date) -> Iterator[Output]:
    """Every feed of the plan."""
    events = {
        slug: feeds.activity_events(site, activity, feeds.revision(site, activity, today))
        for slug, activity in sorted(site.activities.items())
    }
    for feed in plan(site):
        yield Output(feed.url, feeds.calendar(site, feed.name, [events[s] for s in feed.members]))
