"""Alembic environment of the users' store: always run by userstore.database.migrate on a given connection.

The caller opens the connection, begins the transaction and takes the migration lock
(SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock), so several processes starting
at once migrate one after the other and the later ones find the schema current.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Kör migreringarna via userstore (userstore.database.migrate), inte med alembic direkt.")

context.configure(connection=connection, target_metadata=None)
with context.begin_transaction():
    context.run_migrations()
