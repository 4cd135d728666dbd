"""Step 5: write the planned outputs so that output/ is always a whole site.

Everything is written into a fresh folder beside output/; only when all of it is on
disk is it swapped in, with one atomic `renameat2(RENAME_EXCHANGE)` where Linux offers
it. A build killed at any moment leaves the previous output/ as it was.

A file whose bytes the last build wrote already is not written again but hard-linked
from the previous output/ into the new folder: a rebuild after one edit copies a few
files instead of hundreds of megabytes. What the last build wrote is known from its
list of written files (`Written`), kept in the build cache: each file's digest, and its
inode, size and modification time, so that a file changed since is written afresh.
The folder output/ replaced is kept in the build cache too, and the next build fills
that one: it holds output/'s files already but for the few the last build changed, so
a rebuild neither links nor removes thousands of files.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import hashlib
import os
import pickle
import posixpath
import shutil
import struct
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from . import urls
from .cache import write_atomically

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


@dataclass(frozen=True)
class Written:
    """What a batch of outputs became: their URLs, and for each a row of `ROW` (empty when
    the build keeps no list): the digest of what the file was made of, and the file as it was
    left. Packed: a city's build sends tens of thousands back from its workers."""

    urls: list[str]
    rows: bytes = b""


ROW = struct.Struct("<32sQQQ")  # digest (SHA-256), inode, size, modification time in ns
_REMEMBERED_PART = 1024  # bytes: a feed's part this long (an activity's events) has its digest kept


@dataclass(frozen=True)
class Found:
    """What a folder held when a build took it to fill: each file's inode by its path in
    the folder, and the folders in it (paths as urls.output_file writes them)."""

    files: dict[str, int]
    folders: frozenset[str]


