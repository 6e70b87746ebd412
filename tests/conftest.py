"""Shared fixtures: one demo database built per test session into a temporary directory.

Tests point the app and the pipeline at it through the settings' environment
variables, so nothing under data/ is read or written by the suite.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit import dataframe_util

from pipelines.build import run
from pipelines.settings import PROJECT_ROOT

RAW_DIR = PROJECT_ROOT / "data" / "raw"


@pytest.fixture(scope="session")
def demo_env(tmp_path_factory) -> dict[str, Path]:
    """Build the demo database once; return the paths the environment points at."""
    root = tmp_path_factory.mktemp("demo")
    paths = {"db": root / "curated" / "utvardering.duckdb", "user": root / "user", "model": root / "model",
             "logs": root / "logs"}
    previous = {k: os.environ.get(k) for k in ("UTV_DB_PATH", "UTV_USER_DIR", "UTV_MODEL_DIR", "UTV_RAW_DIR",
                                               "UTV_LOG_DIR", "UTV_RESPONDENT_SECRET")}
    # One respondent secret for the session: every test has its own user_dir (where a secret would otherwise be
    # generated), and dry runs must key respondents as the published demo database did.
    os.environ.update(UTV_DB_PATH=str(paths["db"]), UTV_USER_DIR=str(paths["user"]),
                      UTV_MODEL_DIR=str(paths["model"]), UTV_RAW_DIR=str(RAW_DIR), UTV_LOG_DIR=str(paths["logs"]),
                      UTV_RESPONDENT_SECRET="testsvit-hemlighet")
    run(RAW_DIR, paths["db"], log=lambda _msg: None)
    yield paths
    for key, value in previous.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(autouse=True)
def own_user_dir(tmp_path, monkeypatch) -> Path:
    """Every test gets an empty users' store of its own (baskets, corrections, scenarios never leak between tests)."""
    path = tmp_path / "own-user"
    monkeypatch.setenv("UTV_USER_DIR", str(path))
    return path


@pytest.fixture
def private_env(demo_env, tmp_path, monkeypatch) -> dict[str, Path]:
    """A private copy of the demo database and model plus an empty user dir (writes never reach other tests)."""
    paths = {"db": tmp_path / "curated" / "utvardering.duckdb", "user": tmp_path / "user", "model": tmp_path / "model"}
    paths["db"].parent.mkdir()
    shutil.copy(demo_env["db"], paths["db"])
    shutil.copytree(demo_env["model"], paths["model"])
    monkeypatch.setenv("UTV_DB_PATH", str(paths["db"]))
    monkeypatch.setenv("UTV_USER_DIR", str(paths["user"]))
    monkeypatch.setenv("UTV_MODEL_DIR", str(paths["model"]))
    return paths


@pytest.fixture(scope="session")
def demo_db(demo_env) -> Path:
    """Path of the session's demo database."""
    return demo_env["db"]


def page_path(name: str) -> str:
    """Absolute path of a page file, resolved from the tests folder (not the working directory)."""
    return str(Path(__file__).resolve().parents[1] / "pages" / name)


def displayed(element) -> pd.DataFrame:
    """A table element as shown on screen: the Swedish text the Styler gives each cell."""
    return dataframe_util.convert_arrow_bytes_to_pandas_df(element.proto.arrow_data.styler.display_values)


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server (Debian's postgresql, tests/postgres.py) for the whole session, stopped afterwards."""
    from tests.postgres import start_server

    server = start_server()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path, monkeypatch) -> str:
    """The users' store on each backend: a SQLite file in a fresh user dir, or a fresh PostgreSQL database.

    The environment points at it (UTV_USER_DIR, and UTV_USER_STORE_URL for PostgreSQL),
    so code using the configured store uses this one.
    """
    import userstore

    monkeypatch.setenv("UTV_USER_DIR", str(tmp_path / "user"))
    if request.param == "sqlite":
        monkeypatch.delenv("UTV_USER_STORE_URL", raising=False)
        url = userstore.url_for()
        yield url
        userstore.dispose(url)
        return
    server = request.getfixturevalue("postgres_server")
    url = server.new_database()
    monkeypatch.setenv("UTV_USER_STORE_URL", url)
    yield url
    userstore.dispose(url)
    server.drop_database(url)


@pytest.fixture
def workspace(demo_env, tmp_path, monkeypatch) -> dict[str, Path]:
    """A private published copy of the demo database (link + build file), model, user and log dirs; env points there."""
    import shutil

    from pipelines.publish import published_file

    paths = {"raw": RAW_DIR, "db": tmp_path / "curated" / "utvardering.duckdb", "user": tmp_path / "user",
             "model": tmp_path / "model", "logs": tmp_path / "logs"}
    build = published_file(demo_env["db"])
    paths["db"].parent.mkdir()
    shutil.copy2(build, paths["db"].parent / build.name)
    paths["db"].symlink_to(build.name)
    shutil.copytree(demo_env["model"], paths["model"])
    for key, env in (("db", "UTV_DB_PATH"), ("user", "UTV_USER_DIR"), ("model", "UTV_MODEL_DIR"), ("logs", "UTV_LOG_DIR")):
        monkeypatch.setenv(env, str(paths[key]))
    monkeypatch.delenv("UTV_USER_STORE_URL", raising=False)
    return paths


@pytest.fixture
def raw_workspace(tmp_path, demo_db) -> tuple[Path, Path]:
    """(raw, db): a private copy of the demo raw folder and of the published demo database."""
    import shutil

    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    db = tmp_path / "curated" / "utvardering.duckdb"
    db.parent.mkdir()
    shutil.copy(demo_db, db)
    return raw, db


def on_tab(at, flik: str, key: str = "fritext_flik"):
    """Choose a page's tab as a click would: tabs with on_change="rerun" run only the open tab. Returns at."""
    at.session_state[key] = flik
    return at


def tema_choice(at, quote_key: str):
    """The 'Under vilket tema …' radio of a quote's add button (its key ends with the preselected tema)."""
    return next(r for r in at.radio if str(r.key).startswith(f"{quote_key}-tema-"))
