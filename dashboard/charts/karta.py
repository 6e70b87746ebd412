"""Choropleth maps of the län's 15 kommuner (Altair geoshape over dashboard.geografi's boundaries).

Colour is never the only carrier: every kommun is labelled with its name and value ("–" for none),
and kommuner without a value are grey with a tooltip saying why.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.charts import common
from dashboard.geografi import map_rows

__all__ = ["kommun_karta", "kommun_markerad_karta"]

MAP_HEIGHT = 460
MISSING_FILL = "#d9d9d9"
# Dark borders: the lightest fills stay 3:1 apart from the white page and from each other (WCAG 1.4.11).
BORDER = "#404040"


def _labels(rows_chart: alt.Chart) -> alt.LayerChart:
    """Kommun name and value at each kommun's inner point, black on a white halo (readable on any fill)."""
    text = rows_chart.mark_text(fontSize=10, fontWeight="bold", lineBreak="\n", font=common.FONT).encode(
        longitude="lon:Q", latitude="lat:Q", text="etikett:N")
    return alt.layer(text.mark_text(fontSize=10, fontWeight="bold", lineBreak="\n", font=common.FONT,
                                    stroke="white", strokeWidth=3, strokeJoin="round"),
                     text.encode(color=alt.value("#000000")))


def _rows(df: pd.DataFrame, columns: list[str]) -> list[dict]:
    """Map rows: every kommun's boundary with its values from df (by kommunkod) and a label 'name\\nvalue'."""
    values = {row["kommunkod"]: {c: (None if pd.isna(row[c]) else row[c]) for c in columns}
              for row in df.to_dict("records")}
    rows = map_rows(values)
    for row in rows:
        text = row.get("varde_text")
        row["etikett"] = f"{row['kommun']}\n{text}" if text else row["kommun"]
    return rows


def kommun_karta(df: pd.DataFrame, *, value: str, title: str, fmt: str, scheme: str = "blues") -> alt.LayerChart:
    """Each kommun coloured by `value` (a colour-blind-safe sequential scheme); missing values grey.

    df: per kommunkod the number `value` and `varde_text`, the value (or why it is missing) in Swedish.
    """
    data = alt.Chart(alt.Data(values=_rows(df, [value, "varde_text"])))
    shapes = data.mark_geoshape(stroke=BORDER, strokeWidth=0.8).encode(
        color=alt.condition(f"isValid(datum['{value}'])",
                            alt.Color(f"{value}:Q", title=title, scale=alt.Scale(scheme=scheme),
                                      legend=alt.Legend(orient="bottom", format=fmt, gradientLength=220)),
                            alt.value(MISSING_FILL)),
        tooltip=[alt.Tooltip("kommun:N", title="Kommun"), alt.Tooltip("varde_text:N", title=title)],
    )
    return alt.layer(shapes, _labels(data)).project(type="mercator").properties(width="container",
                                                                                 height=MAP_HEIGHT)


def kommun_markerad_karta(kommunkod: str) -> alt.LayerChart:
    """The län's kommuner with one of them highlighted (Kommunprofil)."""
    data = alt.Chart(alt.Data(values=_rows(pd.DataFrame(columns=["kommunkod"]), [])))
    shapes = data.mark_geoshape(stroke=BORDER, strokeWidth=0.8).encode(
        color=alt.condition(alt.datum.kommunkod == kommunkod, alt.value(common.CATEGORY_COLOURS[0]),
                            alt.value("#e0e0e0")),
        tooltip=[alt.Tooltip("kommun:N", title="Kommun")],
    )
    return alt.layer(shapes, _labels(data)).project(type="mercator").properties(width="container",
                                                                                 height=MAP_HEIGHT)
