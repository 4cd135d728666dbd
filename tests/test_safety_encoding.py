"""Files from Windows editors are read as written; any other encoding is a clear error
that names the file, never mojibake on a parent's page."""

from __future__ import annotations

import pytest
from sitekit import make_site, run

ACTIVITY = (
    "---\ntitle: Oudercafé «Koffie»\nwijk: stadshagen\nstart: 2026-12-02 09:30\n"
    "end: 11:30\norganisers: [sociaal-wijkteam]\nlokatie: csv28\n---\nWelkom, ouders én kinderen.\n"
)


@pytest.mark.parametrize("encode", [
    lambda text: text.encode("utf-8"),
    lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
    lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
    lambda text: text.replace("\n", "\r").encode("utf-8"),
], ids=["utf8", "bom", "crlf", "bom-crlf", "cr"])
def test_utf8_with_or_without_bom_and_any_line_ending_is_read_alike(tmp_path, encode):
    site = make_site(tmp_path / "site")
    (site / "content" / "activiteiten" / "cafe.md").write_bytes(encode(ACTIVITY))
    result = run(site, "build", "--today", "2026-11-28")
    assert result.code == 0, result.stdout
    page = result.output("activiteiten/cafe/index.html")
    assert "Oudercafé «Koffie»" in page and "ouders én kinderen" in page
    assert "\ufeff" not in page
    # line numbers count the same: the unknown field is on line 7 in every form
    assert any(line.startswith("content/activiteiten/cafe.md:7:1: waarschuwing") for line in result.lines)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "latin-1", "cp1252", "utf-32"])
def test_another_encoding_is_an_error_naming_the_file(tmp_path, encoding):
    site = make_site(tmp_path / "site")
    (site / "content" / "activiteiten" / "cafe.md").write_bytes(ACTIVITY.encode(encoding))
    result = run(site, "build", "--today", "2026-11-28")
    assert result.code == 1
    assert "content/activiteiten/cafe.md: fout: het bestand is geen UTF-8-tekst; sla het op als UTF-8" in result.stdout


def test_a_site_yaml_in_another_encoding_is_an_error_naming_it(tmp_path):
    site = make_site(tmp_path / "site")
    (site / "site.yaml").write_bytes((site / "site.yaml").read_text(encoding="utf-8").encode("utf-16"))
    result = run(site, "check")
    assert result.code == 1
    assert "site.yaml: fout: het bestand is geen UTF-8-tekst" in result.stdout
