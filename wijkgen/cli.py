"""The `wijkgen` command: build, check, serve, new, init.

Exit status: 0 all well, 1 content errors, 2 a wrong command line (argparse's own).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import sys
import time
from datetime import date
from pathlib import Path

from . import scaffold
from .init import GUIDE, REQUIREMENTS, given_requirement, init_site, wijkgen_requirement
from .messages import Diagnostic, describe, hint, render, summary, text

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date (YYYY-MM-DD)") from None


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of 1 or more")
    return int(value)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="wijkgen", description="Neighbourhood activity calendars as a static site.")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build_cmd = commands.add_parser("build", help="build the site into output/")
    build_cmd.add_argument("site_dir", nargs="?", default=".", type=Path, metavar="SITE_DIR")
    build_cmd.add_argument("--output", type=Path, help="where to write (default: SITE_DIR/output)")
    build_cmd.add_argument("--today", type=_day, help="the date to build for, YYYY-MM-DD")
    build_cmd.add_argument("--no-cache", action="store_true",
                           help="neither use nor keep SITE_DIR/.wijkgen-cache/")
    build_cmd.add_argument("--jobs", type=_positive, metavar="N",
                           help="processes that read and render (default: every core, for a site of 200 files or more)")

    check_cmd = commands.add_parser("check", help="validate everything, write nothing")
    check_cmd.add_argument("site_dir", nargs="?", default=".", type=Path, metavar="SITE_DIR")
    check_cmd.add_argument("--format", choices=("text", "github", "gitlab"), default="text",
                           help="github: annotations on the lines of a pull request; "
                                "gitlab: a code quality report (JSON) for a merge request")
    check_cmd.add_argument("--today", type=_day, help="warn about activities before this date (default: today)")
    check_cmd.add_argument("--no-cache", action="store_true",
                           help="neither use nor keep SITE_DIR/.wijkgen-cache/")

    serve_cmd = commands.add_parser("serve", help="build, serve on localhost and rebuild on every save")
    serve_cmd.add_argument("site_dir", nargs="?", default=".", type=Path, metavar="SITE_DIR")
    serve_cmd.add_argument("--port", type=int, default=8000)
    serve_cmd.add_argument("--today", type=_day)

    init_cmd = commands.add_parser("init", help="start a new site in an empty folder")
    init_cmd.add_argument("folder", type=Path, metavar="FOLDER")
    init_cmd.add_argument("--wijkgen", metavar="REQUIREMENT",
                          help="how the publishing workflows install wijkgen, e.g. "
                               "git+https://github.com/ORG/wijkgen@v0.1.0 (default: where this one came from)")

    new_cmd = commands.add_parser("new", help="write a new file to fill in")
    new_cmd.add_argument("kind", choices=scaffold.KIND_NAMES, metavar="activity|organisation|venue")
    new_cmd.add_argument("title")
    new_cmd.add_argument("--site", type=Path, default=Path("."), help="the site folder (default: here)")

    sources_cmd = commands.add_parser(
        "sources", help="show each partner feed: fetched when, events found and kept")
    sources_cmd.add_argument("site_dir", nargs="?", default=".", type=Path, metavar="SITE_DIR")
    sources_cmd.add_argument("--fetch", action="store_true", help="fetch every feed first")
    sources_cmd.add_argument("--today", type=_day)

    import_cmd = commands.add_parser(
        "import", help="turn a calendar export (.ics file or URL) into activity files")
    import_cmd.add_argument("calendar", metavar="FILE_OR_URL")
    import_cmd.add_argument("--site", type=Path, default=Path("."), help="the site folder")
    import_cmd.add_argument("--wijk", default="all", help="their wijk (default: all)")
    import_cmd.add_argument("--organisation", help="the organisation slug that organises them")
    import_cmd.add_argument("--today", type=_day, help="import from this date, YYYY-MM-DD")
    return main


def run() -> None:
    """The `wijkgen` command: `main`, whose status the process ends with, skipping the
    interpreter's clean-up. That frees every object the build still holds one by one,
    half a second after a city's build, while the system frees the memory at once. All
    files are closed by then; what is printed is flushed first."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away, or a stream closed already
            pass
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "build":
        return _build(args)
    if args.command == "check":
        return _check(args)
    if args.command == "serve":
        from .serve import serve

        return serve(args.site_dir, args.port, args.today)
    if args.command == "sources":
        from .sources import command as sources_command

        return sources_command(args)
    if args.command == "import":
        from .importer import command as import_command

        return import_command(args)
    if args.command == "init":
        return _init(args)
    return _new(args)


