"""Broken sites in, the exact lines a volunteer reads out.

Each case is one rule of the spec: a small site with one mistake, and every line
`wijkgen check` prints for it (`path:line:col: fout: ...`). Listing every line, not
just the expected one, also proves that a mistake causes no follow-up noise.
"""

from __future__ import annotations

import pytest
from sitekit import front, make_site, run

ACTIVITY = "content/activiteiten/cafe.md"


def cafe(extra: str = "", **fields: str | None) -> str:
    """An activity whose fields sit on known lines; `extra` goes on line 8.

        1 ---
        2 title: Oudercafé
        3 wijk: stadshagen
        4 start: 2026-10-07 09:30     (a Wednesday)
        5 end: 11:30
        6 location: csv28
        7 organisers: [sociaal-wijkteam]
        8 <extra>
    """
    values = {
        "title": "Oudercafé", "wijk": "stadshagen", "start": "2026-10-07 09:30", "end": "11:30",
        "location": "csv28", "organisers": "[sociaal-wijkteam]",
    } | fields
    lines = ["---", *(f"{key}: {value}" for key, value in values.items()), extra, "---",
             "Koffie en koters."]
    return "\n".join(lines) + "\n"


WEEKLY = "repeat:\n  every: week\n  on: [wednesday]\n"  # lines 8-10


def check(tmp_path, language: str = "nl", **files) -> tuple[int, list[str]]:
    """Exit status and every problem line (the summary line left off)."""
    site = make_site(tmp_path / "site", language=language, **files)
    result = run(site, "check", *BEFORE_EVERY_DATE)
    return result.code, problem_lines(result)


# every activity here lies after this day, so none is warned about as past
BEFORE_EVERY_DATE = ("--today", "2026-10-01")


def problem_lines(result) -> list[str]:
    """The problem lines: the summary and the indented hints under each problem left off."""
    return [line for line in result.lines[:-1] if not line.startswith("    ")]


def at(line: int, col: int, severity: str, message: str, path: str = ACTIVITY) -> str:
    return f"{path}:{line}:{col}: {severity}: {message}"


