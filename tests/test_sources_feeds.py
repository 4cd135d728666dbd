"""Partner feeds: Google- and Outlook-shaped calendars, served from 127.0.0.1, show up on the
right pages and in the right feeds at the right times, and an outage never empties the site.

Times are checked with recurring-ical-events on our feeds and on the partner's, never by
reading our own models back.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
import x_wr_timezone
from feedserver import FIXTURES, FeedServer
from sitekit import SITE_YAML, WIJK, make_site, run

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TODAY = date(2026, 10, 1)
WINDOW = (TODAY, TODAY + timedelta(days=365))
GOOGLE = FIXTURES / "google-bibliotheek.ics"
OUTLOOK = FIXTURES / "outlook-ggd.ics"

ORGANISATION = "---\nname: {name}\nwijk: all\n---\n"
SOURCES = """\
sources:
  - name: bieb
    url: {google}
    organisation: bibliotheek-zwolle
    wijk: stadshagen
    topics: [ontmoeten]
    ages: [peuter]
    exclude: [vergadering]
  - url: {outlook}
    organisation: ggd
    wijk: stadshagen
    wijk_by_location:
      dieze: dieze-oost
"""


def partner_site(
    root, server, google="/google.ics", outlook="/outlook.ics", sources=SOURCES, language="nl"
):
    yaml = SITE_YAML.format(language=language) + sources.format(
        google=server.url(google), outlook=server.url(outlook)
    )
    return make_site(
        root,
        site_yaml=yaml,
        organisations={
            "bibliotheek-zwolle": ORGANISATION.format(name="Bibliotheek Zwolle"),
            "ggd": ORGANISATION.format(name="GGD IJsselland"),
        },
        wijken={
            "stadshagen": WIJK.format(name="Stadshagen"),
            "dieze-oost": WIJK.format(name="Dieze-Oost"),
        },
    )


def seen(calendar_bytes: bytes, first=WINDOW[0], last=WINDOW[1]) -> list[tuple]:
    """(title, start, end, cancelled) of every occurrence, by recurring-ical-events.

    Floating times are taken in the site's zone; our cancelled summaries lose their prefix.
    """
    calendar = x_wr_timezone.to_standard(icalendar.Calendar.from_ical(calendar_bytes))
    found = []
    for event in recurring_ical_events.of(calendar).between(first, last):
        start = event.decoded("dtstart")
        end = (
            event.decoded("dtend") if event.get("dtend") is not None else start + timedelta(days=1)
        )
        title = str(event.get("summary")).removeprefix("Afgelast: ")
        found.append(
            (title, _instant(start), _instant(end), str(event.get("status", "")) == "CANCELLED")
        )
    return sorted(found, key=str)


def _instant(value):
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=AMSTERDAM)).astimezone(UTC)
    return value


@pytest.fixture(scope="module")
def server():
    with FeedServer() as running:
        running.serve("/google.ics", GOOGLE)
        running.serve("/outlook.ics", OUTLOOK)
        yield running


@pytest.fixture(scope="module")
def built(server, tmp_path_factory):
    site = partner_site(tmp_path_factory.mktemp("partners") / "site", server)
    result = run(site, "build", "--today", TODAY.isoformat())
    assert result.code == 0, result.stdout + result.stderr
    return result


def test_build_fetches_each_feed_once_with_a_clear_user_agent(built, server):
    assert server.fetches("/google.ics") == 1 and server.fetches("/outlook.ics") == 1
    agents = {agent for _, agent in server.requests}
    assert agents == {"wijkgen/0.1.0 (+https://example.org/wijkagenda/)"}


def test_partner_occurrences_in_our_feed_equal_the_partners_own_across_dst(built):
    """What a subscriber sees of each partner event is what the partner's own calendar shows."""
    ours = seen(built.output_bytes("agenda.ics"))
    theirs = [
        o
        for o in seen(GOOGLE.read_bytes()) + seen(OUTLOOK.read_bytes())
        if o[0] != "Personeelsvergadering"
    ]
    assert ours == sorted(theirs, key=str)
    assert len(ours) > 60


def test_google_series_in_utc_keeps_its_wall_clock_time_over_both_dst_changes(built):
    times = {
        start.astimezone(AMSTERDAM).date(): (
            start.astimezone(AMSTERDAM).strftime("%H:%M"),
            cancelled,
        )
        for title, start, _, cancelled in seen(built.output_bytes("stadshagen/agenda.ics"))
        if title == "Voorleesuurtje"
    }
    assert times[date(2026, 10, 21)] == ("15:30", False)  # summer time
    assert times[date(2026, 10, 28)] == ("15:30", False)  # winter time
    assert times[date(2027, 3, 31)] == ("15:30", False)  # summer time again
    assert times[date(2026, 11, 4)] == ("16:00", False)  # moved by a RECURRENCE-ID override
    assert times[date(2026, 11, 18)][1] is True  # cancelled override
    assert date(2026, 12, 30) not in times  # EXDATE
    assert max(times) == date(2027, 6, 30)  # UNTIL


