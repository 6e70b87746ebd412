"""Theme corrections in the users' store: an append-only audit trail, the latest row per (svar_id, tema_id) wins.

Which teman exist is the pipeline's business (pipelines.themes.corrections validates
them); the store keeps every action with who and when, in the order it was recorded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

import pandas as pd
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from userstore.database import reading, writing
from userstore.stamps import utc, who
from userstore.tables import engangsimport, temakorrigering

ADD, REMOVE = "lagg_till", "ta_bort"
ACTIONS = (ADD, REMOVE)
COLUMNS = ["id", "svar_id", "tema_id", "atgard", "rang", "anvandar_id", "anvandare", "tidpunkt"]


@dataclass(frozen=True)
class Correction:
    """One action on one answer's tema: ``lagg_till`` or ``ta_bort``, by whom, when (UTC when None: now).

    rang: where the reviewer put the tema among the answer's teman (1 = first), None for a removal.
    """

    svar_id: str
    tema_id: str
    atgard: str
    user_id: str
    user_name: str
    rang: int | None = None
    tidpunkt: datetime | None = None


def _checked(correction: Correction) -> Correction:
    """The correction with its time set, or ValueError (Swedish) when a field is missing or invalid."""
    if not str(correction.svar_id).strip():
        raise ValueError("svar_id saknas")
    if not str(correction.tema_id).strip():
        raise ValueError("tema_id saknas")
    if correction.atgard not in ACTIONS:
        raise ValueError(f"Okänd åtgärd: {correction.atgard!r} (ska vara {ADD!r} eller {REMOVE!r})")
    who(correction.user_id, correction.user_name)
    return replace(correction, svar_id=str(correction.svar_id), tidpunkt=utc(correction.tidpunkt))


def _row(correction: Correction) -> dict:
    return {"svar_id": correction.svar_id, "tema_id": correction.tema_id, "atgard": correction.atgard,
            "rang": correction.rang, "anvandar_id": str(correction.user_id).strip(),
            "anvandare": str(correction.user_name).strip(), "tidpunkt": correction.tidpunkt}


def add_corrections(corrections: Iterable[Correction], url: str | None = None) -> list[Correction]:
    """Record corrections in one transaction (all or none); returns them with their times set."""
    checked = [_checked(c) for c in corrections]
    if checked:
        with writing(url) as connection:
            connection.execute(insert(temakorrigering), [_row(c) for c in checked])
    return checked


def load_corrections(url: str | None = None, svar_id: str | None = None) -> pd.DataFrame:
    """Every correction (or one answer's) in recorded order: id, svar_id, tema_id, atgard, rang (Int64),
    anvandar_id, anvandare, tidpunkt (UTC)."""
    query = select(*(temakorrigering.c[name] for name in COLUMNS)).order_by(temakorrigering.c.id)
    if svar_id is not None:
        query = query.where(temakorrigering.c.svar_id == str(svar_id))
    with reading(url) as connection:
        rows = connection.execute(query).all()
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.astype({"id": "int64", "rang": "Int64"}).assign(
        tidpunkt=pd.to_datetime(frame["tidpunkt"].map(utc) if len(frame) else frame["tidpunkt"], utc=True))


def corrections_version(url: str | None = None) -> tuple[int, int]:
    """(number of rows, highest id): changes with every recorded correction (the trail is append-only)."""
    with reading(url) as connection:
        count, highest = connection.execute(
            select(func.count(), func.coalesce(func.max(temakorrigering.c.id), 0))).one()
    return int(count), int(highest)


def corrections_digest(url: str | None = None) -> str:
    """sha256 over every correction's content (not its id): equal trails give equal digests."""
    frame = load_corrections(url)
    digest = hashlib.sha256()
    for row in frame.drop(columns="id").itertuples(index=False):
        digest.update("\x1f".join("" if pd.isna(value) else str(value) for value in row).encode("utf-8") + b"\x1e")
    return digest.hexdigest()


def imported(name: str, url: str | None = None) -> bool:
    """True when the one-time import with this name has been done in this store."""
    with reading(url) as connection:
        return connection.execute(select(engangsimport.c.namn).where(engangsimport.c.namn == name)).first() is not None


def import_corrections_once(name: str, sha256: str, corrections: Iterable[Correction], rejected: int,
                            url: str | None = None) -> bool:
    """Import corrections once under a name (e.g. the old CSV's file name), in one transaction.

    Returns False, importing nothing, when an import with that name was already done
    (also when another process does it at the same moment).
    """
    checked = [_checked(c) for c in corrections]
    marker = {"namn": name, "sha256": sha256, "rader": len(checked), "avvisade": int(rejected), "tidpunkt": utc(None)}
    with writing(url) as connection:
        try:
            with connection.begin_nested():
                connection.execute(insert(engangsimport), [marker])
        except IntegrityError:
            return False
        if checked:
            connection.execute(insert(temakorrigering), [_row(c) for c in checked])
    return True
