"""Table builders for the survey pages: DataFrames with Swedish headers and declared number kinds."""

from __future__ import annotations

import pandas as pd

from dashboard import svenska
from dashboard.formatting import MISSING, fmt_pct, fmt_share_of, with_formats
from dashboard.texts.enkat import kommun_names

__all__: list[str] = [
    "utvarderingar_tabell",
    "syften_tabell",
    "likert_tabell",
    "jamforelse_tabell",
    "kommun_jamforelse_tabell",
    "avvisade_tabell",
]


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
            "Har inte svarat": kommun_names(row, "saknas") or MISSING,
            "Svar efter sista svarsdag": kommun_names(row, "sena") or MISSING,
            "Svarade mer än en gång": kommun_names(row, "flera_inskick") or MISSING,
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


def avvisade_tabell(df: pd.DataFrame) -> pd.DataFrame:
    """Rejected rows with Swedish headers: Fil, Blad, Rad, Kolumn, Värde, Orsak."""
    return df.rename(columns={"fil": "Fil", "blad": "Blad", "rad": "Rad", "kolumn": "Kolumn",
                              "varde": "Värde", "orsak": "Orsak"})[["Fil", "Blad", "Rad", "Kolumn", "Värde", "Orsak"]]
