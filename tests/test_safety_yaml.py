"""Front matter is data, never code, and no front matter can cost time or memory.

The YAML is read from libyaml's event stream: tags build nothing, an alias (and so
every alias bomb) is refused, and nesting stops at a fixed depth. Each case is run
through the real command in a subprocess with a generous timeout, so a hang or a
crash (libyaml's own composer overflows the C stack on deep nesting) fails the test
instead of stopping the suite; the time budget of a second is for the reading alone.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sitekit import make_site

from wijkgen import source

REPO = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = 1.0
HANG_GUARD_SECONDS = 60


def billion_laughs() -> str:
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*lol{level - 1}"] * 9)
        lines.append(f"lol{level}: &lol{level} [{refs}]")
    return "\n".join(lines) + "\ntitle: *lol9\n"


HOSTILE_FRONT_MATTER = {
    "billion_laughs": (billion_laughs(), "verwijzingen met & en *"),
    "merge_key": ("base: &b {title: x}\n<<: *b\n", "verwijzingen met & en *"),
    "deep_flow": ("title: " + "[" * 30_000 + "]" * 30_000 + "\n", "te diep genest"),
    "deep_mapping": ("title: " + "{a: " * 10_000 + "b" + "}" * 10_000 + "\n", "te diep genest"),
    "deep_block": ("title:\n" + "".join(" " * i + "- \n" for i in range(0, 300)), "te diep genest"),
    "huge": ("".join(f"veld{i}: waarde nummer {i}\n" for i in range(20_000)), "te groot"),
}


def activity_file(front: str) -> str:
    return f"---\n{front}---\nTekst.\n"


# Starts a command and writes its own peak memory (kB on Linux) to a file. Started from here,
# the command's peak would count this test process's memory (Linux keeps a process's peak
# across exec) and the largest of all children reaped so far (RUSAGE_CHILDREN) would count
# whatever ran before it (test_bench_smoke holds 300 MB in one).
PEAK_OF = (
    "import os, subprocess, sys\n"
    "process = subprocess.Popen(sys.argv[2:])\n"
    "_, status, usage = os.wait4(process.pid, 0)\n"
    "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """One site holding every hostile file, checked once by the real command."""
    root = tmp_path_factory.mktemp("yaml")
    site = make_site(root / "site")
    for case, (front, _) in HOSTILE_FRONT_MATTER.items():
        file = site / "content" / "activiteiten" / f"{case}.md"
        file.write_text(activity_file(front), encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-c", PEAK_OF, str(root / "peak"), sys.executable, "-m", "wijkgen", "check", str(site)],
        capture_output=True, text=True, timeout=HANG_GUARD_SECONDS,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    return completed, int((root / "peak").read_text())


def test_the_command_survives_every_hostile_front_matter(checked):
    completed, max_rss_kb = checked
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "Traceback" not in completed.stderr
    assert max_rss_kb < 400_000


@pytest.mark.parametrize("case", sorted(HOSTILE_FRONT_MATTER))
def test_hostile_front_matter_is_an_error_naming_the_file(checked, case):
    completed, _ = checked
    _, message = HOSTILE_FRONT_MATTER[case]
    lines = [line for line in completed.stdout.splitlines() if f"/{case}.md:" in line]
    assert lines and message in lines[0] and ": fout: " in lines[0]


@pytest.mark.parametrize("case", sorted(HOSTILE_FRONT_MATTER))
def test_hostile_front_matter_is_read_in_well_under_a_second(tmp_path, case):
    front, _ = HOSTILE_FRONT_MATTER[case]
    file = tmp_path / "content" / "activiteiten" / "bom.md"
    file.parent.mkdir(parents=True)
    file.write_text(activity_file(front), encoding="utf-8")
    started = time.perf_counter()
    found, problems = source.read_source(tmp_path, file, "activiteiten")
    assert time.perf_counter() - started < BUDGET_SECONDS
    assert found is None
    assert problems[0].is_error


@pytest.mark.parametrize("text", [
    "title: " + "[" * 400_000,  # libyaml's own composer overflows the C stack on this
    "title: " + "{a: " * 200_000,
    "- " * 100_000,
], ids=["flow", "mapping", "compact-block"])
def test_nesting_beyond_any_file_size_stops_at_the_limit(text):
    started = time.perf_counter()
    node, problems = source.parse_yaml(text, "bom.md")
    assert time.perf_counter() - started < BUDGET_SECONDS
    assert node is None
    assert [p.code for p in problems] == ["yaml_too_deep"]


def test_a_second_document_is_refused():
    node, problems = source.parse_yaml("title: x\n---\ntitle: y\n", "site.yaml")
    assert node is None and problems[0].code == "yaml_syntax"


def test_the_alias_error_points_at_the_first_alias():
    _, problems = source.parse_yaml(billion_laughs(), "bom.md", first_line=2)
    assert [(p.line, p.code) for p in problems] == [(3, "yaml_alias")]


def test_python_tags_build_nothing_and_run_nothing(tmp_path):
    marker = tmp_path / "pwned"
    front = "\n".join([
        f'title: !!python/object/apply:os.system ["touch {marker}"]',
        f'cost: !!python/object/new:subprocess.Popen [["touch", "{marker}"]]',
        "location: !!python/name:os.system",
        'note: !!python/object:__main__.Evil {x: 1}',
        "wijk: stadshagen",
        "start: 2026-12-02 09:30",
        "",
    ])
    site = make_site(tmp_path / "site")
    (site / "content" / "activiteiten" / "tag.md").write_text(activity_file(front), encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "wijkgen", "build", str(site), "--today", "2026-11-28"],
        capture_output=True, text=True, timeout=HANG_GUARD_SECONDS,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert not marker.exists()
    assert "Traceback" not in completed.stderr
    # the tagged list is not text: an error at its line, no object in sight
    assert "content/activiteiten/tag.md:2:8: fout: 'title' moet een tekst zijn" in completed.stdout
    assert completed.returncode == 1


def test_a_tag_on_plain_text_is_just_the_text():
    node, problems = source.parse_yaml("title: !!str Oudercafé\nend: !!int 11:30\n", "x.md")
    assert problems == []
    assert [(e.key, e.value.text) for e in node.entries] == [("title", "Oudercafé"), ("end", "11:30")]


def test_ordinary_front_matter_keeps_its_lines_and_text():
    node, problems = source.parse_yaml("title: Café\nend: 11:30\nages: [baby, peuter]\n", "x.md", 2)
    assert problems == []
    title, end, ages = node.entries
    assert (title.line, end.value.text, end.value.line) == (2, "11:30", 3)
    assert [item.text for item in ages.value.items] == ["baby", "peuter"]


def test_duplicate_keys_and_non_text_keys_are_errors():
    _, problems = source.parse_yaml("title: a\ntitle: b\n[x]: y\n", "x.md")
    assert [(p.line, p.code) for p in problems] == [(2, "duplicate_key"), (3, "not_a_mapping")]
