"""Table builders for utvärderingar with several respondents per kommun: figures with their n, roles and
response rates. Groups below the small-group limit show "För få svar för att visa" (dashboard.smagrupper)."""

from __future__ import annotations

import pandas as pd

from dashboard.formatting import fmt_number, with_formats
from dashboard.queries.respondenter import ROLLER
from dashboard.smagrupper import FOR_FA_SVAR, MIN_GROUP

__all__: list[str] = ["viktat_tabell", "kommun_roll_tabell", "svarsfrekvens_tabell"]

_ROLL_NAMN = {roll: label for label, roll in ROLLER.items() if roll}  # "förtroendevald" → "Förtroendevalda"


def viktat_tabell(df: pd.DataFrame, kolumn: str) -> pd.DataFrame:
    """Per question the county mean by the chosen weighting (`kolumn` of queries.likert_viktat) and its n."""
    out = pd.DataFrame({
        "Fråga": df["kort_text"],
        "Medelvärde (1–5)": df[kolumn].astype(float),
        "Kommuner": df["antal_kommuner"].astype(int),
        "Svarande": df["antal_svarande"].astype(int),
    })
    return with_formats(out, {"Medelvärde (1–5)": "decimal1", "Kommuner": "int", "Svarande": "int"})


def kommun_roll_tabell(df: pd.DataFrame) -> pd.DataFrame:
    """Per question and role in one kommun (queries.likert_kommun_roll): the mean, or the suppression notice.

    A suppressed group's size is not shown either ("färre än 3"), only that it is too small.
    """
    return pd.DataFrame({
        "Fråga": df["kort_text"],
        "Roll": df["roll"].map(lambda r: _ROLL_NAMN.get(r, r)),
        "Medelvärde (1–5)": [fmt_number(m, 1) if ok else FOR_FA_SVAR for m, ok in zip(df["medel"], df["visas"])],
        "Svarande": [str(int(n)) if ok else f"färre än {MIN_GROUP}" for n, ok in zip(df["antal_svarande"], df["visas"])],
    })


def svarsfrekvens_tabell(df: pd.DataFrame) -> pd.DataFrame:
    """Per kommun and role (queries.svarsfrekvens_roll): respondents, invited and the response rate."""
    out = pd.DataFrame({
        "Kommun": df["kommun"],
        "Roll": df["roll"].map(lambda r: _ROLL_NAMN.get(r, r)),
        "Svarande": df["antal_svarande"].astype(int),
        "Inbjudna": df["antal_inbjudna"].astype("Int64"),
        "Svarsfrekvens": df["svarsfrekvens"].astype(float),
    })
    return with_formats(out, {"Svarande": "int", "Inbjudna": "int", "Svarsfrekvens": "pct"})