CASES = {
    # references, each with the value that was probably meant
    "unknown wijk": (
        {"activities": {"cafe": cafe(wijk="stadshage")}},
        [at(3, 7, "fout", "onbekende wijk 'stadshage'; bedoelde je 'stadshagen'?")],
    ),
    "unknown wijk in a list": (
        {"activities": {"cafe": cafe(wijk="[stadshagen, dieze-west]")}},
        [at(3, 20, "fout", "onbekende wijk 'dieze-west'; bedoelde je 'dieze-oost'?")],
    ),
    "unknown organiser": (
        {"activities": {"cafe": cafe(organisers="[sociaal-wijkteem]")}},
        [at(7, 14, "fout",
            "onbekende organisatie 'sociaal-wijkteem'; bedoelde je 'sociaal-wijkteam'?")],
    ),
    "unknown topic and age": (
        {"activities": {"cafe": cafe("topics: [ontmoten]\nages: [babys]")}},
        [at(8, 10, "fout", "onbekend onderwerp 'ontmoten'; bedoelde je 'ontmoeten'?"),
         at(9, 8, "fout", "onbekende leeftijdsgroep 'babys'; bedoelde je 'baby'?")],
    ),
    "unknown wijk of an organisation": (
        {"organisations": {"ggd": "---\nname: GGD\nwijk: [stadshage]\n---\n"}},
        [at(3, 8, "fout", "onbekende wijk 'stadshage'; bedoelde je 'stadshagen'?",
            path="content/organisaties/ggd.md")],
    ),
    "slug-like unknown venue is a warning": (
        {"activities": {"cafe": cafe(location="csv-29")}},
        [at(6, 11, "waarschuwing",
            "locatie 'csv-29' lijkt op een locatienaam, maar die bestaat niet; het wordt als "
            "gewone tekst getoond; bedoelde je 'csv28'?")],
    ),
    "free-text location is fine": (
        {"activities": {"cafe": cafe(location="Speeltuin Tamboer")}},
        [],
    ),
    # times and dates
    "end before start": (
        {"activities": {"cafe": cafe(end="08:30")}},
        [at(5, 6, "fout", "het einde (2026-10-07 08:30) ligt voor het begin (2026-10-07 09:30); "
            "eindigt het na middernacht, schrijf dan datum en tijd")],
    ),
    "end as a time for an all-day activity": (
        {"activities": {"cafe": cafe(start="2026-10-07")}},
        [at(5, 6, "fout",
            "bij een activiteit van hele dagen is 'end' de laatste dag, zoals 2026-10-08")],
    ),
    "all-day end before start": (
        {"activities": {"cafe": cafe(start="2026-10-07", end="2026-10-06")}},
        [at(5, 6, "fout", "het einde (2026-10-06) ligt voor het begin (2026-10-07); "
            "eindigt het na middernacht, schrijf dan datum en tijd")],
    ),
    "end as a date for a timed activity": (
        {"activities": {"cafe": cafe(end="2026-10-07")}},
        [at(5, 6, "fout", "'start' heeft een tijd, dus 'end' ook (zoals 11:30)")],
    ),
    "hour 25": (
        {"activities": {"cafe": cafe(start="2026-10-07 25:30")}},
        [at(4, 8, "fout", "'2026-10-07 25:30' is geen datum of datum met tijd; "
            "schrijf bijvoorbeeld 2026-10-07 09:30")],
    ),
    "30 February": (
        {"activities": {"cafe": cafe(start="2026-02-30 09:30")}},
        [at(4, 8, "fout", "'2026-02-30 09:30' is geen datum of datum met tijd; "
            "schrijf bijvoorbeeld 2026-10-07 09:30")],
    ),
    "minute 75": (
        {"activities": {"cafe": cafe(end="11:75")}},
        [at(5, 6, "fout",
            "'11:75' is geen eindtijd; schrijf een tijd (11:30) of datum en tijd")],
    ),
    "a date written the Dutch way": (
        {"activities": {"cafe": cafe(start="7-10-2026 09:30")}},
        [at(4, 8, "fout", "'7-10-2026 09:30' is geen datum of datum met tijd; "
            "schrijf bijvoorbeeld 2026-10-07 09:30")],
    ),
    "bad status": (
        {"activities": {"cafe": cafe("status: afgezegd")}},
        [at(8, 9, "fout", "status 'afgezegd' bestaat niet; gebruik 'cancelled' (afgelast)")],
    ),
    # recurrence
    "weekly start not on its weekday": (
        {"activities": {"cafe": cafe("repeat:\n  every: week\n  on: [maandag]")}},
        [at(4, 8, "fout", "de eerste datum (2026-10-07, een woensdag) past niet bij de herhaling; "
            "de eerste keer volgens de herhaling is 2026-10-12")],
    ),
    "monthly first weekday": (
        {"activities": {"cafe": cafe("repeat:\n  every: month\n  on: eerste dinsdag")}},
        [at(4, 8, "fout", "de eerste datum (2026-10-07, een woensdag) past niet bij de herhaling; "
            "de eerste keer volgens de herhaling is 2026-11-03")],
    ),
    "monthly last weekday": (
        {"activities": {"cafe": cafe("repeat:\n  every: month\n  on: last wednesday")}},
        [at(4, 8, "fout", "de eerste datum (2026-10-07, een woensdag) past niet bij de herhaling; "
            "de eerste keer volgens de herhaling is 2026-10-28")],
    ),
    "monthly day number": (
        {"activities": {"cafe": cafe("repeat:\n  every: month\n  on: 8")}},
        [at(4, 8, "fout", "de eerste datum (2026-10-07, een woensdag) past niet bij de herhaling; "
            "de eerste keer volgens de herhaling is 2026-10-08")],
    ),
    "raw rrule start not in pattern": (
        {"activities": {"cafe": cafe("rrule: FREQ=WEEKLY;BYDAY=TH")}},
        [at(4, 8, "fout", "de eerste datum (2026-10-07, een woensdag) past niet bij de herhaling; "
            "de eerste keer volgens de herhaling is 2026-10-08")],
    ),
    "repeat and rrule both": (
        {"activities": {"cafe": cafe(WEEKLY + "rrule: FREQ=WEEKLY;BYDAY=WE")}},
        [at(11, 8, "fout", "gebruik 'repeat' of 'rrule', niet allebei")],
    ),
    "bad rrule": (
        {"activities": {"cafe": cafe("rrule: FREQ=WEEKLY;BYDAY=XX")}},
        [at(8, 8, "fout", "de rrule klopt niet: invalid 'BYDAY': XX")],
    ),
    "occurrence date not in the recurrence": (
        {"activities": {"cafe": cafe(WEEKLY + "occurrences:\n  - date: 2026-10-15\n"
                                     "    status: cancelled")}},
        [at(12, 1, "fout",
            "2026-10-15 is geen datum van deze herhaling; de dichtstbijzijnde is 2026-10-14")],
    ),
    "except date not in the pattern": (
        {"activities": {"cafe": cafe(WEEKLY + "  except: [2026-10-14, 2026-10-15]")}},
        [at(11, 24, "fout", "2026-10-15 is geen datum van deze herhaling")],
    ),
    "until before start": (
        {"activities": {"cafe": cafe(WEEKLY + "  until: 2026-09-01")}},
        [at(11, 10, "fout", "'until' (2026-09-01) ligt voor de eerste datum (2026-10-07)")],
    ),
    "occurrence also in except, and a date changed twice": (
        {"activities": {"cafe": cafe(WEEKLY + "  except: [2026-10-14]\noccurrences:\n"
                                     "  - date: 2026-10-14\n    status: cancelled\n"
                                     "  - date: 2026-10-21\n  - date: 2026-10-21")}},
        [at(13, 1, "fout", "2026-10-14 staat ook bij 'except'; een datum die niet doorgaat kan "
            "niet ook wijzigen"),
         at(16, 1, "fout", "2026-10-21 staat twee keer onder 'occurrences' (ook op regel 15)")],
    ),
    "moved occurrence without a time, and one without a date": (
        {"activities": {"cafe": cafe(WEEKLY + "occurrences:\n  - date: 2026-10-21\n"
                                     "    start: 2026-10-21\n  - status: cancelled")}},
        [at(13, 12, "fout",
            "de nieuwe begintijd hoort bij een datum en tijd, zoals 2026-10-21 10:00"),
         at(14, 5, "fout", "'date' ontbreekt, en is verplicht")],
    ),
    "DTSTART inside rrule": (
        {"activities": {"cafe": cafe("rrule: DTSTART=20261007;FREQ=WEEKLY")}},
        [at(8, 8, "fout", "'DTSTART' hoort niet in de rrule; zet de begindatum in 'start'")],
    ),
    "until and count both": (
        {"activities": {"cafe": cafe(WEEKLY + "  until: 2027-01-01\n  count: 4")}},
        [at(12, 10, "fout", "gebruik 'until' of 'count', niet allebei")],
    ),
    "bad every, with a suggestion": (
        {"activities": {"cafe": cafe("repeat:\n  every: weeks\n  on: [wednesday]")}},
        [at(9, 10, "fout", "'every' moet day, week, month of year zijn (of dag, week, maand, "
            "jaar), niet 'weeks'; bedoelde je 'week'?")],
    ),
    "bad weekday name": (
        {"activities": {"cafe": cafe("repeat:\n  every: week\n  on: [woensdg]")}},
        [at(10, 8, "fout", "'woensdg' is geen dag van de week; bedoelde je 'woensdag'?")],
    ),
    "bad on for a month": (
        {"activities": {"cafe": cafe("repeat:\n  every: month\n  on: eerste woensdg")}},
        [at(10, 7, "fout", "'eerste woensdg' begrijp ik niet; schrijf 'eerste woensdag', "
            "'laatste vrijdag' of een dagnummer (1-31)")],
    ),
    "day number 32": (
        {"activities": {"cafe": cafe("repeat:\n  every: month\n  on: 32")}},
        [at(10, 7, "fout", "'32' begrijp ik niet; schrijf 'eerste woensdag', "
            "'laatste vrijdag' of een dagnummer (1-31)")],
    ),
    "on with every day": (
        {"activities": {"cafe": cafe("repeat:\n  every: day\n  on: [wednesday]")}},
        [at(10, 7, "fout", "'on' kan alleen bij every: week of every: month")],
    ),
    "interval zero": (
        {"activities": {"cafe": cafe("repeat:\n  every: week\n  interval: 0")}},
        [at(10, 13, "fout", "'interval' moet een heel getal vanaf 1 zijn, niet '0'")],
    ),
    "occurrences on a non-recurring activity": (
        {"activities": {"cafe": cafe("occurrences:\n  - date: 2026-10-07\n    status: cancelled")}},
        [at(8, 1, "fout", "'occurrences' kan alleen bij een herhaalde activiteit; pas anders "
            "'start' of 'status' aan")],
    ),
    # required fields
    "activity without title, wijk and start": (
        {"activities": {"cafe": "---\norganisers: [sociaal-wijkteam]\n---\n"}},
        [at(2, 1, "fout", "'title' ontbreekt, en is verplicht"),
         at(2, 1, "fout", "'wijk' ontbreekt, en is verplicht"),
         at(2, 1, "fout", "'start' ontbreekt, en is verplicht")],
    ),
    "empty title, wijk and start": (
        {"activities": {"cafe": cafe(title="''", wijk="", start="")}},
        [at(2, 8, "fout", "'title' is leeg"),
         at(3, 6, "fout", "'wijk' is leeg"),
         at(4, 7, "fout", "'start' is leeg")],
    ),
    "wijk, organisation and venue without name": (
        {"wijken": {"stadshagen": "---\nnaam: Stadshagen\n---\n"},
         "organisations": {"ggd": "---\nwijk: all\n---\n"},
         "venues": {"csv28": "---\naddress: Hollandstraat 7\n---\n"}},
        [at(2, 1, "fout", "'name' ontbreekt, en is verplicht", path="content/locaties/csv28.md"),
         at(2, 1, "fout", "'name' ontbreekt, en is verplicht", path="content/organisaties/ggd.md"),
         at(2, 1, "fout", "'name' ontbreekt, en is verplicht",
            path="content/wijken/stadshagen.md"),
         at(2, 1, "waarschuwing", "onbekend veld 'naam' wordt overgeslagen; bedoelde je 'name'?",
            path="content/wijken/stadshagen.md")],
    ),
    # the file itself
    "unknown field, with the field meant": (
        {"activities": {"cafe": cafe("lokatie: Buurthuis")}},
        [at(8, 1, "waarschuwing",
            "onbekend veld 'lokatie' wordt overgeslagen; bedoelde je 'location'?")],
    ),
    "unknown field inside repeat": (
        {"activities": {"cafe": cafe(WEEKLY + "  untill: 2027-01-01")}},
        [at(11, 3, "waarschuwing",
            "onbekend veld 'untill' wordt overgeslagen; bedoelde je 'until'?")],
    ),
    "duplicate key": (
        {"activities": {"cafe": cafe("title: Nog een keer")}},
        [at(8, 1, "fout", "'title' staat er twee keer in (ook op regel 2)")],
    ),
    "duplicate key inside repeat": (
        {"activities": {"cafe": cafe(WEEKLY + "  on: [friday]")}},
        [at(11, 3, "fout", "'on' staat er twee keer in (ook op regel 10)")],
    ),
    "unclosed quote, at the line where it opens": (
        {"activities": {"cafe": cafe('cost: "gratis\nages: [baby]')}},
        [at(8, 7, "fout", "hier begint een tekst tussen aanhalingstekens of een lijst tussen "
            "haakjes die niet wordt afgesloten")],
    ),
    "unclosed bracket, at the line where it opens": (
        {"activities": {"cafe": cafe("ages: [baby\ncost: gratis")}},
        [at(8, 7, "fout", "hier begint een tekst tussen aanhalingstekens of een lijst tussen "
            "haakjes die niet wordt afgesloten")],
    ),
    "YAML syntax error, counted in file lines": (
        {"activities": {"cafe": cafe("cost: gratis\n  ages: [baby]")}},
        [at(9, 7, "fout", "de gegevens kloppen niet: mapping values are not allowed in this "
            "context")],
    ),
    "YAML tab indentation": (
        {"activities": {"cafe": cafe("repeat:\n\tevery: week")}},
        [at(9, 1, "fout", "de gegevens kloppen niet: found character that cannot start any "
            "token")],
    ),
    "missing front matter": (
        {"activities": {"cafe": "title: Oudercafé\nwijk: stadshagen\n"}},
        [at(1, 1, "fout", "het bestand moet beginnen met een regel '---', dan de gegevens, "
            "dan weer '---'")],
    ),
    "unclosed front matter": (
        {"activities": {"cafe": "---\ntitle: Oudercafé\nwijk: stadshagen\n"}},
        [at(1, 1, "fout", "de gegevens bovenaan worden niet afgesloten met een regel '---'")],
    ),
    "e-mail field holding something else": (
        {"organisations": {"ggd": "---\nname: GGD\nwijk: all\nemail: www.ggd.nl\n"
                                  "phone: info@ggd.nl\n---\n"}},
        [at(4, 8, "fout", "'www.ggd.nl' is geen e-mailadres", path="content/organisaties/ggd.md"),
         at(5, 8, "fout", "'info@ggd.nl' is geen telefoonnummer",
            path="content/organisaties/ggd.md")],
    ),
    "front matter that is a list": (
        {"activities": {"cafe": "---\n- title\n- wijk\n---\n"}},
        [at(2, 1, "fout", "bovenaan horen regels als 'naam: waarde'")],
    ),
}


