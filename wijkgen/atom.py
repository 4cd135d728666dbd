"""An Atom feed (RFC 4287) of newly added activities, for people who follow by RSS reader.

"Newly added" is the first commit of an activity's file (history.py), so the feed is the
same for every build of a commit; files not yet committed count as added on the build
day. Written with ElementTree, which escapes text for XML, never through a template.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, time

from . import feeds, labels, urls
from .models import Activity, Site

ATOM = "http://www.w3.org/2005/Atom"
NEWEST = 30  # entries in the feed; readers keep what they have already seen


def _added(site: Site, activity: Activity, build_day: datetime) -> datetime:
    found = site.history.get(activity.path)
    return found.added if found is not None and found.added else build_day


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _summary(site: Site, activity: Activity) -> str:
    language = site.config.language
    start = activity.start.date() if isinstance(activity.start, datetime) else activity.start
    when = labels.long_date_year(start, language)
    if isinstance(activity.start, datetime):
        suffix = labels.label("time_suffix", language)
        when += f", {labels.clock(activity.start, language)} {suffix}".rstrip()
    if activity.cancelled:
        when = f"{labels.label('cancelled_prefix', language)}: {when}"
    lines = [when, feeds.location_text(site, activity.location), "", activity.body_text]
    return "\n".join(lines).strip()


def feed(site: Site, today: date) -> bytes:
    build_day = datetime.combine(today, time(), tzinfo=UTC)
    base = site.config.base_url
    dated = sorted(
        ((_added(site, a, build_day), a) for a in site.activities.values()),
        key=lambda pair: (-pair[0].timestamp(), pair[1].slug),
    )[:NEWEST]
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": site.config.language})

    def add(parent, tag: str, text: str | None = None, **attributes) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        element.text = text
        return element

    add(root, "id", urls.absolute(base, urls.atom_feed()))
    add(root, "title", labels.label("atom_title", site.config.language, title=site.config.title))
    add(root, "updated", _stamp(dated[0][0] if dated else build_day))
    add(root, "link", rel="self", type="application/atom+xml", href=urls.absolute(base, urls.atom_feed()))
    add(root, "link", rel="alternate", type="text/html", href=urls.absolute(base, urls.home()))
    add(add(root, "author"), "name", site.config.title)
    for added, activity in dated:
        entry = add(root, "entry")
        page = urls.absolute(base, urls.activity(activity.slug))
        add(entry, "id", page)
        add(entry, "title", activity.title)
        add(entry, "published", _stamp(added))
        add(entry, "updated", _stamp(feeds.revision(site, activity, today).stamp))
        add(entry, "link", rel="alternate", type="text/html", href=page)
        add(entry, "link", rel="related", type="text/calendar",
            href=urls.absolute(base, urls.activity_feed(activity.slug)))
        add(entry, "summary", _summary(site, activity), type="text")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
