"""`wijkgen serve` as a volunteer uses it: save a file, see the page; make a mistake, see it
in the page; fix it, and the page is back. The server runs as a real subprocess."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

import pytest
from sitekit import front, make_site

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.long

CAFE = """
---
title: Oudercafé Koffie en Koters
wijk: stadshagen
start: 2026-12-02 09:30
end: 11:30
organisers: [sociaal-wijkteam]
---
Koffie voor ouders.
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s in vain for {condition.__doc__ or condition}")
        time.sleep(0.02)


class Server:
    """`wijkgen serve` in a process of its own; `code`: Python to run instead of `-m wijkgen`."""

    def __init__(self, site: Path, log: Path, new_session: bool = False, code: str | None = None,
                 env: dict[str, str] | None = None):
        self.site = site
        self.log = log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        # its preview folder beside its log, removed with the test's folder even when it is killed
        env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(log.parent), **(env or {})}
        command = ["-c", code] if code else ["-m", "wijkgen"]
        self.process = subprocess.Popen(
            [sys.executable, *command, "serve", str(site), "--port", str(self.port), "--today", "2026-11-28"],
            stdout=log.open("w"), stderr=subprocess.STDOUT, env=env, start_new_session=new_session,
        )

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, ""
        except OSError:
            return 0, ""

    def problems(self) -> dict:
        status, body = self.get("__wijkgen/problems.json")
        return json.loads(body) if status == 200 else {}

    def rebuilds(self) -> int:
        return self.log.read_text(encoding="utf-8").count("Bijgewerkt in ")

    def save(self, relative: str, content: str) -> None:
        """Save a file and wait until the server has rebuilt for it."""
        before = self.rebuilds()
        (self.site / relative).write_text(front(content), encoding="utf-8")
        wait_for(lambda: self.rebuilds() > before)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve")
    site = make_site(root / "site", activities={"cafe": CAFE})
    running = Server(site, root / "serve.log")
    wait_for(lambda: running.get("activiteiten/cafe/")[0] == 200)
    yield running
    running.stop()
    assert running.process.returncode is not None


def test_serves_the_built_site_with_the_problem_box_hidden(server):
    status, page = server.get("activiteiten/cafe/")
    assert status == 200
    assert "Oudercafé Koffie en Koters" in page
    assert '<div id="wijkgen-problems" role="alert" hidden' in page
    assert '<script src="/livereload.js"' in page
    assert server.problems()["problems"] == []
    assert server.get("livereload.js")[0] == 200


def test_a_saved_edit_is_served_rebuilt(server):
    server.save("content/activiteiten/cafe.md", CAFE.replace("Koffie voor ouders.", "Nu ook met thee."))
    assert "Nu ook met thee." in server.get("activiteiten/cafe/")[1]


def test_an_error_keeps_the_last_good_page_and_lists_the_problem_until_fixed(server):
    server.save("content/activiteiten/cafe.md", CAFE.replace("wijk: stadshagen", "wijk: stadhagen"))
    status, page = server.get("activiteiten/cafe/")
    assert status == 200 and "Oudercafé Koffie en Koters" in page
    assert server.process.poll() is None
    assert server.problems() == {
        "ok": False,
        "title": "1 fout(en), 0 waarschuwing(en).",
        "problems": [{
            "text": "content/activiteiten/cafe.md:3:7: fout: onbekende wijk 'stadhagen'; bedoelde je 'stadshagen'?",
            "hint": "tip: gebruik de bestandsnaam (zonder .md) uit content/wijken/, of all voor de hele stad",
        }],
    }
    server.save("content/activiteiten/cafe.md", CAFE)
    assert server.problems()["problems"] == []
    assert "Koffie voor ouders." in server.get("activiteiten/cafe/")[1]


