"""The app's page list as data, and the Streamlit glue that turns it into navigation.

app.py declares the pages (`SIDOR`, one line each) and calls `run_app(SIDOR)`; tests,
the README check and the browser test read the same list by importing app.py, whose
Streamlit code only runs under `streamlit run`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
APP_RAN_KEY = "_app_navigation"


@dataclass(frozen=True)
class Sida:
    """One page: its script under pages/, Swedish title, URL path ("" for the start page) and icon."""

    script: str
    title: str
    url_path: str
    icon: str

    @property
    def default(self) -> bool:
        return self.url_path == ""

    def st_page(self) -> st.Page:
        """The st.Page for this page (the start page is the default one)."""
        path = ROOT / self.script  # absolute: also right when a page script is run on its own (AppTest)
        if self.default:
            return st.Page(path, title=self.title, icon=self.icon, default=True)
        return st.Page(path, title=self.title, icon=self.icon, url_path=self.url_path)


def app_pages() -> tuple[Sida, ...]:
    """The page list declared in app.py (importing app.py runs no Streamlit code)."""
    return tuple(importlib.import_module("app").SIDOR)


def run_app(sidor: tuple[Sida, ...] | list[Sida]) -> None:
    """Draw the navigation for the pages this visitor may open (dashboard.auth.gate) and run the chosen one."""
    from dashboard import auth

    st.session_state[APP_RAN_KEY] = True
    st.navigation(auth.gate([sida.st_page() for sida in sidor])).run()


def use_app_navigation() -> None:
    """Make sure app.py's navigation applies, also on a deep link to a fresh server.

    Until app.py has called st.navigation once, Streamlit runs a script under pages/ on its
    own (its older multipage mode), without app.py's page list. A page that finds app.py has
    not run in this session declares the navigation itself (which ends that mode, public API)
    and reruns, so the same page is then run through app.py.
    """
    if st.session_state.get(APP_RAN_KEY):
        return
    st.session_state[APP_RAN_KEY] = True
    st.navigation([sida.st_page() for sida in app_pages()], position="hidden")
    st.rerun()
