"""Chart builders: scenarier — who pays more or less, money against value, saved scenarios side by side.

Every figure's title and source line for the Förhandlingsscenarier page (and Kommunprofil's scenario
section) are declared in the figure registry (dashboard/figures.py).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.charts import common
from pipelines.scenarier.modeller import BASAR

__all__: list[str] = [
    "scenario_forandring_staplar",
    "scenario_pengar_mot_varde",
    "scenario_jamforelse_staplar",
]

MER, MINDRE, LIKA = "Betalar mer", "Betalar mindre", "Oförändrat"
UTAN_BETYG = "#bdbdbd"  # a kommun without a rating in the previous utvärdering
_KR = ",.0f"
_KR1 = ",.1f"
_KR_AXEL1 = ",.1~f"  # axis of kr per invånare: "0,5", "1", "1,5"


def _change_field(per_invanare: bool) -> tuple[str, str, str]:
    """(column, axis title, d3 format) for the change against the base year in kr or kr per invånare."""
    if per_invanare:
        return "forandring_kr_per_invanare", f"Förändring kr per invånare mot {BASAR}", _KR1
    return "forandring_mot_bas_kr", f"Förändring mot {BASAR} (kr)", _KR


def _direction(values: pd.Series) -> list[str]:
    return [MER if v > 0 else MINDRE if v < 0 else LIKA for v in values]


_DIRECTION_SCALE = alt.Scale(domain=[MER, MINDRE, LIKA],
                             range=[common.CATEGORY_COLOURS[5], common.CATEGORY_COLOURS[0], "#9e9e9e"])


def scenario_forandring_staplar(resultat: pd.DataFrame, ar: int, per_invanare: bool = False) -> alt.Chart:
    """Diverging bars per kommun: how much more (orange-red) or less (blue) it pays in `ar` than in 2026.

    resultat: modeller.berakna / queries.scenario_berakning rows (all years); one year is drawn.
    """
    field, axis_title, fmt = _change_field(per_invanare)
    data = resultat[resultat["ar"] == int(ar)].copy()
    data["riktning"] = _direction(data[field])
    data["andel"] = data["forandring_mot_bas_procent"] / 100
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X(f"{field}:Q", title=axis_title, axis=alt.Axis(format=_KR_AXEL1 if per_invanare else _KR)),
        y=alt.Y("kommun:N", title="Kommun", sort=alt.EncodingSortField(field=field, order="descending")),
        color=alt.Color("riktning:N", title=None, scale=_DIRECTION_SCALE, legend=alt.Legend(orient="bottom")),
        tooltip=[
            alt.Tooltip("kommun:N", title="Kommun"),
            alt.Tooltip("belopp_kr:Q", title=f"Belopp {ar} (kr)", format=_KR),
            alt.Tooltip("forandring_mot_bas_kr:Q", title=f"Förändring mot {BASAR} (kr)", format=_KR),
            alt.Tooltip("andel:Q", title=f"Förändring mot {BASAR}", format="+.1%"),
            alt.Tooltip("kr_per_invanare:Q", title="Kronor per invånare", format=_KR1),
        ],
    )
    zero = alt.Chart(pd.DataFrame({"noll": [0]})).mark_rule(color="#444").encode(x="noll:Q")
    return alt.layer(bars, zero).properties(height=alt.Step(22))


def scenario_pengar_mot_varde(df: pd.DataFrame, utvardering: int, forra: int | None) -> alt.LayerChart:
    """Scatter per kommun: change in kr per invånare (x) against its mean rating (y), coloured by the rating's change
    (grey without a previous rating).

    df: queries.pengar_mot_varde(...). Lines mark no change (x = 0) and the kommuner's mean rating, so the
    quadrant 'pays more, least satisfied' is bottom right. Kommuner without a rating are left out.
    """
    data = df.dropna(subset=["medel"]).copy()
    colour_title = f"Förändring betyg {forra}–{utvardering}" if forra else "Förändring betyg"
    has_change = data["medel_forandring"].notna().any()
    base = alt.Chart(data).encode(
        x=alt.X("forandring_kr_per_invanare:Q", title=f"Förändring kr per invånare mot {BASAR}",
                axis=alt.Axis(format=_KR_AXEL1)),
        y=alt.Y("medel:Q", title=f"Medelbetyg {utvardering} (1–5)", scale=alt.Scale(zero=False, padding=12)),
    )
    colour = (alt.condition("isValid(datum.medel_forandring)",
                            alt.Color("medel_forandring:Q", title=colour_title,
                                      scale=alt.Scale(scheme="purpleorange", reverse=True, domainMid=0),
                                      legend=alt.Legend(orient="bottom", format="+.1f")),
                            alt.value(UTAN_BETYG))
              if has_change else alt.value(common.CATEGORY_COLOURS[0]))
    points = base.mark_point(size=110, filled=True, stroke="#333", strokeWidth=0.6).encode(
        color=colour,
        tooltip=[
            alt.Tooltip("kommun:N", title="Kommun"),
            alt.Tooltip("forandring_kr_per_invanare:Q", title="Förändring kr per invånare", format="+,.1f"),
            alt.Tooltip("medel:Q", title=f"Medelbetyg {utvardering}", format=".2f"),
            alt.Tooltip("medel_forandring:Q", title=colour_title, format="+.2f"),
        ],
    )
    labels = base.mark_text(align="left", dx=8, fontSize=11).encode(text="kommun:N")
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#444").encode(x="x:Q")
    mean = alt.Chart(pd.DataFrame({"y": [float(data["medel"].mean())] if len(data) else []})).mark_rule(
        color="#888", strokeDash=[4, 3]).encode(y="y:Q")
    return alt.layer(points, labels, zero, mean).properties(height=420)


def scenario_jamforelse_staplar(jamforelse: pd.DataFrame, ar: int,
                                per_invanare: bool = False) -> alt.Chart:
    """Grouped bars per kommun, one bar per saved scenario: the change against 2026 in `ar` (kr or kr/invånare).

    jamforelse: queries.scenario_jamforelse(...)[0].
    """
    field, axis_title, fmt = _change_field(per_invanare)
    axis_format = _KR_AXEL1 if per_invanare else _KR
    data = jamforelse[jamforelse["ar"] == int(ar)]
    order = list(dict.fromkeys(data["scenario"]))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(f"{field}:Q", title=axis_title, axis=alt.Axis(format=axis_format)),
            y=alt.Y("kommun:N", title="Kommun", sort=list(dict.fromkeys(data["kommun"]))),
            yOffset=alt.YOffset("scenario:N", sort=order),
            color=alt.Color("scenario:N", title="Scenario", sort=order,
                            scale=alt.Scale(domain=order, range=common.CATEGORY_COLOURS[:len(order)]),
                            legend=alt.Legend(orient="bottom", columns=1, labelLimit=0)),
            tooltip=[
                alt.Tooltip("scenario:N", title="Scenario"),
                alt.Tooltip("kommun:N", title="Kommun"),
                alt.Tooltip("belopp_kr:Q", title=f"Belopp {ar} (kr)", format=_KR),
                alt.Tooltip(f"{field}:Q", title=axis_title, format=fmt),
            ],
        )
        .properties(height=alt.Step(9))
    )
