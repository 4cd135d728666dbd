"""Never a traceback: whatever a volunteer saves, `check` and `build` answer with messages.

Hypothesis writes random and mutated content files (wrong types in every field of every
kind, huge values, dates that do not exist, rrules, nesting, binary garbage, other
encodings, a BOM, CRLF, tabs, empty files) into a small site and runs the command
in-process. The only acceptable outcomes are exit 0 or 1; an exception fails the test.

Inputs that once failed are kept in tests/regressions/<kind>/ and replayed below.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitekit import make_site, run

REGRESSIONS = Path(__file__).parent / "regressions"
HANG_SECONDS = 20  # far above any real build of this site: only a hang gets near it

FUZZ = settings(
    max_examples=25,
    deadline=timedelta(seconds=HANG_SECONDS),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # the same examples on every run: a failure is reproducible
)

FIELDS = {
    "activiteiten": ["title", "wijk", "start", "end", "location", "organisers", "topics", "ages",
                     "cost", "registration", "status", "repeat", "rrule", "occurrences"],
    "organisaties": ["name", "wijk", "topics", "questions", "phone", "email", "website",
                     "address", "hours"],
    "locaties": ["name", "address", "wijk", "accessibility"],
    "wijken": ["name"],
}
REPEAT_FIELDS = ["every", "interval", "on", "until", "count", "except"]
OCCURRENCE_FIELDS = ["date", "status", "note", "start", "end", "location"]

# values close to what volunteers write, so the fuzzer gets past the first check
PLAUSIBLE = st.sampled_from([
    "stadshagen", "dieze-oost", "all", "csv28", "sociaal-wijkteam", "ontmoeten", "baby",
    "2026-12-02", "2026-12-02 09:30", "2026-02-30", "2026-12-02 24:00", "9999-12-31",
    "0001-01-01 00:00", "2200-12-31 23:59", "11:30", "9.30 uur", "25:61", "week", "day",
    "month", "year", "wekelijks", "first wednesday", "laatste vrijdag", "31", "0", "-1",
    "999999", "1000", "1001", "cancelled", "afgelast", "https://example.org", "info@example.org",
    "038 498 2000", "javascript:alert(1)", "FREQ=WEEKLY;BYDAY=WE", "FREQ=SECONDLY",
    "FREQ=DAILY;COUNT=999999", "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2", "FREQ=YEARLY;INTERVAL=400",
    "FREQ=WEEKLY;UNTIL=22001231T000000Z", "RRULE:FREQ=DAILY;INTERVAL=0", "FREQ=", ";;;", "",
    "~", "null", "yes", "no", "1e309", "0x1F", ".inf", "<script>alert(1)</script>",
])
SCALAR = st.one_of(
    PLAUSIBLE,
    st.text(max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates().map(str),
    st.text(alphabet="0123456789-: T", max_size=20),
)


def nested(depth: int = 3):
    return st.recursive(
        SCALAR,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(st.one_of(st.sampled_from(REPEAT_FIELDS + OCCURRENCE_FIELDS), st.text(max_size=8)),
                            inner, max_size=4),
        ),
        max_leaves=12,
    )


VALUE = nested()


def front_matter(kind: str):
    fields = FIELDS[kind]
    repeat = st.dictionaries(st.sampled_from(REPEAT_FIELDS), VALUE, max_size=6)
    occurrences = st.lists(st.dictionaries(st.sampled_from(OCCURRENCE_FIELDS), VALUE, max_size=6), max_size=3)
    special = {"repeat": st.one_of(repeat, VALUE), "occurrences": st.one_of(occurrences, VALUE)}
    return st.fixed_dictionaries(
        {},
        optional={name: special.get(name, VALUE) for name in fields} | {"extra": VALUE},
    )


def serialise(fields: dict, body: str) -> str:
    try:
        front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)
    except (yaml.YAMLError, ValueError):
        front = ""
    return f"---\n{front}---\n{body}"


BODY = st.one_of(
    st.text(max_size=200),
    st.sampled_from([
        "", "# Kop\n\n- a\n- b", "<table><tr><td>x</td></tr></table>", "<script>alert(1)</script>",
        "[x](javascript:alert(1))", "```\ncode\n", "<<<<>>>>" * 20, "\t\tinspringen\n\t- lijst",
        "| a |\n|---|\n| b |", "x" * 5000, "&#0;&#xD800;&#x110000;", "<!--", "<a href='",
    ]),
)


def mutate(data: bytes, how: str, extra: bytes) -> bytes:
    """The ways files reach us from Windows editors, web forms and bad copy-paste."""
    if how == "bom":
        return b"\xef\xbb\xbf" + data
    if how == "crlf":
        return data.replace(b"\n", b"\r\n")
    if how == "cr":
        return data.replace(b"\n", b"\r")
    if how == "tabs":
        return data.replace(b"  ", b"\t")
    if how == "utf16":
        return data.decode("utf-8").encode("utf-16")
    if how == "latin1":
        return data.decode("utf-8").encode("latin-1", "replace")
    if how == "truncate":
        return data[: len(extra) % (len(data) + 1)]
    if how == "insert":
        middle = len(data) // 2
        return data[:middle] + extra + data[middle:]
    if how == "garbage":
        return extra
    if how == "empty":
        return b""
    return data


MUTATION = st.sampled_from(["none", "none", "bom", "crlf", "cr", "tabs", "utf16", "latin1",
                            "truncate", "insert", "garbage", "empty"])


class Sandbox:
    """One small site, reused by every example: only the file under test changes."""

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="wijkgen-fuzz-"))
        self.site = make_site(self.root / "site", activities={"vast": """\
            ---
            title: Vaste activiteit
            wijk: stadshagen
            start: 2026-12-02 09:30
            organisers: [sociaal-wijkteam]
            repeat:
              every: week
            ---
            """})
        self.site_yaml = (self.site / "site.yaml").read_bytes()

    def place(self, kind: str, data: bytes) -> Path:
        for file in (self.site / "content").glob("*/fuzz.md"):
            file.unlink()
        (self.site / "site.yaml").write_bytes(self.site_yaml)
        target = self.site / "site.yaml" if kind == "site" else self.site / "content" / kind / "fuzz.md"
        target.write_bytes(data)
        return target

    def check_and_build(self) -> None:
        for command in (["check"], ["build", "--today", "2026-11-28"]):
            started = time.monotonic()
            result = run(self.site, *command)
            assert result.code in (0, 1), result.stdout + result.stderr
            assert "Traceback" not in result.stdout + result.stderr
            assert time.monotonic() - started < HANG_SECONDS
            if result.code == 1:
                assert result.stdout.strip() or result.stderr.strip()  # a message, never silence


@pytest.fixture(scope="module")
def sandbox():
    box = Sandbox()
    yield box
    shutil.rmtree(box.root, ignore_errors=True)


@FUZZ
@given(kind=st.sampled_from(sorted(FIELDS)), data=st.data(), body=BODY, how=MUTATION,
       extra=st.binary(max_size=64))
def test_random_content_files_never_crash(sandbox, kind, data, body, how, extra):
    fields = data.draw(front_matter(kind))
    text = serialise(fields, body).encode("utf-8", "surrogatepass")
    sandbox.place(kind, mutate(text, how, extra))
    sandbox.check_and_build()


# Field by field, values that mostly parse, so that examples reach recurrence,
# expansion over the horizon, rendering and feeds, where the arithmetic is.
DAY = st.one_of(
    st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)),
    st.sampled_from([date(1900, 1, 1), date(2200, 12, 31), date(2028, 2, 29), date(2026, 3, 29)]),
)
CLOCK = st.times().map(lambda t: t.strftime("%H:%M"))
START = st.one_of(DAY.map(str), st.builds(lambda d, t: f"{d} {t}", DAY, CLOCK), PLAUSIBLE)
END = st.one_of(CLOCK, DAY.map(str), st.builds(lambda d, t: f"{d} {t}", DAY, CLOCK), PLAUSIBLE)
WEEKDAY = st.sampled_from(["monday", "woensdag", "Friday", "ZONDAG", "tuesday", "maandag"])
ON_WORD = st.one_of(
    WEEKDAY,
    st.builds(lambda o, d: f"{o} {d}", st.sampled_from(["first", "tweede", "last", "4e", "vijfde"]), WEEKDAY),
    st.integers(min_value=-2, max_value=33).map(str),
)
NUMBER = st.one_of(st.integers(min_value=0, max_value=1200).map(str), PLAUSIBLE)
REPEAT = st.fixed_dictionaries(
    {"every": st.one_of(st.sampled_from(["day", "week", "month", "year", "maand"]), PLAUSIBLE)},
    optional={
        "interval": NUMBER, "count": NUMBER, "until": DAY.map(str),
        "on": st.one_of(ON_WORD, st.lists(ON_WORD, max_size=3)),
        "except": st.lists(DAY.map(str), max_size=3),
    },
)
RRULE_PART = st.one_of(
    st.sampled_from(["INTERVAL=2", "BYDAY=WE", "BYDAY=1MO,-1FR", "BYMONTHDAY=31", "BYMONTH=2",
                     "COUNT=3", "UNTIL=20270101", "UNTIL=2027", "WKST=SU", "BYSETPOS=1", "BYHOUR=9",
                     "BYYEARDAY=366", "BYDAY=53MO", "X-NAME=1", "INTERVAL=0", "COUNT=0"]),
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ=;,-0123456789", max_size=12),
)
RRULE = st.builds(
    lambda freq, parts: ";".join([f"FREQ={freq}", *parts]),
    st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY", "weekly", ""]),
    st.lists(RRULE_PART, max_size=3),
)
OCCURRENCE = st.fixed_dictionaries(
    {"date": DAY.map(str)},
    optional={"status": st.sampled_from(["cancelled", "afgelast", "x"]), "note": st.text(max_size=20),
              "start": START, "end": END, "location": st.sampled_from(["csv28", "Speeltuin", ""])},
)


@FUZZ
@given(data=st.data(), how=st.sampled_from(["none", "bom", "crlf", "tabs"]), extra=st.binary(max_size=8))
def test_random_activities_that_almost_make_sense_never_crash(sandbox, data, how, extra):
    fields = {"title": "Inloop", "wijk": "stadshagen", "organisers": ["sociaal-wijkteam"],
              "start": data.draw(START)}
    if data.draw(st.booleans()):
        fields["end"] = data.draw(END)
    recurring = data.draw(st.sampled_from(["repeat", "rrule", "none"]))
    if recurring == "repeat":
        fields["repeat"] = data.draw(REPEAT)
    elif recurring == "rrule":
        fields["rrule"] = data.draw(RRULE)
    if recurring != "none" and data.draw(st.booleans()):
        fields["occurrences"] = data.draw(st.lists(OCCURRENCE, max_size=3))
    text = serialise(fields, "Tekst.\n").encode("utf-8", "surrogatepass")
    sandbox.place("activiteiten", mutate(text, how, extra))
    sandbox.check_and_build()


@settings(FUZZ, max_examples=15)
@given(fields=st.dictionaries(
    st.sampled_from(["title", "base_url", "language", "timezone", "topics", "ages", "horizon_days",
                     "description"]), VALUE, max_size=8),
       how=MUTATION, extra=st.binary(max_size=64))
def test_random_site_settings_never_crash(sandbox, fields, how, extra):
    text = (yaml.safe_dump(fields, allow_unicode=True) if fields else "").encode("utf-8", "surrogatepass")
    sandbox.place("site", mutate(text, how, extra))
    sandbox.check_and_build()


def regression_files() -> list[Path]:
    return sorted(p for p in REGRESSIONS.rglob("*") if p.is_file())


def test_the_regression_corpus_is_there():
    assert len(regression_files()) >= 10


@pytest.mark.parametrize("file", regression_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_inputs_that_once_failed_give_messages(sandbox, file):
    kind = "site" if file.name == "site.yaml" or file.parent.name == "site" else file.parent.name
    sandbox.place(kind, file.read_bytes())
    sandbox.check_and_build()
