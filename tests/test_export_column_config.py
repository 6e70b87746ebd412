"""Streamlit column_config carried over to the exported table."""

import pandas as pd
import streamlit as st

from dashboard.export import apply_column_config, excel_format_from_display


def test_labels_rename_and_none_hides():
    df = pd.DataFrame({"kommun": ["Umeå"], "kod": ["2480"], "andel": [0.5]})
    out, _ = apply_column_config(df, {"kommun": "Kommun", "kod": None, "andel": st.column_config.NumberColumn("Andel")})
    assert list(out.columns) == ["Kommun", "Andel"]


def test_percent_format_becomes_excel_percent():
    df = pd.DataFrame({"andel": [0.5]})
    _, formats = apply_column_config(df, {"andel": st.column_config.NumberColumn("Andel", format="percent")})
    assert formats == {"Andel": "0%"}


def test_printf_formats():
    assert excel_format_from_display("%d") == "#,##0"
    assert excel_format_from_display("%.1f") == "#,##0.0"
    assert excel_format_from_display("%.0f tkr") == '#,##0" tkr"'
    assert excel_format_from_display("localized") is None


def test_no_config_returns_frame_unchanged():
    df = pd.DataFrame({"a": [1]})
    out, formats = apply_column_config(df, None)
    assert out is df and formats == {}
