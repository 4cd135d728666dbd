"""`wijkgen new`: a commented file to fill in, in the site's language, never overwriting.

The comments list the site's own wijken, organisations, venues, topics and ages, so that a
volunteer in a web editor can copy a valid value without looking anything up.
"""

from __future__ import annotations

from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from . import records
from .messages import text
from .source import slugify

FOLDERS = {"activity": "activiteiten", "organisation": "organisaties", "venue": "locaties"}
ALIASES = {"activiteit": "activity", "organisatie": "organisation", "locatie": "venue"}
KIND_NAMES = tuple(FOLDERS) + tuple(ALIASES)


def site_language(site_dir: Path) -> str:
    config, _ = records.read_config(site_dir)
    return config.language if config else "nl"


def _slugs(site_dir: Path, folder: str) -> list[str]:
    path = site_dir / "content" / folder
    return sorted(slugify(file.stem) for file in path.glob("*.md")) if path.is_dir() else []


def new_file(site_dir: Path, kind: str, title: str, language: str, today: date | None = None) -> tuple[Path, bool]:
    """Write the file; returns (path, created). An existing file is left alone."""
    import babel.dates  # here: every command imports this module, only `new` writes dates
    kind = ALIASES.get(kind, kind)
    slug = slugify(title) or kind
    path = site_dir / "content" / FOLDERS[kind] / f"{slug}.md"
    if path.exists():
        return path, False
    template = resources.files("wijkgen").joinpath(f"scaffold/{kind}.{language}.md").read_text("utf-8")
    config, _ = records.read_config(site_dir)
    topics = list(config.topics) if config else []
    ages = list(config.ages) if config else []
    wijken = _slugs(site_dir, "wijken")
    none_yet = text("none_yet", language)

    def choices(values: list[str]) -> str:
        return ", ".join(values) if values else none_yet

    start = (today or date.today()) + timedelta(days=14)
    places = wijken if kind == "venue" else wijken + ["all"]  # a venue lies in one wijk
    content = template.format(
        title=_quoted(title),
        slug=slug,
        wijk=wijken[0] if wijken else "all",
        wijken=choices(places),
        organisations=choices(_slugs(site_dir, "organisaties")),
        venues=choices(_slugs(site_dir, "locaties")),
        topics=choices(topics),
        topic=topics[0] if topics else "...",
        ages=choices(ages),
        age=ages[0] if ages else "...",
        date=start.isoformat(),
        # the commented examples of a repetition fit `start`, so uncommenting them just works
        weekday=babel.dates.format_date(start, "EEEE", locale=language),
        until=(start + timedelta(weeks=26)).isoformat(),
        moved=(start + timedelta(weeks=1)).isoformat(),
        skipped=(start + timedelta(weeks=2)).isoformat(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:  # "x": never overwrite, even in a race
        file.write(content)
    return path, True


def _quoted(title: str) -> str:
    """A YAML double-quoted string: a title with a colon or # stays one title."""
    return '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
