"""`wijkgen init FOLDER`: a new site for another wijk or city, ready to publish.

The starter lives in the package (wijkgen/starter/): site.yaml, one example of each content
kind, the publishing workflows and the volunteer guide. Names starting with `dot-` become
dotfiles (`dot-github` -> `.github`), so that packaging tools do not skip them.

The workflows install wijkgen with `requirements.txt`. wijkgen is not on PyPI, so a bare
`wijkgen` there would install nothing, or whatever someone else once published under that
name: the file names where this wijkgen came from (PEP 610's direct_url.json, which pip
writes on installing), and says so plainly when that cannot be told.
"""

from __future__ import annotations

import json
import subprocess
from importlib import metadata, resources
from importlib.abc import Traversable
from pathlib import Path
from urllib.parse import unquote, urlparse

GUIDE = "docs/handleiding.md"
REQUIREMENTS = "requirements.txt"


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


def init_site(folder: Path, requirement: str | None = None) -> list[Path]:
    """Write the starter into `folder`, which must be new or empty; returns the written files.
    `requirement`: how the workflows install wijkgen (None: not known, the file says what to write)."""
    if not is_empty(folder):
        raise FileExistsError(folder)
    written = []
    for relative, content in {**starter_files(), REQUIREMENTS: requirements_txt(requirement)}.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written


def requirements_txt(requirement: str | None) -> bytes:
    what = "# Wat de workflows installeren om de site te bouwen."
    if requirement is None:
        return (
            f"{what} wijkgen staat niet op PyPI: zet hieronder\n"
            "# waar jullie wijkgen vandaan halen, de Git-repository en de versie, zonder # ervoor. Bijvoorbeeld:\n"
            "# wijkgen @ git+https://github.com/jullie-organisatie/wijkgen@v0.1.0\n"
        ).encode()
    return f"{what}\n{requirement}\n".encode()


def given_requirement(given: str) -> str:
    """`--wijkgen`: a requirement as pip reads it (`wijkgen==0.2`, `wijkgen @ ...`), or an address."""
    return given if given.startswith("wijkgen") else f"wijkgen @ {given}"


def wijkgen_requirement() -> str | None:
    """How CI installs the wijkgen that runs here, or None when that cannot be told."""
    try:
        distribution = metadata.distribution("wijkgen")
    except metadata.PackageNotFoundError:
        distribution = None
    if distribution is not None and distribution.read_text("INSTALLER") is not None:
        return requirement_from(distribution.read_text("direct_url.json"), distribution.version)
    # not installed by pip: run from its source folder (whose setuptools egg-info is found first)
    return _from_checkout(Path(__file__).resolve().parent.parent)


def requirement_from(direct_url: str | None, version: str) -> str | None:
    """From PEP 610's record of where pip installed wijkgen from: a Git repository at its
    commit, an archive's address, a checkout's public repository at a commit it has; without
    a record, wijkgen came from a package index, at this version. Only https: CI holds no keys."""
    if direct_url is None:
        return f"wijkgen=={version}"
    try:
        origin = json.loads(direct_url)
    except ValueError:
        return None
    url = origin.get("url", "")
    vcs = origin.get("vcs_info")
    if vcs is not None:
        commit = vcs.get("commit_id")
        return f"wijkgen @ git+{url}@{commit}" if vcs.get("vcs") == "git" and commit and _public(url) else None
    if "archive_info" in origin:
        return f"wijkgen @ {url}" if _public(url) else None
    if "dir_info" in origin and url.startswith("file:"):
        return _from_checkout(Path(unquote(urlparse(url).path)))
    return None


def _from_checkout(folder: Path) -> str | None:
    """A checkout's `origin` at its commit, if a push or fetch showed that `origin` has it."""
    top = _git(folder, "rev-parse", "--show-toplevel")  # wijkgen's own checkout, not one it lies in
    remote = _git(folder, "remote", "get-url", "origin")
    commit = _git(folder, "rev-parse", "HEAD")
    if top is None or Path(top).resolve() != folder.resolve() or remote is None or commit is None \
            or not _public(remote):
        return None
    if not _git(folder, "branch", "--remotes", "--contains", commit):
        return None
    return f"wijkgen @ git+{remote}@{commit}"


def _public(url: str) -> bool:
    return url.startswith("https://")


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):  # no git, or a hung one
        return None
    return done.stdout.strip() if done.returncode == 0 else None
