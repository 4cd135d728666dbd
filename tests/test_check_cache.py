"""`check` renders only the bodies it must, and shares the build cache without harming it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sitekit import make_site, run

from wijkgen import markup
from wijkgen.cache import Store

TODAY = "2026-11-28"

# pieces volunteers write, joined at random; the second list can make the sanitiser act
HARMLESS = [
    "Koffie & Koters", "**samen** spelen", "_rustig_ aan", "`code`", "# Kop", "###### Klein",
    "- een handdoek", "* droge kleren", "1. eerst", "3) daarna", "> Citaat", "    ingesprongen",
    "https://example.org/a?b=1&c=2", "[de website](https://example.org/info)",
    "[met titel](http://example.org \"titel\")", "![foto](https://example.org/f.png)",
    "&amp;", "&#60;b&#62;", "&lt;i&gt;", "***", "---", "===", "regel met twee spaties  ",
    "\\*geen nadruk\\*", "[alleen haken]", "[ref][x]", "(haakjes)", "a: b", "mailto:a@b.nl",
    "javascript:alert(1)", "Tel: 038-1234567", "é ü ß 😀", "* * *", "1.", "#", "]", "[",
]
RISKY = [
    "<b>vet</b>", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<!-- x -->",
    "[x](javascript:alert(1))", "![x](data:image/png;base64,AA)", "[x]: javascript:alert(1)",
    "| a | b |\n|:--|--:|\n| 1 | 2 |", "```python\nx = 1\n```", "~~~\nx\n~~~",
    "<https://example.org>", "<a@b.nl>", "[x]( https://example.org)", "[x](ftp://example.org)",
]


def bodies(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    pieces = HARMLESS * 4 + RISKY
    found = []
    for _ in range(count):
        parts = rng.choices(pieces, k=rng.randint(1, 8))
        found.append("".join(part + rng.choice(["", " ", "\n", "\n\n"]) for part in parts))
    return found


def test_a_body_that_may_lose_nothing_really_loses_nothing():
    """The promise that lets `check` skip rendering: never a missed html_removed warning."""
    tested = bodies(600, seed=7)
    hostile = Path(__file__).parent / "hostile" / "payloads.txt"
    tested += hostile.read_text(encoding="utf-8").split("\n")
    tested += [file.read_text(encoding="utf-8") for file in Path(__file__).parent.parent.rglob("content/*/*.md")]
    skipped = [body for body in tested if not markup.may_lose_html(body)]
    assert len(skipped) > 100  # the test must exercise the shortcut, not only the fallback
    assert [body for body in skipped if markup.render(body).removed] == []
    assert any(markup.render(body).removed for body in tested if markup.may_lose_html(body))


ACTIVITY = """\
---
title: Peuterochtend
wijk: stadshagen
start: 2026-12-05 09:30
end: 11:30
organisers: [sociaal-wijkteam]
---
{body}
"""


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path / "site", activities={
        "plain": ACTIVITY.format(body="Gewoon **tekst** met [een link](https://example.org)."),
        "script": ACTIVITY.format(body="Kom!\n\n<script>alert(1)</script>"),
        "handler": ACTIVITY.format(body='Foto: <img src="https://example.org/a.png" onerror="x()">'),
    })


def cached_results(site: Path) -> dict:
    return Store.open(site).previous


def test_check_gives_the_same_report_without_cache_cold_and_warm(site):
    uncached = run(site, "check", "--today", TODAY, "--no-cache")
    assert "<script>" in uncached.stdout and "onerror" in uncached.stdout
    assert not (site / ".wijkgen-cache").exists()
    cold = run(site, "check", "--today", TODAY)
    assert (site / ".wijkgen-cache" / "results.pickle").is_file()
    warm = run(site, "check", "--today", TODAY)
    assert uncached.stdout == cold.stdout == warm.stdout
    assert uncached.code == cold.code == warm.code == 0


def test_check_keeps_what_the_build_cached_and_adds_what_it_rendered(site, tmp_path):
    assert run(site, "build", "--today", TODAY, output_dir=tmp_path / "first").code == 0
    pages_before = sorted(p.name for p in (site / ".wijkgen-cache" / "pages").iterdir())
    results_before = cached_results(site)
    edited = site / "content" / "activiteiten" / "script.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Kom!", "Kom gauw!"), encoding="utf-8")

    assert "<script>" in run(site, "check", "--today", TODAY).stdout

    assert sorted(p.name for p in (site / ".wijkgen-cache" / "pages").iterdir()) == pages_before
    results_after = cached_results(site)
    assert results_before.items() <= results_after.items()
    new = [results_after[key] for key in results_after.keys() - results_before.keys()]
    assert [value.html for value in new] == [markup.render(edited_body(edited)).html]


def edited_body(file: Path) -> str:
    return file.read_text(encoding="utf-8").split("---\n", 2)[2]


def test_check_without_cache_leaves_the_cache_folder_alone(site, tmp_path):
    assert run(site, "build", "--today", TODAY, output_dir=tmp_path / "out").code == 0
    before = cached_results(site)
    (site / "content" / "activiteiten" / "new.md").write_text(
        ACTIVITY.format(body="<b>nieuw</b>"), encoding="utf-8")
    assert run(site, "check", "--today", TODAY, "--no-cache").code == 0
    assert cached_results(site) == before