@pytest.mark.parametrize("files, expected", CASES.values(), ids=CASES.keys())
def test_each_rule_is_one_exact_line(tmp_path, files, expected):
    code, lines = check(tmp_path, **files)
    assert lines == expected
    assert code == (1 if any(": fout: " in line for line in expected) else 0)


def test_duplicate_slug_from_names_that_slugify_the_same(tmp_path):
    code, lines = check(tmp_path, activities={"Oudercafé": cafe(), "oudercafe": cafe()})
    assert code == 1
    assert lines == [
        "content/activiteiten/oudercafe.md: fout: er is al een bestand met de naam 'oudercafe': "
        "content/activiteiten/Oudercafé.md",
    ]


SITE_CASES = {
    "title and base_url missing": (
        "language: nl\n",
        ["site.yaml:1:1: fout: 'title' ontbreekt, en is verplicht",
         "site.yaml:1:1: fout: 'base_url' ontbreekt, en is verplicht"],
    ),
    "bad base_url, language and time zone": (
        "title: T\nbase_url: example.org\nlanguage: fr\ntimezone: Europe/Zwolle\n",
        ["site.yaml:2:11: fout: 'example.org' is geen webadres; schrijf het zoals "
         "https://example.org/wijkagenda/",
         "site.yaml:3:11: fout: taal 'fr' wordt niet ondersteund; kies nl of en",
         "site.yaml:4:11: fout: onbekende tijdzone 'Europe/Zwolle'"],
    ),
    "YAML error in site.yaml": (
        "title: T\nbase_url: https://example.org/\ntopics:\n  ontmoeten: Ontmoeten\n"
        " opvoeding: Opvoeding\n",
        ["site.yaml:5:2: fout: de gegevens kloppen niet: did not find expected key"],
    ),
    "unknown setting": (
        "title: T\nbase_url: https://example.org/\ntimzone: Europe/Amsterdam\n"
        "topics:\n  opvoeding: Opvoeding\n",
        ["site.yaml:3:1: waarschuwing: onbekend veld 'timzone' wordt overgeslagen; "
         "bedoelde je 'timezone'?"],
    ),
}


