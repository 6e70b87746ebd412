"""Saved negotiation scenarios: a name and the scenario's parameters (JSON), with who saved it and when."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, insert, select

from userstore.database import reading, writing
from userstore.stamps import utc, who
from userstore.tables import scenario

NAME_LENGTH = 200


def save_scenario(namn: str, parametrar: Mapping[str, Any], user_id: str, user_name: str,
                  url: str | None = None) -> int:
    """Save a scenario (a new row every time; parametrar must be JSON-serialisable); returns its id."""
    name = str(namn).strip()
    if not name:
        raise ValueError("Scenariot måste ha ett namn.")
    if len(name) > NAME_LENGTH:
        raise ValueError(f"Scenariots namn får vara högst {NAME_LENGTH} tecken.")
    try:
        parameters = json.loads(json.dumps(dict(parametrar), ensure_ascii=False))
    except (TypeError, ValueError) as error:
        raise ValueError(f"Scenariots parametrar kan inte sparas som JSON: {error}") from None
    user, display = who(user_id, user_name)
    row = {"namn": name, "parametrar": parameters, "anvandar_id": user, "anvandare": display, "tidpunkt": utc(None)}
    with writing(url) as connection:
        return int(connection.execute(insert(scenario).returning(scenario.c.id), [row]).scalar_one())


def _as_dict(row) -> dict:
    return {"id": int(row.id), "namn": row.namn, "parametrar": row.parametrar, "anvandar_id": row.anvandar_id,
            "anvandare": row.anvandare, "tidpunkt": utc(row.tidpunkt)}


def list_scenarios(url: str | None = None) -> list[dict]:
    """Every saved scenario, newest first: id, namn, parametrar (dict), anvandar_id, anvandare, tidpunkt (UTC)."""
    with reading(url) as connection:
        rows = connection.execute(select(scenario).order_by(scenario.c.tidpunkt.desc(), scenario.c.id.desc())).all()
    return [_as_dict(row) for row in rows]


def get_scenario(scenario_id: int, url: str | None = None) -> dict | None:
    """One saved scenario by id (as in list_scenarios), or None."""
    with reading(url) as connection:
        row = connection.execute(select(scenario).where(scenario.c.id == int(scenario_id))).first()
    return None if row is None else _as_dict(row)


def delete_scenario(scenario_id: int, url: str | None = None) -> bool:
    """Delete a saved scenario; False when there was none with that id."""
    with writing(url) as connection:
        return connection.execute(delete(scenario).where(scenario.c.id == int(scenario_id))).rowcount > 0
