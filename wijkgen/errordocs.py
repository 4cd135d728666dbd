"""The list of messages in the volunteer guide (docs/foutmeldingen.md), made from messages.py.

    python -m wijkgen.errordocs     # rewrites docs/foutmeldingen.md and the starter's copy

A test compares the file with `error_list()`, so the guide cannot drift from the messages.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

from .messages import COMMAND_TEXTS, HINTS, MESSAGES

INTRO = """\
# Wat betekent deze melding?

`wijkgen check` (en de controle bij een pull request of merge request) meldt elk probleem als
`bestand:regel:kolom: fout: uitleg`. Ga in dat bestand naar die regel; de kolom telt de tekens
vanaf links. Onder de melding staat een tip.

- Een **fout** houdt de site tegen: de site wordt pas weer bijgewerkt als alle fouten weg zijn.
  De site die er al stond, blijft gewoon staan.
- Een **waarschuwing** houdt niets tegen, maar wijst op iets wat waarschijnlijk niet de
  bedoeling is.

Waar hieronder `…` staat, noemt de melding zelf de waarde of de regel waar het om gaat.
Deze lijst wordt gemaakt uit de meldingen van wijkgen zelf (`python -m wijkgen.errordocs`).
"""


def _blanked(template: str) -> str:
    """The message with its parameters shown as `…`."""
    fields = {name: "…" for _, name, _, _ in string.Formatter().parse(template) if name}
    return template.format(**fields)


def _said_by_the_command() -> set[str]:
    """Codes the code only ever passes to `text(...)`: what a command prints, not a problem.

    Found in the source, so that messages other parts add are sorted without a list to keep.
    """
    in_text, elsewhere = set(), set()
    for path in Path(__file__).parent.glob("*.py"):
        if path.name == "messages.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
            literals = {arg.value for arg in arguments if isinstance(arg, ast.Constant)}
            codes = {value for value in literals if isinstance(value, str) and value in MESSAGES}
            (in_text if name == "text" else elsewhere).update(codes)
    return in_text - elsewhere


def diagnostic_codes() -> list[str]:
    """Every code a volunteer can meet as a problem, in the order of messages.py."""
    command = COMMAND_TEXTS | _said_by_the_command()
    return [code for code in MESSAGES if code in HINTS or code not in command]


def error_list() -> str:
    parts = [INTRO]
    for code in diagnostic_codes():
        dutch = MESSAGES[code][0]
        parts.append(f"\n## {_blanked(dutch)}\n")
        if code in HINTS:
            advice = _blanked(HINTS[code][0])
            ending = "" if advice.endswith((".", "?", "!")) else "."
            parts.append(f"\n{advice[0].upper()}{advice[1:]}{ending}\n")
        parts.append(f"\n<small>code: `{code}`</small>\n")
    return "".join(parts)


TARGETS = ("docs/foutmeldingen.md", "wijkgen/starter/docs/foutmeldingen.md")

if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    root = Path(__file__).resolve().parent.parent
    for target in TARGETS:
        (root / target).parent.mkdir(parents=True, exist_ok=True)
        (root / target).write_text(error_list(), encoding="utf-8")
