"""Reviewers' marks on answers without content ("Inget sakinnehåll"): set or cleared, latest wins.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sakinnehall",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("svar_id", sa.String(128), nullable=False),
        sa.Column("inget_sakinnehall", sa.Boolean, nullable=False),
        sa.Column("anvandar_id", sa.String(256), nullable=False),
        sa.Column("anvandare", sa.String(256), nullable=False),
        sa.Column("tidpunkt", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_sakinnehall_svar", "sakinnehall", ["svar_id"])


def downgrade() -> None:
    op.drop_index("ix_sakinnehall_svar", table_name="sakinnehall")
    op.drop_table("sakinnehall")
