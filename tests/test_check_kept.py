"""`check` keeps per file what it found (.wijkgen-cache/check.pickle) and reads only changed
files; whatever the cache holds, its report is exactly that of a check without it."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sitekit import SITE_YAML, make_site, run

from wijkgen import advice, build, records, recurrence, source
from wijkgen import check as check_module
from wijkgen.messages import text

TODAY = "2026-11-28"
PAST = text("all_dates_past", "nl")

ACTIVITY = """\
---
title: {title}
wijk: {wijk}
start: {start}
end: {end}
organisers: [{organiser}]
{extra}---
Kom gezellig langs.
"""


def activity(title="Peuterochtend", wijk="stadshagen", start="2026-12-05 09:30", end="11:30",
             organiser="sociaal-wijkteam", extra=""):
    return ACTIVITY.format(title=title, wijk=wijk, start=start, end=end, organiser=organiser, extra=extra)


ORGANISATION = "---\nname: {name}\nwijk: {wijk}\n---\nWij helpen.\n"

WEEKLY_UNTIL = "repeat:\n  every: week\n  until: {}\n"

# a site with a problem of every kind that crosses files, and some of a file's own
ACTIVITIES = {
    "koffie": activity(),
    "voorbij": activity(title="Voorbij", start="2025-03-01 10:00"),
    "reeks-voorbij": activity(title="Reeks", start="2026-01-07 10:00", extra=WEEKLY_UNTIL.format("2026-06-24")),
    "reeks-loopt": activity(title="Loopt", start="2026-01-07 10:00", extra=WEEKLY_UNTIL.format("2027-06-30")),
    "reeks-eindeloos": activity(title="Eindeloos", start="2025-01-06 10:00", extra="repeat: every monday\n"),
    "verplaatst": activity(title="Verplaatst", start="2026-09-02 10:00", extra=(
        "repeat:\n  every: week\n  until: 2026-11-18\noccurrences:\n"
        "  - date: 2026-11-18\n    start: 2026-12-03 10:00\n")),
    "onbekende-wijk": activity(title="Elders", wijk="nergens"),
    "onbekende-org": activity(title="Wie", organiser="ggd"),
    "vreemd-onderwerp": activity(title="Onderwerp", extra="topics: [zwemmen]\n"),
    "plek": activity(title="Plek", extra="location: csv-28\n"),
    "script": activity(title="Script").replace("Kom gezellig langs.", "Kom! <script>alert(1)</script>"),
    "kapot": "---\ntitle: [kapot\n---\n",
    "zonder-voorkant": "Gewoon tekst.\n",
}


@pytest.fixture
def site(tmp_path):
    root = make_site(tmp_path / "site", activities=ACTIVITIES, organisations={
        "sociaal-wijkteam": ORGANISATION.format(name="Sociaal Wijkteam", wijk="all"),
        "ongebruikt": ORGANISATION.format(name="Ongebruikt", wijk="[]"),
    })
    (root / "content" / "wijken" / "abonneren.md").write_text("---\nname: Gereserveerd\n---\n", encoding="utf-8")
    (root / "content" / "organisaties" / "Sociaal-Wijkteam.md").write_text(  # the same slug again
        ORGANISATION.format(name="Dubbel", wijk="all"), encoding="utf-8")
    (root / "content" / "activiteiten" / "latin1.md").write_bytes(activity(title="Café").encode("latin-1"))
    return root


def check(site: Path, *args: str):
    return run(site, "check", "--today", TODAY, *args)


def same_as_without_cache(site: Path, *args: str, parsed: list | None = None) -> str:
    """The cached check's report, after asserting it is the uncached one, byte for byte.
    `parsed` (the parsed_files fixture) is left holding what the cached check parsed."""
    uncached = check(site, *args, "--no-cache")
    if parsed is not None:
        parsed.clear()
    cached = check(site, *args)
    assert (cached.stdout, cached.code) == (uncached.stdout, uncached.code)
    return cached.stdout


@pytest.fixture
def parsed_files(monkeypatch):
    """The paths of the files check reads and parses in this process."""
    parsed = []
    real = records.parse

    def counting(found, *args, **kwargs):
        parsed.append(found.path)
        return real(found, *args, **kwargs)

    monkeypatch.setattr(records, "parse", counting)
    return parsed


def codes(site: Path, today: str = TODAY) -> set[str]:
    return {d.code for d in check_module.check(site, date.fromisoformat(today), use_cache=False).diagnostics}


def test_the_site_has_a_problem_of_every_kind(site):
    assert codes(site) >= {
        "unknown_wijk", "unknown_organisation", "unknown_topic", "duplicate_slug", "reserved_slug",
        "organisation_unused", "location_like_slug", "html_removed", "all_dates_past", "yaml_unclosed",
        "frontmatter_missing", "file_encoding",
    }


def test_cold_and_warm_give_the_uncached_report_and_warm_parses_nothing(site, parsed_files):
    assert not (site / ".wijkgen-cache" / "check.pickle").exists()
    cold = same_as_without_cache(site)
    assert (site / ".wijkgen-cache" / "check.pickle").is_file()
    parsed_files.clear()
    warm = check(site)
    assert warm.stdout == cold and warm.code == 1
    assert parsed_files == []


def test_an_edited_file_is_read_again_and_only_that_one(site, parsed_files):
    same_as_without_cache(site)
    edited = site / "content" / "activiteiten" / "koffie.md"
    edited.write_text(activity(wijk="dieze-west"), encoding="utf-8")
    parsed_files.clear()
    report = check(site).stdout
    assert parsed_files == ["content/activiteiten/koffie.md"]
    assert "dieze-west" in report
    assert report == check(site, "--no-cache").stdout


def test_adding_removing_and_renaming_files_changes_the_problems_between_them(site):
    before = same_as_without_cache(site)
    organisations = site / "content" / "organisaties"
    (organisations / "ggd.md").write_text(ORGANISATION.format(name="GGD", wijk="[]"), encoding="utf-8")
    added = same_as_without_cache(site)
    assert "'ggd'" in before and "'ggd'" not in added
    (site / "content" / "wijken" / "dieze-oost.md").unlink()
    (site / "content" / "activiteiten" / "elders.md").write_text(activity(wijk="dieze-oost"), encoding="utf-8")
    removed = same_as_without_cache(site)
    assert "dieze-oost" in removed
    (organisations / "ggd.md").rename(organisations / "ggd-zwolle.md")
    renamed = same_as_without_cache(site)
    assert "'ggd'" in renamed and "ggd-zwolle.md" in renamed  # now unknown, and unused
    (organisations / "ggd-zwolle.md").rename(organisations / "ggd.md")
    assert same_as_without_cache(site) == removed


def test_a_file_that_cannot_be_read_any_more_is_reported_however_it_was_kept(site):
    same_as_without_cache(site)
    kept = site / "content" / "organisaties" / "sociaal-wijkteam.md"
    kept.write_bytes(b"\xff\xfe" + kept.read_bytes())
    report = same_as_without_cache(site)
    assert "sociaal-wijkteam.md" in report
    kept.unlink()
    kept.symlink_to(site.parent / "elsewhere.md")  # dangling
    assert "sociaal-wijkteam.md" in same_as_without_cache(site)


def test_site_yaml_changes_are_used_though_the_files_are_kept(site, parsed_files):
    same_as_without_cache(site)
    (site / "site.yaml").write_text(SITE_YAML.format(language="nl").replace(
        "  gezondheid: Gezondheid\n", "  gezondheid: Gezondheid\n  zwemmen: Zwemmen\n"), encoding="utf-8")
    topics = same_as_without_cache(site, parsed=parsed_files)
    assert "zwemmen" not in topics
    assert parsed_files == []  # topics are checked between files: nothing read again
    (site / "site.yaml").write_text(SITE_YAML.format(language="en"), encoding="utf-8")
    english = same_as_without_cache(site)
    assert "zwemmen" in english and "error(s)" in english
    (site / "site.yaml").write_text(
        SITE_YAML.format(language="en").replace("Europe/Amsterdam", "America/New_York"), encoding="utf-8")
    assert same_as_without_cache(site) == english


def test_the_day_of_the_check_needs_no_file_read_again(site, parsed_files):
    same_as_without_cache(site)
    reports = {}
    for today in ("2024-01-01", "2026-06-24", "2026-06-25", "2026-12-03", "2026-12-04", "2027-07-01", "2031-01-01"):
        report = same_as_without_cache(site, "--today", today, parsed=parsed_files)
        assert parsed_files == []
        reports[today] = [line.split(":")[0] for line in report.splitlines() if line.endswith(PAST)]
    assert reports["2024-01-01"] == []
    assert "content/activiteiten/reeks-voorbij.md" not in reports["2026-06-24"]
    assert "content/activiteiten/reeks-voorbij.md" in reports["2026-06-25"]
    assert "content/activiteiten/verplaatst.md" not in reports["2026-12-03"]  # its last date moved there
    assert "content/activiteiten/verplaatst.md" in reports["2026-12-04"]
    assert "content/activiteiten/reeks-loopt.md" in reports["2031-01-01"]
    assert "content/activiteiten/reeks-eindeloos.md" not in reports["2031-01-01"]


def test_a_damaged_or_foreign_cache_file_is_not_used(site):
    expected = same_as_without_cache(site)
    kept = site / ".wijkgen-cache" / "check.pickle"
    kept.write_bytes(b"not a pickle")
    assert check(site).stdout == expected
    kept.write_bytes(b"\x80\x05N.")  # a pickle of None
    assert check(site).stdout == expected


def test_without_cache_nothing_is_kept(site):
    check(site, "--no-cache")
    assert not (site / ".wijkgen-cache").exists()


def test_check_reports_what_build_reports_plus_its_advice(site):
    """check reads files its own way; the problems must be those `build` stops on."""
    today = date.fromisoformat(TODAY)
    advice_codes = {"all_dates_past"}
    checked = check_module.check(site, today, use_cache=False).diagnostics
    loaded = build.load(site, today=today).diagnostics
    assert [d for d in checked if d.code not in advice_codes] == loaded
    assert any(d.code in advice_codes for d in checked)


# the past-dates warning from each activity's last day -------------------------------------
REPEATS = [
    "", "repeat: every week\n", "repeat: every day\n", "repeat:\n  every: 2 weeks\n",
    "repeat:\n  every: month\n  on: first saturday\n",
]


def random_activity(rng: random.Random, index: int) -> str:
    first = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 500))
    timed = rng.random() < 0.7
    start = f"{first} {rng.randrange(8, 20)}:00" if timed else str(first)
    if timed:
        end = f"{rng.randrange(20, 24)}:30" if rng.random() < 0.8 else f"{first + timedelta(days=1)} 01:00"
    else:
        end = str(first + timedelta(days=rng.choice([0, 0, 1, 2])))
    repeat = rng.choice(REPEATS)
    extra = repeat
    if repeat and not repeat.startswith("repeat:\n"):
        extra = "repeat:\n  every: " + repeat.split("every ")[1]
    if extra:
        ending = rng.choice(["", "until", "count"])
        if ending == "until":
            extra += f"  until: {first + timedelta(days=rng.randrange(0, 300))}\n"
        elif ending == "count":
            count = rng.randrange(1, 40)
            extra += f"  count: {count}\n"
            if "week" in repeat and rng.random() < 0.5:  # the last date left out: an earlier one ends it
                extra += f"  except: [{first + timedelta(days=7 * (count - 1))}]\n"
        if rng.random() < 0.5:
            extra += "occurrences:\n"
            for _ in range(rng.randrange(1, 4)):
                day = first + timedelta(days=7 * rng.randrange(0, 45))
                moved = f"    start: {day + timedelta(days=rng.randrange(-3, 60))}" + (" 10:00\n" if timed else "\n")
                change = rng.choice(["    status: afgelast\n", moved, "    note: later\n"])
                extra += f"  - date: {day}\n{change}"
    return activity(title=f"A{index}", start=start, end=end, extra=extra)


def test_an_activity_is_past_exactly_when_no_occurrence_reaches_the_day():
    """advice.last_day against every occurrence, taken from recurrence.occurrences directly."""
    rng = random.Random(11)
    zone = ZoneInfo("Europe/Amsterdam")
    tried = past = current = changed = last_excepted = 0
    for index in range(600):
        raw = random_activity(rng, index).encode()
        found, problems = source.source_of(raw, f"content/activiteiten/a{index}.md", "activiteiten", f"a{index}")
        parsed = records.parse(found, "nl")
        if parsed.record is None or any(p.is_error for p in problems + parsed.problems):
            continue  # changes off the pattern and such: not an activity the site would have
        tried += 1
        changed += bool(parsed.record.changes)
        last_excepted += bool(parsed.record.recurrence and parsed.record.recurrence.exceptions)
        last = advice.last_day(parsed.record, zone)
        every = recurrence.occurrences(parsed.record, zone, date(2020, 1, 1), date(2030, 1, 1))
        latest = max((occurrence.last_day for occurrence in every), default=None)
        for today in (date(2026, 1, 1) + timedelta(days=days) for days in range(0, 900, 5)):
            reaching = latest is not None and latest >= today
            assert (last < today) == (not reaching), (raw.decode(), today)
            past += last < today
            current += last >= today
    assert tried > 250 and past > 5000 and current > 5000
    assert changed > 30 and last_excepted > 10  # the ways past the shortcut are taken too