class Folder:
    """The new output folder while a build fills it; forked workers write into it too.

    With `previous` (the rows of the files of the output folder it will replace, as its
    build left them, by URL), a file with the same digest that is still as that build left
    it is linked, or left in place if the folder holds it already: a build fills the
    folder that the build before it replaced (`kept`), which holds the same files as
    output/ but for those that build changed. What it `found` there and no output
    replaced must go (`remove_all_but`) before the folder is swapped in. A file found is
    never written to, only replaced: it may be output/'s own file under a second name."""

    def __init__(self, path: Path, previous: dict[str, bytes] | None = None, old_dir: Path | None = None,
                 found: Found | None = None):
        self.path = path
        self._root = os.fspath(path)
        self._previous = previous
        self._old_dir = os.fspath(old_dir) if old_dir is not None and previous else None
        self.found = found
        self._found_files = found.files if found is not None else {}
        self._found_folders = found.folders if found is not None else frozenset()
        self._made: set[str] = {os.path.join(self._root, folder) for folder in self._found_folders}
        self._part_digests: dict[int, tuple[bytes, bytes]] = {}  # by the id of a part (a feed's events)
        self.cleared = found is None  # of what was found and is no output

    def write(self, output: Output) -> bytes:
        """Write one output, or link the previous build's identical file; its row."""
        relative = urls.output_file(output.url)
        target = os.path.join(self._root, relative)
        if not _inside(target, self._root):
            raise ValueError(f"output {output.url!r} would be written outside the output folder")
        folder = os.path.dirname(target)
        if folder not in self._made:
            self._make_folder(folder)
            self._made.add(folder)
        content = output.content
        present = self._found_files.get(relative)  # the inode of the file found here
        if relative in self._found_folders:  # a folder where a file goes now
            shutil.rmtree(target)
        if self._previous is None:
            self._write(target, content() if callable(content) else content)
            return b""
        if output.identity:  # a cached page: its key names its bytes, which need not be read
            digest = hashlib.sha256(output.identity.encode()).digest()
        else:
            content = content() if callable(content) else content
            digest = self._digest(content)
        known = self._previous.get(output.url)
        if known is not None and known[:32] == digest:
            row = ROW.unpack(known)[1:]
            if present == row[0] and _still(target, row):  # output/'s file already, as it was left
                return known
            if self._old_dir is not None and self._link(os.path.join(self._old_dir, relative), target, row):
                return known
        return ROW.pack(digest, *self._write(target, content() if callable(content) else content))

    def write_all(self, outputs: Iterable[Output]) -> Written:
        found = [(output.url, self.write(output)) for output in outputs]
        return Written([url for url, _ in found], b"".join(row for _, row in found))

    def remove_all_but(self, written: Iterable[Written]) -> None:
        """Remove what the folder held when taken and no output replaced."""
        kept = {urls.output_file(url) for batch in written for url in batch.urls}
        needed = {""}  # the folders they lie in
        for relative in kept:
            folder = posixpath.dirname(relative)
            while folder not in needed:
                needed.add(folder)
                folder = posixpath.dirname(folder)
        for relative in self._found_files.keys() - kept - needed:  # a file found may be a folder now
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(self._root, relative))
        for folder in self._found_folders - needed:
            shutil.rmtree(os.path.join(self._root, folder), ignore_errors=True)
        self.cleared = True

    def _make_folder(self, folder: str) -> None:
        try:
            os.makedirs(folder, exist_ok=True)
        except (FileExistsError, NotADirectoryError):  # a file found where a folder goes now
            above = folder
            while above != self._root and not os.path.isfile(above):
                above = os.path.dirname(above)
            if above == self._root:
                raise
            os.unlink(above)
            os.makedirs(folder, exist_ok=True)

    def _write(self, target: str, content: bytes | tuple[bytes, ...]) -> tuple[int, int, int]:
        if self.found is not None:  # never written to: a file found may be a link to output/'s
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target)
        with open(target, "wb") as out:
            if isinstance(content, bytes):
                out.write(content)
            else:
                out.writelines(content)
            out.flush()
            found = os.fstat(out.fileno())
        return found.st_ino, found.st_size, found.st_mtime_ns

    def _link(self, old: str, target: str, expected: tuple[int, int, int]) -> bool:
        """Link `old` as `target` if it is still the file the last build left there."""
        try:
            if not _still(old, expected):
                return False
            if self.found is not None:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(target)
            os.link(old, target)
        except OSError:  # gone, or a file system without hard links: written instead
            return False
        return True

    def _digest(self, content: bytes | tuple[bytes, ...]) -> bytes:
        """A page's SHA-256; a feed's is that of its parts' digests: one activity's events
        are a part of many feeds, each part is hashed once in this process (a short part,
        such as a feed's own header, is simply hashed: remembering it would keep it)."""
        if isinstance(content, bytes):
            return hashlib.sha256(content).digest()
        digests = []
        for part in content:
            if len(part) < _REMEMBERED_PART:
                digests.append(hashlib.sha256(part).digest())
                continue
            known = self._part_digests.get(id(part))
            if known is None or known[0] is not part:
                known = self._part_digests[id(part)] = (part, hashlib.sha256(part).digest())  # holds the part
            digests.append(known[1])
        return hashlib.sha256(b"feed\0" + b"".join(digests)).digest()


def _still(file: str, expected: tuple[int, int, int]) -> bool:
    """Whether `file` is the file of this inode, size and modification time."""
    try:
        found = os.stat(file)
    except OSError:
        return False
    return (found.st_ino, found.st_size, found.st_mtime_ns) == expected


def read_written(file: Path | None, output_dir: Path) -> dict[str, bytes] | None:
    """The rows of the files the last build into `output_dir` wrote, by URL, as
    `keep_written` kept them; empty where none were kept (or for another folder), None
    without a `file`."""
    if file is None:
        return None
    found: dict[str, bytes] = {}
    try:
        with open(file, "rb") as kept:
            if pickle.load(kept) != os.fspath(output_dir.absolute()):
                return {}
            while batch := pickle.load(kept):  # up to an empty one
                rows = batch.rows
                found.update((url, rows[i * ROW.size:(i + 1) * ROW.size]) for i, url in enumerate(batch.urls))
    except Exception:  # noqa: BLE001 - a damaged list is not used: everything is written
        return {}
    return found


