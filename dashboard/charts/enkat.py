"""Chart builders and page texts for the enkät: response timeline, Likert distributions, kommun vs län.

Charts are pure: DataFrame in, Altair chart out, no `.configure(...)` (show_chart
sets the sv-SE locale). Number formats are d3 strings, which the sv-SE locale
renders with a decimal comma and a space as thousands separator.

The text and table helpers at the end turn query results into the Swedish
sentences, metric arguments and tables the pages show, so pages hold no
formatting logic. Tables keep numbers and declare each numeric column's kind
(`with_formats`); show_table shows them in Swedish and exports the numbers.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from dashboard import svenska
from dashboard.charts import common
from dashboard.smagrupper import FOR_FA_SVAR

__all__: list[str] = [
    "INSKICK_STATUS",
    "svarstider",
    "likert_diverging",
    "likert_heatmap",
    "likert_forandring",
    "kommun_mot_lanet",
]

LIKERT_VARDEN = common.LIKERT_ORDER[:5]  # the five answers with a value, 1 → 5
VET_EJ = common.LIKERT_ORDER[5]
LAN_MEDEL = "Länets medel"

# Timeline status → colour and shape (Okabe–Ito; shape differs too, so colour is never the only cue).
INSKICK_STATUS: dict[str, tuple[str, str]] = {
    "I tid": (common.CATEGORY_COLOURS[0], "circle"),
    "Efter sista svarsdag": (common.CATEGORY_COLOURS[5], "triangle-up"),
    "Ersatt av senare svar": ("#9e9e9e", "cross"),
}

LABEL_LIMIT = 320
# Width of the diverging bars' axis from -100 % to 100 %; the Vet ej panel uses the same pixels per per cent.
DIVERGING_WIDTH = 440
# Labels of charts that must fit a phone (390 px) beside their plot; the tooltip has the whole text.
PHONE_LABEL_LIMIT = 200


def _question_order(df: pd.DataFrame, label: str = "kort_text") -> list[str]:
    """The question labels in questionnaire order (by `ordning`)."""
    return list(df.sort_values("ordning", kind="stable")[label].drop_duplicates())


# --------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------


def svarstider(df: pd.DataFrame) -> alt.LayerChart:
    """Strip chart of submission times per kommun with the deadline as a rule (from queries.inskick).

    Late answers are orange triangles, superseded submissions grey crosses; kommuner
    without an answer show 'Inget svar inkommet' at the opening date, an answer whose time
    could not be read 'Svar inkommet, tidpunkt okänd'.
    """
    order = list(df.sort_values(["ordning", "sluttid"])["kommun"].drop_duplicates())
    y = alt.Y("kommun:N", sort=order, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT))
    statuses = list(INSKICK_STATUS)
    answered = df[df["sluttid"].notna()]
    missing = df[df["sluttid"].isna()].assign(svar_text=lambda d: d["status"].map(
        {"Tidpunkt okänd": "Svar inkommet, tidpunkt okänd"}).fillna("Inget svar inkommet"))
    points = alt.Chart(answered).mark_point(size=110, filled=True, opacity=1).encode(
        x=alt.X("sluttid:T", title="Svar inskickat", scale=alt.Scale(padding=14),
                axis=alt.Axis(format="%-d %b", labelAngle=0)),
        y=y,
        color=alt.Color("status:N", title="Svar", scale=alt.Scale(
            domain=statuses, range=[INSKICK_STATUS[s][0] for s in statuses])),
        shape=alt.Shape("status:N", title="Svar", scale=alt.Scale(
            domain=statuses, range=[INSKICK_STATUS[s][1] for s in statuses])),
        tooltip=[alt.Tooltip("kommun:N", title="Kommun"),
                 alt.Tooltip("sluttid:T", title="Inskickat", format=svenska.VEGA_DATETIME_FORMAT),
                 alt.Tooltip("status:N", title="Status"),
                 alt.Tooltip("antal_inskick:Q", title="Antal inskick", format="d")],
    )
    deadline = pd.DataFrame({"svarsdag_slut": df["svarsdag_slut"].iloc[:1],
                             "etikett": ["Sista svarsdag"]})
    rule = alt.Chart(deadline).mark_rule(strokeDash=[6, 4], color="#555555", strokeWidth=1.5).encode(
        x="svarsdag_slut:T",
        tooltip=[alt.Tooltip("svarsdag_slut:T", title="Sista svarsdag", format=svenska.VEGA_DATE_FORMAT)],
    )
    rule_label = alt.Chart(deadline).mark_text(align="right", dx=-4, dy=-4, baseline="bottom",
                                               color="#555555", fontSize=11).encode(
        x="svarsdag_slut:T", y=alt.value(0), text="etikett:N")
    layers = [rule, rule_label, points]
    if not missing.empty:
        layers.append(alt.Chart(missing).mark_text(align="left", fontStyle="italic", color="#555555").encode(
            x="oppnade:T", y=y, text="svar_text:N"))
    return alt.layer(*layers).properties(height=alt.Step(22))


def _diverging_segments(df: pd.DataFrame) -> pd.DataFrame:
    """Start/end of each answer's segment, centred so 'Instämmer delvis' straddles zero."""
    rows = []
    valued = df[df["varde"].notna()].copy()
    valued["varde"] = valued["varde"].astype(int)
    for _, group in valued.groupby("fraga_id", sort=False):
        group = group.sort_values("varde")
        shares = group["andel"].fillna(0.0).to_numpy(dtype=float)
        values = group["varde"].to_numpy()
        start = -(shares[values < 3].sum() + shares[values == 3].sum() / 2)
        for (_, row), share in zip(group.iterrows(), shares):
            rows.append({**row.to_dict(), "start": start, "slut": start + share})
            start += share
    return pd.DataFrame(rows)


