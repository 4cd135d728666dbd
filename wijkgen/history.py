"""What Git knows about each content file, read once per build: when it was first
committed, when it last changed, and how many commits touched it.

Feeds use this for LAST-MODIFIED and SEQUENCE, the Atom feed for "newly added". It is
deterministic for a given commit. A file with uncommitted edits counts one revision
more and has no change date (feeds then use the build date, which `--today` fixes),
so `wijkgen serve` shows edits before they are committed. Outside Git every file has
revision 0 and no dates.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class FileHistory:
    added: datetime | None  # the first commit that holds the file (UTC)
    changed: datetime | None  # the last commit that changed it, None with uncommitted edits
    revisions: int  # commits that touched it, plus one for uncommitted edits


def _git(site_dir: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=site_dir, capture_output=True, text=True, timeout=30, check=True,
    ).stdout


def read(site_dir: Path) -> dict[str, FileHistory]:
    """Site-relative path ("content/activiteiten/x.md") -> its history."""
    try:
        prefix = _git(site_dir, "rev-parse", "--show-prefix").strip()
        log = _git(site_dir, "log", "--format=@%ct", "--name-only", "--no-renames", "--", "content")
        dirty = _git(site_dir, "status", "--porcelain", "--untracked-files=all", "--", "content")
    except (OSError, subprocess.SubprocessError):
        return {}
    # "XY path", or "R  old -> new" for a staged rename
    edited = {line[3:].split(" -> ")[-1].strip('"').removeprefix(prefix)
              for line in dirty.splitlines()}
    commits: dict[str, list[datetime]] = {}  # newest first
    stamp = None
    for line in log.splitlines():
        if line.startswith("@"):
            stamp = datetime.fromtimestamp(int(line[1:]), tz=UTC)
        elif line and stamp is not None:
            commits.setdefault(line.removeprefix(prefix), []).append(stamp)
    history = {}
    for path in commits.keys() | edited:
        times = commits.get(path, [])
        history[path] = FileHistory(
            added=times[-1] if times else None,
            changed=times[0] if times and path not in edited else None,
            revisions=len(times) + (path in edited),
        )
    return history
