"""Table builders for the tema model's quality."""

from __future__ import annotations

import pandas as pd

from dashboard.formatting import with_formats

__all__: list[str] = ["kappa_tabell", "tillforlitlighet_tabell"]


def tillforlitlighet_tabell(df: pd.DataFrame) -> pd.DataFrame:
    """tillforlitlighet output as a table: Konfidens (interval), Medelkonfidens, Andel rätt, Antal svar."""
    table = df.rename(columns={"intervall": "Konfidens", "konfidens": "Medelkonfidens", "andel_ratt": "Andel rätt",
                               "antal": "Antal svar"})[["Konfidens", "Medelkonfidens", "Andel rätt", "Antal svar"]]
    return with_formats(table.reset_index(drop=True),
                        {"Medelkonfidens": "decimal2", "Andel rätt": "pct", "Antal svar": "int"})


def kappa_tabell(df: pd.DataFrame) -> pd.DataFrame:
    """granskarnas_overensstammelse output as a table: Tema, Cohens kappa, Jämförda par, Överens."""
    table = df.rename(columns={"tema": "Tema", "kappa": "Cohens kappa", "par": "Jämförda par",
                               "overens": "Överens"})[["Tema", "Cohens kappa", "Jämförda par", "Överens"]]
    return with_formats(table.reset_index(drop=True),
                        {"Cohens kappa": "decimal2", "Jämförda par": "int", "Överens": "int"})
