"""The volunteer guide (docs/) matches the program: its commands exist, its examples check
clean, and its list of messages is the one in messages.py."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from sitekit import run

from wijkgen.cli import parser
from wijkgen.errordocs import diagnostic_codes, error_list
from wijkgen.init import starter_files
from wijkgen.messages import COMMAND_TEXTS, HINTS, MESSAGES

REPO = Path(__file__).resolve().parent.parent
GUIDE = (REPO / "docs/handleiding.md").read_text(encoding="utf-8")


def code_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", GUIDE, re.DOTALL)


def test_every_command_the_guide_shows_is_accepted_by_our_command_line():
    shown = [line for block in code_blocks("sh") for line in block.splitlines() if line.startswith("wijkgen ")]
    shown += re.findall(r"`(wijkgen [^`]+)`", GUIDE)
    assert {command.split()[1] for command in shown} == {"new", "serve", "check", "build", "init"}
    for command in shown:
        parser().parse_args(shlex.split(command)[1:])  # exits 2 on anything unknown


def test_the_list_of_messages_is_made_from_messages_py():
    assert (REPO / "docs/foutmeldingen.md").read_text(encoding="utf-8") == error_list(), (
        "docs/foutmeldingen.md is out of date: run python -m wijkgen.errordocs")
    listed = set(re.findall(r"code: `(\w+)`", error_list()))
    assert listed == set(diagnostic_codes())
    assert {"unknown_wijk", "all_dates_past", "yaml_syntax", "template_failed"} <= listed
    # what a command prints when all is well is no problem to explain
    assert not {"built", "new_written", "serving", "summary_ok", "did_you_mean"} & listed
    assert listed <= set(MESSAGES) and not listed & COMMAND_TEXTS - set(HINTS)


def test_init_ships_the_same_guide():
    for name in ("handleiding.md", "foutmeldingen.md"):
        assert starter_files()[f"docs/{name}"] == (REPO / "docs" / name).read_bytes(), name


@pytest.fixture(scope="module")
def example_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("guide") / "site"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copy(REPO / "site.yaml", site / "site.yaml")
    return site


@pytest.mark.parametrize("number", range(len(code_blocks("yaml"))))
def test_every_example_in_the_guide_checks_clean_on_the_example_site(example_site, number):
    example = code_blocks("yaml")[number]
    folder = "activiteiten" if "\ntitle:" in example else "organisaties"
    path = example_site / "content" / folder / f"uit-de-handleiding-{number}.md"
    path.write_text(example, encoding="utf-8")
    try:
        result = run(example_site, "check", "--today", "2026-11-28")
    finally:
        path.unlink()
    assert [line for line in result.lines if "uit-de-handleiding" in line] == []
    assert result.code == 0
