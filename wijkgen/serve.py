"""`wijkgen serve`: build into a preview folder, serve it, rebuild on every burst of saves.

The preview is never output/: its pages carry a small script that shows content
errors in the page itself, while the last good build stays visible until they are fixed.
"""

from __future__ import annotations

import html
import json
import tempfile
import threading
from datetime import date
from pathlib import Path

from .build import Options, build
from .messages import render, summary, text

DEBOUNCE_SECONDS = 0.3
WATCHED = ("content", "templates", "static")
PROBLEMS_URL = "__wijkgen/problems.json"


class Preview:
    """One site being previewed: its rebuilds, and the problems its pages show."""

    def __init__(self, site_dir: Path, today: date | None):
        self.site_dir = site_dir
        self.today = today
        self.folder = Path(tempfile.mkdtemp(prefix="wijkgen-preview-")) / "site"
        self.lock = threading.Lock()

    def rebuild(self) -> bool:
        with self.lock:
            options = Options(today=self.today or date.today(), dev=True)
            result = build(self.site_dir, self.folder, options)
            lines = [render(d, result.language) for d in result.diagnostics]
            for line in lines:
                print(line, flush=True)
            state = {
                "ok": result.ok,
                "title": summary(result.diagnostics, result.language, result.files),
                "problems": [] if result.ok else lines,
            }
            problems_file = self.folder / PROBLEMS_URL
            problems_file.parent.mkdir(parents=True, exist_ok=True)
            problems_file.write_text(json.dumps(state), encoding="utf-8")
            if not (self.folder / "index.html").exists():  # the very first build failed
                items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
                (self.folder / "index.html").write_text(
                    f"<!DOCTYPE html><meta charset=utf-8><title>wijkgen</title>"
                    f"<h1>{html.escape(state['title'])}</h1><ul>{items}</ul>"
                    f'<script src="/livereload.js"></script>',
                    encoding="utf-8",
                )
            return result.written


def serve(site_dir: Path, port: int, today: date | None) -> int:
    from livereload import Server

    site_dir = site_dir.resolve()
    preview = Preview(site_dir, today)
    preview.rebuild()
    server = Server()
    for name in WATCHED:
        server.watch(str(site_dir / name / "**" / "*"), preview.rebuild, delay=DEBOUNCE_SECONDS)
        server.watch(str(site_dir / name / "*"), preview.rebuild, delay=DEBOUNCE_SECONDS)
    server.watch(str(site_dir / "site.yaml"), preview.rebuild, delay=DEBOUNCE_SECONDS)
    print(text("serving", "nl", url=f"http://localhost:{port}/"), flush=True)
    server.serve(port=port, host="127.0.0.1", root=str(preview.folder), open_url_delay=None, restart_delay=0)
    return 0
