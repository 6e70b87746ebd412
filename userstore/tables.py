"""The users' store's tables (SQLAlchemy Core), as the migrations in migrations/versions create them.

Every row records who (``anvandar_id``: the signed-in user's stable id; ``anvandare``:
the display name) and when (``tidpunkt``, UTC). A test checks that these definitions
and the migrations agree.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

ID_LENGTH = 256
"""Room for a user id (OIDC ``sub``/``oid``) or a display name."""

metadata = MetaData()


def _who_and_when() -> list[Column]:
    """The columns every table has: user id, display name and time."""
    return [
        Column("anvandar_id", String(ID_LENGTH), nullable=False),
        Column("anvandare", String(ID_LENGTH), nullable=False),
        Column("tidpunkt", DateTime(timezone=True), nullable=False),
    ]


temakorrigering = Table(
    "temakorrigering",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("svar_id", String(128), nullable=False),
    Column("tema_id", String(64), nullable=False),
    Column("atgard", String(16), nullable=False),
    Column("rang", Integer, nullable=True),
    *_who_and_when(),
    CheckConstraint("atgard in ('lagg_till', 'ta_bort')", name="ck_temakorrigering_atgard"),
    Index("ix_temakorrigering_svar_tema", "svar_id", "tema_id"),
)
"""Theme corrections, append-only: the latest row per (svar_id, tema_id) wins."""

scenario = Table(
    "scenario",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("namn", String(200), nullable=False),
    Column("parametrar", JSON, nullable=False),
    *_who_and_when(),
)
"""Saved negotiation scenarios: a name and the scenario's parameters as JSON."""

rapportunderlag = Table(
    "rapportunderlag",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("objekt_id", String(128), nullable=False),
    Column("position", Integer, nullable=False),
    Column("objekt", JSON, nullable=False),
    *_who_and_when(),
    UniqueConstraint("anvandar_id", "objekt_id", name="uq_rapportunderlag_anvandare_objekt"),
)
"""Each user's rapportunderlag basket: one row per chart or quote, in the user's order."""

importlogg = Table(
    "importlogg",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("bygg_id", String(128), nullable=False),
    Column("atgard", String(16), nullable=False),
    Column("filer", JSON, nullable=False),
    Column("antal", JSON, nullable=False),
    *_who_and_when(),
    CheckConstraint("atgard in ('publicera', 'aterstall')", name="ck_importlogg_atgard"),
)
"""Imports of raw data: which build was published or rolled back, its files (name, sha256) and counts."""

engangsimport = Table(
    "engangsimport",
    metadata,
    Column("namn", String(200), primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("rader", Integer, nullable=False),
    Column("avvisade", Integer, nullable=False),
    Column("tidpunkt", DateTime(timezone=True), nullable=False),
)
"""One-time imports already done (e.g. the old corrections CSV), so they never run twice."""

importfil = Table(
    "importfil",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sha256", String(64), nullable=False),
    Column("filnamn", String(ID_LENGTH), nullable=False),
    Column("kalla", String(64), nullable=False),
    Column("storlek_byte", Integer, nullable=False),
    *_who_and_when(),
    Index("ix_importfil_sha256", "sha256"),
)
"""Uploaded raw files kept in the content-addressed archive: its sha256, original name, source, who and when."""

sakinnehall = Table(
    "sakinnehall",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("svar_id", String(128), nullable=False),
    Column("inget_sakinnehall", Boolean, nullable=False),
    *_who_and_when(),
    Index("ix_sakinnehall_svar", "svar_id"),
)
"""Reviewers' marks on answers, append-only: the latest row per svar_id says whether it has no content."""
