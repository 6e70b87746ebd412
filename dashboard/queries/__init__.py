"""Named, parameterised queries the pages call: `queries.<name>(...)` returns a DataFrame.

One module per concept (enkat: the survey; ekonomi: anslag and budget; fritext:
free-text answers and themes); all are re-exported here so pages only import
`dashboard.queries`.
"""

from __future__ import annotations

import pandas as pd

from dashboard.db import query


def utvarderingar() -> pd.DataFrame:
    """Every utvärdering with its deadline and svarsfrekvens, oldest first."""
    return query("select * from utvardering order by utvardering")


def kommuner() -> pd.DataFrame:
    """The 15 kommuner (kommunkod, kommun) in kommunkod order."""
    return query("select kommunkod, kommun from kommun order by kommunkod")


def rejected_rows() -> pd.DataFrame:
    """Every rejected value with file, sheet, row, column, value and reason."""
    return query("select * from rejected_rows order by fil, blad, rad")


from dashboard.queries.enkat import *  # noqa: E402,F401,F403
from dashboard.queries.ekonomi import *  # noqa: E402,F401,F403
from dashboard.queries.fritext import *  # noqa: E402,F401,F403
from dashboard.queries.korrigeringar import *  # noqa: E402,F401,F403
from dashboard.queries.modell import *  # noqa: E402,F401,F403
from dashboard.queries.utmaningar import *  # noqa
from dashboard.queries.scenarier import *  # noqa: E402,F401,F403
from dashboard.queries.respondenter import *  # noqa: E402,F401,F403
