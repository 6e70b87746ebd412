"""First schema: theme corrections, scenarios, rapportunderlag baskets, import log, one-time imports.

Revision ID: 0001
Revises:
Create Date: 2026-05-12
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def who_and_when() -> list[sa.Column]:
    """User id, display name and time (UTC), on every table."""
    return [
        sa.Column("anvandar_id", sa.String(256), nullable=False),
        sa.Column("anvandare", sa.String(256), nullable=False),
        sa.Column("tidpunkt", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "temakorrigering",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("svar_id", sa.String(128), nullable=False),
        sa.Column("tema_id", sa.String(64), nullable=False),
        sa.Column("atgard", sa.String(16), nullable=False),
        sa.Column("rang", sa.Integer, nullable=True),
        *who_and_when(),
        sa.CheckConstraint("atgard in ('lagg_till', 'ta_bort')", name="ck_temakorrigering_atgard"),
    )
    op.create_index("ix_temakorrigering_svar_tema", "temakorrigering", ["svar_id", "tema_id"])
    op.create_table(
        "scenario",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("namn", sa.String(200), nullable=False),
        sa.Column("parametrar", sa.JSON, nullable=False),
        *who_and_when(),
    )
    op.create_table(
        "rapportunderlag",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("objekt_id", sa.String(128), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("objekt", sa.JSON, nullable=False),
        *who_and_when(),
        sa.UniqueConstraint("anvandar_id", "objekt_id", name="uq_rapportunderlag_anvandare_objekt"),
    )
    op.create_table(
        "importlogg",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("bygg_id", sa.String(128), nullable=False),
        sa.Column("atgard", sa.String(16), nullable=False),
        sa.Column("filer", sa.JSON, nullable=False),
        sa.Column("antal", sa.JSON, nullable=False),
        *who_and_when(),
        sa.CheckConstraint("atgard in ('publicera', 'aterstall')", name="ck_importlogg_atgard"),
    )
    op.create_table(
        "engangsimport",
        sa.Column("namn", sa.String(200), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("rader", sa.Integer, nullable=False),
        sa.Column("avvisade", sa.Integer, nullable=False),
        sa.Column("tidpunkt", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in ("engangsimport", "importlogg", "rapportunderlag", "scenario"):
        op.drop_table(table)
    op.drop_index("ix_temakorrigering_svar_tema", table_name="temakorrigering")
    op.drop_table("temakorrigering")
