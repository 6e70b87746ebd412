"""Sign-in for real, offline: Chromium logs in through the OpenID Connect redirect flow and out again.

The identity provider is the PyPI package oidc-provider-mock, started on a free localhost port with one
predefined user per role (its authorisation form has a button per user). Streamlit reads an `[auth]` block
from a secrets.toml written for the test, exactly as in production with Entra ID. Also: the local mode
without `[auth]` is labelled, and refuses a server bound to the network or a client a proxy reports.
"""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

import pytest
from oidc_provider_mock import User, run_server_in_thread
from playwright.sync_api import expect

from dashboard import queries
from pipelines.themes.corrections import load_corrections
from tests.test_browser import SCREENSHOTS, chromium, serve, wait_for_app

pytestmark = pytest.mark.browser

USERS = {
    "lasare": User(sub="lisa-lasare", claims={"name": "Lisa Läsare", "roles": ["lasare"]}),
    "granskare": User(sub="gustav-granskare", claims={"name": "Gustav Granskare", "roles": ["granskare"]}),
    "administrator": User(sub="alva-admin", claims={"name": "Alva Administratör", "roles": ["administrator"]}),
    "utan roll": User(sub="nils-utan-roll", claims={"name": "Nils Utan Roll"}),
}
RETRAIN = "Träna om modellen med rättelserna"


@pytest.fixture(scope="module")
def provider():
    """oidc-provider-mock on a free localhost port; yields its discovery URL."""
    with run_server_in_thread(port=0, user_claims=list(USERS.values())) as server:
        yield f"http://localhost:{server.server_port}/.well-known/openid-configuration"


@pytest.fixture(scope="module")
def own_env(demo_env, tmp_path_factory) -> dict[str, Path]:
    """Private copies of the demo database and model and an empty user dir: the test writes and retrains."""
    root = tmp_path_factory.mktemp("auth")
    paths = {"db": root / "curated" / "utvardering.duckdb", "user": root / "user", "model": root / "model"}
    paths["db"].parent.mkdir()
    shutil.copy(demo_env["db"], paths["db"])
    shutil.copytree(demo_env["model"], paths["model"])
    return paths


@pytest.fixture(scope="module")
def auth_server(own_env, provider, tmp_path_factory):
    """The dashboard with sign-in configured: an [auth] block pointing at the mock provider."""
    secrets_file = tmp_path_factory.mktemp("secrets") / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'  # Streamlit fills in its own port
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        'client_id = "utvardering-test"\n'
        'client_secret = "test-hemlighet"\n'
        f'server_metadata_url = "{provider}"\n', encoding="utf-8")
    yield from serve(own_env, "--secrets.files", str(secrets_file))


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


