"""Queries: users' theme corrections as tables – one answer's audit trail, and every correction for export.

The corrections come from the users' store (via tema_korrigeringar, re-read on every
change); who is the display name recorded with each action, when is Swedish time.
"""

from __future__ import annotations

import pandas as pd

from dashboard.db import query
from dashboard.formatting import with_formats
from dashboard.queries.fritext import tema_etiketter, tema_korrigeringar
from pipelines.logs import write_log
from pipelines.settings import setting
from pipelines.themes.corrections import ADD, corrections_version
from userstore import StoreError

__all__: list[str] = [
    "korrigeringshistorik",
    "historik_tabell",
    "alla_korrigeringar",
    "korrigeringar_tabell",
    "korrigeringar_status",
]

ATGARD_TEXT = {ADD: "Lade till", "ta_bort": "Tog bort"}
HISTORY_COLUMNS = ["tidpunkt", "svar_id", "tema_id", "tema", "atgard", "rang", "anvandare", "anvandar_id"]

_ANSWER_CONTEXT_SQL = """
select f.svar_id, f.utvardering, k.kommun, q.kort_text as fraga
from fritextsvar f
join kommun k using (kommunkod)
left join fraga q using (fraga_id)
"""


def _with_labels(corrections: pd.DataFrame) -> pd.DataFrame:
    """Corrections with the tema's label, time as datetime and rang as a number (NaN for a removal)."""
    labels = tema_etiketter()
    return corrections.assign(
        tema=corrections["tema_id"].map(lambda t: labels.get(t, t)),
        tidpunkt=pd.to_datetime(corrections["tidpunkt"], format="ISO8601"),
        rang=pd.to_numeric(corrections["rang"], errors="coerce").astype("float64"),
    )


def korrigeringshistorik(svar_ids) -> pd.DataFrame:
    """The answers' corrections in the order they were made (the latest per answer and tema is the one that counts).

    svar_ids: one svar_id, or several (one read of the corrections for a whole page).
    Columns: tidpunkt, svar_id, tema_id, tema (label), atgard, rang, anvandare, anvandar_id.
    """
    wanted = [str(svar_ids)] if isinstance(svar_ids, str) else [str(s) for s in svar_ids]
    corrections = tema_korrigeringar()
    own = corrections[corrections["svar_id"].isin(wanted)]
    return _with_labels(own)[HISTORY_COLUMNS].reset_index(drop=True)


def _time_text(moments: pd.Series) -> list[str]:
    """Times as '2025-10-01 11:00'."""
    return [moment.strftime("%Y-%m-%d %H:%M") for moment in moments]


def historik_tabell(historik: pd.DataFrame) -> pd.DataFrame:
    """korrigeringshistorik as shown: Tidpunkt, Tema, Åtgärd ('Lade till' / 'Tog bort'), Ordning, Av."""
    table = pd.DataFrame({
        "Tidpunkt": _time_text(historik["tidpunkt"]),
        "Tema": historik["tema"].tolist(),
        "Åtgärd": historik["atgard"].map(ATGARD_TEXT).tolist(),
        "Ordning": historik["rang"].tolist(),
        "Av": historik["anvandare"].tolist(),
    })
    return with_formats(table, {"Ordning": "int"})


def alla_korrigeringar() -> pd.DataFrame:
    """Every correction with its answer's context, in the order they were made.

    Columns: tidpunkt, svar_id, utvardering, kommun, fraga (blank when the answer is
    no longer in the database), tema_id, tema, atgard, rang, anvandare, anvandar_id.
    """
    corrections = _with_labels(tema_korrigeringar())[HISTORY_COLUMNS]
    context = query(_ANSWER_CONTEXT_SQL).astype({"svar_id": str})
    merged = corrections.merge(context, on="svar_id", how="left")
    return merged[["tidpunkt", "svar_id", "utvardering", "kommun", "fraga", "tema_id", "tema", "atgard", "rang",
                   "anvandare", "anvandar_id"]].reset_index(drop=True)


def korrigeringar_tabell(korrigeringar: pd.DataFrame) -> pd.DataFrame:
    """alla_korrigeringar for export and display: Swedish headers, who (name and id) and when."""
    table = pd.DataFrame({
        "Tidpunkt": _time_text(korrigeringar["tidpunkt"]),
        "Svar": korrigeringar["svar_id"].tolist(),
        "Utvärdering": ["" if pd.isna(u) else str(int(u)) for u in korrigeringar["utvardering"]],
        "Kommun": korrigeringar["kommun"].fillna("").tolist(),
        "Fråga": korrigeringar["fraga"].fillna("").tolist(),
        "Tema": korrigeringar["tema"].tolist(),
        "Åtgärd": korrigeringar["atgard"].map(ATGARD_TEXT).tolist(),
        "Ordning": korrigeringar["rang"].tolist(),
        "Av": korrigeringar["anvandare"].tolist(),
        "Användar-id": korrigeringar["anvandar_id"].tolist(),
    })
    return with_formats(table, {"Ordning": "int"})


def korrigeringar_status() -> str | None:
    """A Swedish warning when the users' store cannot be read (details to the log), else None."""
    try:
        corrections_version(setting("user_dir"))
    except StoreError as error:
        write_log(f"Rättelserna kunde inte läsas: {error}", error)
        return (f"Rättelserna kunde inte läsas: {error} Temana visas som de var vid senaste bygget, "
                "och nya rättelser kan inte sparas just nu.")
    return None
