"""Users' theme corrections: an append-only audit trail in the users' store, applied over the model's tags.

The corrections live in the users' store (``userstore``: the SQLite file
``anvandardata.sqlite`` in ``setting("user_dir")``, or PostgreSQL when
``user_store_url`` is set), one row per action with who (user id and display
name), when, and for an added tema its rang as the reviewer ordered the teman.
atgard is ``lagg_till`` (add the tema) or ``ta_bort`` (remove it). Rows are never
edited; the latest action per (svar_id, tema_id) wins.

The old log ``<user_dir>/temakorrigeringar.csv`` is imported into the store once,
automatically, on first use, and the file is left as it was; from then on the
store is the source of truth. Lines of it that cannot be read are reported (log
file and build output) and skipped.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

import userstore
from pipelines.logs import write_log
from pipelines.themes import theme_ids
from pipelines.themes.corrections_csv import LOCAL_TIME, read_corrections_csv, summary

CORRECTIONS_FILE = "temakorrigeringar.csv"
COLUMNS = ["svar_id", "tema_id", "atgard", "anvandare", "tidpunkt", "anvandar_id", "rang"]
ADD, REMOVE = userstore.ADD, userstore.REMOVE
ACTIONS = (ADD, REMOVE)
MODEL_SOURCE, MANUAL_SOURCE = "modell", "manuell"
TAG_COLUMNS = ["svar_id", "tema_id", "konfidens", "kalla", "rang"]

_imports_checked: set[tuple[str, str]] = set()
_import_lock = threading.Lock()


def corrections_path(user_dir: Path) -> Path:
    """Path of the old corrections log (CSV) in a user directory; read once, for the import into the store."""
    return Path(user_dir) / CORRECTIONS_FILE


def store_url(user_dir: Path) -> str:
    """The users' store that holds the corrections for this user directory."""
    return userstore.url_for(Path(user_dir))


def import_old_log(user_dir: Path) -> list[str]:
    """Import the old CSV log into the store if that has not been done; Swedish messages about this import.

    Returns nothing when there is no old log or it was imported before (by this or
    another process). Messages (how many rows, every line that could not be read) are
    also written to the log file.
    """
    url, path = store_url(user_dir), corrections_path(user_dir)
    with _import_lock:
        if (url, str(path)) in _imports_checked:
            return []
        messages = _import_once(url, path)
        _imports_checked.add((url, str(path)))
    return messages


def _import_once(url: str, path: Path) -> list[str]:
    """Read and import the old log unless already imported; the messages of this import."""
    if not path.is_file() or userstore.imported(CORRECTIONS_FILE, url):
        return []
    try:
        data = path.read_bytes()
    except OSError as error:
        message = f"{path.name} kunde inte läsas ({error.strerror}); rättelserna i den importerades inte."
        write_log(message, error)
        return [message]
    content = read_corrections_csv(data, set(theme_ids()), path.name)
    if not userstore.import_corrections_once(CORRECTIONS_FILE, hashlib.sha256(data).hexdigest(),
                                             content.corrections, content.rejected, url):
        return []
    messages = [summary(content, path.name), *content.problems]
    write_log("\n  ".join(messages))
    return messages


def _log_frame(stored: pd.DataFrame) -> pd.DataFrame:
    """The store's rows as the log frame: COLUMNS as text, tidpunkt ISO 8601 in Swedish time."""
    if stored.empty:
        return pd.DataFrame({column: pd.Series(dtype=str) for column in COLUMNS})
    frame = stored.assign(
        tidpunkt=[moment.astimezone(LOCAL_TIME).isoformat(timespec="seconds") for moment in stored["tidpunkt"]],
        rang=["" if pd.isna(rang) else str(int(rang)) for rang in stored["rang"]],
    )
    return frame[COLUMNS].astype(str).reset_index(drop=True)


def load_corrections(user_dir: Path, svar_id: str | None = None) -> pd.DataFrame:
    """Every correction (or one answer's) in recorded order, all columns as text; an empty frame when there is none.

    Columns: svar_id, tema_id, atgard, anvandare (display name), tidpunkt (ISO 8601),
    anvandar_id, rang ('' for a removal).
    """
    import_old_log(user_dir)
    return _log_frame(userstore.load_corrections(store_url(user_dir), svar_id=svar_id))