def keep_written(file: Path, output_dir: Path, written: Iterable[Written]) -> None:
    """Keep the list of what is now in `output_dir`, for the next build to link from."""
    def dump(out: BinaryIO) -> None:
        pickle.dump(os.fspath(output_dir.absolute()), out, pickle.HIGHEST_PROTOCOL)
        for batch in written:
            if batch.urls:
                pickle.dump(batch, out, pickle.HIGHEST_PROTOCOL)
        pickle.dump(None, out, pickle.HIGHEST_PROTOCOL)

    file.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(file, dump)


@contextlib.contextmanager
def new_site(output_dir: Path, previous: dict[str, bytes] | None = None, kept: Path | None = None):
    """A Folder to fill; when the block ends without an exception it replaces output_dir.
    `previous`: what the last build wrote into output_dir (`read_written`), to link from.

    `kept`: where the folder that output_dir replaced is kept for the next build (on the
    same file system: in the build cache). Filling that one instead of an empty folder, a
    rebuild makes and removes only the files that changed; removing the thousands of files
    of a replaced folder took longer than linking them all."""
    output_dir = output_dir.absolute()
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    with _building(output_dir):
        staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(output_dir), dir=output_dir.parent))
        try:
            folder = Folder(staging, previous, output_dir if output_dir.is_dir() else None,
                            _take(kept, staging) if kept is not None and previous is not None else None)
            yield folder
            if not folder.cleared:
                raise RuntimeError("the files found in the kept folder were not cleared (Folder.remove_all_but)")
            staging.chmod(0o755)
            _swap_in(staging, output_dir, kept)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise


def _take(kept: Path, staging: Path) -> Found | None:
    """Take the kept folder as `staging` (an empty folder, made under this build's lock),
    and what it holds; None if there is none to take (another build took it, or it lies on
    another file system)."""
    staging.rmdir()  # renaming onto a folder fails on some systems (Windows)
    try:
        os.rename(kept, staging)  # atomic: a build beside this one cannot take it too
    except OSError:
        staging.mkdir()
        return None
    root = os.fspath(staging)
    files: dict[str, int] = {}
    folders: set[str] = set()
    waiting = [root]
    while waiting:
        with os.scandir(waiting.pop()) as entries:
            for entry in entries:
                relative = entry.path[len(root) + 1:].replace(os.sep, "/")  # as urls.output_file has it
                if entry.is_dir(follow_symlinks=False):
                    folders.add(relative)
                    waiting.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    files[relative] = entry.inode()
                else:  # a link or anything else a build never makes: it might lead outside
                    os.unlink(entry.path)
    return Found(files, frozenset(folders))


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


def _inside(target: str, folder: str) -> bool:
    """Judged on the path itself (no file exists yet): no `..`, no absolute escape."""
    return os.path.normpath(target).startswith(os.path.normpath(folder) + os.sep)


def _swap_in(staging: Path, output_dir: Path, kept: Path | None = None) -> None:
    """Put `staging` in output_dir's place; the folder it replaces is kept as `kept`, or removed."""
    if not output_dir.exists():
        os.rename(staging, output_dir)
        return
    if _exchange(staging, output_dir):
        replaced = staging
    else:  # no atomic exchange on this system: two renames, the gap between them is tiny
        replaced = Path(tempfile.mkdtemp(prefix=_staging_prefix(output_dir), dir=output_dir.parent))
        replaced.rmdir()
        os.rename(output_dir, replaced)
        os.rename(staging, output_dir)
    if kept is not None:
        try:
            kept.parent.mkdir(parents=True, exist_ok=True)
            os.rename(replaced, kept)
            return
        except OSError:  # another file system, or another build kept its folder there meanwhile
            pass
    shutil.rmtree(replaced)


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
