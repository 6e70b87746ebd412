"""Chart builders: fritext (teman of the free-text answers and the model's quality)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.charts import common

__all__: list[str] = ["tema_heatmap"]

HEATMAP_SCHEME = "blues"
"""Sequential single-hue scheme: readable for the common forms of colour blindness."""

_AXES = {
    "kommun": ("kommun", "Kommun", "kommunkod"),
    "delstrategi": ("delstrategi_kort", "Delstrategi", "delstrategi_nr"),
}


def tema_heatmap(df: pd.DataFrame, per: str = "kommun") -> alt.LayerChart:
    """Heatmap of answers per tema (rows, codebook order) × kommun or delstrategi (columns), with the count in each cell.

    df: tema_matris(...) output (tema_id, tema, kommun/kommunkod or delstrategi_kort/delstrategi_nr, antal).
    """
    field, title, order_field = _AXES[per]
    tema_order = list(dict.fromkeys(df["tema"]))
    x_order = list(dict.fromkeys(df.sort_values(order_field, kind="stable")[field]))
    tooltip = [alt.Tooltip("tema:N", title="Tema"), alt.Tooltip(f"{field}:N", title=title),
               alt.Tooltip("antal:Q", title="Antal svar", format=",.0f")]
    if per == "delstrategi" and "delstrategi" in df:
        tooltip.insert(2, alt.Tooltip("delstrategi:N", title="Delstrategi (hela namnet)"))
    base = alt.Chart(df).encode(
        x=alt.X(f"{field}:N", title=title, sort=x_order, axis=alt.Axis(labelAngle=-40, labelLimit=160, labelOverlap=False)),
        y=alt.Y("tema:N", title="Tema", sort=tema_order, axis=alt.Axis(labelLimit=260)),
    )
    maximum = float(df["antal"].max()) if len(df) else 0.0
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("antal:Q", title="Antal svar", scale=alt.Scale(scheme=HEATMAP_SCHEME, domainMin=0),
                        legend=alt.Legend(format=",.0f", tickMinStep=1)),
        tooltip=tooltip,
    )
    labels = base.mark_text(font=common.FONT, fontSize=11).encode(
        text=alt.Text("antal:Q", format=",.0f"),
        color=alt.condition(alt.datum.antal > maximum / 2, alt.value("white"), alt.value("#222222")),
        tooltip=tooltip,
    )
    return alt.layer(cells, labels).properties(height=alt.Step(24))
