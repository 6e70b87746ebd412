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


import altair as alt
import pandas as pd

from dashboard import svenska
from dashboard.charts import common
from dashboard.formatting import MISSING, fmt_kr, fmt_pct, fmt_share_of, fmt_signed, with_formats

__all__: list[str] = [
    "INSKICK_STATUS",
    "svarstider",
    "likert_diverging",
    "likert_heatmap",
    "likert_forandring",
    "kommun_mot_lanet",
    "svarslage_texter",
    "saknas_text",
    "metric_delta",
    "utvarderingar_tabell",
    "syften_tabell",
    "likert_tabell",
    "jamforelse_tabell",
    "kommun_jamforelse_tabell",
    "kommun_svar_text",
    "fritext_grupper",
    "anslag_nyckeltal",
    "avvisade_tabell",
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


def _question_order(df: pd.DataFrame, label: str = "kort_text") -> list[str]:
    """The question labels in questionnaire order (by `ordning`)."""
    return list(df.sort_values("ordning", kind="stable")[label].drop_duplicates())


# --------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------


def svarstider(df: pd.DataFrame) -> alt.LayerChart:
    """Strip chart of submission times per kommun with the deadline as a rule (from queries.inskick).

    Late answers are orange triangles, superseded submissions grey crosses; kommuner
    without an answer show 'Inget svar inkommet' at the opening date.
    """
    order = list(df.sort_values(["ordning", "sluttid"])["kommun"].drop_duplicates())
    y = alt.Y("kommun:N", sort=order, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT))
    statuses = list(INSKICK_STATUS)
    answered = df[df["sluttid"].notna()]
    missing = df[df["sluttid"].isna()]
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
            x="oppnade:T", y=y, text=alt.value("Inget svar inkommet")))
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
    vet_ej_bars = alt.Chart(vet_ej).mark_bar(color=common.LIKERT_COLOURS[5]).encode(
        x=alt.X("antal:Q", title="Vet ej (antal)", axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("kort_text:N", sort=order, axis=None),
        tooltip=[alt.Tooltip("kort_text:N", title="Fråga"), alt.Tooltip("antal:Q", title="Vet ej", format="d"),
                 alt.Tooltip("andel_alla:Q", title="Andel av alla svar", format=".0%")],
    )
    vet_ej_text = vet_ej_bars.mark_text(align="left", dx=3).encode(text=alt.Text("antal:Q", format="d"))
    return alt.hconcat(
        alt.layer(bars, zero).properties(width=440, height=alt.Step(34)),
        alt.layer(vet_ej_bars, vet_ej_text).properties(width=90, height=alt.Step(34)),
        spacing=8,
    )


def likert_heatmap(df: pd.DataFrame) -> alt.Chart:
    """Heatmap kommun × question coloured by the kommun's answer, the value 1–5 written in the cell.

    df: queries.likert_per_kommun (kommun, kort_text, ordning, svar, varde). 'Vet ej' is grey.
    """
    order = _question_order(df)
    kommuner = list(df.sort_values("kommunkod")["kommun"].drop_duplicates())
    base = alt.Chart(df).encode(
        x=alt.X("kommun:N", sort=kommuner, title=None,
                axis=alt.Axis(labelAngle=-40, orient="top", labelOverlap=False)),
        y=alt.Y("kort_text:N", sort=order, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("svar:N", title="Svar", scale=common.likert_scale(),
                        legend=alt.Legend(orient="bottom", direction="horizontal")),
        tooltip=[alt.Tooltip("kommun:N", title="Kommun"), alt.Tooltip("kort_text:N", title="Fråga"),
                 alt.Tooltip("svar:N", title="Svar")],
    )
    text = base.mark_text(fontSize=12).transform_filter("isValid(datum.varde)").encode(
        text=alt.Text("varde:Q", format="d"),
        color=alt.condition("datum.varde == 3 || datum.varde == 2", alt.value("#222222"), alt.value("white")),
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


def kommun_mot_lanet(df: pd.DataFrame, kommun: str) -> alt.FacetChart:
    """Per question and utvärdering: the kommun's answer (dot) against the county mean (diamond).

    df: queries.kommun_jamforelse (utvardering, kort_text, ordning, svar, varde, lan_medel).
    """
    order = _question_order(df)
    base_cols = ["utvardering", "kort_text", "ordning", "svar"]
    egna = df[base_cols].assign(serie=kommun, poang=df["varde"].astype("Float64"))
    lan = df[base_cols].assign(serie=LAN_MEDEL, poang=df["lan_medel"].astype("Float64"))
    data = pd.concat([egna, lan], ignore_index=True)
    data["svar"] = data["svar"].fillna("Inget svar inkommet")
    data["poang"] = data["poang"].astype("float64")
    y = alt.Y("kort_text:N", sort=order, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT))
    scale = alt.Scale(domain=[1, 5])
    line = alt.Chart().mark_rule(color="#bdbdbd", strokeWidth=2).encode(
        x=alt.X("min(poang):Q", scale=scale), x2="max(poang):Q", y=y)
    dots = alt.Chart().mark_point(filled=True, size=130, opacity=1).encode(
        x=alt.X("poang:Q", title="Betyg (1–5)", scale=scale, axis=alt.Axis(format=".1f", tickCount=5)),
        y=y,
        color=alt.Color("serie:N", title=None, scale=alt.Scale(
            domain=[kommun, LAN_MEDEL], range=[common.CATEGORY_COLOURS[0], "#7f7f7f"]),
            legend=alt.Legend(orient="bottom")),
        shape=alt.Shape("serie:N", title=None, scale=alt.Scale(domain=[kommun, LAN_MEDEL],
                                                                range=["circle", "diamond"])),
        tooltip=[alt.Tooltip("kort_text:N", title="Fråga"), alt.Tooltip("serie:N", title="Vem"),
                 alt.Tooltip("poang:Q", title="Betyg", format=".1f"),
                 alt.Tooltip("svar:N", title=f"{svenska.possessive(kommun)} svar")],
    )
    missing = alt.Chart().mark_text(align="left", fontStyle="italic", color="#555555", dx=2).encode(
        x=alt.datum(1), y=y, text="svar:N",
    ).transform_filter(alt.FieldEqualPredicate(field="serie", equal=kommun)).transform_filter(
        "!isValid(datum.poang)")
    return alt.layer(line, dots, missing, data=data).properties(width=320, height=alt.Step(28)).facet(
        column=alt.Column("utvardering:O", title=None,
                          header=alt.Header(labelExpr="'Utvärdering ' + datum.value", labelFontSize=13)),
    )


# --------------------------------------------------------------------------
# Texts, metric arguments and display tables for the pages
# --------------------------------------------------------------------------


def _names(row: pd.Series, column: str) -> str:
    """The kommuner in a svarslage column (comma-separated names) as a Swedish list ('' when none)."""
    return svenska.swedish_list(name.strip() for name in row[column].split(",") if name.strip())


def svarslage_texter(row: pd.Series) -> list[str]:
    """Sentences on who is missing, who was late and who answered more than once (one svarslage row)."""
    texts = []
    if row["saknas"]:
        texts.append(f"{_names(row, 'saknas')} har inte svarat.")
    else:
        texts.append("Alla kommuner har svarat.")
    if row["sena"]:
        texts.append(f"{_names(row, 'sena')} svarade efter sista svarsdag ({svenska.date(row['sista_svarsdag'])}).")
    if row["flera_inskick"]:
        texts.append(f"{_names(row, 'flera_inskick')} svarade mer än en gång – senaste svaret gäller.")
    return texts


def saknas_text(deltagande: pd.DataFrame, kommunkoder, utvardering: int) -> str | None:
    """'Inget svar inkommet från Sorsele (utvärdering 2024).' for chosen kommuner without an answer, else None."""
    chosen = deltagande[deltagande["kommunkod"].isin(list(kommunkoder)) & ~deltagande["har_svarat"].astype(bool)]
    if chosen.empty:
        return None
    return f"Inget svar inkommet från {svenska.swedish_list(chosen['kommun'])} (utvärdering {utvardering})."


def metric_delta(forandring, forra: int | None) -> dict:
    """st.metric keyword arguments for a change in mean score: '+0,3' green up, '−0,2' red down."""
    if forra is None or forandring is None or pd.isna(forandring):
        return {}
    rounded = round(float(forandring), 1)
    if rounded == 0:
        return {"delta": "±0,0", "delta_color": "gray", "delta_arrow": "off",
                "delta_description": f"jämfört med {forra}"}
    return {"delta": fmt_signed(forandring, 1), "delta_color": "green" if rounded > 0 else "red",
            "delta_arrow": "up" if rounded > 0 else "down", "delta_description": f"jämfört med {forra}"}


def utvarderingar_tabell(svarslagen: list[pd.DataFrame]) -> pd.DataFrame:
    """The utvärderingar side by side: one row per measure, one text column per utvärdering (from queries.svarslage)."""
    table: dict[str, dict[str, str]] = {}
    for svarslage in svarslagen:
        row = svarslage.iloc[0]
        table[f"Utvärdering {int(row['utvardering'])}"] = {
            "Öppnade": svenska.date(row["oppnade"]),
            "Sista svarsdag": svenska.date(row["sista_svarsdag"]),
            "Svarande kommuner": fmt_share_of(int(row["antal_svarande"]), int(row["antal_kommuner"])),
            "Svarsfrekvens": fmt_pct(row["svarsfrekvens"]),
            "Har inte svarat": _names(row, "saknas") or MISSING,
            "Svar efter sista svarsdag": _names(row, "sena") or MISSING,
            "Svarade mer än en gång": _names(row, "flera_inskick") or MISSING,
            "Första svar": svenska.date(row["forsta_svar"]),
            "Sista svar": svenska.date(row["sista_svar"]),
        }
    out = pd.DataFrame(table)
    out.index.name = "Mått"
    return out.reset_index()


def _value(row, column: str) -> float:
    """row[column] as a float, NaN when the row is missing (None) or the value is."""
    if row is None or pd.isna(row[column]):
        return float("nan")
    return float(row[column])


def syften_tabell(syften: dict[int, pd.DataFrame]) -> pd.DataFrame:
    """Mean per syfte per utvärdering side by side (numbers), with the change between the last two ('Förändring').

    syften: {utvardering: queries.syfte_medel(utvardering)}. A year without a mean is NaN (shown '–').
    """
    years = sorted(syften)
    rows: dict[int, dict] = {}
    for year in years:
        for _, s in syften[year].iterrows():
            row = rows.setdefault(int(s["syfte_nr"]), {"Syfte": f"Syfte {int(s['syfte_nr'])}: {s['kort']}"})
            row[f"Medel {year}"] = _value(s, "medel")
    out = pd.DataFrame([rows[k] for k in sorted(rows)], columns=["Syfte", *(f"Medel {y}" for y in years)])
    formats = {f"Medel {year}": "decimal1" for year in years}
    for column in formats:
        out[column] = out[column].astype("float64")
    if len(years) > 1:
        out["Förändring"] = out[f"Medel {years[-1]}"] - out[f"Medel {years[-2]}"]
        formats["Förändring"] = "signed1"
    return with_formats(out, formats)


def likert_tabell(df: pd.DataFrame) -> pd.DataFrame:
    """Per question: mean, share positive, answers and Vet ej as numbers (from queries.likert_resultat)."""
    table = pd.DataFrame({
        "Fråga": df["kort_text"],
        "Medelvärde (1–5)": df["medel"].astype("float64"),
        "Andel positiva (4–5)": df["andel_positiv"].astype("float64"),
        "Svar 1–5": df["antal_stallning"].astype(int),
        "Vet ej": df["antal_vet_ej"].astype(int),
        "Andel Vet ej": df["andel_vet_ej"].astype("float64"),
    })
    return with_formats(table, {"Medelvärde (1–5)": "decimal1", "Andel positiva (4–5)": "pct", "Svar 1–5": "int",
                                "Vet ej": "int", "Andel Vet ej": "pct"})


def jamforelse_tabell(df: pd.DataFrame, utvarderingar=None) -> pd.DataFrame:
    """Per question: mean, share positive and Vet ej per utvärdering, and the change in mean ('Förändring').

    utvarderingar: the years to show as columns (default: those in df); a year without answers is
    missing (NaN, shown '–'). Numbers, not text.
    """
    years = sorted(int(u) for u in (df["utvardering"].unique() if utvarderingar is None else utvarderingar))
    formats = {**{f"Medel {y}": "decimal1" for y in years}, **{f"Positiva {y}": "pct" for y in years},
               **{f"Vet ej {y}": "int" for y in years}, "Förändring": "signed1"}
    rows = []
    for fraga_id, group in df.sort_values(["ordning", "utvardering"]).groupby("fraga_id", sort=False):
        by_year = {int(r["utvardering"]): r for _, r in group.iterrows()}
        row = {"Fråga": group["kort_text"].iloc[0]}
        for year in years:
            row[f"Medel {year}"] = _value(by_year.get(year), "medel")
        for year in years:
            row[f"Positiva {year}"] = _value(by_year.get(year), "andel_positiv")
        for year in years:
            row[f"Vet ej {year}"] = _value(by_year.get(year), "antal_vet_ej")
        row["Förändring"] = _value(by_year.get(years[-1]), "forandring")
        rows.append(row)
    table = pd.DataFrame(rows, columns=["Fråga", *formats])
    table = table.astype({column: "float64" for column in formats})
    table = table.astype({f"Vet ej {y}": "Int64" for y in years})
    return with_formats(table, formats)


def kommun_jamforelse_tabell(df: pd.DataFrame, kommun: str, utvarderingar) -> pd.DataFrame:
    """Per question: the kommun's answer (text) and the county mean (number) per utvärdering.

    The kommun's answer reads 'Inget svar inkommet' when missing.
    """
    rows = []
    for _, group in df.sort_values(["ordning", "utvardering"]).groupby("fraga_id", sort=False):
        by_year = {int(r["utvardering"]): r for _, r in group.iterrows()}
        row = {"Fråga": group["kort_text"].iloc[0]}
        for year in utvarderingar:
            r = by_year.get(int(year))
            if r is None or pd.isna(r["svar"]):
                row[f"{kommun} {year}"] = "Inget svar inkommet"
            elif pd.isna(r["varde"]):
                row[f"{kommun} {year}"] = str(r["svar"])
            else:
                row[f"{kommun} {year}"] = f"{int(r['varde'])} – {r['svar']}"
            row[f"Länet {year}"] = _value(r, "lan_medel")
        rows.append(row)
    formats = {f"Länet {year}": "decimal1" for year in utvarderingar}
    columns = ["Fråga", *(c for year in utvarderingar for c in (f"{kommun} {year}", f"Länet {year}"))]
    table = pd.DataFrame(rows, columns=columns).astype({column: "float64" for column in formats})
    return with_formats(table, formats)


def kommun_svar_text(row: pd.Series) -> str:
    """Whether a kommun answered one utvärdering (one queries.kommun_deltagande row), in words."""
    if not bool(row["har_svarat"]):
        return "Inget svar inkommet"
    text = f"Svarade {svenska.datetime(row['sluttid'])}"
    if bool(row["efter_sista_svarsdag"]):
        text += f", efter sista svarsdag ({svenska.date(row['sista_svarsdag'])})"
    if int(row["antal_inskick"]) > 1:
        text += f". Skickade in {int(row['antal_inskick'])} gånger – senaste svaret gäller"
    return text + "."


def fritext_grupper(df: pd.DataFrame, tema_namn: dict[str, str]) -> list[tuple[str, pd.DataFrame]]:
    """Free-text answers grouped under a heading per delstrategi (utmaningar and möjligheter together) or question.

    df: queries.fritextsvar_med_teman for one kommun and utvärdering; tema_namn: tema_id → label.
    Adds `fraga_text` ('Delstrategi 1: Utmaningar' or the question), `tema_topp` (the top
    theme's label or None) and `teman_text` (all theme labels, '; '-separated).
    """
    if df.empty:
        return []
    data = df.copy()
    is_ds = data["delstrategi_nr"].notna()
    data["rubrik"] = data["fraga_kort"].fillna(data["fraga_id"]).astype(str)
    data.loc[is_ds, "rubrik"] = [f"Delstrategi {int(n)}: {d}" for n, d in
                                 zip(data.loc[is_ds, "delstrategi_nr"], data.loc[is_ds, "delstrategi"])]
    data["fraga_text"] = data["fraga_kort"].fillna(data["rubrik"]).astype(str)
    ids = [list(v) if isinstance(v, (list, tuple)) else [] for v in data["teman"]]
    data["tema_topp"] = pd.Series([tema_namn.get(t[0], t[0]) if t else None for t in ids],
                                  index=data.index, dtype=object)
    data["teman_text"] = ["; ".join(tema_namn.get(x, x) for x in t) for t in ids]
    data["sortering"] = data["delstrategi_nr"].fillna(99).astype(float)
    data["riktning_ordning"] = data["riktning"].map({"utmaning": 0, "möjlighet": 1}).fillna(2)
    data = data.sort_values(["sortering", "riktning_ordning"], kind="stable")
    return [(rubrik, group) for rubrik, group in data.groupby("rubrik", sort=False)]


def anslag_nyckeltal(df: pd.DataFrame, kommunkod: str) -> dict[str, str] | None:
    """One kommun's anslag as Swedish text: belopp, kr per invånare, andel and rank among the kommuner.

    df: queries.anslag_per_kommun(ar). None when the kommun has no anslag that year.
    """
    row = df[df["kommunkod"] == kommunkod]
    if row.empty:
        return None
    row = row.iloc[0]
    per_inv = df["kr_per_invanare"].rank(ascending=False, method="min")[row.name]
    belopp = df["belopp_kr"].rank(ascending=False, method="min")[row.name]
    return {
        "belopp": fmt_kr(row["belopp_kr"]),
        "per_invanare": fmt_kr(row["kr_per_invanare"], 1),
        "andel": fmt_pct(row["andel"], 1),
        "plats": (f"Plats {int(belopp)} av {len(df)} i kronor och plats {int(per_inv)} av {len(df)} "
                  "i kronor per invånare (1 = högst)." if pd.notna(per_inv) else
                  f"Plats {int(belopp)} av {len(df)} i kronor (1 = högst)."),
    }


def avvisade_tabell(df: pd.DataFrame) -> pd.DataFrame:
    """Rejected rows with Swedish headers: Fil, Blad, Rad, Kolumn, Värde, Orsak."""
    return df.rename(columns={"fil": "Fil", "blad": "Blad", "rad": "Rad", "kolumn": "Kolumn",
                              "varde": "Värde", "orsak": "Orsak"})[["Fil", "Blad", "Rad", "Kolumn", "Värde", "Orsak"]]
