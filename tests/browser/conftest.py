"""Browser fixtures: two built sites served from a sub-path over a local http.server, and one
Debian chromium per session driven by Playwright. Every request a page makes is recorded."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browsertools import CHROMIUM, REPO, TODAY
from sitekit import make_site, run

# the test site: English interface, served from a deeper sub-path than the example site
TEST_SITE_YAML = """\
title: Growing up together
base_url: https://example.org/gemeente/agenda/
language: en
timezone: Europe/Amsterdam
topics:
  ontmoeten: Meeting others
  opvoeding: Parenting
  gezondheid: Health
ages:
  baby: Baby (0-1)
  peuter: Toddler (1-4)
"""

TEST_ACTIVITIES = {
    "baby-cafe": """
        ---
        title: Baby café
        wijk: stadshagen
        start: 2026-11-30 09:30
        end: 11:00
        location: csv28
        organisers: [sociaal-wijkteam]
        topics: [ontmoeten]
        ages: [baby]
        cost: free
        repeat:
          every: week
        occurrences:
          - date: 2026-12-07
            status: cancelled
            note: Closed for the holiday market
        ---
        Coffee and play for parents with babies.
        """,
    "toddler-gym": """
        ---
        title: Toddler gym
        wijk: all
        start: 2026-12-02 15:00
        end: 16:00
        location: Sporthal Zuid
        organisers: [sociaal-wijkteam]
        topics: [gezondheid]
        ages: [peuter]
        repeat:
          every: week
        ---
        Climbing and running.
        """,
    "parenting-evening": """
        ---
        title: Parenting evening
        wijk: stadshagen
        start: 2026-11-28 19:30
        end: 21:30
        organisers: [sociaal-wijkteam]
        topics: [opvoeding]
        location: csv28
        ---
        For every parent.
        """,
    # a crowded day: the home page shows five of its dates and says how many more there are
    **{f"open-morning-{n}": f"""
        ---
        title: Open morning {n}
        wijk: dieze-oost
        start: 2026-12-03 {9 + n}:00
        ---
        """ for n in range(6)},
}


@dataclass
class Served:
    """One built site as a browser sees it."""

    name: str
    output: Path
    root_url: str  # the server's root, "http://127.0.0.1:PORT/"
    base_path: str  # the sub-path the site lives at, "/wijkagenda/"
    language: str
    wijk: str
    age: str
    topic: str
    organisation: str
    venue: str
    activity: str
    requests: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return self.root_url.rstrip("/") + self.base_path

    def kinds(self) -> dict[str, str]:
        """A URL for each page kind."""
        return {
            "home": "",
            "wijk": f"{self.wijk}/",
            "wijk-age": f"{self.wijk}/leeftijd/{self.age}/",
            "wijk-topic": f"{self.wijk}/onderwerp/{self.topic}/",
            "questions-wijk": f"{self.wijk}/waar-kan-ik-terecht/",
            "questions-city": "waar-kan-ik-terecht/",
            "month": f"{self.wijk}/maand/",
            "activity": f"activiteiten/{self.activity}/",
            "organisation": f"organisaties/{self.organisation}/",
            "venue": f"locaties/{self.venue}/",
            "404": "deze/pagina/bestaat/niet/",
        }


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves files, and a missing path as the site's own 404.html like GitHub Pages does."""

    not_found_pages: dict[str, Path]  # sub-path -> that site's 404.html

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        page = next((p for prefix, p in self.not_found_pages.items() if self.path.startswith(prefix)), None)
        if code != 404 or page is None:
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _serve(root: Path, not_found_pages: dict[str, Path]):
    handler = type("Handler", (_Handler,), {"not_found_pages": not_found_pages})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _publish(built: Path, root: Path, base_url: str) -> Path:
    """Copy a built site to where its base_url's path puts it under the server root."""
    target = root / urlsplit(base_url).path.strip("/")
    shutil.copytree(built, target)
    return target


@pytest.fixture(scope="session")
def served_sites(tmp_path_factory):
    root = tmp_path_factory.mktemp("www")
    example = run(REPO, "build", "--today", TODAY, output_dir=tmp_path_factory.mktemp("example") / "out")
    assert example.code == 0, example.stdout
    test_site = make_site(
        tmp_path_factory.mktemp("testsite"), activities=TEST_ACTIVITIES, site_yaml=TEST_SITE_YAML)
    test = run(test_site, "build", "--today", TODAY)
    assert test.code == 0, test.stdout
    example_dir = _publish(example.output_dir, root, "https://example.org/wijkagenda/")
    test_dir = _publish(test.output_dir, root, "https://example.org/gemeente/agenda/")
    server = _serve(root, {"/wijkagenda/": example_dir / "404.html",
                           "/gemeente/agenda/": test_dir / "404.html"})
    root_url = f"http://127.0.0.1:{server.server_address[1]}/"
    sites = {
        "example": Served("example", example_dir, root_url, "/wijkagenda/", "nl", "stadshagen",
                          "baby", "taal", "sociaal-wijkteam-stadshagen", "bibliotheek-stadshagen",
                          "oudercafe-koffie-en-koters"),
        "subpath": Served("subpath", test_dir, root_url, "/gemeente/agenda/", "en", "stadshagen",
                          "baby", "ontmoeten", "sociaal-wijkteam", "csv28", "baby-cafe"),
    }
    yield sites
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    """One chromium for all the pages of a test module. Module-scoped, not session-scoped,
    because Playwright's sync API allows one running instance per thread and other test
    modules (tests/test_serve.py) start their own."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (.ci/install.d/30-browser.sh installs it)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser, served_sites):
    """open_page(site, url, js=True, width=360, now=None) -> (page, Served).

    `now` fixes the browser's clock, for tests of what the scripts show on a given day.

    Requests to any host but the local server are aborted and recorded in `site.requests`.
    """
    contexts = []

    def opener(site_name: str, url: str, js: bool = True, width: int = 360, now=None):
        site = served_sites[site_name]
        site.requests = []
        context = browser.new_context(
            viewport={"width": width, "height": 780}, java_script_enabled=js, reduced_motion="reduce")
        contexts.append(context)
        local = urlsplit(site.root_url).netloc

        def record(route):
            site.requests.append(route.request.url)
            if urlsplit(route.request.url).netloc == local:
                route.continue_()
            else:
                route.abort()

        context.route("**/*", record)
        page = context.new_page()
        if js and now:
            page.clock.set_fixed_time(now)
        page.goto(site.base + url)
        return page, site

    yield opener
    for context in contexts:
        context.close()