def print_diagnostics(diagnostics: list[Diagnostic], language: str) -> None:
    """Per file: each problem as `path:line:col: message`, its hint below, a blank line after."""
    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    for _, problems in itertools.groupby(ordered, key=lambda d: d.path):
        for diagnostic in problems:
            print(render(diagnostic, language))
            tip = hint(diagnostic, language)
            if tip:
                print(f"    {tip}")
        print()


def github_annotations(diagnostics: list[Diagnostic], language: str, site_dir: Path) -> list[str]:
    """GitHub Actions workflow commands: each problem shows on its line of a pull request.

    Paths are made relative to the working directory (the repository root in a workflow),
    so that a site in a subfolder still points at the right file.
    """
    lines = []
    for diagnostic in sorted(diagnostics, key=Diagnostic.sort_key):
        kind = "error" if diagnostic.is_error else "warning"
        message = describe(diagnostic, language)
        tip = hint(diagnostic, language)
        if tip:
            message += "\n" + tip
        where = f"file={_property(_shown_path(site_dir, diagnostic.path))}"
        if diagnostic.line:
            where += f",line={diagnostic.line},col={diagnostic.col or 1}"
        lines.append(f"::{kind} {where}::{_data(message)}")
    return lines


def gitlab_report(diagnostics: list[Diagnostic], language: str, site_dir: Path) -> str:
    """A GitLab code quality report (Code Climate JSON): problems show in the merge request."""
    issues = []
    for diagnostic in sorted(diagnostics, key=Diagnostic.sort_key):
        path = _shown_path(site_dir, diagnostic.path)
        message = describe(diagnostic, language)
        tip = hint(diagnostic, language)
        identity = f"{path}:{diagnostic.line}:{diagnostic.code}:{message}"
        issues.append({
            "type": "issue",
            "check_name": diagnostic.code,
            "description": message + (f" ({tip})" if tip else ""),
            "severity": "major" if diagnostic.is_error else "minor",
            "fingerprint": hashlib.sha256(identity.encode("utf-8")).hexdigest(),
            "location": {"path": path, "lines": {"begin": diagnostic.line or 1}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2)


def _shown_path(site_dir: Path, path: str) -> str:
    full = os.path.normpath(site_dir / path)
    relative = os.path.relpath(full)
    return Path(full if relative.startswith("..") else relative).as_posix()


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def _check(args) -> int:
    from .check import check  # each command imports what it needs: check renders nothing

    result = check(args.site_dir, args.today or date.today(), use_cache=not args.no_cache)
    if args.format == "gitlab":  # the report alone: it is written to a file
        print(gitlab_report(result.diagnostics, result.language, args.site_dir))
        return EXIT_OK if result.ok else EXIT_CONTENT
    if args.format == "github":
        for line in github_annotations(result.diagnostics, result.language, args.site_dir):
            print(line)
    else:
        print_diagnostics(result.diagnostics, result.language)
    print(summary(result.diagnostics, result.language, result.files))
    return EXIT_OK if result.ok else EXIT_CONTENT


def _build(args) -> int:
    from .build import Options, build

    started = time.perf_counter()
    output_dir = args.output or args.site_dir / "output"
    options = Options(today=args.today or date.today(), cache=not args.no_cache, workers=args.jobs)
    result = build(args.site_dir, output_dir, options)
    print_diagnostics(result.diagnostics, result.language)
    if not result.written:
        print(text("not_built", result.language, output=output_dir), file=sys.stderr)
        return EXIT_CONTENT
    print(text(
        "built", result.language, pages=result.pages, feeds=result.feeds, output=output_dir,
        seconds=f"{time.perf_counter() - started:.2f}",
    ))
    return EXIT_OK


def _init(args) -> int:
    requirement = given_requirement(args.wijkgen) if args.wijkgen else wijkgen_requirement()
    try:
        init_site(args.folder, requirement)
    except FileExistsError:
        print(text("init_not_empty", "nl", folder=args.folder), file=sys.stderr)
        return EXIT_CONTENT
    print(text("init_written", "nl", folder=args.folder, guide=args.folder / GUIDE))
    file = args.folder / REQUIREMENTS
    if requirement is None:
        print(text("init_requirement_unknown", "nl", file=file))
    else:
        print(text("init_requirement", "nl", requirement=requirement, file=file))
    return EXIT_OK


def _new(args) -> int:
    language = scaffold.site_language(args.site)
    path, created = scaffold.new_file(args.site, args.kind, args.title, language)
    shown = path.relative_to(args.site) if path.is_relative_to(args.site) else path
    if not created:
        print(text("new_exists", language, path=shown), file=sys.stderr)
        return EXIT_CONTENT
    print(text("new_written", language, path=shown))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    run()
