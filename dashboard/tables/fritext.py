"""Table builders for free-text answers and the theme model."""

from __future__ import annotations

import pandas as pd

from dashboard.charts.common import NO_ANSWER
from dashboard.formatting import with_formats

__all__: list[str] = [
    "tema_tabell",
    "tema_f1_tabell",
]


def tema_tabell(matris: pd.DataFrame, per: str = "kommun") -> pd.DataFrame:
    """tema_matris output as a table: one row per tema (Tema), one column per kommun or delstrategi, plus Totalt.

    A kommun that did not answer has its column headed 'Sorsele (inget svar inkommet)' with every cell empty ('–').
    """
    column = "kommun" if per == "kommun" else "delstrategi_kort"
    order = "kommunkod" if per == "kommun" else "delstrategi_nr"
    columns = list(dict.fromkeys(matris.sort_values(order, kind="stable")[column]))
    table = matris.pivot_table(index="tema", columns=column, values="antal", aggfunc="sum", fill_value=0, sort=False)
    table = table.reindex(index=list(dict.fromkeys(matris["tema"])), columns=columns, fill_value=0)
    table.columns = [str(c) for c in table.columns]
    utan_svar = set(matris.loc[~matris["har_svarat"].astype(bool), column].astype(str)) \
        if "har_svarat" in matris else set()
    table = table.astype({c: "float64" for c in utan_svar}).assign(**{c: float("nan") for c in utan_svar})
    table["Totalt"] = table.sum(axis=1).astype("int64")
    table = table.rename(columns={c: f"{c} ({NO_ANSWER.lower()})" for c in utan_svar})
    table = table.rename_axis("Tema").reset_index()
    return with_formats(table, {column: "int" for column in table.columns if column != "Tema"})


def tema_f1_tabell(f1: pd.DataFrame) -> pd.DataFrame:
    """tema_f1 output as a table: Tema, then one F1 column per method (model first), shown with two decimals."""
    table = f1.pivot_table(index="tema", columns="metod", values="f1", sort=False)
    table.columns = [str(c) for c in table.columns]
    table = table.rename_axis("Tema").reset_index()
    return with_formats(table, {column: "decimal2" for column in table.columns if column != "Tema"})
