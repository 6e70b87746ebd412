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

    df: tema_matris(...) output (tema_id, tema, kommun/kommunkod or delstrategi_kort/delstrategi_nr, antal,
    per kommun har_svarat). A kommun that did not answer gets grey cells marked '–' and a legend entry
    'Inget svar inkommet', so it is not mistaken for a kommun that answered without naming the tema.
    """
    field, title, order_field = _AXES[per]
    tema_order = list(dict.fromkeys(df["tema"]))
    x_order = list(dict.fromkeys(df.sort_values(order_field, kind="stable")[field]))
    tooltip = [alt.Tooltip("tema:N", title="Tema"), alt.Tooltip(f"{field}:N", title=title),
               alt.Tooltip("antal:Q", title="Antal svar", format=",.0f")]
    if per == "delstrategi" and "delstrategi" in df:
        tooltip.insert(2, alt.Tooltip("delstrategi:N", title="Delstrategi (hela namnet)"))
    maximum = float(df["antal"].max()) if len(df) else 0.0
    answered = df["har_svarat"].astype(bool) if "har_svarat" in df else pd.Series(True, index=df.index)
    data = df.assign(utan_svar=~answered, status=answered.map({True: "", False: common.NO_ANSWER}),
                     cell_text=[f"{int(n):,}".replace(",", "\u00a0") if a else common.NO_ANSWER_SYMBOL
                                for a, n in zip(answered, df["antal"])])
    # Every layer draws from `data` (with the cell texts and the no-answer flags), not from df.
    base = alt.Chart(data).encode(
        x=alt.X(f"{field}:N", title=title, sort=x_order, axis=alt.Axis(labelAngle=-40, labelLimit=160, labelOverlap=False)),
        y=alt.Y("tema:N", title="Tema", sort=tema_order, axis=alt.Axis(labelLimit=260)),
    )
    cells = base.transform_filter(alt.datum.utan_svar == False).mark_rect(  # noqa: E712 - Vega expression
        stroke="white", strokeWidth=1).encode(
        color=alt.Color("antal:Q", title="Antal svar", scale=alt.Scale(scheme=HEATMAP_SCHEME, domainMin=0),
                        legend=alt.Legend(format=",.0f", tickMinStep=1)),
        tooltip=tooltip,
    )
    no_answer = base.transform_filter(alt.datum.utan_svar == True).mark_rect(  # noqa: E712
        stroke="white", strokeWidth=1).encode(
        color=alt.Color("status:N", title=None, scale=alt.Scale(domain=[common.NO_ANSWER],
                                                                 range=[common.NO_ANSWER_COLOUR]),
                        legend=alt.Legend(labelExpr=f"'{common.NO_ANSWER_SYMBOL}  ' + datum.label")),
        tooltip=[alt.Tooltip("tema:N", title="Tema"), alt.Tooltip(f"{field}:N", title=title),
                 alt.Tooltip("status:N", title="Antal svar")])
    labels = base.mark_text(font=common.FONT, fontSize=11).encode(
        text=alt.Text("cell_text:N"),
        color=alt.condition(alt.datum.antal > maximum / 2, alt.value("white"), alt.value("#222222")),
        tooltip=tooltip,
    )
    return alt.layer(cells, no_answer, labels).resolve_scale(color="independent").properties(
        height=alt.Step(24))
