"""The old corrections CSV is imported into the users' store once, leniently, and never stops a build or a page."""

from __future__ import annotations

import hashlib
import shutil
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

import userstore
from pipelines.build import run
from pipelines.logs import log_path
from pipelines.themes import corrections
from pipelines.themes.corrections import corrections_path, import_old_log, load_corrections
from pipelines.themes.corrections_csv import read_corrections_csv
from pipelines.themes import theme_ids
from tests.conftest import RAW_DIR, page_path

APP_WRITTEN = (
    "svar_id,tema_id,atgard,anvandare,tidpunkt\n"
    "2025-1-a,transporter,lagg_till,Anna Andersson,2025-10-01T11:00:00+02:00\n"
    "2025-1-a,digitalisering,ta_bort,Anna Andersson,2025-10-01T11:00:05+02:00\n"
)


def forget_imports() -> None:
    """As in a new process: this process no longer remembers which stores it has checked."""
    corrections._imports_checked.clear()


@pytest.fixture
def user_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("UTV_USER_DIR", str(tmp_path / "user"))
    monkeypatch.setenv("UTV_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.delenv("UTV_USER_STORE_URL", raising=False)
    (tmp_path / "user").mkdir()
    forget_imports()
    return tmp_path / "user"


def test_the_app_written_log_is_imported_once_and_left_untouched(user_dir):
    corrections_path(user_dir).write_text(APP_WRITTEN, encoding="utf-8")
    before = hashlib.sha256(corrections_path(user_dir).read_bytes()).hexdigest()
    messages = import_old_log(user_dir)
    assert messages == ["temakorrigeringar.csv importerades till användarnas databas: 2 rättelser. "
                        "Filen lämnas orörd; databasen gäller från och med nu."]
    stored = load_corrections(user_dir)
    assert stored[["svar_id", "tema_id", "atgard", "anvandare", "tidpunkt"]].values.tolist() == [
        ["2025-1-a", "transporter", "lagg_till", "Anna Andersson", "2025-10-01T11:00:00+02:00"],
        ["2025-1-a", "digitalisering", "ta_bort", "Anna Andersson", "2025-10-01T11:00:05+02:00"]]
    assert stored["anvandar_id"].tolist() == ["csv:Anna Andersson"] * 2
    forget_imports()
    corrections_path(user_dir).write_text(APP_WRITTEN + APP_WRITTEN.splitlines()[1] + "\n", encoding="utf-8")
    assert import_old_log(user_dir) == [] and len(load_corrections(user_dir)) == 2  # never twice
    assert hashlib.sha256(corrections_path(user_dir).read_bytes()).hexdigest() != before  # (the edit was ours)


def test_the_store_is_the_source_of_truth_after_the_import(user_dir):
    corrections_path(user_dir).write_text(APP_WRITTEN, encoding="utf-8")
    corrections.add_correction(user_dir, "2025-2-b", "energi_klimat", "lagg_till", "Bo Berg", anvandar_id="oid-bo")
    assert corrections_path(user_dir).read_text(encoding="utf-8") == APP_WRITTEN  # the CSV is never written
    assert load_corrections(user_dir)["svar_id"].tolist() == ["2025-1-a", "2025-1-a", "2025-2-b"]


def test_a_csv_saved_from_excel_is_read(user_dir):
    excel = ("svar_id;tema_id;atgard;anvandare;tidpunkt\r\n"
             "2025-3-c;vatten_avlopp;lagg_till;Åsa Öberg;2025-10-02 14:30\r\n"
             "2025-3-d;krisberedskap;Ta_bort;Örjan Ärlig;02/10/2025 15:00\r\n")
    corrections_path(user_dir).write_bytes(b"\xef\xbb\xbf" + excel.encode("cp1252"))
    messages = import_old_log(user_dir)
    assert messages[1] == "temakorrigeringar.csv: filen var inte UTF-8 och lästes som Windows-1252 (Excel)."
    stored = load_corrections(user_dir)
    assert stored["anvandare"].tolist() == ["Åsa Öberg", "Örjan Ärlig"]
    assert stored["atgard"].tolist() == ["lagg_till", "ta_bort"]
    assert stored["tidpunkt"].tolist() == ["2025-10-02T14:30:00+02:00", "2025-10-02T15:00:00+02:00"]


BROKEN_LINES = [
    "2025-4-e,transporter,lagg_till,Anna,2025-10-01T11:00:00+02:00",   # 2: fine
    "2025-4-f,vagar,lagg_till,Anna,2025-10-01T11:00:00+02:00",         # 3: unknown theme
    "2025-4-g,transporter,lagg_till,Anna",                             # 4: a field missing
    '2025-4-h,"transporter,lagg_till,Anna,2025-10-01T11:00:00+02:00',  # 5: unbalanced quote
    "2025-4-i,transporter,flytta,Anna,2025-10-01T11:00:00+02:00",      # 6: unknown action
    "2025-4-j,transporter,lagg_till,Anna,igår",                        # 7: not a time
    "",                                                                # 8: blank, ignored
    "2025-4-k,digitalisering,ta_bort,Anna,2025-10-01T12:00:00+02:00",  # 9: fine
]


def test_broken_lines_are_reported_and_the_rest_is_read():
    content = read_corrections_csv(("svar_id,tema_id,atgard,anvandare,tidpunkt\n" + "\n".join(BROKEN_LINES))
                                   .encode(), set(theme_ids()))
    assert [c.svar_id for c in content.corrections] == ["2025-4-e", "2025-4-k"]
    assert content.rejected == 5
    assert content.problems == [
        "temakorrigeringar.csv rad 3: okänt tema 'vagar'; raden importerades inte.",
        "temakorrigeringar.csv rad 4: 4 fält i stället för 5; raden importerades inte.",
        "temakorrigeringar.csv rad 5: 2 fält i stället för 5; raden importerades inte.",
        "temakorrigeringar.csv rad 6: okänd åtgärd 'flytta' (ska vara lagg_till eller ta_bort); "
        "raden importerades inte.",
        "temakorrigeringar.csv rad 7: ogiltig tidpunkt 'igår'; raden importerades inte."]
    assert content.corrections[0].tidpunkt == datetime(2025, 10, 1, 9, 0, tzinfo=timezone.utc)


def test_a_header_without_the_columns_imports_nothing_and_says_why():
    content = read_corrections_csv(b"id,tema_id\n1,transporter\n", set(theme_ids()))
    assert content.corrections == [] and content.rejected == 1
    assert content.problems == ["temakorrigeringar.csv: kolumnerna svar_id, atgard, anvandare, tidpunkt saknas i "
                                "rubrikraden; inga rättelser importerades."]


def test_a_build_with_a_broken_csv_succeeds_reports_and_applies_the_rest(demo_env, user_dir, tmp_path, monkeypatch):
    with duckdb.connect(str(demo_env["db"]), read_only=True) as con:
        svar_id = con.execute("select svar_id from fritextsvar order by svar_id limit 1").fetchone()[0]
    lines = [line.replace("2025-4-e", svar_id).replace("transporter", "krisberedskap") for line in BROKEN_LINES]
    corrections_path(user_dir).write_text("svar_id,tema_id,atgard,anvandare,tidpunkt\n" + "\n".join(lines),
                                          encoding="utf-8")
    shutil.copytree(demo_env["model"], tmp_path / "model")
    monkeypatch.setenv("UTV_MODEL_DIR", str(tmp_path / "model"))
    output: list[str] = []
    assert run(RAW_DIR, tmp_path / "curated" / "utvardering.duckdb", log=output.append).rebuilt
    assert ("temakorrigeringar.csv importerades till användarnas databas: 2 rättelser, 5 rader kunde inte läsas "
            "(se nedan). Filen lämnas orörd; databasen gäller från och med nu.") in output
    assert "temakorrigeringar.csv rad 3: okänt tema 'vagar'; raden importerades inte." in output
    assert "rad 7: ogiltig tidpunkt 'igår'" in log_path().read_text(encoding="utf-8")
    with duckdb.connect(str(tmp_path / "curated" / "utvardering.duckdb"), read_only=True) as con:
        tags = con.execute("select tema_id, kalla from fritext_tema where svar_id = ?", [svar_id]).fetchall()
    assert ("krisberedskap", "manuell") in tags


@pytest.mark.parametrize("page", ["fritext.py", "kommunprofil.py", "utmaningar.py"])
def test_pages_show_with_a_broken_csv_saved_from_excel(demo_env, user_dir, page):
    corrections_path(user_dir).write_bytes("svar_id;tema_id\r\nx;\"ÅÄÖ\r\n".encode("cp1252") + b"\xff\xfe;;;\r\n")
    at = AppTest.from_file(page_path(page), default_timeout=120).run()
    assert not at.exception
    assert at.title[0].value
    assert userstore.load_corrections(userstore.url_for(user_dir)).empty
