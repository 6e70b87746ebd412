"""Small-group protection: a figure about fewer than MIN_GROUP respondents is not shown.

Where several people per kommun answered, a breakdown by role within one kommun (or a free-text answer
attributed to a role) could point out a single person. Like Kolada and survey tools, such a group is
suppressed: its figures are blanked and the table says "För få svar för att visa". The rule lives here, in
one pure function used by queries, tables, charts and exports alike.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["MIN_GROUP", "FOR_FA_SVAR", "visas", "skydda"]

MIN_GROUP = 3
FOR_FA_SVAR = "För få svar för att visa"


def visas(antal_svarande) -> bool:
    """True when a group of this many respondents may be shown (at least MIN_GROUP); unknown counts are not."""
    try:
        return int(antal_svarande) >= MIN_GROUP
    except (TypeError, ValueError):
        return False


def skydda(frame: pd.DataFrame, antal: str, varden: list[str]) -> pd.DataFrame:
    """A copy of `frame` with the columns `varden` blanked where the group in column `antal` is too small.

    Adds the bool column `visas` and the text column `skyddad` (FOR_FA_SVAR where blanked, else empty).
    """
    out = frame.copy()
    ok = out[antal].map(visas).astype(bool) if len(out) else pd.Series(dtype=bool)
    for column in varden:
        out[column] = out[column].astype(object).where(ok, None) if len(out) else out[column]
    out["visas"] = ok
    out["skyddad"] = ok.map({True: "", False: FOR_FA_SVAR}) if len(out) else pd.Series(dtype=object)
    return out
