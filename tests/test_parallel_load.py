"""A large site's files are read, parsed and their bodies rendered by forked workers; the
site and problems must be exactly those of reading every file here, one by one."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from wijkgen import parallel

REPO = Path(__file__).resolve().parent.parent

# In a fresh process, like a real build.
SCRIPT = textwrap.dedent("""
    import sys
    from datetime import date
    from pathlib import Path
    sys.path.insert(0, "bench")
    from generate import Size, generate
    from wijkgen import build, markup, source
    from wijkgen.cache import Store
    from wijkgen.check import check

    site = Path(sys.argv[1]) / "site"
    generate(site, Size(wijken=3, activities=230, organisations=6), seed=3)
    file = sorted((site / "content" / "activiteiten").glob("*.md"))[0]
    file.write_text(file.read_text() + "\\n<script>x</script> [a](javascript:b)\\n| a |\\n|:-|\\n")
    today = date(2026, 11, 28)
    spread = build.load(site, today=today, store=Store(None), workers=2)
    markup.render.cache_clear()
    here = build.load(site, today=today, workers=1)  # every file read here, one by one
    print("files", len(source.content_paths(site)))
    print("same site", spread.site == here.site)
    print("same problems", spread.diagnostics == here.diagnostics, len(spread.diagnostics) > 0)
    later = date(2027, 9, 1)  # many activities' dates have passed by then: check warns of them
    checks = [check(site, later, use_cache=False, workers=n) for n in (2, 1)]
    past = [d for d in checks[0].diagnostics if d.code == "all_dates_past"]
    print("same check", checks[0].diagnostics == checks[1].diagnostics, len(past) > 0, all(d.line > 1 for d in past))
""")


@pytest.mark.skipif(not parallel.can_fork(), reason="without fork (Windows) files are read one by one")
def test_files_read_by_forked_workers_give_the_same_site_and_problems(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    files, same_site, same_problems, same_check = done.stdout.splitlines()
    assert int(files.split()[1]) > parallel.PARALLEL_FROM  # enough for the workers to take them
    assert same_site == "same site True"
    assert same_problems == "same problems True True"
    assert same_check == "same check True True True"  # past-dates warnings point at `start:`
