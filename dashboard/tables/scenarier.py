"""Table builders for the negotiation scenarios: per kommun and year, money against value, saved scenarios."""

from __future__ import annotations

import pandas as pd

from dashboard.formatting import with_formats
from pipelines.scenarier.modeller import AR, BASAR

__all__: list[str] = [
    "scenario_ar_tabell",
    "scenario_belopp_tabell",
    "pengar_mot_varde_tabell",
    "scenario_jamforelse_tabell",
    "kommun_scenario_tabell",
]

SCENARIO_AR_FORMAT = {"Invånare": "int", "Belopp": "kr", "Kronor per invånare": "kr1",
                      f"Förändring mot {BASAR}": "signed_kr", f"Förändring mot {BASAR} %": "signed_pct1"}


def scenario_ar_tabell(resultat: pd.DataFrame, ar: int) -> pd.DataFrame:
    """One year of a scenario per kommun (largest amount first) with a Summa row.

    Columns: Kommun, Invånare, Belopp, Kronor per invånare, Förändring mot 2026 (kr), Förändring mot 2026 % (0-1).
    """
    rows = resultat[resultat["ar"] == int(ar)].sort_values("belopp_kr", ascending=False, kind="stable")
    table = pd.DataFrame({
        "Kommun": rows["kommun"].astype(str),
        "Invånare": rows["invanare"].astype("float64"),
        "Belopp": rows["belopp_kr"].astype("float64"),
        "Kronor per invånare": rows["kr_per_invanare"].astype("float64"),
        f"Förändring mot {BASAR}": rows["forandring_mot_bas_kr"].astype("float64"),
        f"Förändring mot {BASAR} %": (rows["forandring_mot_bas_procent"] / 100).astype("float64"),
    })
    belopp, bas, invanare = rows["belopp_kr"].sum(), (rows["belopp_kr"] - rows["forandring_mot_bas_kr"]).sum(), \
        rows["invanare"].sum()
    summa = {"Kommun": "Summa", "Invånare": float(invanare), "Belopp": float(belopp),
             "Kronor per invånare": float(belopp / invanare), f"Förändring mot {BASAR}": float(belopp - bas),
             f"Förändring mot {BASAR} %": float((belopp - bas) / bas) if bas else float("nan")}
    table = pd.concat([table, pd.DataFrame([summa])], ignore_index=True)
    return with_formats(table, SCENARIO_AR_FORMAT)


def scenario_belopp_tabell(resultat: pd.DataFrame, bas: pd.DataFrame | None = None) -> pd.DataFrame:
    """Amounts per kommun (rows, kommunkod order) and year (columns '2026 (verkligt)', '2027' … '2030'), Summa row.

    bas: modeller.bas(underlag) for the real 2026 column; the Summa row of each year equals T(N).
    """
    wide = resultat.pivot(index=["kommunkod", "kommun"], columns="ar", values="belopp_kr").astype("float64")
    wide.columns = [str(c) for c in wide.columns]
    if bas is not None:
        wide.insert(0, f"{BASAR} (verkligt)", bas.set_index(["kommunkod", "kommun"])["belopp_kr"].astype("float64"))
    table = wide.reset_index().drop(columns="kommunkod").rename(columns={"kommun": "Kommun"})
    summa = {"Kommun": "Summa", **{c: float(table[c].sum()) for c in table.columns[1:]}}
    table = pd.concat([table, pd.DataFrame([summa])], ignore_index=True)
    return with_formats(table, {c: "kr" for c in table.columns[1:]})


def pengar_mot_varde_tabell(df: pd.DataFrame, ar: int, utvardering: int, forra: int | None) -> pd.DataFrame:
    """pengar_mot_varde as a table, the kommun paying most more per invånare first."""
    rows = df.sort_values("forandring_kr_per_invanare", ascending=False, kind="stable")
    table = pd.DataFrame({
        "Kommun": rows["kommun"].astype(str),
        f"Förändring kr per invånare {BASAR}–{ar}": rows["forandring_kr_per_invanare"].astype("float64"),
        f"Medelbetyg {utvardering}": rows["medel"].astype("float64"),
    })
    formats = {table.columns[1]: "signed1", table.columns[2]: "decimal1"}
    if forra:
        table[f"Förändring betyg {forra}–{utvardering}"] = rows["medel_forandring"].astype("float64").to_numpy()
        formats[table.columns[3]] = "signed1"
    return with_formats(table.reset_index(drop=True), formats)


def scenario_jamforelse_tabell(jamforelse: pd.DataFrame, ar: int, per_invanare: bool = False) -> pd.DataFrame:
    """Kommuner (rows, kommunkod order) × scenarios (columns): each scenario's amount in `ar`, kr or kr/invånare.

    A column 'Verkligt 2026' comes first; a Summa row closes the kronor table.
    """
    rows = jamforelse[jamforelse["ar"] == int(ar)]
    falt = "kr_per_invanare" if per_invanare else "belopp_kr"
    wide = rows.pivot_table(index=["kommunkod", "kommun"], columns="scenario", values=falt, sort=False)
    wide = wide[list(dict.fromkeys(rows["scenario"]))].astype("float64")
    bas_falt = "kr_per_invanare_bas" if per_invanare else None
    forsta = rows.drop_duplicates("kommunkod").set_index(["kommunkod", "kommun"])
    verkligt = forsta[bas_falt] if bas_falt else forsta["belopp_kr"] - forsta["forandring_mot_bas_kr"]
    wide.insert(0, f"Verkligt {BASAR}", verkligt.astype("float64"))
    table = wide.reset_index().drop(columns="kommunkod").rename(columns={"kommun": "Kommun"})
    table.columns = [str(c) for c in table.columns]
    if not per_invanare:
        table = pd.concat([table, pd.DataFrame([{"Kommun": "Summa", **{c: float(table[c].sum())
                                                                       for c in table.columns[1:]}}])],
                          ignore_index=True)
    return with_formats(table, {c: ("kr1" if per_invanare else "kr") for c in table.columns[1:]})


def kommun_scenario_tabell(rader: pd.DataFrame) -> pd.DataFrame:
    """One row per saved scenario: model, the real 2026 amount, the amount per year 2027–2030 and the change.

    Columns: Scenario, Modell, 2026 (verkligt), 2027 … 2030 (kr), Förändring 2026–2030 (share 0-1).
    """
    sista = max(AR)
    out = []
    for (_, namn, modell), grupp in rader.groupby(["scenario_id", "scenario", "modell"], sort=False):
        per_ar = grupp.set_index("ar")
        bas = float(per_ar.at[sista, "belopp_kr"] - per_ar.at[sista, "forandring_mot_bas_kr"])
        out.append({"Scenario": namn, "Modell": modell, f"{BASAR} (verkligt)": bas,
                    **{str(a): float(per_ar.at[a, "belopp_kr"]) for a in AR},
                    f"Förändring {BASAR}–{sista}": float(per_ar.at[sista, "forandring_mot_bas_procent"]) / 100})
    table = pd.DataFrame(out)
    formats = {c: "kr" for c in (f"{BASAR} (verkligt)", *map(str, AR))}
    return with_formats(table, {**formats, f"Förändring {BASAR}–{sista}": "signed_pct1"})
