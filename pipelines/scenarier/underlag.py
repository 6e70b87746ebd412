"""The models' input read from the published database, shared by the CLI and the dashboard.

`las_underlag(fetch)` takes any function that runs a parameterised SQL query and returns a DataFrame:
the CLI passes one over a read-only DuckDB connection, the dashboard its cached `db.query`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.scenarier.modeller import BASAR, Underlag

Fetch = Callable[[str, tuple], pd.DataFrame]

KOMMUNER_SQL = "select kommunkod, kommun from kommun order by kommunkod"
ANSLAG_SQL = ("select kommunkod, sum(belopp_kr) as belopp_kr from anslag where part = 'kommun' and ar = ? "
              "group by kommunkod order by kommunkod")
INVANARE_SQL = ("select kommunkod, ar, invanare from invanare_prognos where invanare is not null "
                "order by kommunkod, ar")
SKATTEKRAFT_SQL = "select kommunkod, ar, skattekraft_kr from skattekraft order by kommunkod, ar"


def las_underlag(fetch: Fetch) -> Underlag:
    """Kommuner, their anslag in BASAR, invånare per year (invanare_prognos) and skattekraft."""
    kommuner = fetch(KOMMUNER_SQL, ())
    anslag = fetch(ANSLAG_SQL, (BASAR,))
    invanare = fetch(INVANARE_SQL, ())
    skattekraft = fetch(SKATTEKRAFT_SQL, ())
    return Underlag(
        kommuner=dict(zip(kommuner["kommunkod"].astype(str), kommuner["kommun"].astype(str))),
        anslag_bas={str(k): float(v) for k, v in zip(anslag["kommunkod"], anslag["belopp_kr"])},
        invanare={(str(k), int(a)): int(v) for k, a, v in zip(invanare["kommunkod"], invanare["ar"],
                                                               invanare["invanare"])},
        skattekraft={(str(k), int(a)): float(v) for k, a, v in zip(skattekraft["kommunkod"], skattekraft["ar"],
                                                                   skattekraft["skattekraft_kr"])},
    )


def las_underlag_fran_fil(db_path: Path) -> Underlag:
    """Read the models' input from a database file through one short-lived read-only connection."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        return las_underlag(lambda sql, params: con.execute(sql, list(params)).df())
