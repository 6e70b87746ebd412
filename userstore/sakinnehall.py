"""Reviewers' "Inget sakinnehåll" marks: an append-only trail, the latest row per answer wins."""

from __future__ import annotations

from sqlalchemy import func, insert, select

from userstore.database import reading, writing
from userstore.stamps import utc, who
from userstore.tables import sakinnehall


def mark_content(svar_id: str, inget_sakinnehall: bool, user_id: str, user_name: str, url: str | None = None) -> None:
    """Record that an answer has no content (True) or has content after all (False), by whom, now."""
    if not str(svar_id).strip():
        raise ValueError("svar_id saknas")
    user, display = who(user_id, user_name)
    with writing(url) as connection:
        connection.execute(insert(sakinnehall), [{"svar_id": str(svar_id), "inget_sakinnehall": bool(inget_sakinnehall),
                                                  "anvandar_id": user, "anvandare": display, "tidpunkt": utc(None)}])


def content_marks(url: str | None = None) -> dict[str, bool]:
    """The latest mark per answer: svar_id -> True (no content) or False (has content)."""
    latest = select(func.max(sakinnehall.c.id)).group_by(sakinnehall.c.svar_id)
    with reading(url) as connection:
        rows = connection.execute(select(sakinnehall.c.svar_id, sakinnehall.c.inget_sakinnehall)
                                  .where(sakinnehall.c.id.in_(latest))).all()
    return {row.svar_id: bool(row.inget_sakinnehall) for row in rows}
