"""Real browser: an administrator uploads a changed anslag workbook through the file picker, publishes it and
sees the new figure on Finansiering (Debian's Chromium, helpers from tests/test_browser.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

from tests.importdata import anslag_with_umea
from tests.test_accessibility_browser import WCAG_AA
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, serve, wait_for_app

pytestmark = pytest.mark.browser
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def kr(amount: str) -> re.Pattern:
    """An amount as the page writes it, with any space (no-break or not) between the digit groups."""
    return re.compile(amount.replace(" ", r"\s"))


def test_uploaded_anslag_workbook_is_previewed_published_and_shown_on_finansiering(workspace, tmp_path):
    assert Path(CHROMIUM).exists(), f"Chromium saknas: {CHROMIUM} (installera Debian-paketet chromium)"
    server = serve(workspace, UTV_IMPORT_DIR=str(tmp_path / "imports"))
    url = next(server)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE").new_page()
            page.goto(f"{url}/dataimport")
            wait_for_app(page)
            expect(page.locator("h1").first).to_contain_text("Dataimport", timeout=60_000)
            page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
                {"name": "Anslag 2025 rättad.xlsx", "mimeType": XLSX, "buffer": anslag_with_umea(3_900_000)})
            expect(page.get_by_text(kr("Umeå anslag 2025: 3 695 600 kr → 3 900 000 kr"))).to_be_visible(
                timeout=120_000)
            expect(page.get_by_text("känns igen som")).to_contain_text("kommunala anslag")
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "dataimport.png"), full_page=True)
            results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
            serious = [f"{v['id']}: {v['help']}" for v in results.response["violations"]
                       if v["impact"] in ("serious", "critical")]
            assert not serious, serious  # the preview (metrics, change list, tables) is WCAG 2.1 AA as well
            page.get_by_role("button", name="Publicera").click()
            expect(page.get_by_text("Översikt visar den nya inläsningstiden")).to_be_visible(timeout=120_000)
            assert page.locator('[data-testid="stException"]').count() == 0

            sidebar = page.locator('[data-testid="stSidebar"]')
            sidebar.get_by_role("link", name="Finansiering").click()
            wait_for_app(page)
            expect(page.locator("h1").first).to_contain_text("Finansiering", timeout=60_000)
            sidebar.get_by_placeholder("Alla kommuner").first.click()
            page.keyboard.type("Umeå")
            page.get_by_role("option", name="Umeå").click(timeout=30_000)
            page.keyboard.press("Escape")
            wait_for_app(page)
            page.locator('[data-testid="stButtonGroup"] button').filter(has_text=re.compile(r"^2025$")).click()
            wait_for_app(page)
            metric = page.locator('[data-testid="stMetric"]').filter(has_text="Anslag 2025, valda kommuner")
            expect(metric).to_contain_text(kr("3 900 000 kr"), timeout=60_000)
            page.screenshot(path=str(tmp_path / "finansiering.png"), full_page=True)
            browser.close()
    finally:
        next(server, None)