def test_outlook_windows_zone_and_rdate(built):
    found = seen(built.output_bytes("agenda.ics"))
    spreekuur = [
        s.astimezone(AMSTERDAM) for t, s, _, _ in found if t == "Inloopspreekuur consultatiebureau"
    ]
    assert {s.strftime("%H:%M") for s in spreekuur} == {"09:00"}
    assert {s.date() for s in spreekuur} >= {
        date(2026, 10, 20),
        date(2026, 11, 3),
        date(2027, 4, 6),
    }
    assert date(2026, 12, 29) not in {s.date() for s in spreekuur}
    assert len(spreekuur) == 19  # COUNT=20 minus one EXDATE
    baby = {s.astimezone(AMSTERDAM).date() for t, s, _, _ in found if t == "Baby-inloop"}
    assert date(2026, 12, 23) in baby and date(2026, 12, 17) in baby  # RDATE next to the rule


def test_floating_and_all_day_without_dtend(built):
    found = {t: (s, e) for t, s, e, _ in seen(built.output_bytes("agenda.ics"))}
    start, end = found["Peuterdisco"]
    assert start.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M") == "2026-12-12 10:00"
    assert found["Start Nationale Voorleesdagen"] == (date(2027, 1, 20), date(2027, 1, 21))


def test_partner_events_land_on_the_right_wijk_and_organisation_pages(built):
    stadshagen, dieze = built.output("stadshagen/agenda.ics"), built.output("dieze-oost/agenda.ics")
    assert "Voorleesuurtje" in stadshagen and "Voorleesuurtje" not in dieze
    assert "Baby-inloop" in dieze and "Baby-inloop" not in stadshagen  # by its location text
    assert "Voorleesuurtje" in built.output("stadshagen/index.html")
    assert "Voorleesuurtje" in built.output("organisaties/bibliotheek-zwolle/index.html")
    assert "Inloopspreekuur" in built.output("organisaties/ggd/index.html")
    everything = built.output("agenda.ics")
    assert "Personeelsvergadering" not in everything  # exclude filter
    assert "Boekenmarkt" not in everything  # long past


def test_partner_events_are_marked_with_their_source_and_keep_their_own_uids(built):
    page = built.output("activiteiten/bieb-voorleesuurtje/index.html")
    assert "Overgenomen uit de agenda van Bibliotheek Zwolle" in page
    calendar = icalendar.Calendar.from_ical(built.output_bytes("agenda.ics"))
    uids = {str(e["UID"]) for e in calendar.walk("VEVENT")}
    assert all(uid.startswith("partner-bieb-") or uid.startswith("partner-ggd-") for uid in uids)
    assert all(uid.endswith("@example.org") for uid in uids)
    descriptions = [
        str(e["DESCRIPTION"])
        for e in calendar.walk("VEVENT")
        if "Voorleesuurtje" in str(e["SUMMARY"])
    ]
    assert descriptions and all("Bibliotheek Zwolle" in d for d in descriptions)


def test_a_build_without_the_cache_shows_the_partners_events_as_well(server, tmp_path):
    """The build cache only makes builds faster: `--no-cache` may not lose the partners."""
    site = partner_site(tmp_path / "site", server)
    assert run(site, "build", "--today", TODAY.isoformat(), output_dir=tmp_path / "cached").code == 0
    plain = run(site, "build", "--today", TODAY.isoformat(), "--no-cache", output_dir=tmp_path / "plain")
    assert plain.code == 0, plain.stdout + plain.stderr
    calendar = icalendar.Calendar.from_ical((tmp_path / "plain" / "agenda.ics").read_bytes())
    assert any(str(e["UID"]).startswith("partner-bieb-") for e in calendar.walk("VEVENT"))
    assert (tmp_path / "plain" / "agenda.ics").read_bytes() == (tmp_path / "cached" / "agenda.ics").read_bytes()
    assert (tmp_path / "plain" / "activiteiten" / "bieb-voorleesuurtje" / "index.html").is_file()


def test_partner_uids_never_collide_with_the_sites_own(server, tmp_path):
    own = "---\ntitle: Voorleesuurtje\nwijk: stadshagen\nstart: 2026-10-10 10:00\n"
    own += "organisers: [ggd]\n---\n"
    site = partner_site(tmp_path / "site", server)
    (site / "content" / "activiteiten" / "bieb-voorleesuurtje.md").write_text(own, encoding="utf-8")
    result = run(site, "build", "--today", TODAY.isoformat())
    assert result.code == 0
    calendar = icalendar.Calendar.from_ical(result.output_bytes("agenda.ics"))
    series = {(str(e["UID"])) for e in calendar.walk("VEVENT") if e.get("recurrence-id") is None}
    assert len(series) == len(
        [e for e in calendar.walk("VEVENT") if e.get("recurrence-id") is None]
    )
    assert "activiteit-bieb-voorleesuurtje@example.org" in series
    assert "Overgenomen" not in result.output("activiteiten/bieb-voorleesuurtje/index.html")