def test_a_broken_yaml_file_and_a_broken_template_do_not_stop_the_server(server):
    server.save("content/activiteiten/cafe.md", CAFE.replace("end: 11:30", "end: [11:30"))
    assert server.problems()["problems"] == [{
        "text": "content/activiteiten/cafe.md:5:6: fout: hier begint een tekst tussen aanhalingstekens of "
                "een lijst tussen haakjes die niet wordt afgesloten",
        "hint": 'tip: zet aan het eind hetzelfde teken: een " sluit met ", een [ sluit met ]',
    }]
    server.save("content/activiteiten/cafe.md", CAFE)
    (server.site / "templates").mkdir(exist_ok=True)
    server.save("templates/activity.html", "{% extends 'base.html' %}{% block content %}{{ nope( }}{% endblock %}")
    assert server.process.poll() is None
    problems = server.problems()["problems"]
    assert len(problems) == 1 and "een sjabloon in templates/ geeft een fout" in problems[0]["text"]
    before = server.rebuilds()
    (server.site / "templates/activity.html").unlink()
    wait_for(lambda: server.rebuilds() > before)
    assert server.problems()["problems"] == []


def test_a_burst_of_saves_is_rebuilt_once(server):
    before = server.rebuilds()
    for number in range(5):
        (server.site / f"content/activiteiten/cafe-{number}.md").write_text(front(CAFE), encoding="utf-8")
        time.sleep(0.05)
    wait_for(lambda: server.rebuilds() > before)
    time.sleep(1.0)  # a second rebuild would have happened by now
    assert server.rebuilds() == before + 1
    assert server.get("activiteiten/cafe-4/")[0] == 200
    for number in range(5):
        (server.site / f"content/activiteiten/cafe-{number}.md").unlink()
    wait_for(lambda: server.rebuilds() > before + 1)
    assert server.get("activiteiten/cafe-4/")[0] == 404


def test_site_yaml_is_watched(server):
    site_yaml = (server.site / "site.yaml").read_text(encoding="utf-8")
    server.save("site.yaml", site_yaml.replace("title: Samen opgroeien", "title: Opgroeien in Zwolle"))
    assert "Opgroeien in Zwolle" in server.get("")[1]
    server.save("site.yaml", site_yaml)


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.mark.browser
def test_the_browser_shows_the_error_in_the_page_and_reloads_when_it_is_fixed(server):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(server.url + "activiteiten/cafe/")
        banner = page.locator("#wijkgen-problems")
        assert banner.is_hidden()
        page.wait_for_function("window.LiveReload && window.LiveReload.connector && "
                               "window.LiveReload.connector._isSocketConnected()", timeout=10000)

        server.save("content/activiteiten/cafe.md", CAFE.replace("wijk: stadshagen", "wijk: stadhagen"))
        banner.wait_for(state="visible", timeout=10000)  # livereload reloaded the page by itself
        assert "onbekende wijk 'stadhagen'" in banner.inner_text()
        assert "tip: gebruik de bestandsnaam" in banner.inner_text()
        assert page.locator("h1").first.inner_text() == "Oudercafé Koffie en Koters"  # the last good page

        server.save("content/activiteiten/cafe.md", CAFE.replace("Oudercafé", "Ouderkamer"))
        page.locator("h1", has_text="Ouderkamer").wait_for(timeout=10000)
        assert page.locator("#wijkgen-problems").is_hidden()
        browser.close()
    server.save("content/activiteiten/cafe.md", CAFE)


def test_measure_rebuild_times_a_save_on_a_copy_of_the_example_site_and_changes_no_content(tmp_path):
    import shutil

    from wijkgen.serve import measure_rebuild

    site = tmp_path / "example"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copy(REPO / "site.yaml", site / "site.yaml")
    before = {path: path.read_bytes() for path in site.rglob("*.md")}
    seconds = measure_rebuild(site)
    print(f"rebuild of the example site after one saved file: {seconds:.3f} s")
    assert 0 < seconds < 10
    assert {path: path.read_bytes() for path in site.rglob("*.md")} == before


def test_a_port_in_use_is_a_clear_message_not_a_traceback(tmp_path):
    from sitekit import run

    site = make_site(tmp_path / "site")
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = run(site, "serve", "--port", str(port))
    assert result.code == 2
    assert result.stderr.strip() == (
        f"poort {port} is al in gebruik; kies een andere, bijvoorbeeld: wijkgen serve --port {port + 1}")


