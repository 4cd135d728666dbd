"""Step 1: read files into sources: front matter as a tree of marked nodes, plus the body.

YAML is composed, never constructed. Every scalar keeps the exact text the volunteer
typed and its line, so that `end: 11:30` stays "11:30" (YAML 1.1 would make it 690),
`no` stays "no", and every later message can point at the line. Composing also means no
Python object is ever built from a tag, and aliases are refused instead of expanded.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from .messages import Diagnostic, error

try:  # the C composer is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform
    from yaml import SafeLoader as _Loader

MAX_FILE_BYTES = 512 * 1024
MAX_FRONT_MATTER_CHARS = 64 * 1024  # a real one is a few hundred; more is a mistake or an attack
MAX_DEPTH = 12
KINDS = ("wijken", "activiteiten", "organisaties", "locaties")


@dataclass(frozen=True)
class Scalar:
    text: str
    line: int
    col: int


@dataclass(frozen=True)
class Seq:
    items: tuple
    line: int
    col: int


@dataclass(frozen=True)
class Entry:
    key: str
    line: int
    col: int
    value: Scalar | Seq | Mapping


@dataclass(frozen=True)
class Mapping:
    entries: tuple[Entry, ...]
    line: int
    col: int

    def get(self, key: str) -> Entry | None:
        for entry in self.entries:
            if entry.key == key:
                return entry
        return None


Node = Scalar | Seq | Mapping


@dataclass(frozen=True)
class Source:
    """One content file, read but not yet understood."""

    kind: str
    slug: str
    path: str  # relative to the site folder, with forward slashes: what messages show
    fields: Mapping
    body: str
    raw: bytes
    body_line: int = 1  # the file line the body starts on, for messages about it


def slugify(name: str) -> str:
    """`Oudercafé Koffie & Koters` -> `oudercafe-koffie-koters`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def decode(raw: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 with or without byte-order mark, any line endings, into text with `\\n`."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [error(path, 0, 0, "file_too_large", size=len(raw) // 1024, limit=MAX_FILE_BYTES // 1024)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [error(path, 0, 0, "file_encoding")]
    if "\x00" in text:
        return None, [error(path, 0, 0, "file_encoding")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


_SCALAR, _MAPPING_START, _MAPPING_END = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_OPENED_CONTEXTS = ("while scanning a quoted scalar", "while parsing a flow")


def parse_yaml(text: str, path: str, first_line: int = 1) -> tuple[Node | None, list[Diagnostic]]:
    """Compose YAML into marked nodes; `first_line` is the file line the text starts on.

    The nodes are built here from libyaml's event stream, one event at a time and
    without recursion: an alias, or nesting deeper than MAX_DEPTH, stops the reading at
    once, so neither an alias bomb nor `[[[[...` can cost time, memory or the C stack
    (libyaml's own composer recurses and crashes on deep nesting).
    """
    problems: list[Diagnostic] = []
    builder = _Builder(path, first_line - 1, problems)
    loader = _Loader(text)
    try:
        if not builder.run(loader.get_event):
            return None, problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        code = "yaml_syntax"
        if exc.context_mark and (exc.context or "").startswith(_OPENED_CONTEXTS):
            # an unclosed quote or bracket is only noticed further on; the volunteer
            # needs the line where it was opened
            mark, code = exc.context_mark, "yaml_unclosed"
        line = mark.line + first_line if mark else first_line
        col = mark.column + 1 if mark else 1
        if code == "yaml_unclosed":
            return None, [error(path, line, col, code)]
        return None, [error(path, line, col, "yaml_syntax", problem=exc.problem or exc.context or "?")]
    except yaml.YAMLError as exc:
        return None, [error(path, first_line, 1, "yaml_syntax", problem=str(exc).splitlines()[0])]
    finally:
        loader.dispose()
    if builder.root is None:
        return Mapping((), first_line, 1), problems
    return builder.root, problems


@dataclass(slots=True)
class _Open:
    """A sequence or mapping whose end event has not come yet."""

    is_mapping: bool
    line: int
    col: int
    items: list
    first_line_of: dict
    key: Scalar | None = None
    skip_value: bool = False  # the key was refused; its value is read and dropped


class _Builder:
    def __init__(self, path: str, offset: int, problems: list[Diagnostic]):
        self.path, self.offset, self.problems = path, offset, problems
        self.stack: list[_Open] = []
        self.root: Node | None = None
        self.documents = 0

    def refuse(self, event, code: str, **params) -> bool:
        line, col = event.start_mark.line + 1 + self.offset, event.start_mark.column + 1
        self.problems.append(error(self.path, line, col, code, **params))
        return False

    def run(self, next_event) -> bool:
        """Take every event (`yaml.parse` without its generator); False when the whole
        text is refused. One loop with local names: a city has hundreds of thousands of
        events, and this is most of the time spent reading it."""
        stack, offset = self.stack, self.offset + 1
        event = next_event()
        while event is not None:
            kind = type(event)  # exact classes: the parser makes no subclasses
            if kind is _SCALAR:  # by far the most frequent
                mark = event.start_mark
                node: Node = Scalar(event.value, mark.line + offset, mark.column + 1)
            elif kind is _MAPPING_START or kind is _SEQUENCE_START:
                if len(stack) >= MAX_DEPTH:
                    return self.refuse(event, "yaml_too_deep", limit=MAX_DEPTH)
                mark = event.start_mark
                stack.append(_Open(kind is _MAPPING_START, mark.line + offset, mark.column + 1, [], {}))
                event = next_event()
                continue
            elif kind is _MAPPING_END:
                done = stack.pop()
                node = Mapping(tuple(done.items), done.line, done.col)
            elif kind is _SEQUENCE_END:
                done = stack.pop()
                node = Seq(tuple(done.items), done.line, done.col)
            elif kind is yaml.AliasEvent:
                return self.refuse(event, "yaml_alias")
            else:
                if kind is yaml.DocumentStartEvent:
                    self.documents += 1
                    if self.documents > 1:
                        return self.refuse(event, "yaml_syntax", problem="expected a single document")
                event = next_event()
                continue
            if not stack:
                self.root = node
            else:
                parent = stack[-1]
                if not parent.is_mapping:
                    parent.items.append(node)
                elif parent.key is None and not parent.skip_value:
                    self.add_key(parent, node)
                else:
                    if not parent.skip_value:
                        key = parent.key
                        parent.items.append(Entry(key.text.strip(), key.line, key.col, node))
                    parent.key, parent.skip_value = None, False
            event = next_event()
        return True

    def add_key(self, parent: _Open, node: Node) -> None:
        if not isinstance(node, Scalar):
            self.problems.append(error(self.path, node.line, node.col, "not_a_mapping"))
            parent.skip_value = True
            return
        key = node.text.strip()
        if key == "<<":  # a merge key is an alias in disguise
            self.problems.append(error(self.path, node.line, node.col, "yaml_alias"))
            parent.skip_value = True
        elif key in parent.first_line_of:
            other = parent.first_line_of[key]
            self.problems.append(error(self.path, node.line, node.col, "duplicate_key", key=key, other=other))
            parent.skip_value = True
        else:
            parent.first_line_of[key] = node.line
            parent.key = node


def split_front_matter(text: str, path: str) -> tuple[str, str, int, list[Diagnostic]]:
    """Return (front matter, body, line the body starts on)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return "", "", 1, [error(path, 1, 1, "frontmatter_missing")]
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1 :]), number + 2, []
    return "", "", 1, [error(path, 1, 1, "frontmatter_unclosed")]


def read_source(
    site_dir: Path, file: Path, kind: str, folder_inside: bool = False,
) -> tuple[Source | None, list[Diagnostic]]:
    """One content file; `folder_inside`: the caller knows the file's folder lies in the site."""
    path = file.relative_to(site_dir).as_posix()
    raw, problems = read_bytes(site_dir, file, path, folder_inside)
    if raw is None:
        return None, problems
    return source_of(raw, path, kind, slugify(file.stem))


def source_of(raw: bytes, path: str, kind: str, slug: str) -> tuple[Source | None, list[Diagnostic]]:
    """A content file's bytes, already read, understood as front matter and body."""
    text, problems = decode(raw, path)
    if text is None:
        return None, problems
    front, body, body_line, problems = split_front_matter(text, path)
    if problems:
        return None, problems
    if len(front) > MAX_FRONT_MATTER_CHARS:
        limit = MAX_FRONT_MATTER_CHARS // 1024
        return None, [error(path, 2, 1, "frontmatter_too_large", size=len(front) // 1024, limit=limit)]
    node, problems = parse_yaml(front, path, first_line=2)
    if node is None:
        return None, problems
    if not isinstance(node, Mapping):
        return None, problems + [error(path, 2, 1, "not_a_mapping")]
    if not slug:
        problems.append(error(path, 0, 0, "bad_slug"))
        return None, problems
    return Source(kind, slug, path, node, body, raw, body_line), problems


def read_bytes(
    site_dir: Path, file: Path, path: str, folder_inside: bool = False,
) -> tuple[bytes | None, list[Diagnostic]]:
    """The file's bytes, if it is an ordinary file of sensible size inside the site.

    Checked before reading: a symlink to ~/.ssh/id_rsa must not be published, a FIFO
    named `x.md` would block for ever, and a huge file must not be read into memory.
    With `folder_inside` (the caller resolved the file's folder and found it inside the
    site), only a file that is itself a symlink needs resolving: that saves a system call
    per path component on every file of a large site.
    """
    try:
        status = os.lstat(file)
        if not folder_inside or stat.S_ISLNK(status.st_mode):
            if not _inside(file.resolve(strict=True), site_dir.resolve()):
                return None, [error(path, 0, 0, "symlink_outside")]
            status = os.stat(file)
        if not stat.S_ISREG(status.st_mode):
            return None, [error(path, 0, 0, "not_a_file")]
        if status.st_size > MAX_FILE_BYTES:
            size, limit = status.st_size // 1024, MAX_FILE_BYTES // 1024
            return None, [error(path, 0, 0, "file_too_large", size=size, limit=limit)]
        with open(file, "rb", buffering=0) as handle:
            return _read_capped(handle, status.st_size), []
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop on older Pythons
        return None, [error(path, 0, 0, "file_unreadable", reason=getattr(exc, "strerror", None) or str(exc))]


def _read_capped(handle, size: int) -> bytes:
    """The file's bytes, but never more than MAX_FILE_BYTES + 1 (it may have grown since its
    `size` was seen). Asking for its size, not the limit, saves the allocation of the limit
    for every file of a large site."""
    parts = []
    left = MAX_FILE_BYTES + 1
    asked = min(size + 1, left)
    while left > 0:
        part = handle.read(asked)
        if not part:
            break
        parts.append(part)
        left -= len(part)
        asked = left
    return b"".join(parts)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def content_files(folder: Path) -> list[Path]:
    """The Markdown files of a folder, `.md` in any case (Windows editors write `.MD`).

    Hidden files are left out: editors keep lock files such as Emacs's `.#cafe.md`
    (a dangling symlink) beside the file being edited.
    """
    names = [
        entry.name for entry in os.scandir(folder)
        if entry.name.lower().endswith(".md") and not entry.name.startswith(".")
    ]
    # the order of sorting the paths themselves (case-blind on Windows), without their cost
    return [folder / name for name in sorted(names, key=os.path.normcase)]


def content_paths(site_dir: Path) -> list[tuple[Path, str, bool]]:
    """Every content file of every kind, in a stable order: (file, kind, whether its
    folder lies inside the site), as `read_source` takes them."""
    found = []
    site_resolved = site_dir.resolve()
    for kind in KINDS:
        folder = site_dir / "content" / kind
        if not folder.is_dir():
            continue
        folder_inside = _inside(folder.resolve(), site_resolved)
        found.extend((file, kind, folder_inside) for file in content_files(folder))
    return found


def content_path(kind: str, file: Path) -> str:
    """How messages name a file `content_paths` found (`content/activiteiten/x.md`), as
    `read_source` would, without the cost of resolving it against the site."""
    return f"content/{kind}/{file.name}"


def settings(site_dir: Path) -> Mapping | None:
    """site.yaml as a YAML mapping, for what is read of it apart from its Config (partner
    feeds); None when it cannot be read as one, which records.read_config reports."""
    file = site_dir / "site.yaml"
    if not file.is_file():
        return None
    text, _ = decode(file.read_bytes(), "site.yaml")
    node, _ = parse_yaml(text, "site.yaml") if text is not None else (None, [])
    return node if isinstance(node, Mapping) else None
