"""Noticing saves under a site's watched paths, for `serve`.

On Linux the kernel says what changed (inotify, through ctypes): a save is noticed the
moment it is made, at no cost while nothing happens. Elsewhere, or when the kernel has no
watches left to give, the watched folders are looked at ten times a second (`Polling`);
a city has thousands of files, so that costs tens of milliseconds a look.

Both say the same: the files saved since the last look, and when a burst of saves has
ended (files changed, then stayed quiet for `debounce` seconds): `serve` shows a saved
page at once and rebuilds the whole site once per burst.
"""

from __future__ import annotations

import ctypes
import os
import struct
import sys
from pathlib import Path

WATCHED = ("content", "templates", "static", "site.yaml")
DEBOUNCE_SECONDS = 0.3  # a save that touches several files, or an editor's temp files, is one burst


class Changes:
    """The debounce both ways of watching share; `look` is theirs."""

    def __init__(self, site_dir: Path, debounce: float = DEBOUNCE_SECONDS):
        self.site_dir = site_dir
        self.debounce = debounce
        self.last_change: float | None = None

    def look(self) -> tuple[list[Path], bool]:
        """The files saved since the last look, and whether anything changed at all (a
        removed file is a change without a saved file)."""
        raise NotImplementedError

    def fileno(self) -> int | None:
        """A file descriptor that becomes readable when something changed, if there is one."""
        return None

    def close(self) -> None:
        pass

    def poll(self, now: float) -> tuple[list[Path], bool]:
        """Look once: the files saved since the last look, and whether a burst of saves ended."""
        saved, changed = self.look()
        if changed:
            self.last_change = now
            return saved, False
        if self.last_change is not None and now - self.last_change >= self.debounce:
            self.last_change = None
            return [], True
        return [], False

    def burst_ended(self, now: float) -> bool:
        return self.poll(now)[1]


def watch(site_dir: Path, debounce: float = DEBOUNCE_SECONDS) -> Changes:
    """The kernel's notices where it gives them, else polling."""
    try:
        return Inotify(site_dir, debounce)
    except OSError:
        return Polling(site_dir, debounce)


class Polling(Changes):
    """Looks at (modified, size) of every watched file on each `look`."""

    def __init__(self, site_dir: Path, debounce: float = DEBOUNCE_SECONDS):
        super().__init__(site_dir, debounce)
        self.seen = self.snapshot()

    def snapshot(self) -> dict[str, tuple[int, int]]:
        """Walks with os.scandir, whose entries carry what it needs."""
        found: dict[str, tuple[int, int]] = {}
        folders = []
        for name in WATCHED:
            path = self.site_dir / name
            if path.is_file():
                stat = path.stat()
                found[str(path)] = (stat.st_mtime_ns, stat.st_size)
            elif path.is_dir():
                folders.append(str(path))
        while folders:
            try:
                entries = list(os.scandir(folders.pop()))
            except OSError:  # removed while we looked
                continue
            for entry in entries:
                try:
                    if entry.is_dir():
                        folders.append(entry.path)
                    elif entry.is_file():
                        stat = entry.stat()
                        found[entry.path] = (stat.st_mtime_ns, stat.st_size)
                except OSError:
                    continue
        return found

    def look(self) -> tuple[list[Path], bool]:
        current = self.snapshot()
        if current == self.seen:
            return [], False
        saved = [Path(p) for p in current if current[p] != self.seen.get(p)]
        self.seen = current
        return saved, True


# from <sys/inotify.h>
_MODIFY, _ATTRIB, _CLOSE_WRITE = 0x2, 0x4, 0x8
_MOVED_FROM, _MOVED_TO, _CREATE, _DELETE = 0x40, 0x80, 0x100, 0x200
_OVERFLOW, _IGNORED, _ONLYDIR, _ISDIR = 0x4000, 0x8000, 0x01000000, 0x40000000
_NONBLOCK, _CLOEXEC = os.O_NONBLOCK, 0o2000000
_FOLDER_EVENTS = _MODIFY | _ATTRIB | _CLOSE_WRITE | _MOVED_FROM | _MOVED_TO | _CREATE | _DELETE | _ONLYDIR
_SAVED = _CLOSE_WRITE | _MOVED_TO  # the file is complete: written and closed, or renamed into place
_EVENT = struct.Struct("iIII")  # watch, mask, cookie, length of the name that follows


class Inotify(Changes):
    """The kernel's notices of changes under every watched folder, new ones included.

    The site folder itself is watched for its watched names only, so that site.yaml saved
    by renaming a new copy over it, or a templates/ folder made later, is seen too.
    Raises OSError where inotify does not exist or has no watches left."""

    def __init__(self, site_dir: Path, debounce: float = DEBOUNCE_SECONDS):
        super().__init__(site_dir, debounce)
        if not sys.platform.startswith("linux"):
            raise OSError("inotify exists on Linux only")
        self._libc = ctypes.CDLL(None, use_errno=True)
        self._fd = self._libc.inotify_init1(_NONBLOCK | _CLOEXEC)
        if self._fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1")
        self._folders: dict[int, Path] = {}  # watch -> the folder it watches
        try:
            self._add(site_dir)
            for name in WATCHED:
                if (site_dir / name).is_dir():
                    self._add_tree(site_dir / name)
        except OSError:
            self.close()
            raise

    def fileno(self) -> int | None:
        return self._fd

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def _add(self, folder: Path) -> None:
        watch = self._libc.inotify_add_watch(self._fd, os.fsencode(folder), _FOLDER_EVENTS)
        if watch < 0:
            raise OSError(ctypes.get_errno(), f"inotify_add_watch {folder}")
        self._folders[watch] = folder

    def _add_tree(self, top: Path) -> list[Path]:
        """Watch a folder and every folder in it; returns the files already inside, which
        may have been saved before their folder was watched."""
        files = []
        for folder, _, found in os.walk(top):
            self._add(Path(folder))
            files += [Path(folder, name) for name in found]
        return files

    def _forget_tree(self, top: Path) -> None:
        """A folder moved away: its watches would report under its old name."""
        for watch, folder in list(self._folders.items()):
            if folder == top or top in folder.parents:
                self._libc.inotify_rm_watch(self._fd, watch)
                del self._folders[watch]

    def look(self) -> tuple[list[Path], bool]:
        saved: dict[Path, None] = {}
        changed = False
        for watch, mask, name in self._events():
            if mask & _OVERFLOW:  # the kernel dropped notices: something changed, the rebuild sees it
                changed = True
                continue
            if mask & _IGNORED:  # its folder is gone
                self._folders.pop(watch, None)
                continue
            folder = self._folders.get(watch)
            if folder is None or not name:
                continue
            if folder == self.site_dir and name not in WATCHED:
                continue
            changed = True
            path = folder / name
            if mask & _ISDIR:
                if mask & _MOVED_FROM:
                    self._forget_tree(path)
                elif mask & (_CREATE | _MOVED_TO):
                    try:
                        saved.update(dict.fromkeys(self._add_tree(path)))
                    except OSError:  # gone again, or no watches left: the rebuild still sees it
                        pass
            elif mask & _SAVED:
                saved[path] = None
        return list(saved), changed

    def _events(self) -> list[tuple[int, int, str]]:
        events = []
        while True:
            try:
                data = os.read(self._fd, 64 * 1024)
            except BlockingIOError:
                return events
            offset = 0
            while offset < len(data):
                watch, mask, _, length = _EVENT.unpack_from(data, offset)
                offset += _EVENT.size
                name = data[offset:offset + length].rstrip(b"\0")
                offset += length
                events.append((watch, mask, os.fsdecode(name)))
