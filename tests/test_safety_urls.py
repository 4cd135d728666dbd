"""Every URL field accepts only https:, http:, mailto: and tel:, whatever the disguise.

Plain e-mail addresses and phone numbers become mailto: and tel: links; everything
else (script and data URLs in any letter case or encoding, hidden characters, quotes
that would break out of an attribute) is an error that names the file and line.
"""

from __future__ import annotations

import json

import pytest
from sitekit import make_site, run

from wijkgen.fields import to_link

REFUSED = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "JAVASCRIPT:alert(1)",
    "  javascript:alert(1)",
    "\tjavascript:alert(1)",
    "\x01javascript:alert(1)",
    "\x0ejavascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java\x00script:alert(1)",
    "java\u200bscript:alert(1)",
    "\ufeffjavascript:alert(1)",
    "java&#x09;script:alert(1)",
    "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)",
    "javascript&colon;alert(1)",
    "jav&#x61;script:alert(1)",
    "%6Aavascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.org/",
    "//evil.example/x.js",
    'https://example.org/"><script>alert(1)</script>',
    "https://example.org/' onmouseover='alert(1)",
    "https://example.org/<img src=x onerror=alert(1)>",
    "https://exa mple.org",
    "mailto:a@example.org?body=<script>alert(1)</script>",
    'mailto:a@example.org"onmouseover="alert(1)',
    "tel:+31<script>",
    "www.example.org/<script>",
]


def activity_with(field_value: str) -> str:
    return f"""\
---
title: Inloop
wijk: stadshagen
start: 2026-12-02 09:30
organisers: [sociaal-wijkteam]
registration: {json.dumps(field_value)}
---
"""


@pytest.mark.parametrize("value", REFUSED, ids=repr)
def test_a_hostile_url_is_refused(value):
    link, problem = to_link(value)
    assert link is None and problem in ("bad_url", "bad_url_scheme", "bad_email", "bad_phone")


@pytest.mark.parametrize("value", [REFUSED[1], REFUSED[7], REFUSED[17], REFUSED[23]], ids=repr)
def test_a_hostile_registration_url_is_an_error_at_its_line(tmp_path, value):
    site = make_site(tmp_path, activities={"inloop": activity_with(value)})
    result = run(site, "build", "--today", "2026-11-28")
    assert result.code == 1
    assert any(line.startswith("content/activiteiten/inloop.md:6:") and ": fout: " in line for line in result.lines)
    assert not (tmp_path / "output").exists()


def test_a_hostile_website_is_an_error_at_its_line(tmp_path):
    organisation = "---\nname: Wijkteam\nwijk: all\nwebsite: \"JaVaScRiPt:alert(1)\"\n---\n"
    site = make_site(tmp_path, organisations={"sociaal-wijkteam": organisation})
    result = run(site, "check")
    assert result.code == 1
    where = "content/organisaties/sociaal-wijkteam.md:4:10"
    assert f"{where}: fout: 'JaVaScRiPt:alert(1)': alleen adressen" in result.stdout


@pytest.mark.parametrize("written, href", [
    ("https://example.org/aanmelden?x=1&y=2", "https://example.org/aanmelden?x=1&y=2"),
    ("HTTPS://Example.org/", "HTTPS://Example.org/"),
    ("http://example.org", "http://example.org"),
    ("www.example.org/aanmelden", "https://www.example.org/aanmelden"),
    ("info@example.org", "mailto:info@example.org"),
    ("mailto:info@example.org", "mailto:info@example.org"),
    ("MAILTO:info@example.org", "mailto:info@example.org"),
    ("038 498 2000", "tel:0384982000"),
    ("+31 (0)38 498 2000", "tel:+310384982000"),
    ("tel:038-4982000", "tel:0384982000"),
])
def test_real_addresses_become_safe_links(written, href):
    link, problem = to_link(written)
    assert problem is None
    assert link.href == href


def test_the_link_a_parent_clicks_is_the_safe_one(tmp_path):
    site = make_site(tmp_path, activities={"inloop": activity_with("info@example.org")})
    result = run(site, "build", "--today", "2026-11-28")
    assert result.code == 0, result.stdout
    assert 'href="mailto:info@example.org"' in result.output("activiteiten/inloop/index.html")
