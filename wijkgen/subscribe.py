"""The ways to subscribe to a feed, for a parent who has never heard of iCal:
`webcal://` (Apple, Outlook on the desktop), Google Calendar's "add by URL", Outlook.com,
the plain https address to copy, and a QR code that opens the https address on a phone.
Pages with a subscribe block are those of feeds of the kinds in `BLOCK_KINDS`.
"""

from __future__ import annotations

import io
from functools import lru_cache
from urllib.parse import quote, urlencode

import segno

from . import urls

BLOCK_KINDS = frozenset({"all", "wijk", "wijk_age", "organisation", "venue"})  # their pages show the block


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


# Scoring segno's eight masks to pick the best was most of a build's QR time; every mask
# gives a valid code that phones scan (the tests decode them), so one is fixed.
QR_MASK = 0


@lru_cache(maxsize=4096)  # a feed's address stays the same from one rebuild to the next
def qr_code(address: str) -> segno.QRCode:
    return segno.make(address, error="m", mask=QR_MASK)


@lru_cache(maxsize=4096)
def qr_svg(address: str) -> bytes:
    """A standalone SVG QR code of `address`, shown through `<img alt>`: pages carry no
    inline SVG (the safety scan forbids it), and an image cannot run anything.

    Dark on a white quiet zone, so it scans in dark mode too; scalable through viewBox."""
    buffer = io.BytesIO()
    qr_code(address).save(buffer, kind="svg", scale=4, dark="#000", light="#fff",
                          svgclass=None, lineclass=None, omitsize=True)
    return buffer.getvalue()