@pytest.mark.parametrize("site_yaml, expected", SITE_CASES.values(), ids=SITE_CASES.keys())
def test_site_yaml_rules(tmp_path, site_yaml, expected):
    site = make_site(tmp_path / "site", site_yaml=site_yaml)
    result = run(site, "check", *BEFORE_EVERY_DATE)
    assert problem_lines(result) == expected


def test_english_site_gets_english_messages(tmp_path):
    code, lines = check(
        tmp_path, language="en",
        activities={"cafe": cafe("repeat:\n  every: week\n  on: [monday]\nlokatie: Buurthuis",
                                 wijk="stadshage", end="08:30")},
    )
    assert code == 1
    assert lines == [
        at(3, 7, "error", "unknown wijk 'stadshage'; did you mean 'stadshagen'?"),
        at(5, 6, "error", "the end (2026-10-07 08:30) is before the start (2026-10-07 09:30); "
           "if it ends after midnight, write the date and time"),
        at(11, 1, "warning", "unknown field 'lokatie' is ignored; did you mean 'location'?"),
    ]


def test_english_recurrence_messages(tmp_path):
    _, lines = check(
        tmp_path, language="en",
        activities={
            "cafe": cafe("repeat:\n  every: week\n  on: [tuesday]"),
            "gym": cafe(WEEKLY + "occurrences:\n  - date: 2026-10-15\n    status: cancelled"),
        },
    )
    assert lines == [
        at(4, 8, "error", "the first date (2026-10-07, a Wednesday) does not fit the repetition; "
           "the first date of the repetition is 2026-10-13"),
        at(12, 1, "error", "2026-10-15 is not a date of this repetition; the nearest is "
           "2026-10-14", path="content/activiteiten/gym.md"),
    ]