@pytest.fixture
def page(browser):
    """A fresh browser context (no cookies) per test."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    yield context.new_page()
    context.close()


def sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def sign_in(page, server: str, role: str) -> None:
    """Open the dashboard, press "Logga in" and pick the user at the provider; back on Översikt."""
    page.goto(server)
    wait_for_app(page)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/oauth2/authorize**", timeout=30_000)
    page.get_by_role("button", name=USERS[role].sub, exact=True).click()
    page.wait_for_url(f"{server}/**", timeout=30_000)
    wait_for_app(page)


def open_granska(page, server: str) -> None:
    page.goto(f"{server}/fritext")
    wait_for_app(page)
    expect(page.locator("h1").first).to_contain_text("Fritextsvar och teman", timeout=60_000)
    page.get_by_role("tab", name="Granska").click()


def sign_out(page, server: str) -> None:
    """"Logga ut" in the sidebar, confirm at the provider's end-session page, back on the sign-in page."""
    sidebar(page).get_by_role("button", name="Logga ut").click()
    page.wait_for_url("**/oauth2/end_session**", timeout=30_000)
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{server}/**", timeout=30_000)
    wait_for_app(page)
    expect(page.get_by_role("button", name="Logga in")).to_be_visible(timeout=30_000)


def test_not_signed_in_sees_only_the_sign_in_page_also_on_a_deep_link(auth_server, page):
    page.goto(f"{auth_server}/fritext")
    wait_for_app(page)
    expect(page.get_by_role("button", name="Logga in")).to_be_visible(timeout=30_000)
    assert page.locator("h1").all_inner_texts() == ["Utvärdering av samverkan"]
    assert page.get_by_text("Fritextsvar och teman").count() == 0
    assert page.locator('[data-testid="stVegaLiteChart"], [data-testid="stDataFrame"]').count() == 0
    assert sidebar(page).count() == 0  # no page list, no filters
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "inloggning.png"))


def test_lasare_reads_but_cannot_correct_or_retrain(auth_server, page):
    sign_in(page, auth_server, "lasare")
    expect(page.locator("h1").first).to_contain_text("Översikt", timeout=60_000)
    expect(sidebar(page)).to_contain_text("Lisa Läsare")
    expect(sidebar(page)).to_contain_text("Roll: Läsare")
    open_granska(page, auth_server)
    expect(page.get_by_text("Du kan läsa granskningskön men inte ändra teman")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Modellen tränas om av en administratör")).to_be_visible()
    assert page.get_by_role("button", name="Spara").count() == 0
    assert page.get_by_role("button", name=RETRAIN).count() == 0
    sign_out(page, auth_server)


def test_granskare_corrects_a_theme_recorded_under_their_id(auth_server, own_env, page):
    sign_in(page, auth_server, "granskare")
    expect(sidebar(page)).to_contain_text("Roll: Granskare", timeout=60_000)
    open_granska(page, auth_server)
    assert page.get_by_role("button", name=RETRAIN).count() == 0
    first = queries.granskningsko(queries.fritextsvar_med_teman(queries.FritextUrval((2025,)))).svar_id[0]  # the queue's first answer (lowest konfidens)
    page.get_by_role("button", name="Spara").first.click()  # confirm its teman as they are
    expect(page.get_by_text(f"för svar {first} av Gustav Granskare")).to_be_visible(timeout=30_000)
    rows = load_corrections(own_env["user"])
    assert len(rows) and set(zip(rows["svar_id"], rows["anvandare"], rows["anvandar_id"])) == {
        (first, "Gustav Granskare", "gustav-granskare")}
    sign_out(page, auth_server)


def test_administrator_retrains(auth_server, own_env, page):
    sign_in(page, auth_server, "administrator")
    expect(sidebar(page)).to_contain_text("Roll: Administratör", timeout=60_000)
    open_granska(page, auth_server)
    expect(page.get_by_role("button", name="Spara").first).to_be_visible(timeout=60_000)
    before = own_env["db"].stat().st_mtime_ns
    page.get_by_role("button", name=RETRAIN).click()
    expect(page.get_by_text("Modellen tränades om")).to_be_visible(timeout=120_000)
    assert own_env["db"].stat().st_mtime_ns != before  # the re-tagged database was published
    sign_out(page, auth_server)


def test_signed_in_without_a_role_sees_no_data(auth_server, page):
    sign_in(page, auth_server, "utan roll")
    expect(page.get_by_text("men ditt konto har ingen roll i dashboarden")).to_be_visible(timeout=30_000)
    assert page.locator('[data-testid="stVegaLiteChart"], [data-testid="stDataFrame"]').count() == 0
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url("**/oauth2/end_session**", timeout=30_000)


# --- local mode (no [auth]) -----------------------------------------------------------------


@pytest.fixture(scope="module")
def local_server(demo_env):
    yield from serve(demo_env)


@pytest.fixture(scope="module")
def network_server(demo_env):
    """Without sign-in but bound to every interface, as `STREAMLIT_SERVER_ADDRESS=0.0.0.0` would."""
    yield from serve(demo_env, "--server.address", "0.0.0.0")


def test_local_mode_is_labelled(local_server, page):
    page.goto(local_server)
    wait_for_app(page)
    expect(page.locator("h1").first).to_contain_text("Översikt", timeout=60_000)
    expect(sidebar(page)).to_contain_text("Lokalt läge – ingen inloggning")
    assert page.get_by_role("button", name="Logga ut").count() == 0


def test_local_mode_refuses_a_server_bound_to_the_network(network_server, page):
    page.goto(f"{network_server}/fritext")
    wait_for_app(page)
    expect(page.get_by_text("startad på adressen 0.0.0.0")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("secrets.toml").first).to_be_visible()
    assert page.get_by_text("Fritextsvar och teman").count() == 0
    assert page.locator('[data-testid="stVegaLiteChart"], [data-testid="stDataFrame"]').count() == 0


def test_local_mode_refuses_a_client_a_proxy_reports_from_the_network(local_server, browser):
    context = browser.new_context(extra_http_headers={"X-Forwarded-For": "203.0.113.7"})
    page = context.new_page()
    page.goto(local_server)
    wait_for_app(page)
    expect(page.get_by_text("inte för besökare från nätverket")).to_be_visible(timeout=30_000)
    assert page.locator('[data-testid="stVegaLiteChart"], [data-testid="stDataFrame"]').count() == 0
    context.close()
