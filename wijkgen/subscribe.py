"""The ways to subscribe to a feed, for a parent who has never heard of iCal:
`webcal://` (Apple, Outlook on the desktop), Google Calendar's "add by URL", Outlook.com,
the plain https address to copy, and a QR code that opens the https address on a phone.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from urllib.parse import quote, urlencode

import segno
from markupsafe import Markup

from . import urls


def links(base_url: str, feed_url: str) -> dict[str, str]:
    absolute = urls.absolute(base_url, feed_url)
    webcal = "webcal://" + absolute.split("://", 1)[1]
    return {
        "https": absolute,
        "webcal": webcal,
        # Google takes a webcal:// address as `cid` and opens its "add calendar" dialog
        "google": "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe=""),
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?" + urlencode({"url": absolute}),
    }


@lru_cache(maxsize=1024)
def qr_svg(address: str, label: str) -> Markup:
    """An inline SVG QR code of `address`, announced to screen readers as `label`.

    Dark on a white quiet zone, so it scans in dark mode too; scalable through viewBox."""
    code = segno.make(address, error="m")
    svg = code.svg_inline(scale=4, dark="#000", light="#fff", title=label, svgclass="qr-code",
                          lineclass=None, omitsize=True)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" width="164" ', 1)
    return Markup(svg)
