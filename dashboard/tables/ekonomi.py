"""Table builders for anslag and the budget follow-up: Swedish headers, real numbers, declared kinds."""

from __future__ import annotations

import pandas as pd

from dashboard.formatting import with_cell_styles, with_formats

# How the table helpers' numeric columns are shown and exported (dashboard.formatting.COLUMN_FORMATS).


__all__: list[str] = [
    "ANSLAG_TABELL_FORMAT",
    "BUDGET_TABELL_FORMAT",
    "anslag_tabell",
    "BUDGET_TABELL_KOLUMNER",
    "BUDGET_STATUS_SYMBOL",
    "budget_tabell",
    "budget_enheter_tabell",
    "kommun_anslag_tabell",
]

ANSLAG_TABELL_FORMAT = {"Anslag": "kr", "Per invånare": "kr1", "Andel": "pct1"}


BUDGET_TABELL_FORMAT = {
    "Budget helår": "tkr", "Budget perioden": "tkr", "Utfall ack.": "tkr", "Avvikelse": "signed_tkr",
    "Avvikelse %": "signed_pct1", "Prognos helår": "tkr", "Prognos mot budget": "signed_tkr",
}


def anslag_tabell(df: pd.DataFrame, kommunkoder: tuple[str, ...] = ()) -> pd.DataFrame:
    """Table of anslag_per_kommun rows for the chosen kommuner, largest first, with a total row (numbers).

    Columns: Kommun, Anslag (kr), Per invånare (kr), Andel (share 0-1), shown as "3 807 000 kr", "29,1 kr",
    "12,5 %". The total row ('Summa') appears when more than one kommun is shown.
    """
    rows = df[df["kommunkod"].isin(kommunkoder)] if kommunkoder else df
    rows = rows.sort_values("belopp_kr", ascending=False, kind="stable")
    table = pd.DataFrame({
        "Kommun": rows["kommun"].astype(str),
        "Anslag": rows["belopp_kr"].astype("float64"),
        "Per invånare": rows["kr_per_invanare"].astype("float64"),
        "Andel": rows["andel"].astype("float64"),
    })
    if len(rows) > 1:
        belopp, invanare = rows["belopp_kr"].sum(), rows["invanare"].sum()
        total = {"Kommun": "Summa", "Anslag": float(belopp),
                 "Per invånare": float(belopp / invanare) if invanare else float("nan"),
                 "Andel": float(rows["andel"].sum())}
        table = pd.concat([table, pd.DataFrame([total])], ignore_index=True)
    return with_formats(table.reset_index(drop=True), ANSLAG_TABELL_FORMAT)


BUDGET_TABELL_KOLUMNER = {
    "Budget helår": "budget_helar_tkr",
    "Budget perioden": "budget_period_tkr",
    "Utfall ack.": "utfall_ack_tkr",
    "Avvikelse": "avvikelse_tkr",
    "Avvikelse %": "avvikelse_andel",
    "Prognos helår": "prognos_helar_tkr",
    "Prognos mot budget": "prognos_avvikelse_tkr",
}


# A deviation is marked by a symbol in the text and, on screen, a background colour (never colour alone).
BUDGET_STATUS_SYMBOL = {"Över budget": "▲ Över budget", "Under budget": "▼ Under budget",
                        "Enligt budget": "● Enligt budget"}
BUDGET_STATUS_STYLE = {"▲ Över budget": "background-color: #fde2d4; color: #000000",
                       "▼ Under budget": "background-color: #dbe9f6; color: #000000"}


def _budget_table(rows: pd.DataFrame, label: tuple[str, str], headers: list[str]) -> pd.DataFrame:
    """A numeric budget table: a label column, the chosen amount columns (tkr) and the status with its symbol."""
    table = pd.DataFrame({
        label[0]: rows[label[1]].astype(str),
        **{h: rows[BUDGET_TABELL_KOLUMNER[h]].astype("float64") for h in headers},
        "Status": rows["status"].astype(str).map(lambda s: BUDGET_STATUS_SYMBOL.get(s, s)),
    }).reset_index(drop=True)
    with_cell_styles(table, {"Status": BUDGET_STATUS_STYLE})
    return with_formats(table, {k: v for k, v in BUDGET_TABELL_FORMAT.items() if k in table.columns})


def budget_tabell(df: pd.DataFrame, till_manad: int | None = None) -> pd.DataFrame:
    """Table (numbers, tkr) of one enhet's months up to till_manad: budget, utfall, deviation and status."""
    rows = df if till_manad is None else df[df["manad"] <= int(till_manad)]
    headers = ["Budget perioden", "Utfall ack.", "Avvikelse", "Avvikelse %", "Prognos helår"]
    return _budget_table(rows, ("Månad", "manad_namn"), headers)


def budget_enheter_tabell(df: pd.DataFrame) -> pd.DataFrame:
    """Table (numbers, tkr) of budget_oversikt: every enhet's budget, utfall, deviation, prognos and status."""
    return _budget_table(df, ("Enhet", "enhet"), list(BUDGET_TABELL_KOLUMNER))


def kommun_anslag_tabell(df: pd.DataFrame) -> pd.DataFrame:
    """One kommun's anslag year by year (numbers): kronor, kronor per invånare and the change from the year before.

    df: queries.anslag_utveckling for one kommun (ar, belopp_kr, invanare, kr_per_invanare).
    """
    rows = df.sort_values("ar")
    belopp = rows["belopp_kr"].astype("float64").reset_index(drop=True)
    table = pd.DataFrame({
        "År": rows["ar"].astype(int).astype(str).reset_index(drop=True),
        "Anslag": belopp,
        "Per invånare": rows["kr_per_invanare"].astype("float64").reset_index(drop=True),
        "Förändring": belopp.diff(),
        "Förändring %": belopp.pct_change(fill_method=None),
    })
    return with_formats(table, {"Anslag": "kr", "Per invånare": "kr1", "Förändring": "signed_kr",
                                "Förändring %": "signed_pct1"})
