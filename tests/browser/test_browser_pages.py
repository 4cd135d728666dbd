"""The quality bars of issue 5, checked in Debian's chromium on every page kind of the example
site and of an English test site served from a sub-path, at a 360px wide phone screen."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import datetime
from urllib.parse import urlsplit

import pytest
from browsertools import ARTIFACTS, AXE, BROWSER_NOW, VNU

pytestmark = pytest.mark.browser

SITES = ("example", "subpath")
KINDS = ("home", "wijk", "wijk-age", "wijk-topic", "questions-wijk", "questions-city", "month",
         "activity", "organisation", "venue", "404")
EVERY_PAGE = [(site, kind) for site in SITES for kind in KINDS]

CONTROLS = "a[href], button, input, summary, select, textarea"
DATE_IN_WORDS = (
    r"(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday) \d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus"
    r"|september|oktober|november|december|january|february|march|may|june|july|august|october)"
)


def _kind_url(served_sites, site, kind):
    return served_sites[site].kinds()[kind]


@pytest.mark.parametrize(("site", "kind"), EVERY_PAGE)
def test_every_page_kind_meets_the_bars(open_page, served_sites, site, kind):
    """axe-core finds nothing serious; the page fits a phone; language, headings, dates."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed (.ci/install.d/30-browser.sh installs it)")
    page, served = open_page(site, _kind_url(served_sites, site, kind))
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations'],
            runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']});
        return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '));
    }""")
    assert violations == []
    _fits_a_phone(page, served, site, kind)
    _has_language_headings_and_dates(page, served)


def _fits_a_phone(page, served, site, kind):
    """No sideways scrolling at 360px, tap targets of 44px, text of 16px, no other hosts."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{site}-{kind}-360.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    small = page.evaluate("""(selector) => [...document.querySelectorAll(selector)].filter(el => {
        const box = el.getBoundingClientRect(), style = getComputedStyle(el);
        if (!box.width || style.visibility === 'hidden') return false;
        // WCAG 2.5.8 exempts a link inside a sentence; every other control is a tap target
        if (style.display === 'inline' && el.closest('p, dd, .prose, li.link-list-item')) return false;
        return box.height < 44 || box.width < 44;
    }).map(el => el.outerHTML.slice(0, 80))""", CONTROLS)
    assert small == []
    tiny_text = page.evaluate("""() => [...document.querySelectorAll('body *')].filter(el =>
        el.childNodes.length && [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())
        && el.getBoundingClientRect().width && parseFloat(getComputedStyle(el).fontSize) < 16
    ).map(el => el.tagName + ' ' + el.textContent.slice(0, 40))""")
    assert tiny_text == []
    local = urlsplit(served.root_url).netloc
    assert [url for url in served.requests if urlsplit(url).netloc != local] == []


def _has_language_headings_and_dates(page, served):
    assert page.evaluate("document.documentElement.lang") == served.language
    levels = page.evaluate("[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])")
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    stamps = page.evaluate("[...document.querySelectorAll('time')].map(t => t.getAttribute('datetime'))")
    for stamp in stamps:
        datetime.fromisoformat(stamp)  # a machine-readable date or date-time for every date shown
    # a date the site writes in words ("woensdag 7 oktober") is always inside a <time> element
    loose = page.evaluate("""(pattern) => [...document.querySelectorAll('main *')].filter(el =>
        !el.closest('time') && [...el.childNodes].some(n => n.nodeType === 3
            && new RegExp(pattern, 'i').test(n.textContent))
    ).map(el => el.outerHTML.slice(0, 100))""", DATE_IN_WORDS)
    assert loose == []


@pytest.mark.parametrize(("site", "kind"), EVERY_PAGE)
def test_skip_link_comes_first_and_every_control_shows_focus(open_page, served_sites, site, kind):
    page, _ = open_page(site, _kind_url(served_sites, site, kind))
    page.keyboard.press("Tab")
    first = page.evaluate("""() => { const el = document.activeElement, box = el.getBoundingClientRect();
        return {cls: el.className, inView: box.left >= 0 && box.top >= 0 && box.width > 0}; }""")
    assert first == {"cls": "skip-link", "inView": True}
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
    for _ in range(12):
        page.keyboard.press("Tab")
        ring = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
            return document.activeElement === document.body ? 'end' :
                (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) ? 'ok'
                : document.activeElement.outerHTML.slice(0, 80); }""")
        if ring == "end":
            break
        assert ring == "ok"


def _visible_occurrences(page):
    return page.evaluate("""() => [...document.querySelectorAll('[data-filter-root] .occurrence')]
        .filter(el => el.offsetParent !== null)
        .map(el => ({ages: el.dataset.ages, topics: el.dataset.topics}))""")


def _wait_for_query(page, wanted):
    """The filter writes the page's address with history.replaceState; Playwright's page.url
    learns of that from an event that may come after the key or click returned (CI saw it late),
    so wait for the address the page itself has, then for page.url to agree."""
    page.wait_for_function("(wanted) => location.search.includes(wanted)", arg=wanted, timeout=5000)
    page.wait_for_url(lambda url: wanted in url, timeout=5000)


@pytest.mark.parametrize("site", SITES)
def test_a_parent_filters_the_agenda_by_age_with_the_keyboard_only(open_page, served_sites, site):
    served = served_sites[site]
    page, _ = open_page(site, f"{served.wijk}/", now=BROWSER_NOW)
    everything = _visible_occurrences(page)
    chip = f'.chip[data-group="leeftijd"][data-value="{served.age}"]'
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", chip):
            break
    else:
        pytest.fail("the age filter cannot be reached with Tab")
    page.keyboard.press("Enter")
    _wait_for_query(page, f"leeftijd={served.age}")
    assert urlsplit(page.url).path == served.base_path + f"{served.wijk}/"  # no reload to another page
    shown = _visible_occurrences(page)
    assert 0 < len(shown) < len(everything)
    assert all(not o["ages"] or served.age in o["ages"].split() for o in shown)
    assert page.get_attribute(chip, "aria-current") == "true"
    assert page.evaluate("(s) => document.activeElement.matches(s)", chip)


