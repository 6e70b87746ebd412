"""Each user's rapportunderlag basket: charts and quotes (item dicts with an "id") in the user's order."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from userstore.database import reading, writing
from userstore.stamps import utc, who
from userstore.tables import rapportunderlag


def basket_items(user_id: str, url: str | None = None) -> list[dict]:
    """The user's items in basket order (as they were added, unless moved)."""
    with reading(url) as connection:
        rows = connection.execute(select(rapportunderlag.c.objekt)
                                  .where(rapportunderlag.c.anvandar_id == str(user_id))
                                  .order_by(rapportunderlag.c.position, rapportunderlag.c.id)).all()
    return [dict(row.objekt) for row in rows]


def add_basket_item(user_id: str, user_name: str, item: Mapping[str, Any], url: str | None = None) -> bool:
    """Append an item (a JSON-serialisable dict with an "id") to the user's basket; False when already there."""
    item_id = str(item.get("id") or "").strip()
    if not item_id:
        raise ValueError("Objektet saknar id.")
    user, display = who(user_id, user_name)
    content = json.loads(json.dumps(dict(item), ensure_ascii=False, default=str))
    owner = rapportunderlag.c.anvandar_id == user
    with writing(url) as connection:
        last = connection.execute(select(func.coalesce(func.max(rapportunderlag.c.position), 0)).where(owner)).scalar()
        row = {"objekt_id": item_id, "position": int(last) + 1, "objekt": content, "anvandar_id": user,
               "anvandare": display, "tidpunkt": utc(None)}
        try:
            with connection.begin_nested():
                connection.execute(insert(rapportunderlag), [row])
        except IntegrityError:
            return False
    return True


def remove_basket_item(user_id: str, item_id: str, url: str | None = None) -> bool:
    """Remove an item from the user's basket; False when it was not there."""
    with writing(url) as connection:
        result = connection.execute(delete(rapportunderlag).where(and_(
            rapportunderlag.c.anvandar_id == str(user_id), rapportunderlag.c.objekt_id == str(item_id))))
    return result.rowcount > 0


def move_basket_item(user_id: str, item_id: str, position: int, url: str | None = None) -> None:
    """Move an item to a 1-based position in the user's basket (the others keep their order)."""
    with writing(url) as connection:
        ids = [row.objekt_id for row in connection.execute(
            select(rapportunderlag.c.objekt_id).where(rapportunderlag.c.anvandar_id == str(user_id))
            .order_by(rapportunderlag.c.position, rapportunderlag.c.id))]
        if str(item_id) not in ids:
            raise ValueError("Objektet finns inte i rapportunderlaget.")
        ids.remove(str(item_id))
        ids.insert(max(0, min(len(ids), int(position) - 1)), str(item_id))
        for index, objekt_id in enumerate(ids, start=1):
            connection.execute(update(rapportunderlag).where(and_(
                rapportunderlag.c.anvandar_id == str(user_id), rapportunderlag.c.objekt_id == objekt_id))
                .values(position=index))


def clear_basket(user_id: str, url: str | None = None) -> int:
    """Empty the user's basket; returns how many items were removed."""
    with writing(url) as connection:
        return connection.execute(delete(rapportunderlag).where(rapportunderlag.c.anvandar_id == str(user_id))).rowcount
