"""`wijkgen new` as a volunteer uses it: a file to fill in that checks and builds as written."""

from __future__ import annotations

import re
from datetime import date

import yaml
from sitekit import make_site, run

TODAY = date.today().isoformat()  # `new` dates its example two weeks from the real today


def test_new_activity_then_check_then_build(tmp_path):
    site = make_site(tmp_path)
    result = run(site, "new", "activity", "Oudercafé Koffie & Koters", "--site", str(site))
    assert result.code == 0
    assert result.lines == ["Nieuw bestand: content/activiteiten/oudercafe-koffie-koters.md. Vul het in en bewaar het."]

    check = run(site, "check", "--today", TODAY)
    assert check.code == 0
    # the one expected warning: the volunteer still has to say who organises it
    assert check.lines[0] == (
        "content/activiteiten/oudercafe-koffie-koters.md:1:1: waarschuwing: deze activiteit heeft geen "
        "organisator en geen aanmelding; hoe komen ouders meer te weten?")
    assert check.lines[-1] == "0 fout(en), 1 waarschuwing(en)."

    build = run(site, "build", "--today", TODAY)
    assert build.code == 0
    page = build.output("activiteiten/oudercafe-koffie-koters/index.html")
    assert "Oudercafé Koffie &amp; Koters" in page
    assert "oudercafe-koffie-koters" in build.output("dieze-oost/agenda.ics")


def test_every_field_is_there_with_a_comment_and_an_example(tmp_path):
    site = make_site(tmp_path)
    run(site, "new", "activity", "Peutergym", "--site", str(site))
    text = (site / "content/activiteiten/peutergym.md").read_text(encoding="utf-8")
    front = text.split("---\n")[1]
    fields = yaml.safe_load(front)
    assert set(fields) == {"title", "wijk", "start", "end", "location", "organisers", "topics", "ages", "cost"}
    commented = set(re.findall(r"^# ?(\w+):", front, re.MULTILINE))
    assert {"registration", "repeat", "occurrences", "status"} <= commented
    lines = front.splitlines()
    for index, line in enumerate(lines):  # every field is explained on the line(s) above it
        if re.match(r"^\w+:", line):
            assert lines[index - 1].startswith("#"), line
    # the site's own choices are listed, so a volunteer can copy one
    assert "# Kies uit: sociaal-wijkteam" in front
    assert "Kies uit: ontmoeten, opvoeding, gezondheid" in front
    assert "# Kies uit: dieze-oost, stadshagen, all" in front


def test_uncommenting_the_repeat_and_occurrence_examples_gives_a_valid_activity(tmp_path):
    site = make_site(tmp_path)
    run(site, "new", "activiteit", "Voorleesuurtje", "--site", str(site))
    path = site / "content/activiteiten/voorleesuurtje.md"
    text = path.read_text(encoding="utf-8")
    for field in ("registration", "repeat", "occurrences", "  every", "  on", "  until", "  except",
                  "  - date", "    status", "    note"):
        text = text.replace(f"# {field}:", f"{field}:")
    text = text.replace("organisers: []", "organisers: [sociaal-wijkteam]")
    path.write_text(text, encoding="utf-8")
    check = run(site, "check", "--today", TODAY)
    assert check.lines == ["Alles in orde: 6 bestanden gecontroleerd."]


def test_new_organisation_and_venue_check_clean(tmp_path):
    site = make_site(tmp_path)
    assert run(site, "new", "organisation", "Kraamzorg De Ooievaar", "--site", str(site)).code == 0
    assert run(site, "new", "venue", "Speeltuin Tamboer", "--site", str(site)).code == 0
    venue = (site / "content/locaties/speeltuin-tamboer.md").read_text(encoding="utf-8")
    assert "wijk: dieze-oost" in venue and "all" not in venue
    assert run(site, "check", "--today", TODAY).lines == ["Alles in orde: 7 bestanden gecontroleerd."]


def test_a_title_with_quotes_and_a_colon_stays_the_title(tmp_path):
    site = make_site(tmp_path)
    run(site, "new", "venue", 'Buurthuis: "De Kastanje" #2', "--site", str(site))
    text = (site / "content/locaties/buurthuis-de-kastanje-2.md").read_text(encoding="utf-8")
    assert yaml.safe_load(text.split("---\n")[1])["name"] == 'Buurthuis: "De Kastanje" #2'


def test_never_overwrites_an_existing_file(tmp_path):
    site = make_site(tmp_path, activities={"peutergym": "---\ntitle: Mijn werk\n---\n"})
    result = run(site, "new", "activity", "Peutergym", "--site", str(site))
    assert result.code == 1
    assert result.stderr.strip() == (
        "content/activiteiten/peutergym.md bestaat al; kies een andere titel of pas dat bestand aan")
    assert (site / "content/activiteiten/peutergym.md").read_text(encoding="utf-8") == "---\ntitle: Mijn werk\n---\n"


def test_an_english_site_gets_english_comments(tmp_path):
    site = make_site(tmp_path, language="en")
    result = run(site, "new", "activity", "Baby café", "--site", str(site))
    assert result.lines == ["New file: content/activiteiten/baby-cafe.md. Fill it in and save it."]
    text = (site / "content/activiteiten/baby-cafe.md").read_text(encoding="utf-8")
    assert "# Fill in the fields." in text and "# Choose from: sociaal-wijkteam" in text
    assert "Vul" not in text


def test_an_unknown_kind_is_a_command_line_error(tmp_path):
    assert run(make_site(tmp_path), "new", "event", "Iets").code == 2
