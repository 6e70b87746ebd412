"""Sign-in and roles: the pure rules, and AppTest runs of app.py and the Fritext page with st.user set."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import queries
from dashboard.auth import (
    LOCAL_MODE_LABEL,
    Action,
    Role,
    User,
    local_access_refusal,
    may,
    parse_role_map,
    provider_name,
    role_label,
    roles_from_claims,
    user_from_claims,
)
from pipelines.settings import setting_str
from pipelines.themes.corrections import load_corrections
from tests.conftest import on_tab, page_path

APP = str(Path(__file__).resolve().parents[1] / "app.py")
DEFAULT_MAP = parse_role_map(setting_str("auth_role_map"))
L, G, A = Role.LASARE, Role.GRANSKARE, Role.ADMINISTRATOR


def signed_in(sub: str, name: str, *roles: str, **claims) -> dict:
    """st.user as Streamlit fills it from an ID token after sign-in."""
    return {"is_logged_in": True, "sub": sub, "name": name, "roles": list(roles), **claims}


# --- pure rules ------------------------------------------------------------------


def test_default_role_map_is_the_three_roles_by_name():
    assert DEFAULT_MAP == {"lasare": L, "granskare": G, "administrator": A}


def test_role_map_from_entra_app_role_values_ignores_case_and_spaces():
    mapping = parse_role_map(" Utvardering.Lasare = lasare ,Utvardering.Admin=administrator,")
    assert mapping == {"utvardering.lasare": L, "utvardering.admin": A}
    assert roles_from_claims({"roles": ["UTVARDERING.ADMIN"]}, "roles", mapping) == {A}


@pytest.mark.parametrize("text", ["lasare", "x=superuser", "=granskare"])
def test_role_map_rejects_a_bad_pair_in_swedish(text):
    with pytest.raises(ValueError, match="Ogiltig rollmappning"):
        parse_role_map(text)


@pytest.mark.parametrize("claims, expected", [
    ({"roles": ["granskare"]}, {G}),
    ({"roles": ["lasare", "administrator", "okand"]}, {L, A}),
    ({"roles": "granskare administrator"}, {G, A}),  # some providers send one string
    ({"roles": []}, set()),
    ({}, set()),
    ({"groups": ["administrator"]}, set()),  # another claim does not count
])
def test_roles_from_claims(claims, expected):
    assert roles_from_claims(claims, "roles", DEFAULT_MAP) == expected


def test_roles_come_from_the_configured_claim():
    assert roles_from_claims({"app_roles": ["granskare"], "roles": ["administrator"]}, "app_roles",
                             DEFAULT_MAP) == {G}


def test_user_id_is_entra_oid_before_sub_and_name_falls_back():
    entra = user_from_claims({"sub": "pairwise-x", "oid": "9f1c-guid", "name": "Anna Andersson",
                              "roles": ["granskare"]}, "roles", DEFAULT_MAP)
    assert entra == User(id="9f1c-guid", name="Anna Andersson", roles=frozenset({G}))
    assert user_from_claims({"sub": "s1", "preferred_username": "anna@rvn.se"}, "roles", DEFAULT_MAP).name == \
        "anna@rvn.se"
    assert user_from_claims({"sub": "s1"}, "roles", DEFAULT_MAP).name == "s1"
    with pytest.raises(ValueError, match="saknar"):
        user_from_claims({"name": "Utan id"}, "roles", DEFAULT_MAP)


ALL = list(Action)
ALLOWED = {
    L: {Action.READ},
    G: {Action.READ, Action.CORRECT_THEMES, Action.SAVE_SCENARIOS},
    A: set(ALL),
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", ALL)
def test_permissions_per_role(role, action):
    assert may(User("u", "U", frozenset({role})), action) is (action in ALLOWED[role])


def test_no_user_and_no_role_may_nothing_and_roles_add_up():
    assert not any(may(None, a) for a in ALL)
    assert not any(may(User("u", "U", frozenset()), a) for a in ALL)
    assert may(User("u", "U", frozenset({L, G})), Action.CORRECT_THEMES)


def test_role_label_is_the_highest_role_in_swedish():
    assert role_label(User("u", "U", frozenset({L, A}))) == "Administratör"
    assert role_label(User("u", "U", frozenset({G}))) == "Granskare"
    assert role_label(User("u", "U", frozenset())) == "Ingen roll"


@pytest.mark.parametrize("server, client, headers", [
    ("localhost", None, {}),
    ("127.0.0.1", None, {}),
    ("::1", "::1", {}),
    ("localhost", "::ffff:127.0.0.1", {}),
    ("localhost", None, {"X-Forwarded-For": "127.0.0.1"}),  # a proxy on this machine for a local browser
    ("localhost", None, {"Forwarded": 'for="[::1]:51000";proto=http'}),
])
def test_local_mode_serves_this_machine(server, client, headers):
    assert local_access_refusal(server, client, headers) is None


@pytest.mark.parametrize("server, client, headers, why", [
    ("0.0.0.0", None, {}, "adressen 0.0.0.0"),
    (None, None, {}, "alla nätverksadresser"),  # Streamlit's default binds every interface
    ("", None, {}, "alla nätverksadresser"),
    ("192.0.2.2", None, {}, "adressen 192.0.2.2"),
    ("localhost", "192.0.2.7", {}, "besökare från nätverket"),
    ("localhost", None, {"X-Forwarded-For": "203.0.113.9, 127.0.0.1"}, "besökare från nätverket"),
    ("localhost", None, {"x-real-ip": "10.1.2.3"}, "besökare från nätverket"),
    ("localhost", None, {"Forwarded": "for=192.0.2.60;proto=https"}, "besökare från nätverket"),
    ("localhost", None, {"Forwarded": "for=_hidden"}, "besökare från nätverket"),
])
def test_local_mode_refuses_a_non_local_server_or_client_and_says_how_to_configure(server, client, headers, why):
    message = local_access_refusal(server, client, headers)
    assert why in message
    assert "[auth]" in message and ".streamlit/secrets.toml" in message and "server_metadata_url" in message


def test_provider_default_or_first_named():
    assert provider_name({"redirect_uri": "x", "client_id": "c"}) is None
    assert provider_name({"redirect_uri": "x", "cookie_secret": "s", "microsoft": {"client_id": "c"}}) == \
        "microsoft"


# --- AppTest: the entry file's gate ----------------------------------------------------


def app(user: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if user is not None:
        at.user = user
    return at


def sidebar_texts(at) -> list[str]:
    return [e.value for e in [*at.sidebar.markdown, *at.sidebar.caption, *at.sidebar.text]]


def test_local_mode_is_labelled_and_shows_the_pages(demo_env):
    at = app().run()  # AppTest's st.user has no is_logged_in: no [auth] configured
    assert not at.exception
    assert f"**{LOCAL_MODE_LABEL}**" in sidebar_texts(at)
    assert at.title[0].value == "Översikt"
    assert not any(b.label == "Logga ut" for b in at.button)


def test_not_signed_in_shows_only_the_sign_in_page(demo_env):
    at = app({"is_logged_in": False}).run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Logga in"]
    assert [t.value for t in at.title] == ["Utvärdering av samverkan"]
    assert not at.sidebar.markdown and not at.dataframe and not at.get("vega_lite_chart")


def test_signed_in_user_sees_name_role_and_logout(demo_env):
    # Clicking "Logga ut" is tested in the browser (tests/test_auth_browser.py): AppTest does not deliver clicks
    # on app.py's own widgets while a pages/ folder exists next to it.
    at = app(signed_in("gustav-1", "Gustav Granskare", "granskare")).run()
    assert not at.exception
    assert at.title[0].value == "Översikt"
    assert {"Gustav Granskare", "Roll: Granskare"} <= set(sidebar_texts(at))
    assert at.sidebar.button(key="auth_logga_ut").label == "Logga ut"


def test_signed_in_without_a_role_is_told_to_ask_for_one(demo_env):
    at = app(signed_in("nils-1", "Nils Utan Roll")).run()
    assert not at.exception
    assert any("ingen roll" in e.value and "Nils Utan Roll" in e.value for e in at.error)
    assert [b.label for b in at.button] == ["Logga ut"]
    assert not at.dataframe


def test_roles_claim_and_mapping_come_from_the_settings(demo_env, monkeypatch):
    monkeypatch.setenv("UTV_AUTH_ROLES_CLAIM", "app_roles")
    monkeypatch.setenv("UTV_AUTH_ROLE_MAP", "Utvardering.Admin=administrator")
    at = app(signed_in("alva-1", "Alva Admin", "granskare", app_roles=["Utvardering.Admin"])).run()
    assert not at.exception
    assert "Roll: Administratör" in sidebar_texts(at)


def test_a_broken_role_setting_ends_in_swedish_words_not_a_traceback(demo_env, monkeypatch):
    monkeypatch.setenv("UTV_AUTH_ROLE_MAP", "granskare")
    at = app(signed_in("gustav-1", "Gustav Granskare", "granskare")).run()
    assert not at.exception
    assert any("Inloggningen kunde inte läsas" in e.value and "Ogiltig rollmappning" in e.value for e in at.error)
    assert not at.dataframe


# --- AppTest: what each role may do on the Fritext page ------------------------------------


def fritext(user: dict) -> AppTest:
    at = on_tab(AppTest.from_file(page_path("fritext.py"), default_timeout=60), "Granska")
    at.user = user
    return at.run()


@pytest.mark.parametrize("roles, corrects, retrains", [
    (["lasare"], False, False),
    (["granskare"], True, False),
    (["administrator"], True, True),
    (["lasare", "granskare"], True, False),
])
def test_fritext_review_and_retrain_follow_the_role(demo_env, roles, corrects, retrains):
    at = fritext(signed_in("u-1", "Användare", *roles))
    assert not at.exception
    first = queries.granskningsko(queries.fritextsvar_med_teman(queries.FritextUrval((2025,)))).svar_id[0]
    spara = [b for b in at.button if b.key == f"spara-{first}"]
    assert bool(spara) is corrects
    assert bool([m for m in at.multiselect if m.key == f"granska-{first}"]) is corrects
    assert any("inte ändra teman" in i.value for i in at.info) is not corrects
    assert bool([b for b in at.button if b.key == "fritext_trana_om"]) is retrains
    assert any("tränas om av en administratör" in i.value for i in at.info) is not retrains
    assert not any(t.label == "Ditt namn" for t in at.text_input)  # who is the signed-in user, never typed


def test_local_mode_records_corrections_as_the_local_user(demo_env, tmp_path, monkeypatch):
    monkeypatch.setenv("UTV_USER_DIR", str(tmp_path))
    at = on_tab(AppTest.from_file(page_path("fritext.py"), default_timeout=60), "Granska").run()  # no [auth]: local mode
    first = queries.granskningsko(queries.fritextsvar_med_teman(queries.FritextUrval((2025,)))).svar_id[0]
    at.button(key=f"spara-{first}").click().run()
    assert not at.exception
    log = load_corrections(tmp_path)
    assert set(zip(log["svar_id"], log["anvandare"], log["anvandar_id"])) == {(first, "Lokal användare", "lokal")}
