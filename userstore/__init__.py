"""The users' store: the users' own work in a transactional database, never touched by a rebuild.

SQLite (``anvandardata.sqlite`` in ``setting("user_dir")``, WAL mode) by default;
PostgreSQL when the setting ``user_store_url`` (UTV_USER_STORE_URL) holds a
SQLAlchemy URL such as ``postgresql+psycopg://utv@dbserver/anvandardata``. The
schema is created and upgraded by Alembic migrations (``userstore/migrations``)
on first use. Every row records who (user id and display name) and when (UTC).

A top-level package (not under dashboard/) because the pipeline reads the theme
corrections at build time. Every function takes an optional ``url`` (default: the
configured store) and raises StoreError (a Swedish message) when the store cannot
be used, ValueError (Swedish) for invalid input.

Modules: database (URL, engine, connections, migrations), tables, corrections, scenarios,
basket (rapportunderlag per user), importlog, sakinnehall (reviewers' "Inget sakinnehåll" marks),
stamps (who and when).
"""

from userstore.basket import add_basket_item, basket_items, clear_basket, move_basket_item, remove_basket_item
from userstore.corrections import (
    ADD,
    REMOVE,
    Correction,
    add_corrections,
    corrections_digest,
    corrections_version,
    import_corrections_once,
    imported,
    load_corrections,
)
from userstore.database import StoreError, dispose, engine, store_name, url_for
from userstore.importlog import PUBLISH, ROLLBACK, import_log, log_import
from userstore.sakinnehall import content_marks, mark_content
from userstore.scenarios import delete_scenario, get_scenario, list_scenarios, save_scenario

__all__ = [
    "ADD", "REMOVE", "Correction", "add_corrections", "load_corrections", "corrections_version",
    "corrections_digest", "imported", "import_corrections_once",
    "save_scenario", "list_scenarios", "get_scenario", "delete_scenario",
    "basket_items", "add_basket_item", "remove_basket_item", "move_basket_item", "clear_basket",
    "PUBLISH", "ROLLBACK", "log_import", "import_log", "mark_content", "content_marks",
    "StoreError", "engine", "dispose", "url_for", "store_name",
]
