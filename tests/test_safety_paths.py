"""Files and folders: nothing outside the site is read, nothing outside output/ is written,
and no --output can replace a volunteer's own work."""

from __future__ import annotations

import os
import re
import threading

import pytest
from sitekit import make_site, run

from wijkgen import write
from wijkgen.pages import Output
from wijkgen.source import slugify

ACTIVITY = """\
---
title: Inloop
wijk: stadshagen
start: 2026-12-02 09:30
organisers: [sociaal-wijkteam]
---
Geheim: {secret}
"""


def test_a_content_file_that_links_outside_the_site_is_an_error(tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text(ACTIVITY.format(secret="wachtwoord123"), encoding="utf-8")
    site = make_site(tmp_path / "site")
    (site / "content" / "activiteiten" / "inloop.md").symlink_to(secret)
    result = run(site, "build", "--today", "2026-11-28")
    assert result.code == 1
    assert "content/activiteiten/inloop.md: fout: dit bestand verwijst naar een plek buiten de site" in result.stdout
    assert not (site / "output").exists()


def test_a_content_folder_that_links_outside_the_site_is_an_error(tmp_path):
    outside = tmp_path / "elders"
    outside.mkdir()
    (outside / "inloop.md").write_text(ACTIVITY.format(secret="wachtwoord123"), encoding="utf-8")
    site = make_site(tmp_path / "site")
    (site / "content" / "activiteiten").rmdir()
    (site / "content" / "activiteiten").symlink_to(outside, target_is_directory=True)
    result = run(site, "check")
    assert result.code == 1
    assert "content/activiteiten/inloop.md: fout: dit bestand verwijst naar een plek buiten" in result.stdout


def test_a_symlink_within_the_site_is_fine(tmp_path):
    site = make_site(tmp_path / "site")
    (site / "gedeeld.md").write_text(ACTIVITY.format(secret="niets"), encoding="utf-8")
    (site / "content" / "activiteiten" / "inloop.md").symlink_to(site / "gedeeld.md")
    result = run(site, "build", "--today", "2026-11-28")
    assert result.code == 0, result.stdout
    assert "Geheim: niets" in result.output("activiteiten/inloop/index.html")


def test_a_fifo_named_like_content_is_refused_without_hanging(tmp_path):
    site = make_site(tmp_path / "site")
    os.mkfifo(site / "content" / "activiteiten" / "pijp.md")
    outcome = {}
    worker = threading.Thread(target=lambda: outcome.update(result=run(site, "check")), daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert "result" in outcome, "check blocked on a FIFO"
    assert outcome["result"].code == 1
    assert "content/activiteiten/pijp.md: fout: dit is geen gewoon bestand" in outcome["result"].stdout


def test_an_editor_lock_file_is_ignored(tmp_path):
    site = make_site(tmp_path / "site", activities={"inloop": ACTIVITY.format(secret="x")})
    # Emacs's lock file: a symlink to a name that does not exist
    (site / "content" / "activiteiten" / ".#inloop.md").symlink_to("gebruiker@laptop.1234:1700000000")
    result = run(site, "check")
    assert result.code == 0, result.stdout


@pytest.mark.parametrize("name, slug", [
    ("Oudercafé Koffie & Koters.md", "oudercafe-koffie-koters"),
    ("PEUTERGYM.MD", "peutergym"),
    ("Inloop (kopie 2).md", "inloop-kopie-2"),
    ("Inloop - kopie.Md", "inloop-kopie"),
    ("map\\met\\backslash.md", "map-met-backslash"),
    ("spaties aan het eind .md", "spaties-aan-het-eind"),
    ("%2e%2e%2Fetc.md", "2e-2e-2fetc"),
    ("ﾟ／．．／evil.md", "evil"),
])
def test_windows_and_weird_file_names_give_a_safe_page(tmp_path, name, slug):
    site = make_site(tmp_path / "site")
    (site / "content" / "activiteiten" / name).write_text(ACTIVITY.format(secret="x"), encoding="utf-8")
    result = run(site, "build", "--today", "2026-11-28")
    assert result.code == 0, result.stdout
    assert (result.output_dir / "activiteiten" / slug / "index.html").is_file()


@pytest.mark.parametrize("name", ["-.md", "_.md", "日本語.md", "🎉.md"])
def test_a_file_name_without_letters_or_digits_is_an_error(tmp_path, name):
    site = make_site(tmp_path / "site")
    (site / "content" / "activiteiten" / name).write_text(ACTIVITY.format(secret="x"), encoding="utf-8")
    result = run(site, "check")
    assert result.code == 1
    assert f"content/activiteiten/{name}: fout: de bestandsnaam geeft geen bruikbaar adres" in result.stdout


@pytest.mark.parametrize("name", [
    "../../etc/passwd", "..\\..\\x", "/etc/passwd", "a/../../b", "\u2025", "C:\\Windows",
    "%2e%2e/%2e%2e", "\x00", "con", "ＡＢＣ",
])
def test_every_slug_is_plain_letters_digits_and_hyphens(name):
    assert re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*)?", slugify(name))


def test_the_writer_refuses_a_path_outside_the_output_folder(tmp_path):
    output = tmp_path / "site" / "output"
    with pytest.raises(ValueError), write.new_site(output) as folder:
        folder.write_all([Output("index.html", b"ok"), Output("../../escaped.html", b"no")])
    assert not (tmp_path / "escaped.html").exists()
    assert not output.exists()
    assert [p.name for p in (tmp_path / "site").iterdir()] == []  # no staging folder left


@pytest.mark.parametrize("where", [".", "..", "/", "HOME", "content", "content/activiteiten",
                                   "templates", ".git", "site.yaml", "other-files"])
def test_an_output_folder_that_would_destroy_work_is_refused(tmp_path, monkeypatch, where):
    home = tmp_path / "home"
    site = make_site(home / "site")
    (site / "templates").mkdir()
    (site / ".git").mkdir()
    (site / "other-files").mkdir()
    (site / "other-files" / "belangrijk.docx").write_bytes(b"werk")
    monkeypatch.setenv("HOME", str(home))
    target = home if where == "HOME" else (site / where)
    before = sorted(str(p) for p in site.rglob("*"))
    result = run(site, "build", "--today", "2026-11-28", "--output", str(target))
    assert result.code == 1
    assert "de uitvoermap" in result.stdout
    assert sorted(str(p) for p in site.rglob("*")) == before


@pytest.mark.parametrize("where", ["output", "public", "../www", "deep/er/output"])
def test_an_ordinary_output_folder_is_fine(tmp_path, where):
    site = make_site(tmp_path / "site")
    target = site / where
    result = run(site, "build", "--today", "2026-11-28", "--output", str(target))
    assert result.code == 0, result.stdout
    assert (target / "index.html").is_file()
    # and building again over the earlier build is fine too
    assert run(site, "build", "--today", "2026-11-28", "--output", str(target)).code == 0
