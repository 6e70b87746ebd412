"""The import log: each publish or rollback of a built database, its raw files and counts, by whom and when."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import insert, select

from userstore.database import reading, writing
from userstore.stamps import utc, who
from userstore.tables import importlogg

PUBLISH, ROLLBACK = "publicera", "aterstall"
ACTIONS = (PUBLISH, ROLLBACK)


def log_import(bygg_id: str, atgard: str, filer: Sequence[Mapping[str, Any]], antal: Mapping[str, int],
               user_id: str, user_name: str, url: str | None = None) -> int:
    """Record a publish ('publicera') or rollback ('aterstall') of a build; returns the entry's id.

    filer: one dict per raw file, at least {"fil": name, "sha256": hex}; antal: counts such as
    {"rader_inlasta": 1234, "rader_avvisade": 2}.
    """
    if atgard not in ACTIONS:
        raise ValueError(f"Okänd åtgärd: {atgard!r} (ska vara {PUBLISH!r} eller {ROLLBACK!r})")
    if not str(bygg_id).strip():
        raise ValueError("bygg_id saknas")
    files = [dict(f) for f in filer]
    if any(not str(f.get("fil", "")).strip() or not str(f.get("sha256", "")).strip() for f in files):
        raise ValueError("Varje fil behöver namn (fil) och sha256.")
    user, display = who(user_id, user_name)
    row = {"bygg_id": str(bygg_id), "atgard": atgard, "filer": json.loads(json.dumps(files, default=str)),
           "antal": {str(k): int(v) for k, v in antal.items()}, "anvandar_id": user, "anvandare": display,
           "tidpunkt": utc(None)}
    with writing(url) as connection:
        return int(connection.execute(insert(importlogg).returning(importlogg.c.id), [row]).scalar_one())


def import_log(url: str | None = None, limit: int | None = None) -> list[dict]:
    """The import log, newest first: id, bygg_id, atgard, filer, antal, anvandar_id, anvandare, tidpunkt (UTC)."""
    query = select(importlogg).order_by(importlogg.c.id.desc())
    if limit is not None:
        query = query.limit(int(limit))
    with reading(url) as connection:
        rows = connection.execute(query).all()
    return [{"id": int(r.id), "bygg_id": r.bygg_id, "atgard": r.atgard, "filer": r.filer, "antal": r.antal,
             "anvandar_id": r.anvandar_id, "anvandare": r.anvandare, "tidpunkt": utc(r.tidpunkt)} for r in rows]
