"""The build cache (.wijkgen-cache/) may only make builds faster: the bytes must not change."""

from __future__ import annotations

import gc
import os
import shutil
import sys
from pathlib import Path

import pytest
from sitekit import make_site, run
from test_serve import CAFE

from wijkgen.cache import Store
from wijkgen.models import Wijk

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from generate import Size, generate  # noqa: E402

TODAY = "2026-11-28"
pytestmark = pytest.mark.long


def tree(folder: Path) -> dict[str, bytes]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


def build(site: Path, output: Path, *flags: str) -> dict[str, bytes]:
    result = run(site, "build", "--today", TODAY, *flags, output_dir=output)
    assert result.code == 0, result.stdout + result.stderr
    return tree(output)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cached") / "site"
    generate(folder, Size(wijken=2, activities=24, organisations=4), seed=11)
    return folder


def edit(site: Path, kind: str, field: str) -> None:
    """Change every file of a kind: an activity's title, or names other files' pages show."""
    for file in sorted((site / "content" / kind).glob("*.md")):
        text = file.read_text(encoding="utf-8")
        file.write_text(text.replace(f'{field}: "', f'{field}: "Nieuw ', 1), encoding="utf-8")


def test_cold_cached_and_warm_builds_equal_an_uncached_build(site, tmp_path):
    shutil.rmtree(site / ".wijkgen-cache", ignore_errors=True)
    uncached = build(site, tmp_path / "plain", "--no-cache")
    assert not (site / ".wijkgen-cache").exists()
    assert build(site, tmp_path / "cold") == uncached
    assert (site / ".wijkgen-cache").is_dir()
    assert build(site, tmp_path / "warm") == uncached


@pytest.mark.parametrize("kind, field", [
    ("activiteiten", "title"), ("organisaties", "name"), ("locaties", "name"), ("wijken", "name"),
])
def test_after_an_edit_the_cached_build_equals_an_uncached_one(site, tmp_path, kind, field):
    build(site, tmp_path / "before")  # fills the cache with the unedited content
    edit(site, kind, field)
    cached = build(site, tmp_path / "cached")
    uncached = build(site, tmp_path / "plain", "--no-cache")
    assert cached == uncached
    shown = [name for name in cached if "Nieuw " in cached[name].decode("utf-8", "replace")]
    assert len(shown) > 1, "the new name reaches other files' pages or feeds"


def test_an_edited_body_reaches_its_page(site, tmp_path):
    build(site, tmp_path / "before")
    file = sorted((site / "content" / "activiteiten").glob("*.md"))[0]
    file.write_text(file.read_text(encoding="utf-8") + "\nExtra zin voor ouders.\n", encoding="utf-8")
    cached = build(site, tmp_path / "cached")
    assert cached == build(site, tmp_path / "plain", "--no-cache")
    assert any(name.endswith(".html") and b"Extra zin voor ouders." in data
               for name, data in cached.items())


def test_a_file_taken_from_the_cache_reports_its_problems_again_under_its_own_name(tmp_path):
    """Parsed files are kept by their bytes: an unchanged file is not read again, but what
    it says wrong is said on every build, and the same bytes under a new name are that name's."""
    site = make_site(tmp_path / "site", activities={"cafe": CAFE.replace("end: 11:30", "end: 11:30\nkosten: gratis")})

    def warnings() -> list[str]:
        result = run(site, "build", "--today", TODAY, output_dir=tmp_path / "out")
        assert result.code == 0
        return [line for line in (result.stdout + result.stderr).splitlines() if "waarschuwing" in line]

    first = warnings()
    assert first == ["content/activiteiten/cafe.md:6:1: waarschuwing: onbekend veld 'kosten' wordt overgeslagen; "
                     "bedoelde je 'cost'?"]
    assert any(key.startswith("parsed-") for key in Store.open(site).previous)
    assert warnings() == first
    (site / "content/activiteiten/cafe.md").rename(site / "content/activiteiten/koffie.md")
    assert warnings() == [first[0].replace("cafe.md", "koffie.md")]


