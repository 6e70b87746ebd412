"""Who and when: every row of the users' store records the user (id and display name) and a UTC time."""

from __future__ import annotations

from datetime import datetime, timezone


def utc(moment: datetime | None) -> datetime:
    """A time as an aware UTC datetime (naive values, as SQLite returns them, are UTC); None means now."""
    if moment is None:
        return datetime.now(timezone.utc)
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def who(user_id: str, user_name: str) -> tuple[str, str]:
    """The user's stable id and display name, stripped; ValueError (Swedish) when one is missing."""
    if not str(user_id).strip() or not str(user_name).strip():
        raise ValueError("användare saknas")
    return str(user_id).strip(), str(user_name).strip()
