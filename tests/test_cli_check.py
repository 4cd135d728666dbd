"""`wijkgen check` as a volunteer reads it: place, message, a hint in plain words, per file."""

from __future__ import annotations

from sitekit import ORGANISATION, make_site, run

from wijkgen.messages import HINTS, MESSAGES

TODAY = ("--today", "2026-11-28")

CAFE = """
---
title: Oudercafé
wijk: stadshagen
start: 2026-12-02 09:30
end: 11:30
organisers: [sociaal-wijkteam]
---
"""


def check(site, *args):
    return run(site, "check", *TODAY, *args)


def test_a_clean_site_says_so_and_exits_zero(tmp_path):
    result = check(make_site(tmp_path, activities={"cafe": CAFE}))
    assert result.code == 0
    assert result.lines == ["Alles in orde: 6 bestanden gecontroleerd."]


def test_an_error_shows_place_message_and_hint_then_the_total(tmp_path):
    site = make_site(tmp_path, activities={"cafe": CAFE.replace("wijk: stadshagen", "wijk: stadhagen")})
    result = check(site)
    assert result.code == 1
    assert result.lines == [
        "content/activiteiten/cafe.md:3:7: fout: onbekende wijk 'stadhagen'; bedoelde je 'stadshagen'?",
        "    tip: gebruik de bestandsnaam (zonder .md) uit content/wijken/, of all voor de hele stad",
        "1 fout(en), 0 waarschuwing(en).",
    ]


def test_problems_are_grouped_per_file_with_a_blank_line_between(tmp_path):
    broken = CAFE.replace("end: 11:30", "end: 08:00")
    site = make_site(tmp_path, activities={
        "a-cafe": broken, "b-cafe": broken.replace("wijk: stadshagen", "wijk: nergens")})
    blocks = check(site).stdout.strip().split("\n\n")
    assert [block.split(":", 1)[0] for block in blocks[:2]] == [
        "content/activiteiten/a-cafe.md", "content/activiteiten/b-cafe.md"]
    assert all(line.startswith("content/activiteiten/b-cafe.md") or line.startswith("    tip:")
               for line in blocks[1].splitlines())
    assert blocks[2] == "3 fout(en), 0 waarschuwing(en)."


def test_an_english_site_gets_english_messages_and_hints(tmp_path):
    site = make_site(tmp_path, language="en", activities={"cafe": CAFE.replace("end: 11:30", "end: 08:00")})
    assert check(site).lines == [
        "content/activiteiten/cafe.md:5:6: error: the end (2026-12-02 08:00) is before the start "
        "(2026-12-02 09:30); if it ends after midnight, write the date and time",
        "    hint: check that start and end are not swapped",
        "1 error(s), 0 warning(s).",
    ]


def warnings_of(result) -> list[str]:
    return [line for line in result.lines if ": waarschuwing: " in line]


def test_warns_when_every_date_is_before_today_but_still_exits_zero(tmp_path):
    site = make_site(tmp_path, activities={"cafe": CAFE.replace("2026-12-02", "2026-11-25")})
    result = check(site)
    assert result.code == 0
    assert warnings_of(result) == [
        "content/activiteiten/cafe.md:4:1: waarschuwing: alle datums van deze activiteit liggen in het verleden"]
    assert "    tip: komt de activiteit terug? Pas de datum aan. Zo niet, dan mag het bestand weg" in result.lines


def test_an_activity_on_today_is_not_past(tmp_path):
    site = make_site(tmp_path, activities={"cafe": CAFE.replace("2026-12-02", "2026-11-28")})
    assert warnings_of(check(site)) == []


def test_a_repetition_that_ended_is_past_and_one_still_running_is_not(tmp_path):
    ended = CAFE.replace("start: 2026-12-02", "start: 2026-09-02") + ""
    ended = ended.replace("organisers:", "repeat:\n  every: week\n  until: 2026-11-25\norganisers:")
    running = ended.replace("until: 2026-11-25", "until: 2026-12-31")
    endless = ended.replace("  until: 2026-11-25\n", "")
    site = make_site(tmp_path, activities={"ended": ended, "running": running, "endless": endless})
    assert warnings_of(check(site)) == [
        "content/activiteiten/ended.md:4:1: waarschuwing: alle datums van deze activiteit liggen in het verleden"]


def test_a_last_date_moved_past_today_keeps_the_activity_current(tmp_path):
    moved = CAFE.replace("start: 2026-12-02", "start: 2026-11-04").replace(
        "organisers:", "repeat:\n  every: week\n  count: 3\noccurrences:\n  - date: 2026-11-18\n"
        "    start: 2026-12-09 09:30\norganisers:")
    assert warnings_of(check(make_site(tmp_path, activities={"moved": moved}))) == []


