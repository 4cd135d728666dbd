"""The README's promises: every output path it names is written for the example site."""

import argparse
import re

import pytest
from conftest import REPO
from sitekit import run

from wijkgen.cli import parser

README = (REPO / "README.md").read_text(encoding="utf-8")


def example_paths() -> list[str]:
    table = README.split("### What a build writes", 1)[1].split("###", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    return [re.findall(r"`([^`]+)`", row.rsplit("|", 2)[1])[0] for row in rows]


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    result = run(REPO, "build", "--today", "2026-11-28", output_dir=tmp_path_factory.mktemp("example") / "out")
    assert result.code == 0, result.stdout
    return result


def test_the_readme_names_an_example_for_every_kind_of_output():
    assert len(example_paths()) == 16


@pytest.mark.parametrize("path", example_paths())
def test_every_output_the_readme_names_exists(example, path):
    assert (example.output_dir / path).is_file(), path


def test_the_readme_lists_every_command():
    commands = re.findall(r"^\| `wijkgen (\w+)", README, flags=re.MULTILINE)
    subparsers = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert sorted(commands) == sorted(subparsers.choices)
