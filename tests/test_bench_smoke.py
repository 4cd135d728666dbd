"""The benchmark's generator must keep producing a city that wijkgen builds and checks clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sitekit import run

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from generate import Size, generate  # noqa: E402


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    site = tmp_path_factory.mktemp("city") / "site"
    counts = generate(site, Size(wijken=2, activities=30, organisations=4), seed=7)
    return site, counts


def test_generated_city_checks_without_errors(city):
    site, _ = city
    result = run(site, "check")
    assert result.code == 0, result.stdout
    assert not [line for line in result.lines if ": fout:" in line], result.stdout


def test_generated_city_builds_every_page_and_feed(city, tmp_path):
    site, counts = city
    result = run(site, "build", "--today", "2026-11-28", output_dir=tmp_path / "out")
    assert result.code == 0, result.stdout + result.stderr
    activities = sorted((site / "content" / "activiteiten").glob("*.md"))
    assert len(activities) == counts["activiteiten"] == 30
    for file in activities:
        assert (tmp_path / "out" / "activiteiten" / file.stem / "index.html").is_file()
        assert (tmp_path / "out" / "activiteiten" / f"{file.stem}.ics").is_file()
    texts = [file.read_text(encoding="utf-8") for file in activities]
    repeating = [text for text in texts if "\nrepeat:" in text or "\nrrule:" in text]
    assert 5 <= len(repeating) <= 15, "about a third repeats"


def test_generator_is_deterministic_for_a_seed(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    generate(first, Size(2, 10, 3), seed=3)
    generate(second, Size(2, 10, 3), seed=3)
    files = sorted(p.relative_to(first) for p in first.rglob("*.md"))
    assert files == sorted(p.relative_to(second) for p in second.rglob("*.md"))
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_a_measured_command_s_peak_memory_is_its_own_not_the_benchmark_s(tmp_path):
    # Linux keeps a process's peak memory across exec: started straight from the benchmark,
    # a small build would report the benchmark's own memory as its peak
    script = tmp_path / "measure.py"
    script.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(Path(__file__).resolve().parent.parent / 'bench')!r})\n"
        "from run import measure\n"
        "if __name__ == '__main__':\n"
        "    held = bytearray(300 * 1024 * 1024)\n"
        "    held[::4096] = b'x' * len(held[::4096])\n"
        "    print(measure([sys.executable, '-c', 'pass']).peak_mb)\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert float(done.stdout) < 100
