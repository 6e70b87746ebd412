"""Who is using the dashboard and what they may do: sign-in through OpenID Connect, roles, local mode.

Sign-in is Streamlit's own (`st.login` / `st.user` / `st.logout`, configured by an `[auth]` block in
`.streamlit/secrets.toml`). The roles come from a claim of the ID token; the claim's name and the mapping
from claim values to the three roles are settings (`auth_roles_claim`, `auth_role_map`).

Without `[auth]` the dashboard runs in a single-user local mode that serves only this machine.

The pure functions (`roles_from_claims`, `user_from_claims`, `may`, `local_access_refusal`, ...) hold the
rules; `current_user`, `require` and `gate` are the Streamlit glue the entry file and the pages call.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

import streamlit as st

from dashboard.markdown import escape_markdown
from pipelines.settings import setting_str

if TYPE_CHECKING:
    from streamlit.navigation.page import StreamlitPage

LOGGER = logging.getLogger(__name__)


class Role(StrEnum):
    """The dashboard's roles; each includes what the one before it may do."""

    LASARE = "lasare"
    GRANSKARE = "granskare"
    ADMINISTRATOR = "administrator"


class Action(StrEnum):
    """What a user may be allowed to do."""

    READ = "read"                      # every page, every export
    CORRECT_THEMES = "correct_themes"  # add and remove theme tags of free-text answers
    SAVE_SCENARIOS = "save_scenarios"  # save negotiation scenarios and rapportunderlag baskets
    IMPORT_DATA = "import_data"        # import data files, publish, roll back
    REBUILD = "rebuild"                # rebuild the database
    RETRAIN = "retrain"                # retrain the theme model


_READER = frozenset({Action.READ})
_REVIEWER = _READER | {Action.CORRECT_THEMES, Action.SAVE_SCENARIOS}
PERMISSIONS: Mapping[Role, frozenset[Action]] = {
    Role.LASARE: _READER,
    Role.GRANSKARE: _REVIEWER,
    Role.ADMINISTRATOR: _REVIEWER | {Action.IMPORT_DATA, Action.REBUILD, Action.RETRAIN},
}
ROLE_LABELS: Mapping[Role, str] = {
    Role.LASARE: "Läsare",
    Role.GRANSKARE: "Granskare",
    Role.ADMINISTRATOR: "Administratör",
}
ACTION_TEXTS: Mapping[Action, str] = {
    Action.READ: "läsa dashboarden",
    Action.CORRECT_THEMES: "rätta teman",
    Action.SAVE_SCENARIOS: "spara scenarier",
    Action.IMPORT_DATA: "importera data",
    Action.REBUILD: "bygga om databasen",
    Action.RETRAIN: "träna om temamodellen",
}

LOCAL_MODE_LABEL = "Lokalt läge – ingen inloggning"
SIGN_IN_SETUP = (
    "Konfigurera inloggning med Microsoft Entra ID: lägg ett block `[auth]` med `redirect_uri`, `cookie_secret`, "
    "`client_id`, `client_secret` och `server_metadata_url` i `.streamlit/secrets.toml` och starta om "
    "dashboarden (se README, avsnittet om inloggning). Utan inloggning går den bara att använda på "
    "servern själv, via http://localhost:8501."
)


@dataclass(frozen=True)
class User:
    """A user of the dashboard: stable id, display name and roles."""

    id: str
    name: str
    roles: frozenset[Role]
    local: bool = False


LOCAL_USER = User(id="lokal", name="Lokal användare", roles=frozenset(Role), local=True)


# --- pure rules -------------------------------------------------------------------


def parse_role_map(text: str) -> dict[str, Role]:
    """Parse `claim value=role` pairs separated by commas; raise ValueError (Swedish) on a bad pair."""
    mapping: dict[str, Role] = {}
    for pair in filter(None, (p.strip() for p in text.split(","))):
        value, sep, role = (part.strip() for part in pair.partition("="))
        if not sep or not value or role not in {r.value for r in Role}:
            raise ValueError(f"Ogiltig rollmappning {pair!r}: skriv 'värde i token=roll' där roll är "
                             f"{', '.join(Role)}.")
        mapping[value.casefold()] = Role(role)
    return mapping


def claim_values(value: object) -> list[str]:
    """A claim as a list of strings: a JSON list as is, a string split on commas and spaces."""
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in re.split(r"[,\s]+", value) if v]
    if isinstance(value, Iterable):
        return [str(v) for v in value]
    return [str(value)]


