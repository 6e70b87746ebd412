"""Archived uploads: who uploaded which file (content-addressed by sha256) and when.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "importfil",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("filnamn", sa.String(256), nullable=False),
        sa.Column("kalla", sa.String(64), nullable=False),
        sa.Column("storlek_byte", sa.Integer, nullable=False),
        sa.Column("anvandar_id", sa.String(256), nullable=False),
        sa.Column("anvandare", sa.String(256), nullable=False),
        sa.Column("tidpunkt", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_importfil_sha256", "importfil", ["sha256"])


def downgrade() -> None:
    op.drop_index("ix_importfil_sha256", table_name="importfil")
    op.drop_table("importfil")