def likert_diverging(df: pd.DataFrame) -> alt.HConcatChart:
    """Diverging stacked bars of the answers 1–5 (centred on 'Instämmer delvis') with 'Vet ej' as its own bar.

    df: queries.likert_fordelning (fraga_id, kort_text, ordning, svar, varde, antal, andel).
    Negative answers lie left of zero, positive right; shares are of the answers 1–5.
    """
    order = _question_order(df)
    segments = _diverging_segments(df)
    y = alt.Y("kort_text:N", sort=order, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT))
    bars = alt.Chart(segments).mark_bar(stroke="white", strokeWidth=0.5).encode(
        x=alt.X("start:Q", title="Andel av svaren (Instämmer delvis delas på mitten)",
                scale=alt.Scale(domain=[-1, 1]),
                axis=alt.Axis(format="%", labelExpr="format(abs(datum.value), '.0%')",
                              values=[-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1])),
        x2="slut:Q",
        y=y,
        color=alt.Color("svar:N", title="Svar", scale=alt.Scale(domain=LIKERT_VARDEN,
                                                                   range=common.LIKERT_COLOURS[:5]),
                        legend=alt.Legend(orient="bottom", direction="horizontal")),
        order=alt.Order("varde:Q"),
        tooltip=[alt.Tooltip("kort_text:N", title="Fråga"), alt.Tooltip("svar:N", title="Svar"),
                 alt.Tooltip("antal:Q", title="Antal", format="d"),
                 alt.Tooltip("andel:Q", title="Andel", format=".0%")],
    )
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#333333").encode(x="x:Q")
    vet_ej = df[df["varde"].isna()]
    vet_ej_max = vet_ej_domain(vet_ej["andel_alla"])
    vet_ej_bars = alt.Chart(vet_ej).mark_bar(color=common.LIKERT_COLOURS[5]).encode(
        x=alt.X("andel_alla:Q", title="Vet ej (andel av alla svar)", scale=alt.Scale(domain=[0, vet_ej_max]),
                axis=alt.Axis(format=".0%", values=[v / 4 for v in range(int(vet_ej_max * 4) + 1)])),
        y=alt.Y("kort_text:N", sort=order, axis=None),
        tooltip=[alt.Tooltip("kort_text:N", title="Fråga"), alt.Tooltip("antal:Q", title="Vet ej", format="d"),
                 alt.Tooltip("andel_alla:Q", title="Andel av alla svar", format=".0%")],
    )
    vet_ej_text = vet_ej_bars.mark_text(align="left", dx=3).encode(text=alt.Text("andel_alla:Q", format=".0%"))
    return alt.hconcat(
        alt.layer(bars, zero).properties(width=DIVERGING_WIDTH, height=alt.Step(34)),
        alt.layer(vet_ej_bars, vet_ej_text).properties(width=round(DIVERGING_WIDTH / 2 * vet_ej_max),
                                                       height=alt.Step(34)),
        spacing=8,
    )


