"""Build small sites in tests: a content folder in, pages and feeds out.

    site = make_site(tmp_path, activities={"cafe": ACTIVITY}, ...)
    result = run(site, "build", "--today", "2026-11-28")
    result.output("stadshagen/index.html")
"""

from __future__ import annotations

import contextlib
import io
import textwrap
from dataclasses import dataclass
from pathlib import Path

from wijkgen.cli import main

SITE_YAML = """\
title: Samen opgroeien
base_url: https://example.org/wijkagenda/
language: {language}
timezone: Europe/Amsterdam
topics:
  ontmoeten: Ontmoeten
  opvoeding: Opvoeding
  gezondheid: Gezondheid
ages:
  baby: Baby (0-1 jaar)
  peuter: Peuter (1-4 jaar)
"""

WIJK = "---\nname: {name}\n---\nWelkom in {name}.\n"

ORGANISATION = """\
---
name: Sociaal Wijkteam
wijk: all
topics: [opvoeding]
questions:
  - Mijn kind slaapt slecht, wie kan helpen?
phone: 038 498 2000
email: info@example.org
website: https://example.org
---
Wij helpen.
"""

VENUE = """\
---
name: Kantine CSV'28
address: Hollandstraat 7, Zwolle
wijk: stadshagen
accessibility: Rolstoeltoegankelijk
---
"""


def front(text: str) -> str:
    """Dedent a content file written inline in a test."""
    return textwrap.dedent(text).lstrip("\n")


def make_site(
    root: Path,
    activities: dict[str, str] | None = None,
    organisations: dict[str, str] | None = None,
    venues: dict[str, str] | None = None,
    wijken: dict[str, str] | None = None,
    site_yaml: str | None = None,
    language: str = "nl",
) -> Path:
    """A site folder with two wijken, one organisation and one venue unless told otherwise."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(site_yaml or SITE_YAML.format(language=language), encoding="utf-8")
    kinds = {
        "wijken": wijken if wijken is not None else {
            "stadshagen": WIJK.format(name="Stadshagen"), "dieze-oost": WIJK.format(name="Dieze-Oost")},
        "organisaties": organisations if organisations is not None else {"sociaal-wijkteam": ORGANISATION},
        "locaties": venues if venues is not None else {"csv28": VENUE},
        "activiteiten": activities or {},
    }
    for kind, files in kinds.items():
        folder = root / "content" / kind
        folder.mkdir(parents=True, exist_ok=True)
        for slug, content in files.items():
            (folder / f"{slug}.md").write_text(front(content), encoding="utf-8")
    return root


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    site: Path
    output_dir: Path

    def output(self, path: str) -> str:
        return (self.output_dir / path).read_text(encoding="utf-8")

    def output_bytes(self, path: str) -> bytes:
        return (self.output_dir / path).read_bytes()

    @property
    def lines(self) -> list[str]:
        return [line for line in self.stdout.splitlines() if line.strip()]


def run(site: Path, *args: str, output_dir: Path | None = None) -> Run:
    """Run the wijkgen command in-process, as a volunteer would from the shell."""
    argv = list(args)
    command = argv[0]
    if command in ("build", "check", "serve"):
        argv.insert(1, str(site))
    output_dir = output_dir or site / "output"
    if command == "build" and "--output" not in argv:
        argv += ["--output", str(output_dir)]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit:  # argparse
            code = exit.code if isinstance(exit.code, int) else 2
    return Run(code, out.getvalue(), err.getvalue(), site, output_dir)
