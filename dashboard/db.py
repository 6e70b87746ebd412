"""Read-only access to the published database: short-lived connections, results cached per file version.

No connection outlives a query, so the app never holds a lock that blocks the
pipeline's writer, and after the pipeline swaps in a new file the cache key
(path, modification time, size) changes and fresh results are read.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from pipelines.settings import setting


def db_path() -> Path:
    """The published database file (UTV_DB_PATH overrides)."""
    return setting("db_path")


def db_version(path: Path) -> tuple[int, int]:
    """Cache key part that changes whenever the file is replaced."""
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(path: str, version: tuple[int, int], sql: str, params: tuple) -> pd.DataFrame:
    with duckdb.connect(path, read_only=True) as con:
        return con.execute(sql, list(params)).df()


def query(sql: str, params: tuple | list = ()) -> pd.DataFrame:
    """Run a parameterised query against the published database; cached until the file changes."""
    path = db_path()
    return _cached(str(path), db_version(path), sql, tuple(params))


def database_exists() -> bool:
    return db_path().exists()
