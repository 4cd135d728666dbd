"""What search engines and other machines read: schema.org JSON-LD, sitemap.xml, robots.txt."""

from __future__ import annotations

import json
from xml.sax.saxutils import escape

from . import urls
from .models import Location, Occurrence, Organisation, Site

STATUS_CANCELLED = "https://schema.org/EventCancelled"
STATUS_SCHEDULED = "https://schema.org/EventScheduled"
STATUS_MOVED = "https://schema.org/EventRescheduled"
MAX_EVENTS = 30  # an activity page lists every date; its JSON-LD names the next ones


def script(data: dict | list) -> str:
    """A <script type="application/ld+json"> element; `</` is escaped so text cannot end it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def place(site: Site, location: Location | None) -> dict | None:
    if location is None:
        return None
    if location.venue:
        venue = site.venues[location.venue]
        found = {"@type": "Place", "name": venue.name,
                 "url": urls.absolute(site.config.base_url, urls.venue(venue.slug))}
        if venue.address:
            found["address"] = venue.address
        return found
    return {"@type": "Place", "name": location.text, "address": location.text}


def organisation(site: Site, org: Organisation) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": org.name,
        "url": urls.absolute(site.config.base_url, urls.organisation(org.slug)),
    }
    if org.phone:
        data["telephone"] = org.phone.label
    if org.email:
        data["email"] = org.email.label
    if org.website:
        data["sameAs"] = org.website.href
    if org.address:
        data["address"] = org.address
    return data


def events(site: Site, occurrences: list[Occurrence]) -> list[dict]:
    """One schema.org Event per date; a cancelled date says so in eventStatus."""
    found = []
    for occurrence in occurrences[:MAX_EVENTS]:
        activity = occurrence.activity
        if occurrence.cancelled:
            status = STATUS_CANCELLED
        elif occurrence.moved:
            status = STATUS_MOVED
        else:
            status = STATUS_SCHEDULED
        event = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": activity.title,
            "startDate": occurrence.start.isoformat(),
            "endDate": occurrence.end.isoformat(),
            "eventStatus": status,
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "url": urls.absolute(site.config.base_url, urls.activity(activity.slug)),
            "inLanguage": site.config.language,
        }
        if activity.body_text:
            event["description"] = activity.body_text[:500]
        location = place(site, occurrence.location)
        if location:
            event["location"] = location
        if activity.organisers:
            event["organizer"] = [
                {"@type": "Organization", "name": site.organisations[o].name,
                 "url": urls.absolute(site.config.base_url, urls.organisation(o))}
                for o in activity.organisers
            ]
        if activity.cost:
            event["isAccessibleForFree"] = activity.cost.strip().lower() in ("gratis", "free")
        found.append(event)
    return found


def sitemap(base_url: str, page_urls: list[str]) -> bytes:
    entries = "".join(
        f"<url><loc>{escape(urls.absolute(base_url, url))}</loc></url>\n"
        for url in page_urls if url.endswith("/") or url == ""
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</urlset>\n"
    ).encode()


def robots(base_url: str) -> bytes:
    return f"User-agent: *\nAllow: /\nSitemap: {urls.absolute(base_url, urls.sitemap())}\n".encode()