def test_every_problem_in_every_file_in_one_sorted_run(tmp_path):
    code, lines = check(
        tmp_path,
        activities={
            "b-gym": cafe(topics="[sport]", start="2026-10-07 9:30", end="8:00"),
            "a-cafe": cafe("lokatie: Buurthuis", wijk="stadshage"),
        },
        organisations={"sociaal-wijkteam": front("""
            ---
            name: Sociaal Wijkteam
            wijk: all
            email: info-at-example.org
            ---
            """)},
        wijken={"stadshagen": "---\nname: Stadshagen\nname: Stadshagen\n---\n",
                "dieze-oost": "---\nname: Dieze-Oost\n---\n"},
    )
    assert code == 1
    assert lines == [
        "content/activiteiten/a-cafe.md:3:7: fout: onbekende wijk 'stadshage'; "
        "bedoelde je 'stadshagen'?",
        "content/activiteiten/a-cafe.md:8:1: waarschuwing: onbekend veld 'lokatie' wordt "
        "overgeslagen; bedoelde je 'location'?",
        "content/activiteiten/b-gym.md:5:6: fout: het einde (2026-10-07 08:00) ligt voor het "
        "begin (2026-10-07 09:30); eindigt het na middernacht, schrijf dan datum en tijd",
        "content/activiteiten/b-gym.md:8:10: fout: onbekend onderwerp 'sport'",
        "content/organisaties/sociaal-wijkteam.md:4:8: fout: 'info-at-example.org' is geen "
        "e-mailadres",
        "content/wijken/stadshagen.md:3:1: fout: 'name' staat er twee keer in (ook op regel 2)",
    ]


