"""Sidebar filters shared by all pages; the choices persist while the user moves between pages.

Streamlit forgets a widget's state when a page without that widget runs, so the
chosen values are kept under separate session keys and copied back into the
widgets on every page. They are also kept in the URL (`?utvardering=2025&kommun=2480`,
dashboard.urlstate): a new session (a reload or a shared link) starts from the URL.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard import figures, queries, urlstate
from dashboard.figures import Urval
from dashboard.svenska import swedish_list

UTVARDERING_KEY = "val_utvardering"
KOMMUNER_KEY = "val_kommuner"
KOMMUN_WIDGET = "kommunprofil_kommun"


@dataclass(frozen=True)
class Filters:
    """The user's current choices: one utvärdering and a set of kommuner (empty = all).

    utvarderingar: those compared side by side, at most `compared_utvarderingar` of them including the chosen one
    (figures.jamforda).
    """

    utvardering: int
    utvarderingar: tuple[int, ...]
    kommunkoder: tuple[str, ...]
    kommunnamn: dict[str, str]

    @property
    def forra(self) -> int | None:
        """The utvärdering before the chosen one, if there is one."""
        earlier = [u for u in self.utvarderingar if u < self.utvardering]
        return max(earlier) if earlier else None

    @property
    def valda_kommuner(self) -> tuple[str, ...]:
        """The chosen kommunkoder, or all when none is chosen."""
        return self.kommunkoder or tuple(self.kommunnamn)

    def urval(self, **val) -> Urval:
        """The selection figures are drawn for: these filters plus the page's own choices."""
        return Urval(self.utvardering, self.utvarderingar, self.kommunkoder, self.kommunnamn, val)


def _remember(widget_key: str, store_key: str) -> None:
    st.session_state[store_key] = st.session_state[widget_key]


def sidebar_filters(*, kommun_filter: bool = True) -> Filters:
    """Draw the utvärdering and kommun filters in the sidebar and return the choices."""
    utvarderingar = tuple(int(u) for u in queries.utvarderingar()["utvardering"])
    kommuner = queries.kommuner()
    names = dict(zip(kommuner["kommunkod"], kommuner["kommun"]))
    _from_url(utvarderingar, names)
    chosen_year = st.session_state.get(UTVARDERING_KEY, max(utvarderingar))
    if chosen_year not in utvarderingar:
        chosen_year = max(utvarderingar)
    st.session_state["_w_utvardering"] = chosen_year
    st.sidebar.selectbox("Utvärdering", utvarderingar, key="_w_utvardering",
                         format_func=lambda u: f"Utvärdering {u}",
                         on_change=_remember, args=("_w_utvardering", UTVARDERING_KEY))
    chosen_kommuner = tuple(k for k in st.session_state.get(KOMMUNER_KEY, ()) if k in names)
    if kommun_filter:
        st.session_state["_w_kommuner"] = list(chosen_kommuner)
        st.sidebar.multiselect("Kommuner", list(names), key="_w_kommuner", format_func=names.get,
                               placeholder="Alla kommuner", on_change=_remember,
                               args=("_w_kommuner", KOMMUNER_KEY))
    jamforda = figures.jamforda(utvarderingar, int(chosen_year))
    if len(jamforda) < len(utvarderingar):
        st.sidebar.caption(f"Sidorna jämför utvärdering {swedish_list([str(u) for u in jamforda])}. Välj en "
                           "tidigare utvärdering ovan för att jämföra äldre.")
    urlstate.write(urlstate.UTVARDERING, int(chosen_year))
    urlstate.write(urlstate.KOMMUN, list(chosen_kommuner))
    return Filters(int(chosen_year), jamforda, tuple(chosen_kommuner), names)


def _from_url(utvarderingar: tuple[int, ...], names: dict[str, str]) -> None:
    """At the start of a session, take the utvärdering and kommuner from the URL (unknown values ignored)."""
    if UTVARDERING_KEY not in st.session_state:
        text = urlstate.read(urlstate.UTVARDERING)
        if text and text.isdigit() and int(text) in utvarderingar:
            st.session_state[UTVARDERING_KEY] = int(text)
    if KOMMUNER_KEY not in st.session_state:
        koder = [k for k in urlstate.read_all(urlstate.KOMMUN) if k in names]
        if koder:
            st.session_state[KOMMUNER_KEY] = tuple(dict.fromkeys(koder))


def kommun_i_takt(filters: Filters, koder: list[str], default: str) -> str:
    """Kommunprofil's kommun, in step with the sidebar: the first chosen kommun, else the URL's, else default.

    Sets the Kommunprofil widget's value before it is drawn when the sidebar's choice has moved away from it.
    """
    current = st.session_state.get(KOMMUN_WIDGET)
    if filters.kommunkoder:
        if current not in filters.kommunkoder:
            st.session_state[KOMMUN_WIDGET] = filters.kommunkoder[0]
    elif current not in koder:
        st.session_state[KOMMUN_WIDGET] = default if default in koder else koder[0]
    return st.session_state[KOMMUN_WIDGET]


def valj_i_sidopanelen() -> None:
    """When the kommun is changed on Kommunprofil, the sidebar chooses that kommun too (and the URL follows)."""
    st.session_state[KOMMUNER_KEY] = (st.session_state[KOMMUN_WIDGET],)
