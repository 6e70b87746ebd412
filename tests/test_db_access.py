"""The app reads the published database read-only, sees a rebuilt database without restart, and builds one if missing."""

import shutil

import duckdb
import openpyxl
from streamlit.testing.v1 import AppTest

from dashboard import db, queries
from pipelines.build import run
from tests.conftest import RAW_DIR, page_path

QUIET = {"log": lambda _m: None}


def test_missing_database_is_built_on_first_page_view(demo_env, tmp_path, monkeypatch):
    target = tmp_path / "curated" / "utvardering.duckdb"
    monkeypatch.setenv("UTV_DB_PATH", str(target))
    at = AppTest.from_file(page_path("oversikt.py"), default_timeout=120).run()
    assert not at.exception
    assert target.exists()
    assert "14 av 15" in [m.value for m in at.metric]


def test_rebuilt_database_is_seen_without_restart_and_reading_never_blocks_the_writer(demo_env, tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    target = tmp_path / "utvardering.duckdb"
    shutil.copy(demo_env["db"], target)
    monkeypatch.setenv("UTV_DB_PATH", str(target))
    assert queries.kommuner().loc[lambda k: k.kommunkod == "2480", "kommun"].item() == "Umeå"

    book = openpyxl.load_workbook(raw / "budgetuppfoljning.xlsx")
    book["Uppföljning"]["F2"] = 9999  # Prognos helår, first row
    book.save(raw / "budgetuppfoljning.xlsx")
    sql = "select max(prognos_helar_tkr) from budgetutfall"
    before = db.query(sql).iloc[0, 0]
    assert run(raw, target, **QUIET).rebuilt  # the writer publishes while the app has read from the file
    assert db.query(sql).iloc[0, 0] == 9999 != before


def test_connections_are_read_only(demo_env, monkeypatch, tmp_path):
    target = tmp_path / "copy.duckdb"
    shutil.copy(demo_env["db"], target)
    monkeypatch.setenv("UTV_DB_PATH", str(target))
    try:
        db.query("create table hack as select 1")
    except duckdb.Error as error:
        assert "read-only" in str(error).lower()
    else:
        raise AssertionError("the app's connection accepted a write")
