"""Chart builders: the tema model's quality (F1 per tema, reliability of its confidence)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.charts import common

__all__: list[str] = ["tema_f1_staplar", "tillforlitlighetsdiagram"]

UNIT_TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1.0]
"""Tick values on a 0–1 axis: each label shown once ('0,2', never '0,2 0,2')."""


def unit_axis() -> alt.Axis:
    """A 0–1 axis with one decimal and fixed ticks, so no label repeats."""
    return alt.Axis(values=UNIT_TICKS, format=".1f")


def tema_f1_staplar(df: pd.DataFrame) -> alt.Chart:
    """Grouped horizontal bars: F1 per tema for the model versus the keyword baseline (0-1, shown as decimals).

    df: tema_f1(...) output (tema_id, tema, metod, f1).
    """
    tema_order = list(dict.fromkeys(df["tema"]))
    method_order = list(dict.fromkeys(df["metod"]))
    return alt.Chart(df).mark_bar().encode(
        y=alt.Y("tema:N", title="Tema", sort=tema_order, axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset("metod:N", sort=method_order),
        x=alt.X("f1:Q", title="F1 (0–1, högre är bättre)", scale=alt.Scale(domain=[0, 1]), axis=unit_axis()),
        color=alt.Color("metod:N", title="Metod", sort=method_order,
                        scale=alt.Scale(domain=method_order, range=common.CATEGORY_COLOURS[:len(method_order)]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("tema:N", title="Tema"), alt.Tooltip("metod:N", title="Metod"),
                 alt.Tooltip("f1:Q", title="F1", format=".2f")],
    )


def tillforlitlighetsdiagram(df: pd.DataFrame) -> alt.LayerChart:
    """Reliability diagram: share right against mean confidence per interval, with the diagonal of perfect calibration.

    df: tillforlitlighet(...) output (intervall, konfidens, andel_ratt, antal). Point size shows antal.
    """
    diagonal = alt.Chart(pd.DataFrame({"x": [0.0, 1.0], "y": [0.0, 1.0]})).mark_line(
        strokeDash=[4, 4], color="#9e9e9e").encode(
        x=alt.X("x:Q", scale=alt.Scale(domain=[0, 1])), y=alt.Y("y:Q", scale=alt.Scale(domain=[0, 1])))
    tooltip = [alt.Tooltip("intervall:N", title="Konfidens"),
               alt.Tooltip("konfidens:Q", title="Medelkonfidens", format=".2f"),
               alt.Tooltip("andel_ratt:Q", title="Andel rätt", format=".0%"),
               alt.Tooltip("antal:Q", title="Antal svar", format=",.0f")]
    base = alt.Chart(df).encode(
        x=alt.X("konfidens:Q", title="Modellens konfidens för huvudtemat (medel i intervallet)",
                scale=alt.Scale(domain=[0, 1]), axis=unit_axis()),
        y=alt.Y("andel_ratt:Q", title="Andel där huvudtemat var rätt", scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(values=UNIT_TICKS, format=".0%")),
        tooltip=tooltip)
    line = base.mark_line(color=common.CATEGORY_COLOURS[0])
    points = base.mark_circle(color=common.CATEGORY_COLOURS[0], opacity=0.9).encode(
        size=alt.Size("antal:Q", title="Antal svar", legend=alt.Legend(orient="bottom", format=",.0f")))
    return alt.layer(line, points, diagonal)  # data first: the text alternative describes the first layer
