"""Rendering components shared by every page: a chart or a table with its exports.

Pages call `show_chart` and `show_table` instead of `st.altair_chart` /
`st.dataframe`, so every chart and table gets the same download and
rapportunderlag controls.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st


def show_chart(chart: alt.TopLevelMixin, *, name: str, title: str, source: str) -> None:
    """Render a chart with downloads (PNG/SVG/PDF) and an 'add to rapportunderlag' control.

    name: file-name stem saying what is shown, e.g. "utvardering-2025-syften".
    title: the chart's title in Swedish. source: the source line ("Källa: ...").
    """
    st.altair_chart(chart, use_container_width=True)
    st.caption(source)


def show_table(df: pd.DataFrame, *, name: str, column_config: dict | None = None) -> None:
    """Render a table with downloads as Excel (.xlsx) and CSV for Swedish Excel."""
    st.dataframe(df, hide_index=True, use_container_width=True, column_config=column_config)
