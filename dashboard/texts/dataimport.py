"""Swedish texts for the Dataimport page: what would change in the published figures, and the import log."""

from __future__ import annotations

import pandas as pd

from dashboard.formatting import fmt_kr, fmt_share_of
from dashboard.svenska import count

__all__: list[str] = [
    "anslag_andring",
    "svarsfrekvens_andring",
    "tabell_andring",
    "andringar",
    "atgard_text",
]


def anslag_andring(row) -> str:
    """One changed kommun anslag: 'Umeå anslag 2025: 3 807 000 kr → 3 900 000 kr' (new and removed said so)."""
    head = f"{row['kommun']} anslag {int(row['ar'])}"
    if pd.isna(row["fore_kr"]):
        return f"{head}: ny, {fmt_kr(row['efter_kr'])}"
    if pd.isna(row["efter_kr"]):
        return f"{head}: tas bort (var {fmt_kr(row['fore_kr'])})"
    return f"{head}: {fmt_kr(row['fore_kr'])} → {fmt_kr(row['efter_kr'])}"


def _share(svar, kommuner) -> str:
    return "saknas" if pd.isna(svar) else fmt_share_of(int(svar), int(kommuner))


def svarsfrekvens_andring(row) -> str:
    """Svarsfrekvens of one utvärdering before and after: 'Svarsfrekvens 2025: 14 av 15 → 15 av 15'."""
    before, after = _share(row["fore_svar"], row["fore_kommuner"]), _share(row["efter_svar"], row["efter_kommuner"])
    head = f"Svarsfrekvens {int(row['utvardering'])}"
    return f"{head}: {before} (oförändrad)" if before == after else f"{head}: {before} → {after}"


def tabell_andring(row) -> str:
    """New and removed rows of one curated table: 'Tabellen anslag: 1 ny rad, 1 borttagen rad'."""
    return (f"Tabellen {row['tabell']}: {count(int(row['nya']), 'ny rad', 'nya rader')}, "
            f"{count(int(row['borttagna']), 'borttagen rad', 'borttagna rader')}")


def andringar(anslag: pd.DataFrame, svarsfrekvens: pd.DataFrame, tabeller: pd.DataFrame) -> list[str]:
    """Every difference to the published figures as Swedish lines: anslag, svarsfrekvens, rows per table."""
    return ([anslag_andring(r) for _, r in anslag.iterrows()]
            + [svarsfrekvens_andring(r) for _, r in svarsfrekvens.iterrows()]
            + [tabell_andring(r) for _, r in tabeller.iterrows()])


def atgard_text(atgard: str) -> str:
    """An import log action in Swedish."""
    return {"publicera": "Publicerad", "aterstall": "Återställd"}.get(atgard, atgard)
