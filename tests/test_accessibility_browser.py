"""WCAG 2.1 AA in a real browser: Swedish document language, axe-core on every page, phone and tablet layouts.

Playwright drives Debian's Chromium against `streamlit run serve.py`. axe-core (bundled by the PyPI package
axe-playwright-python) runs the WCAG 2.0/2.1 A and AA rules on every page; any violation of impact serious or
critical fails. At 390×844 (phone) and 768×1024 (tablet) no page may scroll sideways; screenshots of the phone
layout are saved for the README.
"""

from __future__ import annotations

import urllib.request

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.test_browser import ALL_PAGES, SCREENSHOTS, chromium, serve, wait_for_app

pytestmark = pytest.mark.browser
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SIZES = {"telefon": (390, 844), "surfplatta": (768, 1024)}


@pytest.fixture(scope="module")
def server(demo_env):
    yield from serve(demo_env)


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


def open_page(browser, url: str, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
    page = context.new_page()
    page.goto(url)
    wait_for_app(page)
    expect(page.locator("h1").first).to_be_visible(timeout=60_000)
    page.wait_for_timeout(1500)  # charts draw after the script has finished
    return context, page


def test_document_language_is_swedish_from_the_first_byte(server):
    request = urllib.request.Request(f"{server}/finansiering", headers={"Accept": "text/html", "Accept-Encoding": "gzip"})
    html = urllib.request.urlopen(request, timeout=10).read().decode()
    assert '<html lang="sv"' in html


@pytest.mark.parametrize("path, title, shot", ALL_PAGES, ids=[p[2] for p in ALL_PAGES])
def test_no_serious_accessibility_violations(server, browser, path, title, shot):
    context, page = open_page(browser, f"{server}/{path}", 1400, 1000)
    try:
        assert page.evaluate("document.documentElement.lang") == "sv"
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
        serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        report = "\n".join(f"{v['id']} ({v['impact']}): {v['help']} – "
                           + "; ".join(str(n["target"]) for n in v["nodes"][:5]) for v in serious)
        assert not serious, f"{title}: {len(serious)} allvarliga brister:\n{report}"
    finally:
        context.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path, title, shot", ALL_PAGES, ids=[p[2] for p in ALL_PAGES])
def test_no_sideways_scrolling(server, browser, path, title, shot, size):
    width, height = SIZES[size]
    context, page = open_page(browser, f"{server}/{path}", width, height)
    try:
        scroll = page.evaluate("() => [document.documentElement.scrollWidth, document.body.scrollWidth]")
        main = page.evaluate("() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
                             " return m ? m.scrollWidth : 0; }")
        if size == "telefon":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"telefon-{shot}.png"), full_page=True)
        assert max(*scroll, main) <= width, f"{title} scrollar i sidled vid {width} px: {scroll}, {main}"
        assert page.locator('[data-testid="stSidebar"][aria-expanded="true"]').count() == 0
    finally:
        context.close()


def test_keyboard_reaches_the_controls_with_a_visible_focus(server, browser):
    context, page = open_page(browser, f"{server}/finansiering", 1400, 1000)
    try:
        seen = []
        for _ in range(120):  # until both the year choice and a download button have had the focus
            page.keyboard.press("Tab")
            seen.append(page.evaluate("""() => { const e = document.activeElement;
                const s = getComputedStyle(e);
                return [e.tagName, e.getAttribute('role') || '', e.innerText.slice(0, 40),
                        s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 || s.boxShadow !== 'none']; }"""))
            if len(seen) >= 40 and any(s[0] == "INPUT" or s[1] == "combobox" for s in seen) \
                    and any("Excel" in s[2] for s in seen):
                break
        focused = [s for s in seen if s[0] != "BODY"]
        assert len(focused) >= 20
        assert any(s[0] == "INPUT" or s[1] == "combobox" for s in focused), focused  # the year choice
        assert any("Excel" in s[2] for s in focused), focused  # a download button
        assert all(s[3] for s in focused), [s for s in focused if not s[3]][:5]
    finally:
        context.close()
