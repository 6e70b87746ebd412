"""Users' theme corrections: an append-only log kept outside the rebuilt data.

The log is ``<user_dir>/temakorrigeringar.csv`` (``setting("user_dir")``, default
``data/user``), UTF-8 with the columns svar_id, tema_id, atgard, anvandare,
tidpunkt. atgard is ``lagg_till`` (add the tema) or ``ta_bort`` (remove it).
Rows are never edited; the latest action per (svar_id, tema_id) wins.
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.themes import theme_ids

CORRECTIONS_FILE = "temakorrigeringar.csv"
COLUMNS = ["svar_id", "tema_id", "atgard", "anvandare", "tidpunkt"]
ADD, REMOVE = "lagg_till", "ta_bort"
ACTIONS = (ADD, REMOVE)
MODEL_SOURCE, MANUAL_SOURCE = "modell", "manuell"
TAG_COLUMNS = ["svar_id", "tema_id", "konfidens", "kalla", "rang"]

_lock = threading.Lock()


def corrections_path(user_dir: Path) -> Path:
    """Path of the corrections log in a user directory."""
    return Path(user_dir) / CORRECTIONS_FILE


def load_corrections(user_dir: Path) -> pd.DataFrame:
    """Read the corrections log (all columns as text); an empty frame when there is none."""
    path = corrections_path(user_dir)
    if not path.is_file() or path.stat().st_size == 0:
        return pd.DataFrame({column: pd.Series(dtype=str) for column in COLUMNS})
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return frame[COLUMNS]


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


def add_correction(
    user_dir: Path,
    svar_id: str,
    tema_id: str,
    atgard: str,
    anvandare: str,
    now: datetime | None = None,
) -> dict:
    """Append one correction to the log (creating file and header if missing); returns the row."""
    validate_correction(svar_id, tema_id, atgard, anvandare)
    moment = now or datetime.now().astimezone()
    row = {
        "svar_id": str(svar_id),
        "tema_id": tema_id,
        "atgard": atgard,
        "anvandare": str(anvandare),
        "tidpunkt": moment.isoformat(timespec="seconds"),
    }
    path = corrections_path(user_dir)
    with _lock:
        path.parent.mkdir(parents=True, exist_ok=True)
        new_file = not path.is_file() or path.stat().st_size == 0
        with path.open("a", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
            if new_file:
                writer.writeheader()
            writer.writerow(row)
    return row


def latest_corrections(corrections: pd.DataFrame) -> pd.DataFrame:
    """The latest action per (svar_id, tema_id): by tidpunkt, ties broken by log order."""
    if corrections.empty:
        return corrections.reindex(columns=COLUMNS).astype(str)
    frame = corrections[COLUMNS].astype(str).reset_index(drop=True)
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
        rang=np.nan,
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
