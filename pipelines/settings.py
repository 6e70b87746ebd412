"""The one registry of settings: paths the pipeline and the dashboard share.

Each entry is (name, environment variable, default relative to the project root, help).
An environment variable overrides the default; that is also how tests point the
app and the pipeline at a temporary directory.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]

SETTINGS: tuple[tuple[str, str, str, str], ...] = (
    ("raw_dir", "UTV_RAW_DIR", "data/raw", "Folder with the raw source files as delivered."),
    ("db_path", "UTV_DB_PATH", "data/curated/utvardering.duckdb", "The published curated DuckDB database."),
    ("user_dir", "UTV_USER_DIR", "data/user", "Users' own work (theme corrections); never rebuilt."),
    ("model_dir", "UTV_MODEL_DIR", "data/model", "The trained theme model written by the project itself."),
    ("log_dir", "UTV_LOG_DIR", "data/logs", "Log files: details (tracebacks) of failed builds and retrainings."),
    ("user_store_url", "UTV_USER_STORE_URL", "",
     "SQLAlchemy URL of the users' store (e.g. postgresql+psycopg://user@host/db); "
     "empty: SQLite file anvandardata.sqlite in user_dir."),
)


def setting(name: str) -> Path:
    """Return the path for a setting, honouring its environment variable."""
    for key, env, default, _help in SETTINGS:
        if key == name:
            value = os.environ.get(env)
            path = Path(value) if value else PROJECT_ROOT / default
            return path
    raise KeyError(f"Unknown setting: {name}")


def setting_text(name: str) -> str:
    """Return a setting's raw text (environment variable or default), for settings that are not paths."""
    for key, env, default, _help in SETTINGS:
        if key == name:
            return os.environ.get(env) or default
    raise KeyError(f"Unknown setting: {name}")
