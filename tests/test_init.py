"""`wijkgen init` as a volunteer starting a site for another wijk uses it."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date

from packaging.requirements import Requirement
from sitekit import run

from wijkgen import cli, init

TODAY = date.today().isoformat()


def test_init_output_checks_clean_and_builds(tmp_path):
    site = tmp_path / "mijnstad"
    result = run(site, "init", str(site), "--wijkgen", "git+https://example.org/wijkgen.git@v0.1.0")
    assert result.code == 0
    assert result.lines == [
        f"Nieuwe site in {site}. Lees eerst {site}/docs/handleiding.md; bekijk de site met: wijkgen serve {site}",
        f"De workflows installeren wijkgen met: wijkgen @ git+https://example.org/wijkgen.git@v0.1.0 "
        f"(in {site}/requirements.txt)"]
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


# wijkgen is not on PyPI: a new site's workflows must install it from where it came from
def requirement_lines(site) -> list[str]:
    lines = (site / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


def test_init_writes_the_wijkgen_it_is_told_into_requirements_txt(tmp_path):
    site = tmp_path / "mijnstad"
    result = run(site, "init", str(site), "--wijkgen", "git+https://example.org/wijkgen.git@v0.1.0")
    assert result.code == 0
    [line] = requirement_lines(site)
    requirement = Requirement(line)  # as pip reads it
    assert (requirement.name, requirement.url) == ("wijkgen", "git+https://example.org/wijkgen.git@v0.1.0")
    assert result.lines[1] == f"De workflows installeren wijkgen met: {line} (in {site}/requirements.txt)"
    other = tmp_path / "anders"
    run(other, "init", str(other), "--wijkgen", "wijkgen==2.0")
    assert requirement_lines(other) == ["wijkgen==2.0"]


def test_init_says_so_when_it_cannot_tell_where_wijkgen_comes_from(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "wijkgen_requirement", lambda: None)
    site = tmp_path / "mijnstad"
    result = run(site, "init", str(site))
    assert result.code == 0
    assert requirement_lines(site) == []  # nothing that PyPI could answer with someone else's package
    assert "wijkgen @ git+https://" in (site / "requirements.txt").read_text(encoding="utf-8")  # the example
    assert result.lines[1] == (f"Let op: zet in {site}/requirements.txt waar wijkgen vandaan komt, anders kan "
                               "de site niet online (wijkgen staat niet op PyPI); in het bestand staat hoe")


def test_a_wijkgen_installed_from_git_is_pinned_to_that_repository_and_commit():
    direct_url = json.dumps({"url": "https://example.org/wijkgen.git",
                             "vcs_info": {"vcs": "git", "commit_id": "0123abc", "requested_revision": "main"}})
    assert init.requirement_from(direct_url, "0.1.0") == "wijkgen @ git+https://example.org/wijkgen.git@0123abc"
    over_ssh = direct_url.replace("https://example.org/", "ssh://git@example.org/")
    assert init.requirement_from(over_ssh, "0.1.0") is None  # CI has no key for it


def test_a_wijkgen_from_a_package_index_is_pinned_to_its_version():
    assert init.requirement_from(None, "0.3.1") == "wijkgen==0.3.1"


def git(folder, *args) -> str:
    return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, text=True,
                          env={"PATH": os.environ["PATH"], "HOME": str(folder), "GIT_AUTHOR_NAME": "t",
                               "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                               "GIT_COMMITTER_EMAIL": "t@example.org"}).stdout.strip()


def test_a_wijkgen_from_a_checkout_is_pinned_to_a_commit_its_public_repository_has(tmp_path):
    checkout = tmp_path / "wijkgen"
    checkout.mkdir()
    git(checkout, "init", "-q")
    git(checkout, "commit", "-q", "--allow-empty", "-m", "eerste")
    direct_url = json.dumps({"url": checkout.as_uri(), "dir_info": {"editable": True}})
    assert init.requirement_from(direct_url, "0.1.0") is None  # no public repository
    git(checkout, "remote", "add", "origin", "https://example.org/wijkgen.git")
    assert init.requirement_from(direct_url, "0.1.0") is None  # the commit was never pushed
    pushed = git(checkout, "rev-parse", "HEAD")
    git(checkout, "update-ref", "refs/remotes/origin/main", pushed)  # as a push or fetch leaves it
    assert init.requirement_from(direct_url, "0.1.0") == f"wijkgen @ git+https://example.org/wijkgen.git@{pushed}"
    git(checkout, "commit", "-q", "--allow-empty", "-m", "nog niet gepusht")
    assert init.requirement_from(direct_url, "0.1.0") is None  # CI could not fetch what runs here


def test_a_wijkgen_in_a_folder_of_another_checkout_names_no_repository(tmp_path):
    # say, a copy unpacked inside the site's own repository: that repository is not wijkgen's
    site_repository = tmp_path / "mijn-wijkagenda"
    (site_repository / "wijkgen").mkdir(parents=True)
    git(site_repository, "init", "-q")
    git(site_repository, "commit", "-q", "--allow-empty", "-m", "eerste")
    git(site_repository, "remote", "add", "origin", "https://example.org/mijn-wijkagenda.git")
    git(site_repository, "update-ref", "refs/remotes/origin/main", git(site_repository, "rev-parse", "HEAD"))
    direct_url = json.dumps({"url": (site_repository / "wijkgen").as_uri(), "dir_info": {}})
    assert init.requirement_from(direct_url, "0.1.0") is None
    assert init.requirement_from(direct_url.replace("/wijkgen\"", "\""), "0.1.0") is not None  # its own top
