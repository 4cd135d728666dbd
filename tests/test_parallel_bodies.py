"""A cold build of a large site renders its bodies in forked workers first; the site it
reads must be exactly the one read by rendering every body here, one by one."""

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
    import sys, tempfile
    from datetime import date
    from pathlib import Path
    sys.path.insert(0, "bench")
    from generate import Size, generate
    from wijkgen import build, markup, source
    from wijkgen.cache import Store

    site = Path(tempfile.mkdtemp()) / "site"
    generate(site, Size(wijken=3, activities=230, organisations=6), seed=3)
    file = sorted((site / "content" / "activiteiten").glob("*.md"))[0]
    file.write_text(file.read_text() + "\\n<script>x</script> [a](javascript:b)\\n| a |\\n|:-|\\n")
    today = date(2026, 11, 28)
    spread = build.load(site, today=today, store=Store(None), workers=2)
    markup.render.cache_clear()
    here = build.load(site, today=today)  # no store: every body rendered as it is met
    print("bodies", len(build._rendered_ahead(source.read_content(site)[0], Store(None), 2)))
    print("same site", spread.site == here.site)
    print("same problems", spread.diagnostics == here.diagnostics, len(spread.diagnostics) > 0)
""")


@pytest.mark.skipif(not parallel.can_fork(), reason="without fork (Windows) bodies are rendered one by one")
def test_bodies_rendered_by_forked_workers_give_the_same_site_and_problems():
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    bodies, same_site, same_problems = done.stdout.splitlines()
    assert int(bodies.split()[1]) > 200  # the workers did render them
    assert same_site == "same site True"
    assert same_problems == "same problems True True"