def test_warns_about_an_unknown_field_and_names_the_likely_one(tmp_path):
    site = make_site(tmp_path, activities={"cafe": CAFE.replace("end: 11:30", "end: 11:30\nkosten: gratis")})
    assert warnings_of(check(site)) == [
        "content/activiteiten/cafe.md:6:1: waarschuwing: onbekend veld 'kosten' wordt overgeslagen; "
        "bedoelde je 'cost'?"]


def test_warns_when_a_free_text_location_looks_like_a_venue_file_name(tmp_path):
    site = make_site(tmp_path, activities={"cafe": CAFE.replace("end: 11:30", "end: 11:30\nlocation: csv-28")})
    assert warnings_of(check(site)) == [
        "content/activiteiten/cafe.md:6:11: waarschuwing: locatie 'csv-28' lijkt op een locatienaam, "
        "maar die bestaat niet; het wordt als gewone tekst getoond; bedoelde je 'csv28'?"]


def test_a_free_text_location_in_words_is_fine(tmp_path):
    site = make_site(tmp_path, activities={
        "cafe": CAFE.replace("end: 11:30", "end: 11:30\nlocation: Speeltuin Tamboer")})
    assert warnings_of(check(site)) == []


def test_warns_about_an_activity_without_organiser_or_registration(tmp_path):
    site = make_site(tmp_path, activities={
        "cafe": CAFE.replace("organisers: [sociaal-wijkteam]\n", ""),
        "met-aanmelding": CAFE.replace("organisers: [sociaal-wijkteam]", "registration: info@example.org"),
    })
    assert warnings_of(check(site)) == [
        "content/activiteiten/cafe.md:1:1: waarschuwing: deze activiteit heeft geen organisator en "
        "geen aanmelding; hoe komen ouders meer te weten?"]


UNLISTED = ORGANISATION.replace("wijk: all\n", "").replace("name: Sociaal Wijkteam", "name: Kraamzorg")


def test_warns_about_an_organisation_on_no_wijk_page_and_in_no_activity(tmp_path):
    site = make_site(tmp_path, organisations={"sociaal-wijkteam": ORGANISATION, "kraamzorg": UNLISTED},
                     activities={"cafe": CAFE})
    assert warnings_of(check(site)) == [
        "content/organisaties/kraamzorg.md:1:1: waarschuwing: geen enkele activiteit of wijk verwijst "
        "naar deze organisatie"]


def test_an_organisation_named_by_an_activity_is_used_even_when_that_activity_has_an_error(tmp_path):
    broken = CAFE.replace("sociaal-wijkteam", "kraamzorg").replace("end: 11:30", "end: 08:00")
    site = make_site(tmp_path, organisations={"sociaal-wijkteam": ORGANISATION, "kraamzorg": UNLISTED},
                     activities={"cafe": broken})
    assert warnings_of(check(site)) == []


def test_github_format_annotates_the_exact_line(tmp_path):
    site = make_site(tmp_path / "repo" / "site", activities={
        "cafe": CAFE.replace("wijk: stadshagen", "wijk: stadhagen").replace("organisers: [sociaal-wijkteam]\n", "")})
    result = run(site, "check", *TODAY, "--format", "github")
    annotations = [line for line in result.lines if line.startswith("::")]
    path = (site / "content/activiteiten/cafe.md").as_posix()
    assert annotations == [
        f"::warning file={path},line=1,col=1::deze activiteit heeft geen organisator en geen aanmelding; "
        "hoe komen ouders meer te weten?%0Atip: voeg 'organisers' of 'registration' toe, zodat ouders "
        "weten bij wie ze terecht kunnen",
        f"::error file={path},line=3,col=7::onbekende wijk 'stadhagen'; bedoelde je 'stadshagen'?"
        "%0Atip: gebruik de bestandsnaam (zonder .md) uit content/wijken/, of all voor de hele stad",
    ]
    assert result.code == 1


def test_github_paths_are_relative_to_the_repository_root(tmp_path, monkeypatch):
    site = make_site(tmp_path / "site", activities={"cafe": CAFE.replace("wijk: stadshagen", "wijk: x")})
    monkeypatch.chdir(tmp_path)
    result = run(site.relative_to(tmp_path), "check", *TODAY, "--format", "github")
    assert result.lines[0].startswith("::error file=site/content/activiteiten/cafe.md,line=3,col=7::")


def test_every_hint_belongs_to_a_message():
    assert set(HINTS) <= set(MESSAGES)