def vet_ej_domain(shares: pd.Series) -> float:
    """Upper end of the Vet ej axis: the largest share rounded up to a quarter, at least 25 %.

    The panel is drawn at the main chart's scale (the same pixels per percentage point), so a share of
    Vet ej looks exactly as large as the same share of positive or negative answers.
    """
    largest = float(shares.fillna(0).max()) if len(shares) else 0.0
    return max(0.25, math.ceil(round(largest * 4, 9)) / 4)


# What a heatmap cell says when there is no score, so no cell is told by colour alone.
CELL_SYMBOLS = {"Vet ej": "VE", common.MISSING_ANSWERS[0]: "·", common.NO_ANSWER: common.NO_ANSWER_SYMBOL,
                FOR_FA_SVAR: common.SUPPRESSED_SYMBOL}
LIKERT_LEGEND = ("{'Instämmer inte alls': '1', 'Instämmer i liten grad': '2', 'Instämmer delvis': '3', "
                 "'Instämmer till stor del': '4', 'Instämmer helt': '5', "
                 + ", ".join(f"'{k}': '{v}'" for k, v in CELL_SYMBOLS.items()) + "}[datum.label] + '  ' + datum.label")


def likert_heatmap(df: pd.DataFrame) -> alt.LayerChart:
    """Heatmap kommun × question coloured by the kommun's answer, the value 1–5 (or a symbol) written in the cell.

    df: queries.likert_per_kommun (kommun, kort_text, ordning, svar, varde). 'Vet ej' and missing answers are
    grey shades with their own symbol (VE, ·, –), explained in the legend; a kommun without an answer is a row
    of '–', not left out.
    """
    order = _question_order(df)
    kommuner = list(df.sort_values("kommunkod")["kommun"].drop_duplicates())
    data = df.assign(etikett=[(str(int(v)) if float(v).is_integer() else f"{v:.1f}".replace(".", ","))
                              if pd.notna(v) else CELL_SYMBOLS.get(s, "") for v, s in zip(df["varde"], df["svar"])])
    base = alt.Chart(data).encode(
        x=alt.X("kommun:N", sort=kommuner, title=None,
                axis=alt.Axis(labelAngle=-40, orient="top", labelOverlap=False)),
        y=alt.Y("kort_text:N", sort=order, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
    )
    suppressed = bool((df["svar"] == FOR_FA_SVAR).any())
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("svar:N", title="Svar", scale=common.likert_scale(suppressed),
                        legend=alt.Legend(orient="bottom", direction="horizontal", columns=3, labelLimit=0,
                                          labelExpr=LIKERT_LEGEND)),
        tooltip=[alt.Tooltip("kommun:N", title="Kommun"), alt.Tooltip("kort_text:N", title="Fråga"),
                 alt.Tooltip("svar:N", title="Svar")],
    )
    text = base.mark_text(fontSize=12).encode(
        text=alt.Text("etikett:N"),
        color=alt.condition("datum.varde == 1 || datum.varde == 5", alt.value("white"), alt.value("#000000")),
    )
    return alt.layer(cells, text).properties(height=alt.Step(30), width=alt.Step(44))


