"""Recurring activities, as a calendar client and a parent see them.

Every expectation here is written out by hand (dates from a paper calendar), and feeds
are read back with independent parsers: icalendar and recurring-ical-events.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from sitekit import make_site, run

AMS = ZoneInfo("Europe/Amsterdam")
TODAY = "2026-09-01"

ACTIVITIES = {
    "oudercafe": """
        ---
        title: Oudercafé
        wijk: stadshagen
        start: 2026-10-07 09:30
        end: 11:30
        location: csv28
        organisers: [sociaal-wijkteam]
        repeat:
          every: week
          on: [woensdag]
          until: 2027-04-28
          except: [2026-12-23, 2026-12-30]
        occurrences:
          - date: 2026-11-04
            status: cancelled
            note: Geen oudercafé i.v.m. de herfstvakantie
          - date: 2026-11-18
            start: 2026-11-18 10:00
            end: 11:30
            location: Bibliotheek Stadshagen
        ---
        Koffie voor ouders.
        """,
    "inloop": """
        ---
        title: Inloopspreekuur
        wijk: all
        start: 2026-10-06 14:00
        end: 15:00
        organisers: [sociaal-wijkteam]
        repeat:
          every: month
          on: [first tuesday]
        ---
        """,
    "ruil": """
        ---
        title: Kledingruil
        wijk: dieze-oost
        start: 2026-10-30 19:00
        end: 20:30
        organisers: [sociaal-wijkteam]
        repeat:
          every: maand
          on: [Laatste Vrijdag]
        ---
        """,
    "congres": """
        ---
        title: Congres Samen Opgroeien
        wijk: all
        start: 2027-09-27
        end: 2027-09-28
        organisers: [sociaal-wijkteam]
        ---
        """,
    "oudejaar": """
        ---
        title: Oudejaarsavond voor ouders
        wijk: stadshagen
        start: 2026-12-31 21:00
        end: 2027-01-01 00:30
        organisers: [sociaal-wijkteam]
        ---
        """,
    "muziek": """
        ---
        title: Muziek met peuters
        wijk: stadshagen
        start: 2026-09-08 10:00
        end: 10:45
        organisers: [sociaal-wijkteam]
        repeat:
          every: week
          interval: 2
          count: 4
        ---
        """,
    "babycafe": """
        ---
        title: Babycafé
        wijk: dieze-oost
        start: 2026-09-03 10:00
        end: 11:00
        organisers: [sociaal-wijkteam]
        rrule: FREQ=WEEKLY;BYDAY=TH;UNTIL=20260924
        ---
        """,
    "afgelast": """
        ---
        title: Babymassage
        wijk: stadshagen
        start: 2026-10-01 10:00
        end: 11:00
        status: cancelled
        organisers: [sociaal-wijkteam]
        ---
        """,
    "tekst": """
        ---
        title: "Taal, spel; koffie \\\\ thee ☕ مقهى الآباء 家长咖啡"
        wijk: stadshagen
        start: 2026-10-02 10:00
        end: 11:00
        location: "Zaal 1, boven; links"
        organisers: [sociaal-wijkteam]
        ---
        Eerste regel, met komma; en puntkomma.
        Tweede regel 🎉
        """,
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("recurrence"), activities=ACTIVITIES)
    result = run(site, "build", "--today", TODAY)
    assert result.code == 0, result.stdout + result.stderr
    return result


def feed(built, path: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(built.output_bytes(path))


def occurrences(built, path: str, start=date(2026, 9, 1), end=date(2028, 1, 1)):
    return list(recurring_ical_events.of(feed(built, path)).between(start, end))


def local_starts(events):
    return [e["DTSTART"].dt.astimezone(AMS).replace(tzinfo=None) for e in events]


def test_weekly_keeps_its_wall_clock_time_across_both_daylight_saving_changes(built):
    events = occurrences(built, "activiteiten/oudercafe.ics")
    by_day = {e["DTSTART"].dt.date(): e for e in events}
    # the clocks go back on Sunday 25 October 2026 and forward on Sunday 28 March 2027
    before, after_autumn = by_day[date(2026, 10, 21)], by_day[date(2026, 10, 28)]
    before_spring, after_spring = by_day[date(2027, 3, 24)], by_day[date(2027, 3, 31)]
    for event in (before, after_autumn, before_spring, after_spring):
        assert event["DTSTART"].dt.astimezone(AMS).strftime("%H:%M") == "09:30"
        assert event["DTEND"].dt.astimezone(AMS).strftime("%H:%M") == "11:30"
    assert before["DTSTART"].dt.astimezone(UTC).hour == 7  # CEST, UTC+2
    assert after_autumn["DTSTART"].dt.astimezone(UTC).hour == 8  # CET, UTC+1
    assert before_spring["DTSTART"].dt.astimezone(UTC).hour == 8
    assert after_spring["DTSTART"].dt.astimezone(UTC).hour == 7


def test_series_is_anchored_in_amsterdam_with_until_in_utc(built):
    raw = built.output_bytes("activiteiten/oudercafe.ics").decode()
    assert "DTSTART;TZID=Europe/Amsterdam:20261007T093000" in raw
    # the last day, 28 April 2027, ends at 23:59:59 CEST = 21:59:59 UTC
    assert "RRULE:FREQ=WEEKLY;UNTIL=20270428T215959Z;BYDAY=WE" in raw
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam" in raw


def test_weekly_dates_exceptions_and_end(built):
    days = [s.date() for s in local_starts(occurrences(built, "activiteiten/oudercafe.ics"))]
    assert days[0] == date(2026, 10, 7)
    assert days[-1] == date(2027, 4, 28)
    assert date(2026, 12, 23) not in days and date(2026, 12, 30) not in days
    assert date(2026, 12, 16) in days and date(2027, 1, 6) in days
    expected = []
    day = date(2026, 10, 7)
    while day <= date(2027, 4, 28):
        if day not in (date(2026, 12, 23), date(2026, 12, 30)):
            expected.append(day)
        day += timedelta(days=7)
    assert days == expected


def test_exdate_has_the_value_type_and_zone_of_dtstart(built):
    raw = built.output_bytes("activiteiten/oudercafe.ics").decode()
    assert "EXDATE;TZID=Europe/Amsterdam:20261223T093000,20261230T093000" in raw


def test_cancelled_occurrence_says_so_in_status_and_summary(built):
    by_day = {e["DTSTART"].dt.date(): e for e in occurrences(built, "activiteiten/oudercafe.ics")}
    cancelled = by_day[date(2026, 11, 4)]
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["SUMMARY"] == "Afgelast: Oudercafé"
    assert "Geen oudercafé i.v.m. de herfstvakantie" in cancelled["DESCRIPTION"]
    assert by_day[date(2026, 11, 11)]["STATUS"] == "CONFIRMED"


def test_moved_occurrence_has_new_time_and_place_and_the_series_uid(built):
    events = occurrences(built, "activiteiten/oudercafe.ics")
    moved = [e for e in events if e["DTSTART"].dt.date() == date(2026, 11, 18)]
    assert len(moved) == 1
    assert moved[0]["DTSTART"].dt == datetime(2026, 11, 18, 10, 0, tzinfo=AMS)
    assert moved[0]["DTEND"].dt == datetime(2026, 11, 18, 11, 30, tzinfo=AMS)
    assert moved[0]["LOCATION"] == "Bibliotheek Stadshagen"
    series = feed(built, "activiteiten/oudercafe.ics").walk("VEVENT")
    assert {e["UID"] for e in series} == {"activiteit-oudercafe@example.org"}
    overrides = [e for e in series if "RECURRENCE-ID" in e]
    assert {e["RECURRENCE-ID"].dt for e in overrides} == {
        datetime(2026, 11, 4, 9, 30, tzinfo=AMS), datetime(2026, 11, 18, 9, 30, tzinfo=AMS)}


def test_monthly_first_tuesday(built):
    days = [s.date() for s in local_starts(occurrences(built, "activiteiten/inloop.ics", end=date(2027, 3, 1)))]
    assert days == [date(2026, 10, 6), date(2026, 11, 3), date(2026, 12, 1), date(2027, 1, 5), date(2027, 2, 2)]
    assert "BYDAY=1TU" in built.output("activiteiten/inloop.ics")


def test_monthly_last_friday_in_dutch(built):
    days = [s.date() for s in local_starts(occurrences(built, "activiteiten/ruil.ics", end=date(2027, 3, 1)))]
    assert days == [date(2026, 10, 30), date(2026, 11, 27), date(2026, 12, 25), date(2027, 1, 29), date(2027, 2, 26)]
    assert "BYDAY=-1FR" in built.output("activiteiten/ruil.ics")


def test_two_day_all_day_activity_has_an_exclusive_end(built):
    raw = built.output("activiteiten/congres.ics")
    assert "DTSTART;VALUE=DATE:20270927" in raw
    assert "DTEND;VALUE=DATE:20270929" in raw
    events = occurrences(built, "activiteiten/congres.ics")
    assert [(e["DTSTART"].dt, e["DTEND"].dt) for e in events] == [(date(2027, 9, 27), date(2027, 9, 29))]


def test_activity_past_midnight(built):
    [event] = occurrences(built, "activiteiten/oudejaar.ics")
    assert event["DTSTART"].dt == datetime(2026, 12, 31, 21, 0, tzinfo=AMS)
    assert event["DTEND"].dt == datetime(2027, 1, 1, 0, 30, tzinfo=AMS)


def test_count_is_written_as_until_and_gives_that_many_dates(built):
    raw = built.output("activiteiten/muziek.ics")
    assert "COUNT" not in raw  # clients miscount COUNT next to EXDATE
    days = [s.date() for s in local_starts(occurrences(built, "activiteiten/muziek.ics"))]
    assert days == [date(2026, 9, 8), date(2026, 9, 22), date(2026, 10, 6), date(2026, 10, 20)]


def test_raw_rrule(built):
    days = [s.date() for s in local_starts(occurrences(built, "activiteiten/babycafe.ics"))]
    assert days == [date(2026, 9, 3), date(2026, 9, 10), date(2026, 9, 17), date(2026, 9, 24)]


def test_whole_activity_cancelled(built):
    [event] = occurrences(built, "activiteiten/afgelast.ics")
    assert event["STATUS"] == "CANCELLED"
    assert event["SUMMARY"] == "Afgelast: Babymassage"
    page = built.output("activiteiten/afgelast/index.html")
    assert "Gaat niet door" in page


def test_text_with_commas_semicolons_newlines_emoji_and_other_scripts(built):
    [event] = feed(built, "activiteiten/tekst.ics").walk("VEVENT")
    assert str(event["SUMMARY"]) == "Taal, spel; koffie \\ thee ☕ مقهى الآباء 家长咖啡"
    assert str(event["LOCATION"]) == "Zaal 1, boven; links"
    assert "Eerste regel, met komma; en puntkomma.\nTweede regel 🎉" in str(event["DESCRIPTION"])
    raw = built.output_bytes("activiteiten/tekst.ics")
    assert b"SUMMARY:Taal\\, spel\\; koffie \\\\ thee" in raw


def test_every_feed_has_dtend_and_stable_unique_uids(built):
    uids = {}
    for path in sorted(built.output_dir.rglob("*.ics")):
        for event in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            assert "DTEND" in event
            assert "DTSTAMP" in event
            key = (str(event["UID"]), event.get("RECURRENCE-ID") and event["RECURRENCE-ID"].to_ical())
            uids.setdefault(path.name, set()).add(key)
    main_feed = uids["agenda.ics"]
    assert len(main_feed) == 9 + 2  # nine activities, two overrides
    assert len({uid for uid, rid in main_feed if rid is None}) == 9


def test_feed_header_for_subscribers(built):
    raw = built.output_bytes("stadshagen/agenda.ics")
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
    for line in (b"METHOD:PUBLISH", b"X-WR-CALNAME:Activiteiten in Stadshagen",
                 b"REFRESH-INTERVAL;VALUE=DURATION:PT12H", b"X-PUBLISHED-TTL:PT12H"):
        assert line + b"\r\n" in raw


def test_wijk_feed_holds_its_own_and_citywide_activities(built):
    summaries = {str(e["SUMMARY"]) for e in feed(built, "dieze-oost/agenda.ics").walk("VEVENT")}
    assert summaries == {"Inloopspreekuur", "Kledingruil", "Congres Samen Opgroeien", "Babycafé"}


def test_two_builds_are_byte_identical(built, tmp_path):
    again = run(built.site, "build", "--today", TODAY, output_dir=tmp_path / "again")
    assert again.code == 0
    first = {p.relative_to(built.output_dir): p.read_bytes() for p in built.output_dir.rglob("*") if p.is_file()}
    second = {p.relative_to(again.output_dir): p.read_bytes() for p in again.output_dir.rglob("*") if p.is_file()}
    assert first == second


def test_wijk_page_shows_cancelled_and_moved_dates_in_dutch(tmp_path):
    site = make_site(tmp_path, activities={"oudercafe": ACTIVITIES["oudercafe"]})
    result = run(site, "build", "--today", "2026-11-01")
    page = result.output("stadshagen/index.html")
    assert "woensdag 4 november" in page
    assert "Gaat niet door" in page
    assert "Geen oudercafé i.v.m. de herfstvakantie" in page
    assert "woensdag 18 november" in page and "10.00 – 11.30 uur" in page
    assert "9.30 – 11.30 uur" in page
    assert 'datetime="2026-11-18T10:00:00+01:00"' in page
    # 28 October lies before --today: not listed as upcoming
    assert "woensdag 28 oktober" not in page


def test_horizon_limits_what_pages_list(tmp_path):
    site = make_site(tmp_path, activities={"inloop": ACTIVITIES["inloop"]})
    yaml = (site / "site.yaml").read_text() + "horizon_days: 60\n"
    (site / "site.yaml").write_text(yaml)
    result = run(site, "build", "--today", "2026-10-01")
    page = result.output("activiteiten/inloop/index.html")
    assert "dinsdag 3 november 2026" in page
    assert "dinsdag 1 december 2026" not in page  # 61 days ahead


def test_activity_page_shows_the_first_dates_and_the_rest_on_request(built):
    page = built.output("activiteiten/oudercafe/index.html")
    shown, _, folded = page.partition('<details class="more-dates">')
    assert "woensdag 7 oktober 2026" in shown and "woensdag 25 november 2026" in shown
    assert "woensdag 2 december 2026" not in shown  # the ninth date
    assert "en nog 20 datums" in folded and "woensdag 28 april 2027" in folded