NO_NOISE = {
    # a broken start: no "start not in pattern", no occurrence checks against it
    "bad start": (
        cafe(WEEKLY + "occurrences:\n  - date: 2026-10-15", start="2026-13-07 09:30"),
        [at(4, 8, "fout", "'2026-13-07 09:30' is geen datum of datum met tijd; "
            "schrijf bijvoorbeeld 2026-10-07 09:30")],
    ),
    # a broken `every`: its `on` is not then an "unknown field", dates are not checked
    "bad every": (
        cafe("repeat:\n  every: fortnight\n  on: [friday]\noccurrences:\n  - date: 2026-10-15"),
        [at(9, 10, "fout", "'every' moet day, week, month of year zijn (of dag, week, maand, "
            "jaar), niet 'fortnight'")],
    ),
    # a broken weekday: the start is not also "not in the pattern"
    "bad weekday": (
        cafe("repeat:\n  every: week\n  on: [wensday]"),
        [at(10, 8, "fout", "'wensday' is geen dag van de week; bedoelde je 'wednesday'?")],
    ),
}


@pytest.mark.parametrize("activity, expected", NO_NOISE.values(), ids=NO_NOISE.keys())
def test_a_check_that_depends_on_a_failed_value_is_not_run(tmp_path, activity, expected):
    _, lines = check(tmp_path, activities={"cafe": activity})
    assert lines == expected


