"""Read-only access to the published database: short-lived connections, results cached per published file.

No connection outlives a query, so the app never holds a lock that blocks the
pipeline's writer. Every query first resolves the published link to the build file
it points at (pipelines.publish): each build has its own file name, so after a
rebuild both the cache key (file, modification time, size) and the DuckDB
connection follow the new file, even while another connection to the previous
build is still open in this process. A query that resolved the previous build
just as it was removed is retried on the new one.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from pipelines.publish import published_file
from pipelines.settings import setting

READ_ATTEMPTS = 3


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
    """Run a parameterised query against the published database; cached until another build is published."""
    for attempt in range(1, READ_ATTEMPTS + 1):
        path = published_file(db_path())
        try:
            return _cached(str(path), db_version(path), sql, tuple(params))
        except (FileNotFoundError, duckdb.IOException):
            if attempt == READ_ATTEMPTS or published_file(db_path()) == path:
                raise  # not a build replaced while we opened it: a real error


def database_exists() -> bool:
    return db_path().exists()
