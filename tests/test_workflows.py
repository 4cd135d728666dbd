"""The publishing workflows shipped by `init` and used by the example site: they parse, they
run on the right events, and every wijkgen command in them exists and works on a new site."""

from __future__ import annotations

import contextlib
import io
import os
import shlex
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from wijkgen.cli import main, parser
from wijkgen.init import init_site, starter_files

REPO = Path(__file__).resolve().parent.parent
SHIPPED = (".github/workflows/check.yml", ".github/workflows/publish.yml", ".gitlab-ci.yml", "netlify.toml")


def github(name: str) -> dict:
    workflow = yaml.safe_load(starter_files()[f".github/workflows/{name}"])
    workflow["on"] = workflow.pop(True)  # YAML 1.1 reads the key `on` as true
    return workflow


def gitlab() -> dict:
    return yaml.safe_load(starter_files()[".gitlab-ci.yml"])


def netlify() -> dict:
    return tomllib.loads(starter_files()["netlify.toml"].decode("utf-8"))


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def wijkgen_commands(lines: list[str]) -> list[str]:
    """`wijkgen ...` commands in shell lines, without redirections, `|| true` or comments."""
    found = []
    for line in lines:
        for part in line.split("&&"):
            words = shlex.split(part, comments=True)
            for stop in (">", "||"):
                if stop in words:
                    words = words[:words.index(stop)]
            if words and words[0] == "wijkgen":
                found.append(shlex.join(words))
    return found


def all_commands() -> dict[str, list[str]]:
    return {
        "check.yml": wijkgen_commands([s["run"] for s in steps(github("check.yml")) if "run" in s]),
        "publish.yml": wijkgen_commands([s["run"] for s in steps(github("publish.yml")) if "run" in s]),
        ".gitlab-ci.yml": wijkgen_commands(gitlab()["check"]["script"] + gitlab()["pages"]["script"]),
        "netlify.toml": wijkgen_commands([netlify()["build"]["command"]]),
    }


def test_the_example_repository_ships_the_same_workflows_as_init():
    for path in SHIPPED:
        assert (REPO / path).read_bytes() == starter_files()[path], path


def test_github_checks_pull_requests_with_annotations():
    workflow = github("check.yml")
    assert set(workflow["on"]) == {"pull_request"}
    assert all_commands()["check.yml"] == ["wijkgen check --format github"]


def test_github_publishes_main_and_every_night_with_a_cache():
    workflow = github("publish.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert [entry["cron"] for entry in workflow["on"]["schedule"]] == ["17 3 * * *"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    uses = [step.get("uses", "") for step in steps(workflow)]
    assert "actions/upload-pages-artifact@v3" in uses and "actions/deploy-pages@v4" in uses
    cache = next(step for step in steps(workflow) if step.get("uses") == "actions/cache@v4")
    assert cache["with"]["path"] == ".wijkgen-cache"
    upload = next(step for step in steps(workflow) if step.get("uses") == "actions/upload-pages-artifact@v3")
    published = upload["with"]["path"]
    assert all_commands()["publish.yml"] == ["wijkgen check --format github", f"wijkgen build --output {published}"]
    checkout = next(step for step in steps(workflow) if step.get("uses") == "actions/checkout@v4")
    assert checkout["with"]["fetch-depth"] == 0  # last-changed dates come from the Git history


def test_gitlab_checks_merge_requests_and_publishes_public_from_the_default_branch():
    config = gitlab()
    assert config["check"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert config["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert config["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert config["pages"]["artifacts"]["paths"] == ["public"]
    assert ".wijkgen-cache" in config["cache"]["paths"]
    assert "wijkgen build --output public" in all_commands()[".gitlab-ci.yml"]


def test_netlify_publishes_what_it_builds():
    config = netlify()
    assert f"wijkgen build --output {config['build']['publish']}" in all_commands()["netlify.toml"]


def test_every_command_is_one_our_command_line_accepts():
    for source, commands in all_commands().items():
        assert commands, source
        for command in commands:
            parser().parse_args(shlex.split(command)[1:])  # exits 2 on an unknown option


@dataclass
class Ran:
    returncode: int
    stdout: str


def wijkgen(site: Path, command: str) -> Ran:
    """Run a workflow's command in-process, from the site folder as the workflow does."""
    out = io.StringIO()
    here = os.getcwd()
    os.chdir(site)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = main(shlex.split(command)[1:])
    finally:
        os.chdir(here)
    return Ran(code, out.getvalue())


@pytest.fixture(scope="module")
def new_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("workflows") / "site"
    init_site(site)
    return site


def test_every_command_works_on_a_new_site_as_the_workflows_run_it(new_site):
    for source, commands in all_commands().items():
        for command in commands:
            result = wijkgen(new_site, command)
            assert result.returncode == 0, (source, command, result.stdout)
    for published in ("_site", "public"):
        assert (new_site / published / "index.html").is_file()
        assert (new_site / published / "centrum" / "agenda.ics").is_file()


def test_a_content_error_fails_the_pull_request_check_on_its_line(new_site, tmp_path):
    activity = new_site / "content/activiteiten/oudercafe.md"
    original = activity.read_text(encoding="utf-8")
    activity.write_text(original.replace("wijk: centrum", "wijk: centrun"), encoding="utf-8")
    try:
        result = wijkgen(new_site, "wijkgen check --format github")
        gitlab_report = wijkgen(new_site, "wijkgen check --format gitlab")
    finally:
        activity.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "::error file=content/activiteiten/oudercafe.md,line=3,col=7::onbekende wijk 'centrun'; "
        "bedoelde je 'centrum'?%0Atip: gebruik de bestandsnaam (zonder .md) uit content/wijken/, "
        "of all voor de hele stad")
    assert gitlab_report.returncode == 1
    issues = yaml.safe_load(gitlab_report.stdout)  # JSON is YAML
    assert [(i["check_name"], i["severity"], i["location"]) for i in issues] == [
        ("unknown_wijk", "major", {"path": "content/activiteiten/oudercafe.md", "lines": {"begin": 3}})]