def test_a_saved_activity_page_is_shown_before_the_whole_rebuild_and_as_it_makes_it(tmp_path):
    """At city scale the rebuild takes seconds: the saved activity's own page is made first,
    from the last good build, and is the very page the rebuild then writes."""
    from wijkgen.serve import Preview
    from wijkgen.watch import Polling

    site = make_site(tmp_path / "site", activities={"cafe": CAFE, "yoga": CAFE.replace("Oudercafé", "Yoga")})
    preview = Preview(site, date(2026, 11, 28), tmp_path / "preview", report=False)
    assert preview.rebuild().ok
    changes = Polling(site, debounce=0)
    page = tmp_path / "preview" / "activiteiten" / "cafe" / "index.html"
    cafe = site / "content" / "activiteiten" / "cafe.md"

    cafe.write_text(front(CAFE.replace("Koffie voor ouders.", "Nu ook thee.")), encoding="utf-8")
    saved, _ = changes.poll(0.0)
    assert saved == [cafe]
    assert preview.show_first(saved) == 1
    first = page.read_bytes()
    assert "Nu ook thee." in first.decode()
    assert preview.rebuild().ok
    assert page.read_bytes() == first

    # anything the rebuild must judge waits for it: a mistake, a new file, another kind of file
    cafe.write_text(front(CAFE.replace("wijk: stadshagen", "wijk: nergenshuizen")), encoding="utf-8")
    assert preview.show_first([cafe]) == 0
    assert not preview.rebuild().ok
    cafe.write_text(front(CAFE), encoding="utf-8")  # the fix: page and problem list go together
    assert preview.show_first([cafe]) == 0
    new = site / "content" / "activiteiten" / "nieuw.md"
    new.write_text(front(CAFE), encoding="utf-8")
    assert preview.show_first([new]) == 0
    organisation = next((site / "content" / "organisaties").glob("*.md"))
    assert preview.show_first([organisation]) == 0
    assert page.read_bytes() == first


def test_a_saved_organisation_or_venue_page_is_shown_before_the_whole_rebuild_and_as_it_makes_it(tmp_path):
    """A volunteer who edits their organisation's questions or a venue's accessibility sees
    that page at once too; the pages that list them follow with the rebuild."""
    from sitekit import ORGANISATION, VENUE

    from wijkgen.serve import Preview

    site = make_site(tmp_path / "site", activities={"cafe": CAFE.replace("end: 11:30", "end: 11:30\nlocation: csv28")})
    preview = Preview(site, date(2026, 11, 28), tmp_path / "preview", report=False)
    assert preview.rebuild().ok
    organisation = site / "content" / "organisaties" / "sociaal-wijkteam.md"
    venue = site / "content" / "locaties" / "csv28.md"
    organisation.write_text(front(ORGANISATION.replace("Wij helpen.", "Wij helpen ook op zaterdag.")), encoding="utf-8")
    venue.write_text(front(VENUE.replace("Rolstoeltoegankelijk", "Rolstoeltoegankelijk, met een lift")),
                     encoding="utf-8")

    assert preview.show_first([organisation, venue]) == 2
    pages = {url: (tmp_path / "preview" / url / "index.html").read_bytes()
             for url in ("organisaties/sociaal-wijkteam", "locaties/csv28")}
    assert "Wij helpen ook op zaterdag." in pages["organisaties/sociaal-wijkteam"].decode()
    assert "met een lift" in pages["locaties/csv28"].decode()
    assert all("Oudercafé Koffie en Koters" in page.decode() for page in pages.values())  # their activity
    assert preview.rebuild().ok
    assert {url: (tmp_path / "preview" / url / "index.html").read_bytes() for url in pages} == pages

    # a wijk's file, or a mistake in any of them, waits for the rebuild
    assert preview.show_first([site / "content" / "wijken" / "stadshagen.md"]) == 0
    organisation.write_text(front(ORGANISATION.replace("wijk: all", "wijk: nergenshuizen")), encoding="utf-8")
    assert preview.show_first([organisation]) == 0
    assert preview.show_first([organisation, venue]) == 0
