"""Fetching a partner feed: https only (except on this computer), a time limit, a size limit,
and redirects held to the same rules."""

from __future__ import annotations

import pytest
from feedserver import FeedServer

from wijkgen import sources

AGENT = "wijkgen/test (+https://example.org/)"


@pytest.fixture(scope="module")
def server():
    with FeedServer() as running:
        running.serve("/ok.ics", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
        running.serve("/slow.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", delay=1.5)
        running.serve("/big.ics", b"X" * 4096)
        running.serve("/to-http.ics", b"http://example.com/feed.ics", status=302)
        running.serve("/to-local.ics", b"/ok.ics", status=302)
        yield running


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://calendar.google.com/calendar/ical/x/basic.ics", True),
        ("http://127.0.0.1:8000/feed.ics", True),
        ("http://localhost/feed.ics", True),
        ("http://calendar.example.com/feed.ics", False),
        ("ftp://example.com/feed.ics", False),
        ("file:///etc/passwd", False),
        ("feed.ics", False),
    ],
)
def test_only_https_or_this_computer(url, allowed):
    assert (sources.allowed_url(url) is None) is allowed


def test_webcal_links_are_fetched_over_https():
    assert sources.https_url("webcal://example.org/a.ics") == "https://example.org/a.ics"


def test_fetch_reads_a_feed_and_follows_a_redirect_that_keeps_the_rules(server):
    assert sources.fetch(server.url("/to-local.ics"), AGENT).startswith(b"BEGIN:VCALENDAR")


def test_a_redirect_to_plain_http_elsewhere_is_refused(server):
    with pytest.raises(sources.FetchError, match="only https"):
        sources.fetch(server.url("/to-http.ics"), AGENT)


def test_time_limit(server, monkeypatch):
    monkeypatch.setattr(sources, "TIMEOUT_SECONDS", 0.3)
    with pytest.raises(sources.FetchError):
        sources.fetch(server.url("/slow.ics"), AGENT)


def test_size_limit(server, monkeypatch):
    monkeypatch.setattr(sources, "MAX_FEED_BYTES", 1024)
    with pytest.raises(sources.FetchError, match="larger than"):
        sources.fetch(server.url("/big.ics"), AGENT)


def test_a_missing_feed_says_its_http_status(server):
    with pytest.raises(sources.FetchError, match="HTTP 404"):
        sources.fetch(server.url("/gone.ics"), AGENT)
