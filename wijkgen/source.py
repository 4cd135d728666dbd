"""Step 1: read files into sources: front matter as a tree of marked nodes, plus the body.

YAML is composed, never constructed. Every scalar keeps the exact text the volunteer
typed and its line, so that `end: 11:30` stays "11:30" (YAML 1.1 would make it 690),
`no` stays "no", and every later message can point at the line. Composing also means no
Python object is ever built from a tag, and aliases are refused instead of expanded.
"""

from __future__ import annotations

import re
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


_OPENED_CONTEXTS = ("while scanning a quoted scalar", "while parsing a flow")


def parse_yaml(text: str, path: str, first_line: int = 1) -> tuple[Node | None, list[Diagnostic]]:
    """Compose YAML into marked nodes; `first_line` is the file line the text starts on."""
    offset = first_line - 1
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        code = "yaml_syntax"
        if exc.context_mark and (exc.context or "").startswith(_OPENED_CONTEXTS):
            # an unclosed quote or bracket is only noticed further on; the volunteer
            # needs the line where it was opened
            mark, code = exc.context_mark, "yaml_unclosed"
        line = mark.line + 1 + offset if mark else first_line
        col = mark.column + 1 if mark else 1
        if code == "yaml_unclosed":
            return None, [error(path, line, col, code)]
        return None, [error(path, line, col, "yaml_syntax", problem=exc.problem or exc.context or "?")]
    except (yaml.YAMLError, RecursionError) as exc:
        return None, [error(path, first_line, 1, "yaml_syntax", problem=str(exc).splitlines()[0])]
    if root is None:
        return Mapping((), first_line, 1), []
    problems: list[Diagnostic] = []
    node = _convert(root, path, offset, problems, set(), 0)
    return node, problems


def _convert(node, path, offset, problems, seen, depth) -> Node:
    line, col = node.start_mark.line + 1 + offset, node.start_mark.column + 1
    if id(node) in seen:
        problems.append(error(path, line, col, "yaml_alias"))
        return Scalar("", line, col)
    if depth > MAX_DEPTH:
        problems.append(error(path, line, col, "yaml_too_deep", limit=MAX_DEPTH))
        return Scalar("", line, col)
    if isinstance(node, yaml.ScalarNode):
        return Scalar(node.value, line, col)
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        items = tuple(_convert(item, path, offset, problems, seen, depth + 1) for item in node.value)
        return Seq(items, line, col)
    entries: list[Entry] = []
    first_line_of: dict[str, int] = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1 + offset
        key_col = key_node.start_mark.column + 1
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(error(path, key_line, key_col, "not_a_mapping"))
            continue
        key = key_node.value.strip()
        if key == "<<":  # a merge key is an alias in disguise
            problems.append(error(path, key_line, key_col, "yaml_alias"))
            continue
        if key in first_line_of:
            problems.append(error(path, key_line, key_col, "duplicate_key", key=key, other=first_line_of[key]))
            continue
        first_line_of[key] = key_line
        value = _convert(value_node, path, offset, problems, seen, depth + 1)
        entries.append(Entry(key, key_line, key_col, value))
    return Mapping(tuple(entries), line, col)


def split_front_matter(text: str, path: str) -> tuple[str, str, int, list[Diagnostic]]:
    """Return (front matter, body, line the body starts on)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return "", "", 1, [error(path, 1, 1, "frontmatter_missing")]
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1 :]), number + 2, []
    return "", "", 1, [error(path, 1, 1, "frontmatter_unclosed")]


def read_source(site_dir: Path, file: Path, kind: str) -> tuple[Source | None, list[Diagnostic]]:
    path = file.relative_to(site_dir).as_posix()
    if file.is_symlink() and not _inside(file.resolve(), site_dir.resolve()):
        return None, [error(path, 0, 0, "symlink_outside")]
    try:
        raw = file.read_bytes()
    except OSError as exc:
        return None, [error(path, 0, 0, "file_unreadable", reason=exc.strerror or str(exc))]
    text, problems = decode(raw, path)
    if text is None:
        return None, problems
    front, body, _, problems = split_front_matter(text, path)
    if problems:
        return None, problems
    node, problems = parse_yaml(front, path, first_line=2)
    if node is None:
        return None, problems
    if not isinstance(node, Mapping):
        return None, problems + [error(path, 2, 1, "not_a_mapping")]
    slug = slugify(file.stem)
    if not slug:
        problems.append(error(path, 0, 0, "bad_slug"))
        return None, problems
    return Source(kind, slug, path, node, body, raw), problems


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def read_content(site_dir: Path) -> tuple[list[Source], list[Diagnostic]]:
    """Every content file of every kind, in a stable order."""
    sources: list[Source] = []
    problems: list[Diagnostic] = []
    for kind in KINDS:
        folder = site_dir / "content" / kind
        if not folder.is_dir():
            continue
        for file in sorted(folder.glob("*.md")):
            source, found = read_source(site_dir, file, kind)
            problems.extend(found)
            if source is not None:
                sources.append(source)
    return sources, problems
