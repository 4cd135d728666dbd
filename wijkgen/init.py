"""`wijkgen init FOLDER`: a new site for another wijk or city, ready to publish.

The starter lives in the package (wijkgen/starter/): site.yaml, one example of each content
kind, the publishing workflows and the volunteer guide. Names starting with `dot-` become
dotfiles (`dot-github` -> `.github`), so that packaging tools do not skip them.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

GUIDE = "docs/handleiding.md"


def starter_files() -> dict[str, bytes]:
    """Every file of a new site: its path in the site (with dots) -> its bytes."""
    files: dict[str, bytes] = {}

    def walk(node: Traversable, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.name == "__pycache__":
                continue
            name = "." + child.name.removeprefix("dot-") if child.name.startswith("dot-") else child.name
            if child.is_dir():
                walk(child, f"{prefix}{name}/")
            else:
                files[prefix + name] = child.read_bytes()

    walk(resources.files("wijkgen").joinpath("starter"), "")
    return files


def is_empty(folder: Path) -> bool:
    return not folder.exists() or (folder.is_dir() and not any(folder.iterdir()))


def init_site(folder: Path) -> list[Path]:
    """Write the starter into `folder`, which must be new or empty; returns the written files."""
    if not is_empty(folder):
        raise FileExistsError(folder)
    written = []
    for relative, content in starter_files().items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written
