"""Browser: no English toolbar or widget text is visible, and a link with page state opens (and reloads) that view."""

from __future__ import annotations


import pytest
from playwright.sync_api import expect

from tests.test_browser import desktop_pages, serve, wait_for_app

pytestmark = pytest.mark.browser
ENGLISH = ["Show data", "Download as CSV", "Download as PNG", "Search", "Fullscreen", "View source",
           "Open in Vega Editor", "Save as PNG", "Save as SVG"]


@pytest.fixture(scope="module")
def server(demo_env):
    yield from serve(demo_env)


@pytest.fixture(scope="module")
def page(server):
    yield from desktop_pages()


def visible_english(page) -> list[str]:
    """English toolbar texts that a user can see (as text, label or title) on the page."""
    found = []
    for text in ENGLISH:
        for locator in (page.get_by_text(text, exact=True), page.get_by_label(text, exact=True),
                        page.get_by_title(text, exact=True)):
            if locator.locator("visible=true").count():
                found.append(text)
    return found


def test_no_english_toolbar_on_charts_and_tables(server, page):
    page.goto(f"{server}/utvardering")
    wait_for_app(page)
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.locator("canvas, svg").first.wait_for(state="visible", timeout=60_000)
    assert page.locator('[data-testid="stElementToolbar"]').count() > 0  # Streamlit draws them ...
    chart.hover()
    page.wait_for_timeout(500)
    assert visible_english(page) == []  # ... but none is visible, also on hover
    page.locator('[data-testid="stDataFrame"]').first.hover()
    page.wait_for_timeout(500)
    assert visible_english(page) == []


def test_empty_search_in_a_multiselect_reads_swedish(server, page):
    page.goto(f"{server}/utvardering")
    wait_for_app(page)
    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"] input').first.click()
    page.keyboard.type("xyzzy")
    expect(page.get_by_text("Inga träffar", exact=True).first).to_be_visible(timeout=30_000)
    content = page.content()  # not in the page at all, so a screen reader never reads them
    assert [t for t in ("No results", "Link to heading", "Skip to main content") if t in content] == []
    assert "Hoppa till huvudinnehållet" in content and "Länk till rubriken" in content
    page.keyboard.press("Escape")


def test_widget_scripts_are_served_in_swedish(server):
    """Every English text the middleware translates is still in the installed Streamlit, and none is served."""
    import re
    import urllib.request
    from pathlib import Path

    import streamlit

    from dashboard.serve import FRONTEND_TEXTS, TRANSLATED_SCRIPTS

    scripts = [f for f in (Path(streamlit.__file__).parent / "static" / "static" / "js").glob("*.js")
               if re.fullmatch(TRANSLATED_SCRIPTS, f.name)]
    installed = b"".join(f.read_bytes() for f in scripts)
    assert [e for e in FRONTEND_TEXTS if e.encode() not in installed] == []
    served = b"".join(urllib.request.urlopen(f"{server}/static/js/{f.name}", timeout=10).read() for f in scripts)
    assert [e for e in FRONTEND_TEXTS if e.encode() in served] == []
    assert "`Inga träffar`".encode() in served and "`Välj alla`".encode() in served
    assert "`Hoppa till huvudinnehållet`".encode() in served and "`Länk till rubriken`".encode() in served


def test_link_with_state_opens_and_reload_keeps_the_view(server, page):
    page.goto(f"{server}/utvardering?kommun=2422&kommun=2480&fragegrupp=Syften")
    wait_for_app(page)
    sidebar = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')
    expect(sidebar).to_contain_text("Sorsele", timeout=30_000)
    expect(sidebar).to_contain_text("Umeå")
    note = "Jämförelsen gäller 1 kommun som svarat i alla utvärderingarna 2023, 2024 och 2025"
    expect(page.get_by_text(note).first).to_be_visible(timeout=30_000)
    page.reload()
    wait_for_app(page)
    expect(sidebar).to_contain_text("Sorsele", timeout=30_000)
    expect(page.get_by_text(note).first).to_be_visible(timeout=30_000)
    assert "kommun=2422" in page.url and "utvardering=2025" in page.url


@pytest.fixture
def own_store_server(demo_env, tmp_path):
    """A server with a users' store of its own, so the rapportunderlag starts empty."""
    yield from serve(demo_env, UTV_USER_DIR=str(tmp_path / "user"))


def test_reload_keeps_the_rapportunderlag(own_store_server, page):
    page.goto(f"{own_store_server}/utmaningar")
    wait_for_app(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar).to_contain_text("Tomt", timeout=60_000)
    page.locator(".st-key-chart-utmaningar-2025-per-delstrategi-basket button").first.click()
    wait_for_app(page)
    expect(sidebar).to_contain_text("1 diagram och 0 citat", timeout=30_000)
    page.reload()
    wait_for_app(page)
    expect(sidebar).to_contain_text("1 diagram och 0 citat", timeout=60_000)
    page.goto(f"{own_store_server}/oversikt")  # a new page load, as after a new session
    wait_for_app(page)
    expect(sidebar).to_contain_text("1 diagram och 0 citat", timeout=60_000)