def corrections_version(user_dir: Path) -> tuple[int, int]:
    """Changes whenever a correction is recorded (cache key for readers)."""
    import_old_log(user_dir)
    return userstore.corrections_version(store_url(user_dir))


def corrections_digest(user_dir: Path) -> str:
    """sha256 over all corrections: part of the build fingerprint, so a new correction re-tags at the next build."""
    import_old_log(user_dir)
    return userstore.corrections_digest(store_url(user_dir))


def validate_correction(svar_id: str, tema_id: str, atgard: str, anvandare: str) -> None:
    """Raise ValueError (Swedish message) when a correction is not acceptable."""
    if not str(svar_id).strip():
        raise ValueError("svar_id saknas")
    if tema_id not in theme_ids():
        raise ValueError(f"Okänt tema: {tema_id!r}")
    if atgard not in ACTIONS:
        raise ValueError(f"Okänd åtgärd: {atgard!r} (ska vara {ADD!r} eller {REMOVE!r})")
    if not str(anvandare).strip():
        raise ValueError("användare saknas")


def add_corrections(
    user_dir: Path,
    svar_id: str,
    changes: Sequence[tuple[str, str, int | None]],
    anvandare: str,
    *,
    anvandar_id: str | None = None,
    now: datetime | None = None,
) -> list[dict]:
    """Record one answer's changes (tema_id, atgard, rang) in one transaction; returns the rows as log dicts.

    anvandare is the display name, anvandar_id the signed-in user's stable id (the
    name when not given, as in local mode).
    """
    for tema_id, atgard, _rang in changes:
        validate_correction(svar_id, tema_id, atgard, anvandare)
    import_old_log(user_dir)  # the old log's rows come first in the trail
    moment = now or datetime.now().astimezone()
    name = str(anvandare).strip()
    who = str(anvandar_id).strip() if anvandar_id and str(anvandar_id).strip() else name
    stored = userstore.add_corrections(
        [userstore.Correction(str(svar_id), tema_id, atgard, who, name, rang, moment) for tema_id, atgard, rang in changes],
        store_url(user_dir))
    return [{"svar_id": c.svar_id, "tema_id": c.tema_id, "atgard": c.atgard, "anvandare": name,
             "tidpunkt": moment.isoformat(timespec="seconds"), "anvandar_id": who,
             "rang": "" if c.rang is None else str(c.rang)} for c in stored]


def add_correction(
    user_dir: Path,
    svar_id: str,
    tema_id: str,
    atgard: str,
    anvandare: str,
    now: datetime | None = None,
    *,
    anvandar_id: str | None = None,
    rang: int | None = None,
) -> dict:
    """Record one correction in the users' store; returns the row (as in load_corrections)."""
    return add_corrections(user_dir, svar_id, [(tema_id, atgard, rang)], anvandare, anvandar_id=anvandar_id,
                           now=now)[0]


def latest_corrections(corrections: pd.DataFrame) -> pd.DataFrame:
    """The latest action per (svar_id, tema_id): by tidpunkt, ties broken by log order."""
    if corrections.empty:
        return corrections.reindex(columns=COLUMNS).astype(str)
    frame = corrections.reindex(columns=COLUMNS).fillna("").astype(str).reset_index(drop=True)
    moments = pd.to_datetime(frame["tidpunkt"], format="ISO8601", utc=True, errors="coerce")
    order = frame.assign(_moment=moments, _row=range(len(frame)))
    order = order.sort_values(["_moment", "_row"], kind="stable", na_position="first")
    latest = order.drop_duplicates(["svar_id", "tema_id"], keep="last")
    return latest.sort_values("_row")[COLUMNS].reset_index(drop=True)


