"""Real-browser test: Playwright drives Debian's Chromium against `streamlit run app.py`.

Checks what only a browser shows: every page renders its title and first chart without a
Streamlit exception box, charts are drawn, and the sidebar choice survives page changes.
Saves a screenshot of each page to docs/screenshots/ (used by the README). A missing
browser fails this test; it never skips.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect, sync_playwright

from dashboard.navigation import app_pages

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("UTV_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
ALL_PAGES = [(sida.url_path, sida.title, Path(sida.script).stem) for sida in app_pages()]
# Pages without a chart are driven by their own tests (Tillgänglighet: AppTest and the accessibility browser test;
# Dataimport: AppTest and tests/test_dataimport_browser.py).
PAGES_WITHOUT_CHARTS = {"tillganglighet", "dataimport"}
PAGES = [page for page in ALL_PAGES if page[2] not in PAGES_WITHOUT_CHARTS]

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(demo_env):
    """A Streamlit server on localhost serving app.py against the demo database."""
    yield from serve(demo_env)


@pytest.fixture
def fresh_server(demo_env):
    """A server no browser has visited yet (deep links must still get app.py's navigation)."""
    yield from serve(demo_env)


def serve(demo_env, *options: str, **extra_env: str):
    """Start `streamlit run serve.py` (app.py behind the Swedish-language middleware) on a free port, yield its URL, stop it afterwards.

    `options` are further command-line options (a repeated option overrides the defaults here).
    """
    port = free_port()
    env = {**os.environ, "UTV_DB_PATH": str(demo_env["db"]), "UTV_USER_DIR": str(demo_env["user"]),
           "UTV_MODEL_DIR": str(demo_env["model"]), **extra_env}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         *options],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail(f"streamlit did not start: {process.stdout.read().decode(errors='replace')[-2000:]}")
    yield url
    process.terminate()
    process.wait(timeout=20)


def chromium():
    """Debian's Chromium driven by Playwright, closed afterwards; a missing browser fails, it never skips."""
    assert Path(CHROMIUM).exists(), f"Chromium saknas: {CHROMIUM} (installera Debian-paketet chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def desktop_pages():
    """One desktop-sized Swedish page in a fresh Chromium (for module-scoped fixtures: `yield from`)."""
    for browser in chromium():
        yield browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE").new_page()


@pytest.fixture(scope="module")
def page(server):
    yield from desktop_pages()


def wait_for_app(page) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def first_visible_chart(page):
    """The page's first chart; if none shows, open the page's tabs in turn (only the open tab's content runs)."""
    visible = page.locator('[data-testid="stVegaLiteChart"]').locator("visible=true")

    def shown(timeout: int) -> bool:
        try:
            visible.first.wait_for(state="visible", timeout=timeout)
            return True
        except PlaywrightTimeoutError:
            return False

    if shown(30_000):
        return visible.first
    tabs = page.get_by_role("tab")  # counted only now: the page has finished drawing
    for index in range(tabs.count()):
        if tabs.nth(index).get_attribute("aria-selected") == "true":
            continue  # already open and without a chart
        tabs.nth(index).click()
        wait_for_app(page)
        if shown(30_000):
            return visible.first
    raise AssertionError("Inget diagram syns på sidan, inte heller under någon flik.")


@pytest.mark.parametrize("path, title, shot", PAGES, ids=[p[2] for p in PAGES])
def test_page_shows_title_and_first_chart(server, page, path, title, shot):
    page.goto(f"{server}/{path}")
    wait_for_app(page)
    expect(page.locator("h1").first).to_contain_text(title, timeout=60_000)
    chart = first_visible_chart(page)
    expect(chart).to_be_visible(timeout=60_000)
    chart.locator("canvas, svg").first.wait_for(state="visible", timeout=60_000)
    page.wait_for_timeout(800)
    assert page.locator('[data-testid="stException"]').count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{shot}.png"), full_page=True)
    box = chart.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100


def test_sidebar_kommun_choice_persists_across_pages(server, page):
    page.goto(f"{server}/utvardering")
    wait_for_app(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("combobox").filter(has=page.get_by_placeholder("Alla kommuner")).or_(
        sidebar.get_by_placeholder("Alla kommuner")).first.click()
    page.keyboard.type("Umeå")
    page.get_by_role("option", name="Umeå").click(timeout=30_000)
    page.keyboard.press("Escape")
    wait_for_app(page)
    expect(sidebar.locator('[data-testid="stMultiSelect"]')).to_contain_text("Umeå", timeout=30_000)
    sidebar.get_by_role("link", name="Finansiering").click()
    wait_for_app(page)
    expect(page.locator("h1").first).to_contain_text("Finansiering", timeout=60_000)
    expect(sidebar.locator('[data-testid="stMultiSelect"]')).to_contain_text("Umeå", timeout=30_000)
    expect(sidebar.get_by_role("link", name="Översikt")).to_be_visible()


def test_deep_link_on_fresh_server_uses_app_navigation(fresh_server, page):
    page.goto(f"{fresh_server}/budget")
    wait_for_app(page)
    expect(page.locator("h1").first).to_contain_text("Budgetuppföljning", timeout=60_000)
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_role("link", name="Budgetuppföljning")).to_be_visible(timeout=30_000)
    assert page.get_by_text("Page not found").count() == 0


def sidebar_of(page):
    return page.locator('[data-testid="stSidebar"]')


def test_rapportunderlag_collects_across_pages_and_downloads_docx(server, page, tmp_path):
    import docx

    page.goto(f"{server}/budget")
    wait_for_app(page)
    expect(page.locator("h1").first).to_contain_text("Budgetuppföljning", timeout=60_000)
    page.locator(".st-key-chart-budget-2025-beredningen-manadsvis-basket button").first.click()
    wait_for_app(page)
    expect(sidebar_of(page)).to_contain_text("1 diagram", timeout=30_000)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("link", name="Utmaningar per delstrategi").click()
    wait_for_app(page)
    expect(page.locator("h1").first).to_contain_text("Utmaningar", timeout=60_000)
    page.locator(".st-key-chart-utmaningar-2025-per-delstrategi-basket button").first.click()
    wait_for_app(page)
    expect(sidebar).to_contain_text("2 diagram", timeout=30_000)
    with page.expect_download(timeout=60_000) as download_info:
        sidebar.get_by_role("button", name="Ladda ned (.docx)").click()
    target = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(target)
    assert target.name.startswith("rapportunderlag-") and target.suffix == ".docx"
    document = docx.Document(str(target))
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert len(captions) == 2 and len(document.inline_shapes) == 2
    assert any("budget och ackumulerat utfall" in c for c in captions)
