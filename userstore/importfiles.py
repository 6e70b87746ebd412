"""Uploads kept in the import archive: who uploaded which file (by sha256), as what source, and when."""

from __future__ import annotations

from sqlalchemy import insert, select

from userstore.database import reading, writing
from userstore.stamps import utc, who
from userstore.tables import importfil


def record_upload(sha256: str, filnamn: str, kalla: str, storlek_byte: int, user_id: str, user_name: str,
                  url: str | None = None) -> int:
    """Record one upload of an archived file; returns the row's id."""
    if len(str(sha256)) != 64:
        raise ValueError("sha256 ska vara 64 hexadecimala tecken.")
    user, display = who(user_id, user_name)
    row = {"sha256": sha256, "filnamn": str(filnamn), "kalla": str(kalla), "storlek_byte": int(storlek_byte),
           "anvandar_id": user, "anvandare": display, "tidpunkt": utc(None)}
    with writing(url) as connection:
        return int(connection.execute(insert(importfil).returning(importfil.c.id), [row]).scalar_one())


def archived_files(url: str | None = None) -> list[dict]:
    """Every recorded upload, newest first."""
    with reading(url) as connection:
        rows = connection.execute(select(importfil).order_by(importfil.c.id.desc())).all()
    return [{**r._asdict(), "tidpunkt": utc(r.tidpunkt)} for r in rows]


def archived_file(sha256: str, url: str | None = None) -> dict | None:
    """The first recorded upload of a file's content, or None."""
    with reading(url) as connection:
        row = connection.execute(select(importfil).where(importfil.c.sha256 == sha256)
                                 .order_by(importfil.c.id).limit(1)).first()
    return {**row._asdict(), "tidpunkt": utc(row.tidpunkt)} if row else None