def likert_forandring(df: pd.DataFrame) -> alt.LayerChart:
    """Dumbbell chart: mean score (1–5) per question, one dot per utvärdering joined by a line.

    df: queries.likert_jamforelse (utvardering, kort_text, ordning, medel, andel_positiv, antal_vet_ej, forandring).
    """
    order = _question_order(df)
    data = df.assign(utvardering=df["utvardering"].astype(str))
    years = sorted(data["utvardering"].unique())
    y = alt.Y("kort_text:N", sort=order, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT))
    scale = alt.Scale(domain=[1, 5])
    colours = ["#56B4E9", "#0072B2"] if len(years) == 2 else common.CATEGORY_COLOURS[:len(years)]
    shapes = ["circle", "square", "triangle-up", "diamond"][:len(years)]
    line = alt.Chart(data).mark_rule(color="#9e9e9e", strokeWidth=3).encode(
        x=alt.X("min(medel):Q", scale=scale), x2="max(medel):Q", y=y)
    dots = alt.Chart(data).mark_point(filled=True, size=140, opacity=1).encode(
        x=alt.X("medel:Q", title="Medelvärde (1 = instämmer inte alls, 5 = instämmer helt)",
                scale=scale, axis=alt.Axis(format=".1f", tickCount=5)),
        y=y,
        color=alt.Color("utvardering:N", title="Utvärdering", scale=alt.Scale(domain=years, range=colours)),
        shape=alt.Shape("utvardering:N", title="Utvärdering", scale=alt.Scale(domain=years, range=shapes)),
        tooltip=[alt.Tooltip("kort_text:N", title="Fråga"), alt.Tooltip("utvardering:N", title="Utvärdering"),
                 alt.Tooltip("medel:Q", title="Medelvärde", format=".1f"),
                 alt.Tooltip("andel_positiv:Q", title="Andel positiva (4–5)", format=".0%"),
                 alt.Tooltip("antal_vet_ej:Q", title="Vet ej", format="d"),
                 alt.Tooltip("forandring:Q", title="Förändring", format="+.1f")],
    )
    return alt.layer(line, dots).properties(height=alt.Step(30))


def kommun_mot_lanet(df: pd.DataFrame, kommun: str) -> alt.LayerChart:
    """Per question and utvärdering: the kommun's answer (dot) against the county mean (diamond).

    One row per question and utvärdering ("Syfte 1 · 2025"), in one view as wide as the page, so it
    reflows on a phone instead of putting the utvärderingar side by side.
    df: queries.kommun_jamforelse (utvardering, kort_text, ordning, svar, varde, lan_medel).
    """
    base_cols = ["utvardering", "kort_text", "ordning", "svar"]
    egna = df[base_cols].assign(serie=kommun, poang=df["varde"].astype("Float64"))
    lan = df[base_cols].assign(serie=LAN_MEDEL, poang=df["lan_medel"].astype("Float64"))
    data = pd.concat([egna, lan], ignore_index=True)
    data["svar"] = data["svar"].fillna("Inget svar inkommet")
    data["poang"] = data["poang"].astype("float64")
    data["rad"] = data["kort_text"] + " · " + data["utvardering"].astype(str)
    order = list(data.sort_values(["ordning", "utvardering"])["rad"].drop_duplicates())
    y = alt.Y("rad:N", sort=order, title=None, axis=alt.Axis(labelLimit=PHONE_LABEL_LIMIT))
    scale = alt.Scale(domain=[1, 5])
    line = alt.Chart().mark_rule(color="#757575", strokeWidth=2).encode(
        x=alt.X("min(poang):Q", scale=scale), x2="max(poang):Q", y=y)
    dots = alt.Chart().mark_point(filled=True, size=130, opacity=1).encode(
        x=alt.X("poang:Q", title="Betyg (1–5)", scale=scale, axis=alt.Axis(format=".1f", tickCount=5)),
        y=y,
        color=alt.Color("serie:N", title=None, scale=alt.Scale(
            domain=[kommun, LAN_MEDEL], range=[common.CATEGORY_COLOURS[0], "#595959"]),
            legend=alt.Legend(orient="bottom")),
        shape=alt.Shape("serie:N", title=None, scale=alt.Scale(domain=[kommun, LAN_MEDEL],
                                                                range=["circle", "diamond"])),
        tooltip=[alt.Tooltip("kort_text:N", title="Fråga"), alt.Tooltip("utvardering:N", title="Utvärdering"),
                 alt.Tooltip("serie:N", title="Vem"), alt.Tooltip("poang:Q", title="Betyg", format=".1f"),
                 alt.Tooltip("svar:N", title=f"{svenska.possessive(kommun)} svar")],
    )
    missing = alt.Chart().mark_text(align="left", fontStyle="italic", color="#555555", dx=2).encode(
        x=alt.datum(1), y=y, text="svar:N",
    ).transform_filter(alt.FieldEqualPredicate(field="serie", equal=kommun)).transform_filter(
        "!isValid(datum.poang)")
    return alt.layer(line, dots, missing, data=data).properties(width="container", height=alt.Step(24))


# --------------------------------------------------------------------------
# Texts, metric arguments and display tables for the pages
# --------------------------------------------------------------------------