@pytest.mark.parametrize("site", SITES)
def test_a_topic_filter_click_is_kept_in_the_url_to_share(open_page, served_sites, site):
    served = served_sites[site]
    page, _ = open_page(site, f"{served.wijk}/", now=BROWSER_NOW)
    page.click(f'.chip[data-group="onderwerp"][data-value="{served.topic}"]')
    _wait_for_query(page, f"onderwerp={served.topic}")
    shown = _visible_occurrences(page)
    assert shown and all(served.topic in o["topics"].split() for o in shown)
    assert page.is_visible("[data-filter-count]")
    shared, _ = open_page(site, f"{served.wijk}/?onderwerp={served.topic}", now=BROWSER_NOW)
    assert _visible_occurrences(shared) == shown


@pytest.mark.parametrize("site", SITES)
def test_without_javascript_the_filters_are_pages(open_page, served_sites, site):
    served = served_sites[site]
    page, _ = open_page(site, f"{served.wijk}/", js=False)
    with page.expect_navigation():  # to the new page, read to its end
        page.click(f'.chip[data-group="leeftijd"][data-value="{served.age}"]')
    assert urlsplit(page.url).path == served.base_path + f"{served.wijk}/leeftijd/{served.age}/"
    items = page.evaluate("[...document.querySelectorAll('.occurrence')].map(el => el.dataset.ages)")
    assert items and all(not ages or served.age in ages.split() for ages in items)
    questions, _ = open_page(site, f"{served.wijk}/waar-kan-ik-terecht/", js=False)
    assert not questions.is_visible("[data-question-search]")
    summary = questions.locator(".question-item summary").first
    summary.click()
    assert questions.locator(".question-item .who-helps").first.is_visible()


@pytest.mark.parametrize("site", SITES)
def test_dates_that_passed_since_the_build_are_hidden(open_page, served_sites, site):
    served = served_sites[site]
    later = datetime(2026, 12, 3, 12, 0)
    page, _ = open_page(site, f"{served.wijk}/", now=later)
    ends = page.evaluate("""() => [...document.querySelectorAll('[data-filter-root] [data-end]')]
        .map(el => [el.dataset.end, el.offsetParent !== null])""")
    assert any(end < "2026-12-03" for end, _ in ends)
    assert all(visible == (end >= "2026-12-03") for end, visible in ends)


def test_a_parent_finds_a_question_by_typing(open_page):
    page, _ = open_page("example", "stadshagen/waar-kan-ik-terecht/")
    total = page.locator(".question-item").count()
    page.fill("#vraag-zoeken", "slaap")
    shown = page.locator(".question-item:visible")
    assert 0 < shown.count() < total
    assert all("slaap" in text.lower() for text in shown.all_inner_texts())
    assert page.is_visible("[data-question-count]")
    shown.first.locator("summary").click()
    assert shown.first.locator('.contact a[href^="tel:"]').is_visible()
    page.fill("#vraag-zoeken", "xyzzy kwijt")
    assert page.locator(".question-item:visible").count() == 0
    assert page.is_visible("[data-question-empty]")


@pytest.mark.parametrize("site", SITES)
def test_the_month_overview_prints_on_a4(open_page, served_sites, site):
    served = served_sites[site]
    page, _ = open_page(site, f"{served.wijk}/maand/", width=1024)
    page.emulate_media(media="print")
    assert not page.is_visible(".site-header")
    assert not page.is_visible("[data-print]")
    assert page.locator(".qr svg").count() == 2
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.month-list li')).fontSize)") >= 18
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{site}-month-print.png"), full_page=True)
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 1


@pytest.mark.parametrize("site", SITES)
def test_wijk_page_weighs_under_50_kb(open_page, served_sites, site):
    served = served_sites[site]
    sizes = {}
    page, _ = open_page(site, "")
    page.on("response", lambda response: sizes.__setitem__(response.url, len(response.body())))
    page.goto(served.base + f"{served.wijk}/")
    page.wait_for_load_state("networkidle")
    counted = {url: size for url, size in sizes.items() if re.search(r"(/|\.css|\.js)$", urlsplit(url).path)}
    assert len(counted) == 3  # the page, its stylesheet and its script
    assert sum(counted.values()) < 50_000, counted


@pytest.mark.parametrize("site", SITES)
def test_404_works_for_any_missing_path_on_a_sub_path(open_page, served_sites, site):
    served = served_sites[site]
    page, _ = open_page(site, "a/b/c/d/")
    header = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert header == "rgb(0, 102, 122)"  # the stylesheet loaded from three folders deep
    with page.expect_navigation():
        page.click(".card-list a >> nth=0")
    assert urlsplit(page.url).path.startswith(served.base_path)
    assert page.locator("h1").count() == 1 and "404" not in page.title()
    assert page.evaluate("document.querySelector('.agenda, .empty') !== null")


def test_every_generated_page_is_valid_html(served_sites):
    java = shutil.which("java")
    if not java or not VNU.exists():
        pytest.skip("java or vnu-jar is not installed (.ci/install.d/30-browser.sh installs them)")
    folders = [str(site.output) for site in served_sites.values()]
    checked = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", *folders],
        capture_output=True, text=True, timeout=300)
    errors = [f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in json.loads(checked.stderr)["messages"]]
    assert errors == []
