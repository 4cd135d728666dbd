"""Results kept between builds, keyed by a hash of everything they are made from.

A rebuild from a fresh process reuses what a content file was parsed into (keyed by its
path and bytes; build.py), a body's HTML and plain text, an activity's serialised VEVENTs
and a page's bytes whenever their inputs are unchanged, so saving one file redoes the work
of that file only. Nothing is looked up by file name or time stamp:
a key is the SHA-256 of the inputs' `repr` (frozen dataclasses all the way down) plus a
fingerprint of wijkgen's own code, templates and the libraries that shape the bytes. A
cached result is therefore exactly what rendering would make, and output stays
byte-identical with and without the cache (tests/test_build_cache.py holds it to that).

The cache lives in the site's `.wijkgen-cache/` (git-ignored; CI may keep it between
runs): small results in `results.pickle`, pages as one file each under `pages/`. Every
build keeps what it used. What it made anew is added in `results-added.pickle`, so that one
edit does not write tens of megabytes again; once results no build used any more (or
those added) would make up more than a quarter, `results.pickle` is written again with
only the used ones. Partner feeds keep their own `sources/` folder there,
`check` its `check.pickle` (check.py) and a build the list of files it wrote
(`written.pickle`) and the output folder it replaced (`output-before/`, write.py), which
this module never touches. A cache that cannot be
read is ignored.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import os
import pickle
import threading
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import BinaryIO, TypeVar

from . import markup

FOLDER_NAME = ".wijkgen-cache"
_FORMAT = "wijkgen-cache-3"
_PACKAGE = Path(__file__).parent
_LIBRARIES = ("markdown", "nh3", "icalendar", "jinja2", "babel", "segno", "pyyaml")

T = TypeVar("T")
_PLAIN = frozenset({str, int, float, bool, bytes, date, datetime, type(None)})  # their repr is their key
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # a dataclass's fields (none: not one), once per type
_LONG_TEXT = 200  # characters; a longer string is keyed by its digest


def fingerprint(site_dir: Path) -> str:
    """Changes whenever wijkgen's code or templates, the site's templates or a library change."""
    digest = hashlib.sha256(_FORMAT.encode())
    for folder in (_PACKAGE, site_dir / "templates"):
        if folder.is_dir():
            for file in sorted(folder.rglob("*")):
                if file.is_file() and "__pycache__" not in file.parts:
                    digest.update(file.relative_to(folder).as_posix().encode() + b"\0")
                    digest.update(file.read_bytes() + b"\0")
    digest.update(_library_versions())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _library_versions() -> bytes:
    """Looked up once per process (11 ms, most of a small site's fingerprint): a process
    keeps running the libraries it imported, whatever is installed after it started."""
    found = []
    for name in _LIBRARIES:
        try:
            found.append(f"{name}={metadata.version(name)}\0")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=?\0")
    return "".join(found).encode()


class Store:
    """One build's view of the cache: what the last build kept, and what this one uses.

    `Store(None)` is the switched-off cache: every result is made afresh.
    """

    def __init__(self, folder: Path | None, salt: str = ""):
        self.folder = folder
        self.salt = salt
        self._kept: dict[str, object] = {}
        self._pages_used: set[str] = set()
        self._page_files: set[str] | None = None  # `page`: the pages kept, listed once
        self._digests: dict[int, tuple[object, str]] = {}
        self._base = b""  # results.pickle's own id: results-added.pickle names the file it adds to
        self._base_keys: set[str] = set()  # what results.pickle holds
        self._previous = self._load()

    @classmethod
    def open(cls, site_dir: Path) -> Store:
        """The site's cache as the last build left it."""
        return cls(site_dir / FOLDER_NAME, fingerprint(site_dir))

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    @property
    def previous(self) -> dict[str, object]:
        """The results the last build kept, by key."""
        return self._previous

    def _load(self) -> dict[str, object]:
        if self.folder is None:
            return {}
        gc.disable()  # many objects, none of them garbage: collecting while they are made only costs
        try:
            base = _read(self.folder / _RESULTS, {"salt": self.salt})
            if base is None:
                return {}
            self._base, results = base
            self._base_keys = set(results)
            added = _read(self.folder / _ADDED, {"salt": self.salt, "base": self._base})
            if added is not None:  # else damaged, or added to another results.pickle: not used
                results.update(added[1])
            return results
        finally:
            # What was loaded lives as long as the build: frozen, the collector does not walk
            # the millions of objects of a city's cache again and again (`frozen_while_used`).
            gc.freeze()
            gc.enable()

    def key(self, kind: str, inputs: object) -> str:
        digest = hashlib.sha256(f"{self.salt}\0{kind}\0{self._stable(inputs)}".encode())
        return f"{kind}-{digest.hexdigest()}"

    def digest(self, value: object) -> str:
        """What keys write for `value`: for a record, the digest of its fields or its name."""
        return self._stable(value)

    def name(self, record: object, *made_from: object) -> None:
        """Let keys write `record` as the digest of what it is `made_from` rather than of its
        fields: for a record that follows from those alone (a parsed file's from the file's
        bytes), hashing them costs a fraction of hashing thousands of records field by field."""
        text = f"{type(record).__qualname__} made from {self._stable(made_from)}"
        self._digests[id(record)] = (record, "#" + hashlib.sha256(text.encode()).hexdigest())

    def _stable(self, value) -> str:
        """`repr`, except that a record met before is written as its digest (a wijk page
        lists hundreds of occurrences, each holding its whole activity), and a long text as
        its own digest."""
        kind = type(value)  # the commonest kinds first: a city's build asks this a million times
        if kind is str:
            if len(value) > _LONG_TEXT:  # a body: hashing is quicker than `repr`
                return "$" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
            return repr(value)
        if kind in _PLAIN:
            return repr(value)
        if kind is tuple or kind is list:
            return "[" + ",".join([self._stable(item) for item in value]) + "]"
        names = _FIELD_NAMES.get(kind)
        if names is None:
            names = _FIELD_NAMES[kind] = (tuple(f.name for f in dataclasses.fields(kind))
                                          if dataclasses.is_dataclass(kind) else ())
        if names:
            known = self._digests.get(id(value))
            if known is not None and known[0] is value:
                return known[1]
            fields = ",".join([self._stable(getattr(value, name)) for name in names])
            text = f"{kind.__qualname__}({fields})"
            digest = "#" + hashlib.sha256(text.encode()).hexdigest()
            self._digests[id(value)] = (value, digest)  # holding `value` keeps its id unique
            return digest
        if isinstance(value, (str, int, float, bytes, date)) or value is None:
            return repr(value)
        if isinstance(value, (list, tuple)):
            return "[" + ",".join([self._stable(item) for item in value]) + "]"
        if isinstance(value, dict):
            return "{" + ",".join([f"{k!r}:{self._stable(v)}" for k, v in value.items()]) + "}"
        if isinstance(value, (set, frozenset)):  # string hashes differ per process: sort
            return "{" + ",".join(sorted(self._stable(item) for item in value)) + "}"
        return repr(value)

    def remember(self, kind: str, inputs: object, make: Callable[[], T]) -> T:
        """The result for these inputs: from this build, the last one, or made now."""
        if self.folder is None:
            return make()
        key = self.key(kind, inputs)
        if key not in self._kept:
            self._kept[key] = self._previous[key] if key in self._previous else make()
        return self._kept[key]  # type: ignore[return-value]

    # what records need of `markup` (records.Bodies), remembered
    def render(self, body: str) -> markup.Rendered:
        return self.remember("md", body, lambda: markup.render(body))

    def plain_text(self, body: str) -> str:
        return self.remember("text", body, lambda: markup.plain_text(body))

    def page_key(self, inputs: object) -> str:
        """The key of the page made of `inputs`; the page is kept for the next build."""
        key = self.key("page", inputs)
        self._pages_used.add(key)
        return key

    def page(self, key: str, make: Callable[[], bytes]) -> bytes:
        """A whole page's bytes, kept as a file of its own (pages are the bulk of the cache)."""
        if self.folder is None:
            return make()
        file = self.folder / "pages" / key
        if key in self._kept_pages():
            try:
                stored = file.read_bytes()
            except OSError:
                stored = b""
            content, check = stored[:-32], stored[-32:]
            if stored and hashlib.sha256(content).digest() == check:
                return content
        content = make()  # not kept yet, or damaged
        write_atomically(file, lambda out: out.write(content + hashlib.sha256(content).digest()))
        return content

    def _kept_pages(self) -> set[str]:
        """The names of the pages kept, listed once (the folder made if need be): a city's cold
        build would otherwise try to read thousands of files that are not there."""
        if self._page_files is None:
            pages = self.folder / "pages"
            pages.mkdir(parents=True, exist_ok=True)
            self._page_files = {entry.name for entry in os.scandir(pages)}
        return self._page_files

    # a forked worker's additions (parallel.py) -------------------------------------
    def mark(self) -> int:
        """Where this build's results stand now; results are only ever added."""
        return len(self._kept)

    def added_since(self, mark: int) -> tuple[dict[str, object], set[str]]:
        return dict(list(self._kept.items())[mark:]), set(self._pages_used)

    def absorb(self, added: tuple[dict[str, object], set[str]]) -> None:
        results, pages_used = added
        for key, value in results.items():
            self._kept.setdefault(key, value)
        self._pages_used |= pages_used

    @property
    def made_new(self) -> bool:
        """Whether this run made a result the cache did not hold yet."""
        return any(key not in self._previous for key in self._kept)

    def save(self, keep_unused: bool = False) -> None:
        """Keep what this build used, drop the rest.

        With `keep_unused` (for `check`, which renders bodies only), everything the last
        build kept stays as well, its pages included: a check must not slow the next build.
        """
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        results = {**self._previous, **self._kept} if keep_unused else self._kept
        if results.keys() != self._previous.keys():  # the same keys hold the same results: kept already
            self._save_results(results)
        pages = self.folder / "pages"
        if pages.is_dir() and not keep_unused:
            for entry in os.scandir(pages):
                if entry.name not in self._pages_used:
                    os.unlink(entry.path)

    def _save_results(self, results: dict[str, object]) -> None:
        added = {key: value for key, value in results.items() if key not in self._base_keys}
        unused = len(self._previous.keys() - results.keys())  # would stay in the files, unread
        if self._base and max(len(added), unused) * 4 <= len(results):
            if added.keys() != self._previous.keys() - self._base_keys:  # not what the file holds now
                header = {"salt": self.salt, "base": self._base}
                write_atomically(self.folder / _ADDED, lambda out: _dump(header, added, out))
            return
        header = {"salt": self.salt, "id": os.urandom(16)}
        write_atomically(self.folder / _RESULTS, lambda out: _dump(header, results, out))
        (self.folder / _ADDED).unlink(missing_ok=True)  # added to the file just replaced: never read


@contextlib.contextmanager
def frozen_while_used():
    """Around a build or check: what a Store loads is frozen (left alone by the garbage
    collector) until the block ends, unless the process froze its objects before (serve)."""
    frozen_before = gc.get_freeze_count() > 0
    try:
        yield
    finally:
        if not frozen_before:
            gc.unfreeze()


class CheckBodies:
    """What `check` needs of the bodies (records.Bodies): the warnings about removed HTML.

    Check writes nothing, so the site it validates carries no body HTML or text. A body
    the sanitiser cannot change (`markup.may_lose_html`) is not rendered at all; any other
    is rendered through the site's cache, which is opened only when such a body comes
    along. `save` keeps what was rendered for the next build or check.
    """

    def __init__(self, site_dir: Path, use_cache: bool = True):
        self.site_dir = site_dir
        self.use_cache = use_cache
        self._store: Store | None = None

    def _opened(self) -> Store:
        if self._store is None:
            self._store = Store.open(self.site_dir) if self.use_cache else Store(None)
        return self._store

    def render(self, body: str) -> markup.Rendered:
        if not markup.may_lose_html(body):
            return markup.Rendered("", ())
        return markup.Rendered("", self._opened().render(body).removed)

    def plain_text(self, body: str) -> str:
        return ""

    def save(self) -> None:
        if self._store is not None and self._store.made_new:
            try:
                self._store.save(keep_unused=True)
            except OSError:  # a check of a read-only checkout still reports; it only keeps less
                pass


_RESULTS = "results.pickle"
_ADDED = "results-added.pickle"


def _read(file: Path, expected: dict) -> tuple[bytes, dict[str, object]] | None:
    """A file `_dump` wrote: its id and results, or None if it is missing, damaged or its
    header differs from `expected` (another salt: other code)."""
    results: dict[str, object] = {}
    try:
        with open(file, "rb") as kept:
            texts: list[str] = []
            header = _Reading(kept, texts).load()
            if {key: header.get(key) for key in expected} != expected:
                return None
            while part := _Reading(kept, texts).load():  # the parts `_dump` wrote, up to an empty one
                results.update(part)
            return header.get("id", b""), results
    except Exception:  # noqa: BLE001 - a damaged cache of any kind is simply not used
        return None


def _dump(header: dict, results: dict[str, object], out: BinaryIO) -> None:
    """The header, then the results in parts, then an empty part. Pickled straight into the
    file and part by part: at city scale the whole pickle's bytes, or its table of every
    object written so far, would each hold tens of megabytes at the end of a build."""
    texts: dict[int, int] = {}
    _Writing(out, texts).dump(header)
    items = list(results.items())
    for start in range(0, len(items), _PART):
        _Writing(out, texts).dump(dict(items[start:start + _PART]))
    _Writing(out, texts).dump({})


class _Writing(pickle.Pickler):
    """Pickles a text of more than ASCII by its UTF-8 bytes, made anew: pickle itself would
    ask Python for the text's UTF-8 form, which Python then keeps beside the text for as
    long as the text lives (the bodies of a city's activities: tens of megabytes more at
    the end of a build). A text met again, in this part or an earlier one, is written as
    its number in `texts`: by its id, as the texts are alive while written."""

    def __init__(self, out: BinaryIO, texts: dict[int, int]):
        super().__init__(out, pickle.HIGHEST_PROTOCOL)
        self._texts = texts

    def persistent_id(self, value):
        if type(value) is not str or value.isascii():
            return None
        number = self._texts.get(id(value))
        if number is not None:
            return number
        self._texts[id(value)] = len(self._texts)
        return value.encode("utf-8", "surrogatepass")


class _Reading(pickle.Unpickler):
    def __init__(self, kept: BinaryIO, texts: list[str]):
        super().__init__(kept)
        self._texts = texts  # by number, as the parts read so far gave them

    def persistent_load(self, text: bytes | int) -> str:
        if isinstance(text, int):
            return self._texts[text]
        self._texts.append(text.decode("utf-8", "surrogatepass"))
        return self._texts[-1]


_PART = 2000  # results per pickled part


def write_atomically(file: Path, write: Callable[[BinaryIO], object]) -> None:
    """`write` fills a temporary file that then replaces `file`: never half a file. The
    temporary name is this process's and thread's own (cheaper than `tempfile`'s random
    names, which a cold build paid for each of thousands of pages)."""
    temporary = file.with_name(f".tmp-{file.name}-{os.getpid()}-{threading.get_ident()}")
    try:
        with open(temporary, "wb") as out:
            write(out)
        os.replace(temporary, file)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
