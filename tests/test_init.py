"""`wijkgen init` as a volunteer starting a site for another wijk uses it."""

from __future__ import annotations

from datetime import date

from sitekit import run

TODAY = date.today().isoformat()


def test_init_output_checks_clean_and_builds(tmp_path):
    site = tmp_path / "mijnstad"
    result = run(site, "init", str(site))
    assert result.code == 0
    assert result.lines == [
        f"Nieuwe site in {site}. Lees eerst {site}/docs/handleiding.md; bekijk de site met: wijkgen serve {site}"]
    for path in ("site.yaml", "content/wijken/centrum.md", "content/activiteiten/oudercafe.md",
                 "content/organisaties/welzijn-mijnstad.md", "content/locaties/buurthuis-centrum.md",
                 ".github/workflows/check.yml", ".github/workflows/publish.yml", ".gitlab-ci.yml",
                 "netlify.toml", "requirements.txt", ".gitignore", "docs/handleiding.md"):
        assert (site / path).is_file(), path

    assert run(site, "check", "--today", TODAY).lines == ["Alles in orde: 5 bestanden gecontroleerd."]
    build = run(site, "build", "--today", TODAY)
    assert build.code == 0
    wijk = build.output("centrum/index.html")
    assert "Oudercafé" in wijk and "Welzijn Mijnstad" in wijk
    assert "BEGIN:VEVENT" in build.output("centrum/agenda.ics")


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notities.txt").write_text("van mij", encoding="utf-8")
    result = run(tmp_path, "init", str(tmp_path))
    assert result.code == 1
    assert result.stderr.strip() == f"{tmp_path} is niet leeg; kies een nieuwe of lege map"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notities.txt"]


def test_init_accepts_an_existing_empty_folder(tmp_path):
    assert run(tmp_path, "init", str(tmp_path)).code == 0
    assert (tmp_path / "site.yaml").is_file()
