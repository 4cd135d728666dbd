"""`wijkgen import`: a calendar export becomes content files that build into the same calendar.

The round trip is checked with recurring-ical-events on both sides, over a year that
holds both daylight-saving changes.
"""

from __future__ import annotations

from datetime import date

import pytest
from feedserver import FIXTURES, FeedServer
from sitekit import make_site, run
from test_sources_feeds import GOOGLE, OUTLOOK, TODAY, seen

from wijkgen.cli import main

IMPORT_ARGS = (
    "--today",
    TODAY.isoformat(),
    "--wijk",
    "stadshagen",
    "--organisation",
    "sociaal-wijkteam",
)


def import_into(site, calendar) -> tuple[int, str]:
    result = run(site, "import", str(calendar), "--site", str(site), *IMPORT_ARGS)
    return result.code, result.stdout


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("import") / "site")
    outputs = [import_into(site, GOOGLE), import_into(site, OUTLOOK)]
    assert all(code == 0 for code, _ in outputs), outputs
    build = run(site, "build", "--today", TODAY.isoformat())
    assert build.code == 0, build.stdout
    return site, build, "\n".join(out for _, out in outputs)


def activity(site, slug: str) -> str:
    return (site / "content" / "activiteiten" / f"{slug}.md").read_text(encoding="utf-8")


def test_imported_files_build_into_the_same_occurrences_as_the_export(imported):
    _, build, _ = imported
    ours = seen(build.output_bytes("agenda.ics"))
    theirs = sorted(seen(GOOGLE.read_bytes()) + seen(OUTLOOK.read_bytes()), key=str)
    assert ours == theirs
    assert {date(2026, 10, 21), date(2026, 10, 28), date(2027, 3, 31)} <= {
        start.date() for title, start, _, _ in ours if title == "Voorleesuurtje"
    }


def test_check_finds_nothing_wrong_in_imported_files(imported):
    site, _, _ = imported
    result = run(site, "check", "--today", TODAY.isoformat())  # the day of the import, not the clock's
    assert result.code == 0
    assert "fout" not in result.stdout and "import_uid" not in result.stdout


def test_a_weekly_rule_becomes_the_friendly_repeat_with_except_and_occurrences(imported):
    site, _, _ = imported
    text = activity(site, "voorleesuurtje")
    assert (
        "repeat:\n  every: week\n  on: [woensdag]\n  until: 2027-06-30\n  except: [2026-12-30]\n"
        in text
    )
    assert "  - date: 2026-11-04\n    start: 2026-11-04 16:00\n    end: 17:00\n" in text
    assert "  - date: 2026-11-18\n    status: cancelled\n" in text
    assert (
        "start: 2026-10-07 15:30\nend: 16:30\n" in text
    )  # Google's UTC times, in Dutch wall-clock time
    assert "organisers: [sociaal-wijkteam]" in text and "wijk: stadshagen" in text
    assert "Neem een knuffel mee!" in text
    spreekuur = activity(site, "inloopspreekuur-consultatiebureau")
    assert (
        "  every: week\n  interval: 2\n  on: [dinsdag]\n  count: 20\n  except: [2026-12-29]\n"
        in spreekuur
    )


def test_rules_the_friendly_form_cannot_hold_become_rrule_and_rdate_a_file_of_its_own(imported):
    site, _, _ = imported
    assert "rrule: FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1\n" in activity(
        site, "ouderavond-lezen-met-je-kind"
    )
    assert 'title: "Ouderavond: lezen met je kind"' in activity(
        site, "ouderavond-lezen-met-je-kind"
    )
    assert "  every: maand\n  on: [derde donderdag]\n" in activity(site, "baby-inloop")
    assert "start: 2026-12-23 10:00" in activity(site, "baby-inloop-2026-12-23")


def test_all_day_floating_and_cancelled_events(imported):
    site, _, _ = imported
    assert "start: 2027-01-20\n" in activity(site, "start-nationale-voorleesdagen")
    assert "end:" not in activity(site, "start-nationale-voorleesdagen")
    assert "start: 2026-12-12 10:00\nend: 11:30\n" in activity(site, "peuterdisco")
    assert "status: cancelled" in activity(site, "knutselmiddag")
    assert not (site / "content" / "activiteiten" / "boekenmarkt-2025.md").exists()  # long past


def test_importing_twice_adds_no_files(imported, tmp_path):
    site, _, _ = imported
    before = sorted(p.name for p in (site / "content" / "activiteiten").iterdir())
    code, out = import_into(site, GOOGLE)
    assert code == 0
    assert sorted(p.name for p in (site / "content" / "activiteiten").iterdir()) == before
    assert "Klaar: 0 nieuwe en 6 bestaande bestanden" in out


def test_a_second_event_with_the_same_title_gets_a_stable_suffix(tmp_path):
    site = make_site(tmp_path / "site")
    twin = GOOGLE.read_bytes().replace(
        b"UID:floating-peuterdisco@google.com", b"UID:other-peuterdisco@google.com"
    )
    (tmp_path / "twin.ics").write_bytes(twin)
    assert import_into(site, GOOGLE)[0] == 0
    assert import_into(site, tmp_path / "twin.ics")[0] == 0
    names = {p.name for p in (site / "content" / "activiteiten").glob("peuterdisco*.md")}
    assert "peuterdisco.md" in names and len(names) == 2
    assert len((names - {"peuterdisco.md"}).pop()) == len("peuterdisco-123456.md")
    assert import_into(site, tmp_path / "twin.ics")[1].startswith("Al eerder overgenomen")


def test_import_from_a_url_and_refuses_what_is_not_a_calendar(tmp_path):
    site = make_site(tmp_path / "site")
    with FeedServer() as server:
        server.serve("/ggd.ics", OUTLOOK)
        server.serve("/kapot.ics", b"<html>geen agenda</html>")
        code, out = import_into(site, server.url("/ggd.ics"))
        assert code == 0 and "Klaar: 4 nieuwe" in out
        code, out = import_into(site, server.url("/kapot.ics"))
        assert code == 1 and "is geen leesbaar agenda-bestand" in out


def test_unknown_wijk_is_refused_before_anything_is_written(tmp_path):
    site = make_site(tmp_path / "site")
    code = main(
        ["import", str(FIXTURES / "outlook-ggd.ics"), "--site", str(site), "--wijk", "stadshagn"]
    )
    assert code == 1
    assert not list((site / "content" / "activiteiten").glob("*.md"))
