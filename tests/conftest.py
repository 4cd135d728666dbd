import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

REPO = Path(__file__).resolve().parent.parent
MEMORY_FOLDER = Path("/dev/shm")  # tmpfs on Linux
MEMORY_NEEDED = 2 * 1024**3  # a run writes some 300 MB; leave room for the rest of the machine


def _in_memory_where_possible() -> None:
    """Temporary folders (`tmp_path`, `tempfile`, and the builds and servers tests start) in
    memory when the machine has room there: nearly every test writes whole sites, tens of
    thousands of small files in a run, and on a virtual machine's disk creating and removing
    them cost the tests without browser and calendar clients about 11 s of system time on
    2 cores (74-77 s -> 53-58 s of wall time, with only failed tests' folders kept)."""
    try:
        room = os.statvfs(MEMORY_FOLDER)
    except OSError:
        return
    if room.f_bavail * room.f_frsize < MEMORY_NEEDED or not os.access(MEMORY_FOLDER, os.W_OK | os.X_OK):
        return
    os.environ["TMPDIR"] = str(MEMORY_FOLDER)  # for the processes tests start
    tempfile.tempdir = str(MEMORY_FOLDER)  # for this one: pytest's folders come from tempfile


if "TMPDIR" not in os.environ:  # a folder someone chose stays theirs
    _in_memory_where_possible()


def pytest_collection_modifyitems(items):
    """Files marked `long` first: a long file started last keeps one worker busy while the
    others have ended. (The sort is stable: the order within each file stays.)"""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)
