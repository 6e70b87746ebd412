"""The one registry of settings: paths the pipeline and the dashboard share, and sign-in.

Each entry is (name, environment variable, default, help); a path default is relative
to the project root. An environment variable overrides the default; that is also how
tests point the app and the pipeline at a temporary directory.
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
    ("auth_roles_claim", "UTV_AUTH_ROLES_CLAIM", "roles",
     "ID-token claim that carries the signed-in user's roles (Entra ID app roles: `roles`)."),
    ("auth_role_map", "UTV_AUTH_ROLE_MAP", "lasare=lasare,granskare=granskare,administrator=administrator",
     "Comma-separated `claim value=role` pairs; roles: lasare, granskare, administrator."),
)


def setting(name: str) -> Path:
    """Return the path for a setting, honouring its environment variable."""
    for key, env, default, _help in SETTINGS:
        if key == name:
            value = os.environ.get(env)
            path = Path(value) if value else PROJECT_ROOT / default
            return path
    raise KeyError(f"Unknown setting: {name}")


def text_setting(name: str) -> str:
    """Return a setting's text as given (environment variable, else the default), not as a path."""
    for key, env, default, _help in SETTINGS:
        if key == name:
            return os.environ.get(env) or default
    raise KeyError(f"Unknown setting: {name}")