@pytest.mark.parametrize("old, new", [
    ("\n---\n", "\n---\nEen nieuwe eerste zin.\n"),  # the body
    ("\ncost: ", "\ncost: nu "),
    ("\nregistration: https://", "\nregistration: https://nieuw."),
], ids=["body", "cost", "registration"])
def test_what_only_an_activity_s_own_page_shows_is_rendered_again_on_that_page_alone(site, tmp_path, old, new):
    """The wijk's agenda, filters and month sheet, the home, organisation and venue pages do
    not show an activity's body, cost or registration: an edit of those leaves them cached."""
    build(site, tmp_path / "before")
    pages_kept = site / ".wijkgen-cache" / "pages"
    before = set(os.listdir(pages_kept))
    # the first activity whose front matter, up to the line that closes it, holds `old`
    file = next(f for f in sorted((site / "content" / "activiteiten").glob("*.md"))
                if old in f.read_text(encoding="utf-8").split("\n---\n", 1)[0] + "\n---\n")
    file.write_text(file.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    cached = build(site, tmp_path / "cached")
    assert cached == build(site, tmp_path / "plain", "--no-cache")
    assert len(set(os.listdir(pages_kept)) - before) == 1  # the activity's own page


def test_a_new_venue_reaches_the_unchanged_activity_that_names_it(tmp_path):
    """An activity is kept by its file's bytes, but where it takes place also depends on the
    venues: a venue added under the name its location gives makes that a link to the venue."""
    cafe = CAFE.replace("end: 11:30", "end: 11:30\nlocation: de-kantine")
    site = make_site(tmp_path / "site", activities={"cafe": cafe})
    build(site, tmp_path / "before")
    (site / "content/locaties/de-kantine.md").write_text(
        "---\nname: Kantine VV Stadshagen\naddress: Veldweg 1, Zwolle\nwijk: stadshagen\n---\n", encoding="utf-8")
    cached = build(site, tmp_path / "cached")
    assert cached == build(site, tmp_path / "plain", "--no-cache")
    assert b"../../locaties/de-kantine/" in cached["activiteiten/cafe/index.html"]


def test_what_a_build_loads_from_the_cache_is_collected_again_after_it(site, tmp_path):
    """The cache's results are frozen for the garbage collector while a build uses them; a
    process that goes on (tests, a preview) must get them back."""
    build(site, tmp_path / "first")
    assert Store.open(site).previous  # what the next build loads, and freezes
    gc.unfreeze()
    build(site, tmp_path / "second")
    assert gc.get_freeze_count() == 0


def test_a_damaged_cache_is_ignored(site, tmp_path):
    build(site, tmp_path / "first")
    cache = site / ".wijkgen-cache"
    (cache / "results.pickle").write_bytes(b"not a pickle")
    for page in sorted((cache / "pages").iterdir())[:5]:
        page.write_bytes(page.read_bytes()[:-40] + b"<p>kapot</p>")
    assert build(site, tmp_path / "second") == build(site, tmp_path / "plain", "--no-cache")


def test_kept_results_come_back_whole_or_not_at_all(tmp_path):
    """The results are saved in parts (a city's would otherwise be one huge pickle at once)."""
    folder = tmp_path / ".wijkgen-cache"
    store = Store(folder, salt="zout")
    texts = [store.plain_text(f"Tekst **{n}**") for n in range(4500)]
    store.save()
    assert sorted(Store(folder, salt="zout").previous.values()) == sorted(texts)
    assert Store(folder, salt="ander zout").previous == {}  # other code, other results
    whole = (folder / "results.pickle").read_bytes()
    (folder / "results.pickle").write_bytes(whole[: len(whole) // 2])  # cut off: all or nothing
    assert Store(folder, salt="zout").previous == {}


def test_kept_texts_come_back_shared_as_they_were_and_are_saved_without_a_second_copy_in_memory(tmp_path):
    """Texts of more than ASCII (Dutch bodies) are pickled by their UTF-8 bytes: pickled as
    texts, Python would keep that form beside each of them until the build ends."""
    folder = tmp_path / ".wijkgen-cache"
    store = Store(folder, salt="zout")
    bodies = [f"Koffie in het café, één keer per week ({n}). " * 20 for n in range(4500)]
    sizes = [sys.getsizeof(body) for body in bodies]
    for body in bodies:  # the same text twice in one result, as a body and its record
        store.remember("pair", body, lambda b=body: (b, Wijk("w", "Wijk é", b, "p")))
    store.remember("last", "x", lambda: bodies[0])  # and again in a later part
    store.save()
    assert [sys.getsizeof(body) for body in bodies] == sizes
    kept = Store(folder, salt="zout").previous
    pairs = [value for key, value in kept.items() if key.startswith("pair-")]
    assert sorted(text for text, _ in pairs) == sorted(bodies)
    assert all(text is wijk.body_html for text, wijk in pairs)
    assert any(kept[next(k for k in kept if k.startswith("last-"))] is text for text, _ in pairs)


def test_what_a_build_adds_is_kept_beside_the_results_until_a_quarter_is_unused(tmp_path):
    """One edit must not write every result again (tens of megabytes in a city)."""
    folder = tmp_path / ".wijkgen-cache"

    def build_using(texts: list[str]) -> dict:
        store = Store(folder, salt="zout")
        for text in texts:
            assert store.plain_text(text) == text
        store.save()
        return Store(folder, salt="zout").previous

    build_using([f"Tekst {n}" for n in range(100)])
    base = (folder / "results.pickle").read_bytes()
    kept = build_using([f"Tekst {n}" for n in range(1, 100)] + ["Nieuw 1"])
    assert (folder / "results.pickle").read_bytes() == base  # the new text was added beside it
    assert sorted(kept.values()) == sorted([f"Tekst {n}" for n in range(100)] + ["Nieuw 1"])
    edits = 1
    while (folder / "results.pickle").read_bytes() == base:  # each edit leaves one more text unused
        edits += 1
        used = [f"Tekst {n}" for n in range(edits, 100)] + [f"Nieuw {edits}"]
        kept = build_using(used)
    assert 17 <= edits <= 25  # once a quarter would be unused: written again with the used ones
    assert sorted(kept.values()) == sorted(used)
    assert not (folder / "results-added.pickle").exists()
    rewritten = (folder / "results.pickle").read_bytes()
    assert build_using(used) == kept  # nothing new: nothing written
    assert (folder / "results.pickle").read_bytes() == rewritten


def test_results_added_to_another_results_file_are_not_used(tmp_path):
    folder = tmp_path / ".wijkgen-cache"
    store = Store(folder, salt="zout")
    for n in range(8):
        store.plain_text(f"Tekst {n}")
    store.save()
    store = Store(folder, salt="zout")
    for n in range(8):
        store.plain_text(f"Tekst {n}")
    store.plain_text("Erbij")
    store.save()
    added = (folder / "results-added.pickle").read_bytes()
    assert "Erbij" in Store(folder, salt="zout").previous.values()
    store = Store(folder, salt="zout")
    store.plain_text("Alleen dit")
    store.save()  # most unused: results.pickle written anew, the added file removed
    (folder / "results-added.pickle").write_bytes(added)  # as if that removal had not happened
    assert sorted(Store(folder, salt="zout").previous.values()) == ["Alleen dit"]


def test_partner_feed_copies_in_the_cache_folder_are_left_alone(site, tmp_path):
    kept = site / ".wijkgen-cache" / "sources" / "partner.ics"
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    build(site, tmp_path / "out")
    assert kept.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"


def test_a_site_with_its_own_templates_gets_fresh_pages(tmp_path):
    """Its templates may read anything of `site`, so their pages are not taken from the cache."""
    site = tmp_path / "site"
    generate(site, Size(wijken=2, activities=6, organisations=2), seed=5)
    (site / "templates").mkdir()
    (site / "templates" / "activity.html").write_text(
        "{{ activity.title }}: {{ site.organisations | length }} organisaties\n", encoding="utf-8")
    build(site, tmp_path / "first")
    (site / "content" / "organisaties" / "extra.md").write_text(
        "---\nname: Extra\nwijk: all\n---\nNog een.\n", encoding="utf-8")
    cached = build(site, tmp_path / "second")
    assert cached == build(site, tmp_path / "plain", "--no-cache")
    page = next(v for k, v in cached.items() if k.startswith("activiteiten/") and k.endswith(".html"))
    assert page.decode().endswith(": 3 organisaties")  # Jinja drops the final newline
