"""Real browser: a scenario saved on Förhandlingsscenarier is in the users' store and shows on Kommunprofil,
also after the server is restarted."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

import userstore
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, serve, wait_for_app

pytestmark = pytest.mark.browser
NAME = "Tak 10 % (webbläsartest)"


@pytest.fixture
def store_env(demo_env, tmp_path, monkeypatch):
    """The demo database with a users' store of this test's own."""
    env = {**demo_env, "user": tmp_path / "user"}
    monkeypatch.setenv("UTV_USER_DIR", str(env["user"]))
    return env


def open_page(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    return browser, browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE").new_page()


def test_saved_scenario_is_stored_and_shown_on_kommunprofil_after_a_restart(store_env):
    assert Path(CHROMIUM).exists(), f"Chromium saknas: {CHROMIUM}"
    with sync_playwright() as playwright:
        for url in serve(store_env):
            browser, page = open_page(playwright)
            page.goto(f"{url}/scenarier")
            wait_for_app(page)
            expect(page.locator("h1").first).to_contain_text("Förhandlingsscenarier", timeout=60_000)
            page.get_by_text("Tak för förändring", exact=True).click()
            wait_for_app(page)
            page.get_by_label("Namn på scenariot").fill(NAME)
            page.get_by_label("Namn på scenariot").press("Enter")
            wait_for_app(page)
            page.get_by_role("button", name="Spara scenario").click()
            expect(page.get_by_text(f"Scenariot '{NAME}' är sparat av Lokal användare.")).to_be_visible(
                timeout=60_000)
            browser.close()
        assert [s["namn"] for s in userstore.list_scenarios()] == [NAME]
        for url in serve(store_env):  # a new server process: only the users' store remembers the scenario
            browser, page = open_page(playwright)
            page.goto(f"{url}/kommunprofil")
            wait_for_app(page)
            expect(page.get_by_text("Umeå i de sparade scenarierna 2026–2030")).to_be_visible(timeout=60_000)
            assert page.get_by_text("Inga förhandlingsscenarier är sparade ännu").count() == 0
            assert page.locator('[data-testid="stException"]').count() == 0
            browser.close()