def rank_tags(tags: pd.DataFrame) -> pd.DataFrame:
    """Order tags per answer (first-seen order; konfidens desc, manuell first) and renumber rang 1..n."""
    if tags.empty:
        return tags.assign(rang=pd.Series(dtype="int64"))
    ordered = tags.assign(
        _manual=(tags["kalla"] != MANUAL_SOURCE).astype(int),
        _rank=pd.to_numeric(tags["rang"], errors="coerce").fillna(np.inf),
        _key=pd.factorize(tags["svar_id"].astype(str))[0],
    )
    ordered = ordered.sort_values(
        ["_key", "konfidens", "_manual", "_rank", "tema_id"],
        ascending=[True, False, True, True, True],
        kind="stable",
    )
    ordered["rang"] = ordered.groupby("_key", sort=False).cumcount() + 1
    return ordered.drop(columns=["_manual", "_rank", "_key"]).reset_index(drop=True)


def apply_corrections(
    model_tags: pd.DataFrame, corrections: pd.DataFrame, svar_ids: Iterable | None = None
) -> pd.DataFrame:
    """Apply the latest correction per (svar_id, tema_id) to model tags.

    ``lagg_till`` adds the tema with kalla='manuell' and konfidens 1.0 (replacing a
    model row for that tema); ``ta_bort`` removes it. Only answers in scope are
    touched: those in ``model_tags`` plus ``svar_ids`` (pass the answers on show,
    so an answer whose tags were all removed can get a tema again), so a filtered
    selection stays filtered. Other columns of ``model_tags`` are kept (added rows
    copy them from the answer's first row). Ranks are renumbered per answer,
    highest konfidens first.
    """
    tags = model_tags.reset_index(drop=True)
    keys = tags["svar_id"].astype(str)
    scope = dict(zip(keys, tags["svar_id"]))  # str key -> svar_id as given, in answer order
    for value in svar_ids if svar_ids is not None else ():
        scope.setdefault(str(value), value)
    latest = latest_corrections(corrections)
    latest = latest[latest["svar_id"].isin(scope)]
    if latest.empty:
        return tags
    corrected = set(zip(latest["svar_id"], latest["tema_id"]))
    kept = tags[[(k, t) not in corrected for k, t in zip(keys, tags["tema_id"])]]
    first_rows = tags.assign(_key=keys).drop_duplicates("_key").set_index("_key")
    added = latest[latest["atgard"] == ADD]
    manual = first_rows.reindex(added["svar_id"]).reset_index(drop=True).assign(
        svar_id=added["svar_id"].map(scope).to_numpy(),
        tema_id=added["tema_id"].to_numpy(),
        konfidens=1.0,
        kalla=MANUAL_SOURCE,
        rang=pd.to_numeric(added["rang"], errors="coerce").to_numpy(),  # the reviewer's order among manual teman
    )
    combined = pd.concat([kept, manual], ignore_index=True) if len(manual) else kept
    answer_order = {key: i for i, key in enumerate(scope)}
    position = combined["svar_id"].astype(str).map(answer_order).to_numpy()
    combined = combined.iloc[position.argsort(kind="stable")]
    ranked = rank_tags(combined.astype({"konfidens": float}))
    return ranked.astype({"rang": "int64"})


def corrections_as_training(
    corrections: pd.DataFrame, answers: pd.DataFrame, model_tags: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Training rows (text, themes) from corrected answers: their effective teman after corrections.

    Without ``model_tags`` the effective set is the teman users added (latest
    action ``lagg_till``), in the order they were added. With ``model_tags`` it is
    the model's tags with the corrections applied, top first. Answers without
    text or with no tema left are skipped.
    """
    latest = latest_corrections(corrections)
    texts = dict(zip(answers["svar_id"].astype(str), answers["text"].astype(str)))
    corrected = [s for s in dict.fromkeys(latest["svar_id"]) if texts.get(s, "").strip()]
    if model_tags is None:
        added = latest[latest["atgard"] == ADD]
        effective = {s: added.loc[added["svar_id"] == s, "tema_id"].tolist() for s in corrected}
    else:
        tags = model_tags[model_tags["svar_id"].astype(str).isin(corrected)]
        applied = apply_corrections(tags, corrections)
        effective = {
            s: applied.loc[applied["svar_id"].astype(str) == s].sort_values("rang")["tema_id"].tolist()
            for s in corrected
        }
    rows = [(texts[s], ";".join(themes)) for s, themes in effective.items() if themes]
    return pd.DataFrame(rows, columns=["text", "themes"], dtype=str)
