"""`wijkgen new`: a commented file to fill in, in the site's language, never overwriting."""

from __future__ import annotations

from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from . import records
from .source import slugify

FOLDERS = {"activity": "activiteiten", "organisation": "organisaties", "venue": "locaties"}
ALIASES = {"activiteit": "activity", "organisatie": "organisation", "locatie": "venue"}
KIND_NAMES = tuple(FOLDERS) + tuple(ALIASES)


def site_language(site_dir: Path) -> str:
    config, _ = records.read_config(site_dir)
    return config.language if config else "nl"


def _first_wijk(site_dir: Path) -> str:
    folder = site_dir / "content" / "wijken"
    files = sorted(folder.glob("*.md")) if folder.is_dir() else []
    return slugify(files[0].stem) if files else "all"


def new_file(site_dir: Path, kind: str, title: str, language: str, today: date | None = None) -> tuple[Path, bool]:
    """Write the file; returns (path, created). An existing file is left alone."""
    kind = ALIASES.get(kind, kind)
    slug = slugify(title) or kind
    path = site_dir / "content" / FOLDERS[kind] / f"{slug}.md"
    if path.exists():
        return path, False
    template = resources.files("wijkgen").joinpath(f"scaffold/{kind}.{language}.md").read_text("utf-8")
    day = (today or date.today()) + timedelta(days=14)
    safe_title = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    content = template.format(title=safe_title, wijk=_first_wijk(site_dir), date=day.isoformat())
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:
        file.write(content)
    return path, True