def test_an_unreachable_or_broken_feed_falls_back_to_the_last_good_copy(server, tmp_path):
    server.serve("/flaky.ics", GOOGLE)
    site = partner_site(tmp_path / "site", server, google="/flaky.ics")
    first = run(site, "build", "--today", TODAY.isoformat())
    assert first.code == 0 and "Voorleesuurtje" in first.output("agenda.ics")

    server.serve("/flaky.ics", b"<html>Onderhoud</html>")  # a broken feed
    broken = run(site, "build", "--today", TODAY.isoformat())
    assert broken.code == 0
    assert broken.output_bytes("agenda.ics") == first.output_bytes(
        "agenda.ics"
    )  # reproducible from the cache
    assert any(
        line.startswith("site.yaml:") and "bieb" in line and "kopie" in line
        for line in broken.lines
    )

    server.serve("/flaky.ics", b"", status=503)  # an outage
    down = run(site, "build", "--today", TODAY.isoformat())
    assert down.code == 0 and "HTTP 503" in down.stdout
    assert down.output_bytes("agenda.ics") == first.output_bytes("agenda.ics")


def test_check_works_offline_and_reports_a_feed_broken_for_a_week(server, tmp_path):
    server.serve("/week.ics", GOOGLE)
    site = partner_site(tmp_path / "site", server, google="/week.ics")
    assert run(site, "build", "--today", TODAY.isoformat()).code == 0
    fetched = server.fetches("/week.ics")
    ok = run(site, "check")
    assert ok.code == 0 and server.fetches("/week.ics") == fetched  # no network
    state_file = site / ".wijkgen-cache" / "sources" / "bieb.json"
    state = json.loads(state_file.read_text())
    state["fetched"] = (datetime.now(UTC) - timedelta(days=8)).isoformat()
    state_file.write_text(json.dumps(state))
    old = run(site, "check")
    assert old.code == 0 and "bron 'bieb' is voor het laatst opgehaald op" in old.stdout

    server.serve("/week.ics", b"", status=404)
    assert run(site, "build", "--today", TODAY.isoformat()).code == 0  # a failure is a warning
    state = json.loads(state_file.read_text())
    eight_days_ago = datetime.now(UTC) - timedelta(days=8)
    state["failing_since"] = eight_days_ago.isoformat()
    state_file.write_text(json.dumps(state))
    stale = run(site, "check")
    assert stale.code == 1
    line = next(line for line in stale.lines if "bieb" in line)
    assert line.startswith("site.yaml:") and ": fout: " in line and "HTTP 404" in line
    assert run(site, "build", "--today", TODAY.isoformat()).code == 0  # publishing goes on


def test_sources_command_lists_fetched_found_and_kept(built):
    result = run(built.site, "sources", str(built.site), "--today", TODAY.isoformat())
    assert result.code == 0
    out = result.stdout
    assert "bieb  http://127.0.0.1:" in out and "ggd  http://127.0.0.1:" in out
    assert (
        "activiteiten: 7 gevonden, 5 overgenomen" in out
    )  # minus the past one and the excluded one
    assert "activiteiten: 3 gevonden, 3 overgenomen" in out
    assert "opgehaald: 20" in out


def test_sources_config_problems_point_at_their_line(server, tmp_path):
    sources = """\
sources:
  - url: http://calendar.example.com/feed.ics
    organisation: bibliotheek-zwole
    wijk: stadshagen
    topics: [ontmoetn]
  - url: {google}
    organisation: ggd
"""
    site = partner_site(tmp_path / "site", server, sources=sources)
    result = run(site, "check")
    assert result.code == 1
    lines = "\n".join(result.lines)
    assert (
        "site.yaml:13:10: fout: 'http://calendar.example.com/feed.ics' "
        "is geen bruikbaar agenda-adres"
        in lines
    )
    assert "site.yaml:17:5: fout: bron 'ggd' heeft 'wijk' of 'wijk_by_location' nodig" in lines
    assert "bedoelde je 'bibliotheek-zwolle'?" not in lines  # a bad URL leaves the feed out first


def test_unknown_organisation_topic_and_wijk_of_a_source(server, tmp_path):
    sources = """\
sources:
  - url: {google}
    organisation: bibliotheek-zwole
    wijk: stadshagn
    topics: [ontmoetn]
"""
    result = run(partner_site(tmp_path / "site", server, sources=sources), "check")
    lines = "\n".join(result.lines)
    assert (
        "site.yaml:14:19: fout: onbekende organisatie 'bibliotheek-zwole'; "
        "bedoelde je 'bibliotheek-zwolle'?"
        in lines
    )
    assert "site.yaml:15:11: fout: onbekende wijk 'stadshagn'; bedoelde je 'stadshagen'?" in lines
    assert "site.yaml:16:13: fout: onbekend onderwerp 'ontmoetn'; bedoelde je 'ontmoeten'?" in lines


def test_source_messages_in_english(server, tmp_path):
    sources = """\
sources:
  - url: ftp://example.org/feed.ics
    organisation: ggd
    wijk: stadshagen
"""
    site = partner_site(tmp_path / "site", server, sources=sources, language="en")
    result = run(site, "check")
    assert result.code == 1
    assert (
        "site.yaml:13:10: error: 'ftp://example.org/feed.ics' is not a usable calendar address"
        in result.stdout
    )
