"""Step 5: write the planned outputs so that output/ is always a whole site.

Everything is written into a fresh folder beside output/; only when all of it is on
disk is it swapped in, with one atomic `renameat2(RENAME_EXCHANGE)` where Linux offers
it. A build killed at any moment leaves the previous output/ as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from . import urls

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock, and so no clearing of leftovers
    fcntl = None
from .pages import Output

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def unsafe_output_dir(output_dir: Path, site_dir: Path) -> bool:
    """True for an output folder whose replacement would destroy something else.

    A build replaces the whole folder, so it may not be the site, a folder above it, /
    or home, may not hold or lie in the volunteers' own folders (content/, templates/,
    .git), and may not be an existing folder of other files (an earlier build is fine).
    """
    output, site = output_dir.resolve(), site_dir.resolve()
    protected = [site / name for name in _PROTECTED_IN_SITE]
    return (
        output == site
        or output in site.parents
        or output == Path(output.anchor)
        or output == Path.home().resolve()
        or any(output == folder or folder in output.parents or output in folder.parents
               for folder in protected)
        or _holds_other_files(output)
    )


_PROTECTED_IN_SITE = ("content", "templates", ".git", "site.yaml")


def _holds_other_files(folder: Path) -> bool:
    """An existing, non-empty folder that is not an earlier build (no index.html)."""
    if not folder.exists():
        return False
    if not folder.is_dir():
        return True
    return any(folder.iterdir()) and not (folder / "index.html").is_file()


def count(urls_written: Iterable[str]) -> tuple[int, int]:
    """(pages, feeds) among the URLs written."""
    pages = feeds = 0
    for url in urls_written:
        feeds += url.endswith(".ics")
        pages += url.endswith((".html", "/")) or url == ""
    return pages, feeds


class Folder:
    """The new output folder while a build fills it; forked workers write into it too."""

    def __init__(self, path: Path):
        self.path = path
        self._made: set[Path] = set()

    def write(self, output: Output) -> str:
        """Write one output; returns its URL."""
        target = self.path / urls.output_file(output.url)
        if not _inside(target, self.path):
            raise ValueError(f"output {output.url!r} would be written outside the output folder")
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        with open(target, "wb") as out:
            if isinstance(output.content, bytes):
                out.write(output.content)
            else:
                out.writelines(output.content)
        return output.url

    def write_all(self, outputs: Iterable[Output]) -> list[str]:
        return [self.write(output) for output in outputs]


@contextlib.contextmanager
def new_site(output_dir: Path):
    """A Folder to fill; when the block ends without an exception it replaces output_dir."""
    output_dir = output_dir.absolute()
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    with _building(output_dir):
        staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(output_dir), dir=output_dir.parent))
        try:
            yield Folder(staging)
            staging.chmod(0o755)
            _swap_in(staging, output_dir)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise


def _staging_prefix(output_dir: Path) -> str:
    """Hidden working folders beside output/, named after it: `.output.building-x1y2`."""
    return f".{output_dir.name}.building-"


@contextlib.contextmanager
def _building(output_dir: Path):
    """One build at a time per output folder; leftovers of killed builds are removed.

    The lock is an flock on the parent folder, which the kernel releases when a build
    dies, so any working folder found while holding it belongs to a dead build.
    """
    if fcntl is None:  # pragma: no cover
        yield
        return
    parent = os.open(output_dir.parent, os.O_RDONLY)
    try:
        fcntl.flock(parent, fcntl.LOCK_EX)
        for leftover in output_dir.parent.glob(_staging_prefix(output_dir) + "*"):
            shutil.rmtree(leftover, ignore_errors=True)
        yield
    finally:
        os.close(parent)  # releases the lock


def _inside(target: Path, folder: Path) -> bool:
    """Judged on the path itself (no file exists yet): no `..`, no absolute escape."""
    return os.path.normpath(target).startswith(os.path.normpath(folder) + os.sep)


def _swap_in(staging: Path, output_dir: Path) -> None:
    if not output_dir.exists():
        os.rename(staging, output_dir)
        return
    if _exchange(staging, output_dir):
        shutil.rmtree(staging)  # now holds the previous build
        return
    # no atomic exchange on this system: two renames, the gap between them is tiny
    previous = Path(tempfile.mkdtemp(prefix=_staging_prefix(output_dir), dir=output_dir.parent))
    previous.rmdir()
    os.rename(output_dir, previous)
    os.rename(staging, output_dir)
    shutil.rmtree(previous)


def _exchange(a: Path, b: Path) -> bool:
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0
