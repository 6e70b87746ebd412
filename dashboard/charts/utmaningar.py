"""Chart builders: utmaningar och möjligheter per RUS-delstrategi."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.charts import common

__all__: list[str] = [
    "RIKTNING_FARGER",
    "STATUS_ORDNING",
    "STATUS_SYMBOL",
    "utmaningar_staplar",
    "utmaningar_heatmap",
    "utmaningar_teman_staplar",
]

RIKTNING_ORDNING = ["Utmaningar", "Möjligheter"]
# Okabe–Ito vermilion for challenges, blue for opportunities.
RIKTNING_FARGER = [common.CATEGORY_COLOURS[5], common.CATEGORY_COLOURS[0]]

STATUS_ORDNING = ["Utmaning och möjlighet", "Endast utmaning", "Endast möjlighet", "Inget angivet",
                  "Inget svar inkommet"]
# A symbol per status, written in each cell and before each legend label (not colour alone, WCAG 1.4.1).
STATUS_SYMBOL = {"Utmaning och möjlighet": "U+M", "Endast utmaning": "U", "Endast möjlighet": "M",
                 "Inget angivet": "–", "Inget svar inkommet": "?"}
LEGEND_WITH_SYMBOL = ("{" + ", ".join(f"'{k}': '{v}'" for k, v in STATUS_SYMBOL.items())
                      + "}[datum.label] + '  ' + datum.label")
STATUS_FARGER = [common.CATEGORY_COLOURS[3], common.CATEGORY_COLOURS[5], common.CATEGORY_COLOURS[0], "#f0f0f0",
                 "#9e9e9e"]
# Fills on which white text has the higher contrast (blue 5,1:1); black reads better on the others (≥ 5,8:1).
DARK_CELLS = ["Endast möjlighet"]


def _riktning_colour(legend: bool = True) -> alt.Color:
    """Colour by riktning_namn: Utmaningar vermilion, Möjligheter blue."""
    return alt.Color("riktning_namn:N", title=None,
                     scale=alt.Scale(domain=RIKTNING_ORDNING, range=RIKTNING_FARGER),
                     legend=alt.Legend(orient="bottom") if legend else None)


def _delstrategi_order(df: pd.DataFrame) -> list[str]:
    """Short delstrategi names in delstrategi_nr order."""
    return list(dict.fromkeys(df.sort_values("delstrategi_nr", kind="stable")["kort"]))


def utmaningar_staplar(df: pd.DataFrame) -> alt.LayerChart:
    """Grouped horizontal bars: per delstrategi, how many kommuner reported challenges and opportunities.

    df: utmaningar_per_delstrategi(...) — delstrategi_nr, delstrategi, kort, riktning_namn, antal_kommuner,
    antal_svarande (utvardering optional).
    """
    order = _delstrategi_order(df)
    tooltip = [
        alt.Tooltip("delstrategi:N", title="Delstrategi"),
        alt.Tooltip("riktning_namn:N", title="Riktning"),
        alt.Tooltip("antal_kommuner:Q", title="Antal kommuner", format=",.0f"),
    ]
    if "antal_svarande" in df.columns:
        tooltip.append(alt.Tooltip("antal_svarande:Q", title="Kommuner som svarat", format=",.0f"))
    base = alt.Chart(df).encode(
        y=alt.Y("kort:N", title="Delstrategi", sort=order, axis=alt.Axis(labelLimit=220)),
        yOffset=alt.YOffset("riktning_namn:N", sort=RIKTNING_ORDNING),
        x=alt.X("antal_kommuner:Q", title="Antal kommuner", axis=alt.Axis(format=",.0f", tickMinStep=1)),
        tooltip=tooltip,
    )
    bars = base.mark_bar().encode(color=_riktning_colour())
    labels = base.mark_text(align="left", dx=3, font=common.FONT, fontSize=11).encode(
        text=alt.Text("antal_kommuner:Q", format=",.0f"))
    return alt.layer(bars, labels).properties(height=alt.Step(14))


def utmaningar_heatmap(df: pd.DataFrame) -> alt.LayerChart:
    """Heatmap kommun × delstrategi coloured by what the kommun reported (challenge, opportunity, both, none).

    Each cell also carries a symbol (U, M, U+M, –, ?) so the status is not told by colour alone.
    df: utmaningar_matris(...) — kommunkod, kommun, delstrategi_nr, delstrategi, kort, status, antal_utmaningar,
    antal_mojligheter (utvardering optional).
    """
    kommun_order = list(dict.fromkeys(df.sort_values("kommunkod", kind="stable")["kommun"]))
    data = df.assign(symbol=df["status"].map(STATUS_SYMBOL).fillna(""))
    base = alt.Chart(data).encode(
        x=alt.X("kort:N", title="Delstrategi", sort=_delstrategi_order(df),
                axis=alt.Axis(labelAngle=-30, labelLimit=180, orient="top")),
        y=alt.Y("kommun:N", title="Kommun", sort=kommun_order),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("status:N", title="Angivet",
                        scale=alt.Scale(domain=STATUS_ORDNING, range=STATUS_FARGER),
                        legend=alt.Legend(orient="bottom", columns=3, labelLimit=0, symbolType="square",
                                          symbolSize=180, symbolStrokeColor="#9e9e9e", symbolStrokeWidth=0.5,
                                          labelExpr=LEGEND_WITH_SYMBOL)),
        tooltip=[
            alt.Tooltip("kommun:N", title="Kommun"),
            alt.Tooltip("delstrategi:N", title="Delstrategi"),
            alt.Tooltip("status:N", title="Angivet"),
            alt.Tooltip("antal_utmaningar:Q", title="Utmaningar", format=",.0f"),
            alt.Tooltip("antal_mojligheter:Q", title="Möjligheter", format=",.0f"),
        ],
    )
    symbols = base.mark_text(font=common.FONT, fontSize=11, fontWeight="bold").encode(
        text="symbol:N",
        color=alt.condition(alt.FieldOneOfPredicate(field="status", oneOf=DARK_CELLS), alt.value("white"),
                            alt.value("#000000")),
    )
    return alt.layer(cells, symbols).properties(height=alt.Step(24))


def utmaningar_teman_staplar(df: pd.DataFrame, max_teman: int = 8) -> alt.Chart:
    """Stacked horizontal bars: the most common teman among one delstrategi's answers, split by riktning.

    df: utmaningar_teman(...) — tema_id, tema, riktning_namn, antal, totalt (most common first).
    """
    top = list(dict.fromkeys(df.sort_values(["totalt", "tema"], ascending=[False, True], kind="stable")["tema"]))
    top = top[:max_teman]
    data = df[df["tema"].isin(top)]
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("tema:N", title="Tema", sort=top, axis=alt.Axis(labelLimit=260)),
            x=alt.X("sum(antal):Q", title="Antal svar", stack="zero", axis=alt.Axis(format=",.0f", tickMinStep=1)),
            color=_riktning_colour(),
            order=alt.Order("riktning_namn:N", sort="descending"),
            tooltip=[
                alt.Tooltip("tema:N", title="Tema"),
                alt.Tooltip("riktning_namn:N", title="Riktning"),
                alt.Tooltip("antal:Q", title="Antal svar", format=",.0f"),
                alt.Tooltip("totalt:Q", title="Totalt", format=",.0f"),
            ],
        )
        .properties(height=alt.Step(22))
    )
