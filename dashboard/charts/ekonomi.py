"""Chart builders: ekonomi — kommunala anslag and budgetuppföljning."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from dashboard.charts import common
from dashboard.svenska import MONTHS

__all__: list[str] = [
    "anslag_jamforelse",
    "anslag_per_post",
    "anslag_region_kommuner",
    "anslag_utveckling_linjer",
    "anslag_totalt_staplar",
    "budget_linjer",
]

MARKERAD = "Vald kommun"
MARKERADE = "Valda kommuner"
OVRIGA = "Övriga kommuner"
HIGHLIGHT = common.CATEGORY_COLOURS[1]  # orange
BASE = common.CATEGORY_COLOURS[0]  # blue
MUTED = "#9ecae1"  # light blue for the others when one kommun is highlighted

_KR_FORMAT = ",.0f"
_KR_INV_FORMAT = ",.1f"


def _value_field(per_invanare: bool) -> tuple[str, str, str]:
    """(column, axis title, d3 format) for absolute kronor or kronor per invånare."""
    if per_invanare:
        return "kr_per_invanare", "Kronor per invånare", _KR_INV_FORMAT
    return "belopp_kr", "Anslag (kr)", _KR_FORMAT


def _marked(markerad_kommunkod: str | Sequence[str] | None) -> set[str]:
    """The marked kommunkoder as a set (one code, several codes or none)."""
    if markerad_kommunkod is None:
        return set()
    if isinstance(markerad_kommunkod, str):
        return {markerad_kommunkod}
    return {str(k) for k in markerad_kommunkod}


def anslag_jamforelse(df: pd.DataFrame, markerad_kommunkod: str | Sequence[str] | None = None,
                      per_invanare: bool = False) -> alt.Chart:
    """Horizontal bars of every kommun's anslag (kr or kr per invånare), largest first; the marked kommun highlighted.

    df: anslag_per_kommun(ar) — columns kommunkod, kommun, belopp_kr, kr_per_invanare, andel (ar optional).
    markerad_kommunkod: one kommunkod (or several) to highlight; None highlights none.
    """
    field, axis_title, _ = _value_field(per_invanare)
    marked = _marked(markerad_kommunkod)
    data = df.copy()
    label = MARKERAD if len(marked) <= 1 else MARKERADE
    data["markering"] = [label if k in marked else OVRIGA for k in data["kommunkod"]]
    has_mark = bool(marked) and (data["markering"] == label).any()
    colour_range = [HIGHLIGHT, MUTED] if has_mark else [HIGHLIGHT, BASE]
    tooltip = [
        alt.Tooltip("kommun:N", title="Kommun"),
        alt.Tooltip("belopp_kr:Q", title="Anslag (kr)", format=_KR_FORMAT),
    ]
    if "kr_per_invanare" in data.columns:
        tooltip.append(alt.Tooltip("kr_per_invanare:Q", title="Kronor per invånare", format=_KR_INV_FORMAT))
    if "andel" in data.columns:
        tooltip.append(alt.Tooltip("andel:Q", title="Andel av kommunernas anslag", format=".1%"))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(f"{field}:Q", title=axis_title, axis=alt.Axis(format=_KR_FORMAT)),
            y=alt.Y("kommun:N", title="Kommun", sort=alt.EncodingSortField(field=field, order="descending")),
            color=alt.Color(
                "markering:N",
                title=None,
                scale=alt.Scale(domain=[label, OVRIGA], range=colour_range),
                legend=alt.Legend(orient="bottom") if has_mark else None,
            ),
            tooltip=tooltip,
        )
        .properties(height=alt.Step(22))
    )


def anslag_per_post(df: pd.DataFrame, per_invanare: bool = False) -> alt.Chart:
    """Stacked horizontal bars per kommun split by post (purpose), largest total first.

    df: anslag_per_kommun_post(ar) — columns kommun, post, belopp_kr, kr_per_invanare.
    """
    field, axis_title, fmt = _value_field(per_invanare)
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X(f"sum({field}):Q", title=axis_title, axis=alt.Axis(format=_KR_FORMAT)),
            y=alt.Y("kommun:N", title="Kommun", sort=alt.EncodingSortField(field=field, op="sum", order="descending")),
            color=alt.Color("post:N", title="Ändamål", scale=alt.Scale(range=common.CATEGORY_COLOURS),
                            legend=alt.Legend(orient="bottom", columns=1, labelLimit=0)),
            order=alt.Order("post:N"),
            tooltip=[
                alt.Tooltip("kommun:N", title="Kommun"),
                alt.Tooltip("post:N", title="Ändamål"),
                alt.Tooltip(f"{field}:Q", title=axis_title, format=fmt),
            ],
        )
        .properties(height=alt.Step(22))
    )


def anslag_region_kommuner(df: pd.DataFrame) -> alt.Chart:
    """Grouped horizontal bars per post: what the region and the kommuner together pay.

    df: anslag_per_part(ar) — columns part_namn, post, belopp_kr, andel.
    """
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("belopp_kr:Q", title="Anslag (kr)", axis=alt.Axis(format=_KR_FORMAT)),
            y=alt.Y("post:N", title="Ändamål", axis=alt.Axis(labelLimit=320)),
            yOffset=alt.YOffset("part_namn:N", sort=["Regionen", "Kommunerna"]),
            color=alt.Color("part_namn:N", title="Part",
                            scale=alt.Scale(domain=["Regionen", "Kommunerna"],
                                            range=[common.CATEGORY_COLOURS[2], common.CATEGORY_COLOURS[0]]),
                            legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("part_namn:N", title="Part"),
                alt.Tooltip("post:N", title="Ändamål"),
                alt.Tooltip("belopp_kr:Q", title="Anslag (kr)", format=_KR_FORMAT),
                alt.Tooltip("andel:Q", title="Andel av ändamålet", format=".1%"),
            ],
        )
    )


def anslag_utveckling_linjer(df: pd.DataFrame, per_invanare: bool = False, serie: str = "kommun") -> alt.Chart:
    """Lines of anslag per year (2023-2026), one line per kommun (serie="kommun") or per part (serie="part_namn").

    df: anslag_utveckling(...) or anslag_totalt_per_ar() — columns ar, belopp_kr, kr_per_invanare and `serie`.
    """
    field, axis_title, _ = _value_field(per_invanare)
    serie_title = "Kommun" if serie == "kommun" else "Part"
    return (
        alt.Chart(df)
        .mark_line(point=True)
        .encode(
            x=alt.X("ar:O", title="År", axis=alt.Axis(labelAngle=0)),
            y=alt.Y(f"{field}:Q", title=axis_title, axis=alt.Axis(format=_KR_FORMAT)),
            color=alt.Color(f"{serie}:N", title=serie_title, scale=alt.Scale(range=common.CATEGORY_COLOURS),
                            legend=alt.Legend(orient="bottom", symbolType="stroke", symbolStrokeWidth=3)),
            strokeDash=alt.StrokeDash(f"{serie}:N", title=serie_title),
            tooltip=[
                alt.Tooltip(f"{serie}:N", title=serie_title),
                alt.Tooltip("ar:O", title="År"),
                alt.Tooltip("belopp_kr:Q", title="Anslag (kr)", format=_KR_FORMAT),
                alt.Tooltip("kr_per_invanare:Q", title="Kronor per invånare", format=_KR_INV_FORMAT),
            ],
        )
    )


def anslag_totalt_staplar(df: pd.DataFrame, per_invanare: bool = False) -> alt.Chart:
    """Stacked bars per year: the region's and the kommuner's anslag, together the total (kr or kr per invånare).

    df: anslag_totalt_per_ar() — columns ar, part_namn, belopp_kr, kr_per_invanare.
    """
    field, axis_title, fmt = _value_field(per_invanare)
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("ar:O", title="År", axis=alt.Axis(labelAngle=0)),
            y=alt.Y(f"sum({field}):Q", title=axis_title, stack="zero", axis=alt.Axis(format=_KR_FORMAT)),
            color=alt.Color("part_namn:N", title="Part",
                            scale=alt.Scale(domain=["Regionen", "Kommunerna"],
                                            range=[common.CATEGORY_COLOURS[2], common.CATEGORY_COLOURS[0]]),
                            legend=alt.Legend(orient="bottom")),
            order=alt.Order("part_namn:N", sort="descending"),
            tooltip=[
                alt.Tooltip("part_namn:N", title="Part"),
                alt.Tooltip("ar:O", title="År"),
                alt.Tooltip(f"{field}:Q", title=axis_title, format=fmt),
            ],
        )
    )


# --------------------------------------------------------------------------
# Budget
# --------------------------------------------------------------------------

BUDGET_SERIER = ["Budget för perioden (ack.)", "Utfall (ack.)", "Prognos helår", "Budget helår"]
BUDGET_FARGER = [common.CATEGORY_COLOURS[0], common.CATEGORY_COLOURS[1], common.CATEGORY_COLOURS[2], "#7f7f7f"]
_BUDGET_KOLUMNER = {
    "budget_period_tkr": BUDGET_SERIER[0],
    "utfall_ack_tkr": BUDGET_SERIER[1],
    "prognos_helar_tkr": BUDGET_SERIER[2],
    "budget_helar_tkr": BUDGET_SERIER[3],
}


def _budget_long(df: pd.DataFrame, till_manad: int | None) -> pd.DataFrame:
    """Long format (manad, manad_namn, serie, tkr): budget for all months, utfall and prognos up to till_manad."""
    long = df.melt(id_vars=["manad", "manad_namn"], value_vars=list(_BUDGET_KOLUMNER),
                   var_name="kolumn", value_name="tkr")
    long["serie"] = long["kolumn"].map(_BUDGET_KOLUMNER)
    if till_manad is not None:
        later = long["kolumn"].isin(["utfall_ack_tkr", "prognos_helar_tkr"]) & (long["manad"] > till_manad)
        long = long[~later]
    return long.drop(columns="kolumn").sort_values(["serie", "manad"]).reset_index(drop=True)


def budget_linjer(df: pd.DataFrame, till_manad: int | None = None) -> alt.Chart:
    """Lines per month: accumulated budget for the period vs accumulated utfall, full-year budget and prognos (tkr).

    df: budget_manadsserie(enhet, ar) — columns ar, manad, manad_namn, budget_period_tkr, utfall_ack_tkr,
    prognos_helar_tkr, budget_helar_tkr. Utfall and prognos are drawn up to `till_manad`.
    """
    long = _budget_long(df, till_manad)
    months = [m for m in MONTHS if m in set(df["manad_namn"])] or list(MONTHS)
    return (
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=alt.X("manad_namn:O", title="Månad", sort=months, scale=alt.Scale(domain=months),
                    axis=alt.Axis(labelAngle=0)),
            y=alt.Y("tkr:Q", title="Tusen kronor (tkr)", axis=alt.Axis(format=",.0f")),
            color=alt.Color("serie:N", title=None, scale=alt.Scale(domain=BUDGET_SERIER, range=BUDGET_FARGER),
                            legend=alt.Legend(orient="bottom", symbolType="stroke", symbolStrokeWidth=3)),
            strokeDash=alt.StrokeDash("serie:N", title=None,
                                      scale=alt.Scale(domain=BUDGET_SERIER,
                                                      range=[[1, 0], [1, 0], [4, 3], [2, 2]])),
            tooltip=[
                alt.Tooltip("manad_namn:O", title="Månad"),
                alt.Tooltip("serie:N", title="Serie"),
                alt.Tooltip("tkr:Q", title="Tkr", format=",.0f"),
            ],
        )
    )
