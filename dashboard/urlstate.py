"""Page state in the URL (st.query_params), so a link can be shared and a reload keeps the view.

The shared choices are `?utvardering=2025&kommun=2480&kommun=2482`; each page adds its own
(`fragegrupp`, `lika`, `kommunprofil`, ...). The URL is read once per session, when a choice has no
value yet (a fresh tab, a reload or a shared link), and written back on every run, so it always
shows the current view. Values that are not among the choices are ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

__all__: list[str] = ["UTVARDERING", "KOMMUN", "read", "read_all", "write", "url_default", "parse_bool"]

UTVARDERING = "utvardering"
KOMMUN = "kommun"
_TRUE = {"1", "ja", "true", "on"}
_FALSE = {"0", "nej", "false", "off"}


def read(param: str) -> str | None:
    """The URL's value of a parameter (the last one when repeated), None when absent."""
    values = st.query_params.get_all(param)
    return values[-1] if values else None


def read_all(param: str) -> list[str]:
    """Every value of a parameter: repeated (`kommun=2480&kommun=2482`) or comma-separated."""
    return [part for value in st.query_params.get_all(param) for part in value.split(",") if part]


def write(param: str, value: Any) -> None:
    """Put a choice in the URL: a list as repeated values, a bool as ja/nej, None or empty removes it."""
    if value is None or (isinstance(value, (list, tuple)) and not value):
        if param in st.query_params:
            del st.query_params[param]
        return
    if isinstance(value, bool):
        value = "ja" if value else "nej"
    new = [str(v) for v in value] if isinstance(value, (list, tuple)) else str(value)
    current = st.query_params.get_all(param)
    if current != (new if isinstance(new, list) else [new]):
        st.query_params[param] = new


def parse_bool(text: str | None) -> bool | None:
    """'ja'/'nej' (also 1/0, true/false, on/off) as a bool; None for anything else."""
    if text is None:
        return None
    lowered = text.strip().lower()
    return True if lowered in _TRUE else False if lowered in _FALSE else None


def url_default(widget_key: str, param: str, choices: Sequence[Any] | None = None, *, kind=str) -> None:
    """Before a page widget is drawn: if it has no value in this session, take it from the URL.

    kind converts the text (str, int or bool); a value outside `choices` is ignored.
    """
    if widget_key in st.session_state:
        return
    text = read(param)
    if text is None:
        return
    try:
        value = parse_bool(text) if kind is bool else kind(text)
    except ValueError:
        return
    if value is None or (choices is not None and value not in choices):
        return
    st.session_state[widget_key] = value
