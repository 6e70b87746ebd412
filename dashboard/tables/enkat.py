"""Table builders for the survey pages: DataFrames with Swedish headers and declared number kinds."""

from __future__ import annotations

import pandas as pd

from dashboard import statistik, svenska
from dashboard.formatting import MISSING, fmt_pct, fmt_share_of, with_formats
from dashboard.texts.enkat import kommun_names

__all__: list[str] = [
    "utvarderingar_tabell",
    "syften_tabell",
    "likert_tabell",
    "jamforelse_tabell",
    "kommun_jamforelse_tabell",
    "kommun_fraga_tabell",
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
    """row[column] as a float, NaN when the row, the column or the value is missing."""
    if row is None or column not in row.index or pd.isna(row[column]):
        return float("nan")
    return float(row[column])


def syften_tabell(syften: dict[int, pd.DataFrame]) -> pd.DataFrame:
    """Mean and answers (n) per syfte per utvärdering side by side (numbers), the change and its verdict.

    syften: {utvardering: queries.syfte_medel(utvardering, previous)}. A year without a mean is NaN
    (shown '–'). With two or more years: 'Förändring' (like for like from the last frame, else the
    difference in means), 'Kommuner i båda' (its n) and 'Bedömning' (dashboard.statistik's verdict).
    """
    years = sorted(syften)
    rows: dict[int, dict] = {}
    for year in years:
        for _, s in syften[year].iterrows():
            row = rows.setdefault(int(s["syfte_nr"]), {"Syfte": f"Syfte {int(s['syfte_nr'])}: {s['kort']}"})
            row[f"Medel {year}"] = _value(s, "medel")
            row[f"Svar 1–5 {year}"] = _value(s, "antal_stallning")
            if year == years[-1]:
                row["_forandring"] = _value(s, "forandring")
                row["Kommuner i båda"] = _value(s, "n_par")
                row["Bedömning"] = s["bedomning"] if "bedomning" in s and pd.notna(s["bedomning"]) else MISSING
    formats = {f"Medel {year}": "decimal1" for year in years}
    counts = {f"Svar 1–5 {year}": "int" for year in years}
    out = pd.DataFrame([rows[k] for k in sorted(rows)],
                       columns=["Syfte", *formats, *counts, "_forandring", "Kommuner i båda", "Bedömning"])
    for column in [*formats, *counts]:
        out[column] = out[column].astype("float64")
    out = out.astype({column: "Int64" for column in counts})
    if len(years) > 1:
        naive = out[f"Medel {years[-1]}"] - out[f"Medel {years[-2]}"]
        out["Förändring"] = out["_forandring"].astype("float64").fillna(naive)
        out["Kommuner i båda"] = out["Kommuner i båda"].astype("float64").astype("Int64")
        out = out[["Syfte", *formats, *counts, "Förändring", "Kommuner i båda", "Bedömning"]]
        return with_formats(out, {**formats, **counts, "Förändring": "signed1", "Kommuner i båda": "int"})
    return with_formats(out[["Syfte", *formats, *counts]], {**formats, **counts})


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
    """Per question: mean, answers (n), share positive and Vet ej per utvärdering, the change and its verdict.

    df: queries.likert_jamforelse. utvarderingar: the years to show as columns (default: those in df);
    a year without answers is missing (NaN, shown '–'). 'Förändring' is the like-for-like change,
    'Kommuner i båda' its n and 'Bedömning' the verdict of dashboard.statistik. Numbers, not text.
    """
    years = sorted(int(u) for u in (df["utvardering"].unique() if utvarderingar is None else utvarderingar))
    formats = {**{f"Medel {y}": "decimal1" for y in years}, **{f"Svar 1–5 {y}": "int" for y in years},
               **{f"Positiva {y}": "pct" for y in years}, **{f"Vet ej {y}": "int" for y in years},
               "Förändring": "signed1", "Kommuner i båda": "int"}
    rows = []
    for fraga_id, group in df.sort_values(["ordning", "utvardering"]).groupby("fraga_id", sort=False):
        by_year = {int(r["utvardering"]): r for _, r in group.iterrows()}
        row = {"Fråga": group["kort_text"].iloc[0]}
        for year in years:
            row[f"Medel {year}"] = _value(by_year.get(year), "medel")
        for year in years:
            row[f"Svar 1–5 {year}"] = _value(by_year.get(year), "antal_stallning")
        for year in years:
            row[f"Positiva {year}"] = _value(by_year.get(year), "andel_positiv")
        for year in years:
            row[f"Vet ej {year}"] = _value(by_year.get(year), "antal_vet_ej")
        last = by_year.get(years[-1])
        row["Förändring"] = _value(last, "forandring")
        has_verdict = len(years) > 1 and last is not None and "bedomning" in last and pd.notna(last["bedomning"])
        row["Kommuner i båda"] = _value(last, "n_par") if has_verdict else float("nan")
        row["Bedömning"] = str(last["bedomning"]) if has_verdict else MISSING
        rows.append(row)
    table = pd.DataFrame(rows, columns=["Fråga", *formats, "Bedömning"])
    table = table.astype({column: "float64" for column in formats})
    table = table.astype({c: "Int64" for c in formats if c.startswith(("Vet ej", "Svar 1–5", "Kommuner i båda"))})
    return with_formats(table, formats)


def kommun_jamforelse_tabell(df: pd.DataFrame, kommun: str, utvarderingar) -> pd.DataFrame:
    """Per question: the kommun's rating (number) with its answer (text), the county mean (number) per
    utvärdering, and its change.

    The rating and the answer are separate columns, so exports keep the rating a number; the answer reads
    'Inget svar inkommet' when missing and 'Vet ej' without a rating. With two or more utvärderingar,
    'Förändring {kommun}' is its value in the last minus the one before (NaN when either is missing
    or Vet ej) and 'Bedömning' the verdict of dashboard.statistik: one kommun's answer is too small
    a sample to call a change clear.
    """
    years = [int(y) for y in utvarderingar]
    change = f"Förändring {kommun}"
    rows = []
    for _, group in df.sort_values(["ordning", "utvardering"]).groupby("fraga_id", sort=False):
        by_year = {int(r["utvardering"]): r for _, r in group.iterrows()}
        row = {"Fråga": group["kort_text"].iloc[0]}
        for year in years:
            r = by_year.get(year)
            row[f"{kommun} {year}"] = _value(r, "varde")
            row[f"Svar {year}"] = "Inget svar inkommet" if r is None or pd.isna(r["svar"]) else str(r["svar"])
            row[f"Länet {year}"] = _value(r, "lan_medel")
        if len(years) > 1:
            row[change] = _value(by_year.get(years[-1]), "varde") - _value(by_year.get(years[-2]), "varde")
            row["Bedömning"] = statistik.bedom([row[change]]).text if pd.notna(row[change]) else MISSING
        rows.append(row)
    formats = {c: "decimal1" for year in years for c in (f"{kommun} {year}", f"Länet {year}")}
    columns = ["Fråga", *(c for year in years for c in (f"{kommun} {year}", f"Svar {year}", f"Länet {year}"))]
    if len(years) > 1:
        formats[change] = "signed1"
        columns += [change, "Bedömning"]
    table = pd.DataFrame(rows, columns=columns).astype({column: "float64" for column in formats})
    return with_formats(table, formats)


def _kommun_fraga_anmarkning(row) -> str | None:
    """Why a kommun has no rating for a question in one utvärdering, or None when it has one."""
    if pd.notna(row["medel"]):
        return None
    if not row["har_svarat"]:
        return f"inget svar inkommet {int(row['utvardering'])}"
    if row["antal_vet_ej"] > 0:
        return f"Vet ej {int(row['utvardering'])}"
    return f"frågan obesvarad {int(row['utvardering'])}"


def kommun_fraga_tabell(df: pd.DataFrame, utvarderingar) -> pd.DataFrame:
    """Per kommun and question: its rating in each utvärdering, the change between the last two, and why a
    rating is missing ('Inget svar inkommet 2024', 'Vet ej 2025').

    df: queries.kommun_fraga_varden. Ratings and change are numbers (sortable, exported as numbers); the
    reason for a missing rating is text in its own column, so no cell mixes a number and a word.
    """
    years = sorted(int(u) for u in utvarderingar)
    formats = {f"Betyg {year}": "decimal1" for year in years}
    if len(years) > 1:
        formats["Förändring"] = "signed1"
    rows = []
    for _, group in df.groupby(["kommunkod", "fraga_id"], sort=False):
        by_year = {int(r["utvardering"]): r for _, r in group.iterrows()}
        first = group.iloc[0]
        row = {"Kommun": first["kommun"], "Fråga": first["kort_text"]}
        for year in years:
            row[f"Betyg {year}"] = _value(by_year.get(year), "medel")
        if len(years) > 1:
            row["Förändring"] = row[f"Betyg {years[-1]}"] - row[f"Betyg {years[-2]}"]
        notes = [n for n in (_kommun_fraga_anmarkning(by_year[y]) for y in years if y in by_year) if n]
        row["Anmärkning"] = svenska.capitalize_first("; ".join(notes)) if notes else ""
        rows.append(row)
    table = pd.DataFrame(rows, columns=["Kommun", "Fråga", *formats, "Anmärkning"])
    return with_formats(table.astype({column: "float64" for column in formats}), formats)


def avvisade_tabell(df: pd.DataFrame) -> pd.DataFrame:
    """Rejected rows with Swedish headers: Fil, Blad, Rad, Kolumn, Värde, Orsak."""
    return df.rename(columns={"fil": "Fil", "blad": "Blad", "rad": "Rad", "kolumn": "Kolumn",
                              "varde": "Värde", "orsak": "Orsak"})[["Fil", "Blad", "Rad", "Kolumn", "Värde", "Orsak"]]