def test_a_broken_referenced_file_is_not_also_an_unknown_reference(tmp_path):
    _, lines = check(
        tmp_path, activities={"cafe": cafe()},
        organisations={"sociaal-wijkteam": "---\nname: [Sociaal Wijkteam\n---\n"},
    )
    assert lines == [
        "content/organisaties/sociaal-wijkteam.md:2:7: fout: hier begint een tekst tussen "
        "aanhalingstekens of een lijst tussen haakjes die niet wordt afgesloten",
    ]


def test_line_numbers_survive_bom_and_crlf(tmp_path):
    site = make_site(tmp_path / "site", activities={"cafe": cafe(wijk="stadshage")})
    file = site / ACTIVITY
    file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes().replace(b"\n", b"\r\n"))
    result = run(site, "check", *BEFORE_EVERY_DATE)
    assert problem_lines(result) == [
        at(3, 7, "fout", "onbekende wijk 'stadshage'; bedoelde je 'stadshagen'?")]


# exit statuses ------------------------------------------------------------------------

def test_exit_0_when_all_is_well(tmp_path):
    site = make_site(tmp_path / "site", activities={"cafe": cafe()})
    assert run(site, "check").code == 0
    assert run(site, "build", "--today", "2026-10-01").code == 0


def test_exit_1_on_errors_and_the_published_site_survives_byte_identical(tmp_path):
    site = make_site(tmp_path / "site", activities={"cafe": cafe()})
    assert run(site, "build", "--today", "2026-10-01").code == 0
    output = site / "output"
    before = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}

    (site / ACTIVITY).write_text(cafe(end="08:30"), encoding="utf-8")
    (site / "content/activiteiten/new.md").write_text(cafe(title="Nieuw"), encoding="utf-8")
    result = run(site, "build", "--today", "2026-10-02")

    assert result.code == 1
    assert result.lines[0].startswith(f"{ACTIVITY}:5:6: fout: het einde")
    assert "Er is niets veranderd" in result.stderr
    after = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert after == before
    left = sorted(p.name for p in tmp_path.joinpath("site").iterdir() if p.name != ".wijkgen-cache")
    assert left == ["content", "output", "site.yaml"]  # no temporary build folder left behind


def test_warnings_alone_still_build(tmp_path):
    site = make_site(tmp_path / "site", activities={"cafe": cafe("lokatie: Buurthuis")})
    result = run(site, "build", "--today", "2026-10-01")
    assert result.code == 0
    assert "lokatie" in result.lines[0]
    assert (site / "output/activiteiten/cafe/index.html").is_file()


@pytest.mark.parametrize("argv", [
    ["frobnicate"],
    ["build", "--today", "2026-13-01"],
    ["build", "--today", "morgen"],
    ["build", "--port", "80"],
    ["new", "event", "Oudercafé"],
    ["check", "--format", "xml"],
])
def test_exit_2_for_a_wrong_command_line(tmp_path, argv):
    site = make_site(tmp_path / "site", activities={"cafe": cafe()})
    result = run(site, *argv)
    assert result.code == 2
    assert not (site / "output").exists()