def roles_from_claims(claims: Mapping[str, object], claim: str, role_map: Mapping[str, Role]) -> frozenset[Role]:
    """The roles the ID-token claims give (values not in the mapping are ignored; case does not matter)."""
    return frozenset(role_map[v.casefold()] for v in claim_values(claims.get(claim)) if v.casefold() in role_map)


def user_from_claims(claims: Mapping[str, object], claim: str, role_map: Mapping[str, Role]) -> User:
    """The signed-in user: id from `oid` (Entra ID, stable across apps) or `sub`; name from `name`,
    `preferred_username` or `email`."""
    user_id = str(claims.get("oid") or claims.get("sub") or "")
    if not user_id:
        raise ValueError("ID-token saknar både 'oid' och 'sub'.")
    name = next((str(claims[k]) for k in ("name", "preferred_username", "email") if claims.get(k)), user_id)
    return User(id=user_id, name=name, roles=roles_from_claims(claims, claim, role_map))


def may(user: User | None, action: Action) -> bool:
    """Whether the user may do the action (no user may do nothing)."""
    return user is not None and any(action in PERMISSIONS[role] for role in user.roles)


def role_label(user: User) -> str:
    """The user's highest role in Swedish, e.g. 'Granskare'; 'Alla roller' in local mode."""
    if user.local:
        return "Alla roller"
    highest = max(user.roles, key=list(Role).index, default=None)
    return ROLE_LABELS[highest] if highest else "Ingen roll"


def is_loopback(address: str | None) -> bool:
    """Whether an address or host name is this machine (127.0.0.0/8, ::1, IPv4-mapped, 'localhost')."""
    if not address:
        return False
    host = address.strip().strip('"').strip("[]")
    if host.casefold() == "localhost":
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return ip.is_loopback or bool(mapped and mapped.is_loopback)


def _forwarded_for(value: str) -> str:
    """The address in a `Forwarded: for=` value: '"[2001:db8::1]:443"' -> '2001:db8::1'."""
    value = value.strip('"')
    if value.startswith("["):
        return value[1:].split("]")[0]
    return value.split(":")[0] if value.count(":") == 1 else value


def forwarded_clients(headers: Mapping[str, str]) -> list[str]:
    """Client addresses a reverse proxy reports (X-Forwarded-For, X-Real-IP, Forwarded: for=...)."""
    lowered = {k.casefold(): v for k, v in headers.items()}
    found = [a.strip() for a in lowered.get("x-forwarded-for", "").split(",") if a.strip()]
    if lowered.get("x-real-ip", "").strip():
        found.append(lowered["x-real-ip"].strip())
    found += [_forwarded_for(m) for m in re.findall(r'for=("[^"]*"|[^;,\s]+)', lowered.get("forwarded", ""),
                                                   re.IGNORECASE)]
    return found


def local_access_refusal(server_address: str | None, client_ip: str | None,
                         headers: Mapping[str, str]) -> str | None:
    """Why local mode (no sign-in) must not serve this request, in Swedish; None when it may.

    Local mode serves only this machine: the server must listen on a loopback address
    (`server.address`; unset means every interface) and the client must be local
    (`client_ip` None means loopback in Streamlit) with no proxy reporting another client.
    """
    if not is_loopback(server_address):
        where = f"adressen {server_address}" if server_address else "alla nätverksadresser"
        return (f"Dashboarden är startad på {where} men har ingen inloggning konfigurerad. "
                f"Utan inloggning visas den bara på servern själv. {SIGN_IN_SETUP}")
    clients = ([client_ip] if client_ip else []) + forwarded_clients(headers)
    if any(not is_loopback(c) for c in clients):
        return ("Dashboarden har ingen inloggning konfigurerad och visas därför bara på servern själv, "
                f"inte för besökare från nätverket. {SIGN_IN_SETUP}")
    return None


def provider_name(auth_section: Mapping[str, object]) -> str | None:
    """The provider to sign in with: None for the unnamed one in `[auth]`, else the first `[auth.<name>]`."""
    if "client_id" in auth_section:
        return None
    return next((k for k, v in auth_section.items() if isinstance(v, Mapping)), None)


# --- Streamlit glue -----------------------------------------------------------------


def _role_map() -> dict[str, Role]:
    return parse_role_map(setting_str("auth_role_map"))


