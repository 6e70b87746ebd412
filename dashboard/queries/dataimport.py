"""Tables for the Dataimport page from the users' store and the import archive (not the curated database)."""

from __future__ import annotations

import pandas as pd

from dashboard.svenska import datetime
from dashboard.texts.dataimport import atgard_text
from pipelines import imports
from userstore import import_log
from userstore.importfiles import archived_files

__all__: list[str] = ["importlogg_tabell", "arkiv_tabell", "aterstallningsval"]


def _uploaded_names(entry: dict, names: dict[str, str]) -> str:
    """The archived files of a log entry as 'kommunala_anslag.xlsx (från Anslag 2025.xlsx)'; 'endast demodata'."""
    files = [f"{f['fil']} (från {names.get(f['sha256'], 'okänd fil')}, {f['sha256'][:10]})"
             for f in entry["filer"] if f.get("kalla") == imports.ARCHIVED]
    return "; ".join(files) or "endast demodata"


def importlogg_tabell(entries: list[dict] | None = None) -> pd.DataFrame:
    """The import log, newest first: when, what, who, the build and its uploaded files and counts."""
    entries = import_log() if entries is None else entries
    names = {f["sha256"]: f["filnamn"] for f in reversed(archived_files())}
    return pd.DataFrame([{
        "Nr": e["id"], "Tidpunkt": datetime(e["tidpunkt"]), "Åtgärd": atgard_text(e["atgard"]),
        "Av": e["anvandare"], "Uppladdade filer": _uploaded_names(e, names),
        "Filer": int(e["antal"].get("filer", len(e["filer"]))),
        "Rader inlästa": int(e["antal"].get("rader_inlasta", 0)),
        "Rader avvisade": int(e["antal"].get("rader_avvisade", 0)), "Bygg-id": e["bygg_id"][:12],
    } for e in entries], columns=["Nr", "Tidpunkt", "Åtgärd", "Av", "Uppladdade filer", "Filer", "Rader inlästa",
                                  "Rader avvisade", "Bygg-id"])


def arkiv_tabell() -> pd.DataFrame:
    """Every upload kept in the archive, newest first: file, source, size, sha256, who and when."""
    return pd.DataFrame([{
        "Tidpunkt": datetime(f["tidpunkt"]), "Fil": f["filnamn"],
        "Källa": imports.KIND_BY_ID[f["kalla"]].label if f["kalla"] in imports.KIND_BY_ID else f["kalla"],
        "Storlek (byte)": int(f["storlek_byte"]), "sha256": f["sha256"], "Av": f["anvandare"],
    } for f in archived_files()], columns=["Tidpunkt", "Fil", "Källa", "Storlek (byte)", "sha256", "Av"])


def aterstallningsval(entries: list[dict]) -> dict[str, int | None]:
    """Rollback choices: a label per earlier log entry (not the one in force) → its id; plus the demo data only."""
    choices: dict[str, int | None] = {
        f"Nr {e['id']}: {atgard_text(e['atgard']).lower()} {datetime(e['tidpunkt'])} av {e['anvandare']}": e["id"]
        for e in entries[1:]}
    if entries and imports.overlay_of(entries[0]):
        choices["Endast demodata (inga uppladdade filer)"] = None
    return choices