def auth_configured() -> bool:
    """Whether sign-in is configured: Streamlit gives st.user `is_logged_in` only when `[auth]` exists."""
    return "is_logged_in" in st.user


def local_refusal() -> str | None:
    """`local_access_refusal` for the current request.

    `st.context.ip_address` is the peer's address as text, or None for a loopback peer; anything else
    (AppTest's stand-in for the server, which has no network peer) counts as no peer.
    """
    client_ip = st.context.ip_address
    return local_access_refusal(st.get_option("server.address"), client_ip if isinstance(client_ip, str) else None,
                                st.context.headers)


def current_user() -> User | None:
    """The signed-in user, the local user in local mode, or None (not signed in, or local mode refused)."""
    if not auth_configured():
        return None if local_refusal() else LOCAL_USER
    if not st.user.is_logged_in:
        return None
    return user_from_claims(st.user.to_dict(), setting_str("auth_roles_claim"), _role_map())


def require(action: Action) -> User:
    """The current user if they may do the action; otherwise a Swedish message and the script stops."""
    try:
        user = current_user()
    except ValueError:  # an unusable token or role setting: app.py's gate explains it
        user = None
    if not may(user, action):
        st.error(f"Du har inte behörighet att {ACTION_TEXTS[action]}. Be en administratör om en roll som "
                 "tillåter det.")
        st.stop()
    return user


def _sign_in() -> None:
    """The sign-in page: a title, one sentence and the 'Logga in' button."""
    st.title("Utvärdering av samverkan")
    st.write("Logga in med ditt konto i Region Västerbotten för att se dashboarden.")
    if st.button("Logga in", type="primary", icon=":material/login:", key="auth_logga_in"):
        try:
            st.login(provider_name(st.secrets.get("auth", {})))
        except Exception:  # noqa: BLE001 - a broken [auth] block must end in words, not a traceback
            LOGGER.exception("st.login failed")
            st.error("Inloggningen kunde inte startas eftersom den är felkonfigurerad. Kontakta den som driftar "
                     "dashboarden (detaljerna finns i serverns logg).")


def _logout_button() -> None:
    if st.button("Logga ut", icon=":material/logout:", key="auth_logga_ut"):
        st.logout()


def _page(body, title: str, url_path: str) -> StreamlitPage:
    return st.Page(body, title=title, url_path=url_path, icon=":material/lock:")


def _message_page(message: str, *, logout: bool) -> StreamlitPage:
    """A page that shows only a Swedish message (and 'Logga ut' for a signed-in user)."""

    def meddelande() -> None:
        st.title("Utvärdering av samverkan")
        st.error(message)
        if logout:
            _logout_button()

    return _page(meddelande, "Ingen åtkomst", "ingen-atkomst")


def sidebar_block(user: User) -> None:
    """Who is signed in and with which role, and 'Logga ut'; in local mode the local-mode label."""
    with st.sidebar.container(border=True):
        if user.local:
            st.markdown(f"**{LOCAL_MODE_LABEL}**")
            st.caption("Bara den här datorn kan se dashboarden, och du har alla roller.")
            return
        st.text(user.name)
        st.caption(f"Roll: {role_label(user)}")
        _logout_button()


def gate(pages: Sequence[StreamlitPage]) -> list[StreamlitPage]:
    """The pages this visitor may open, for `st.navigation`; draws the sidebar block when they may.

    Otherwise one page instead: the sign-in page, the refusal of local mode for a non-local visitor,
    or a message for a signed-in user without a role.
    """
    if not auth_configured():
        refusal = local_refusal()
        if refusal:
            return [_message_page(refusal, logout=False)]
        sidebar_block(LOCAL_USER)
        return list(pages)
    if not st.user.is_logged_in:
        return [_page(_sign_in, "Logga in", "logga-in")]
    try:
        user = current_user()
    except ValueError as error:
        LOGGER.error("Unusable ID token or role setting: %s", error)
        return [_message_page(f"Inloggningen kunde inte läsas: {error} Kontakta den som driftar dashboarden.",
                              logout=True)]
    if not may(user, Action.READ):
        return [_message_page(
            f"Du är inloggad som {escape_markdown(user.name)}, men ditt konto har ingen roll i dashboarden. "
            "Be en administratör i Region Västerbotten att ge dig rollen läsare, granskare eller administratör.",
            logout=True)]
    sidebar_block(user)
    return list(pages)
