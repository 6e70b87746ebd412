"""Build the demo database into a temporary directory and check known figures."""

import hashlib
import re

import duckdb
import pandas as pd
import pytest

from pipelines.build import run
from tests.conftest import RAW_DIR


@pytest.fixture(scope="module")
def con(demo_db):
    with duckdb.connect(str(demo_db), read_only=True) as connection:
        yield connection


def scalar(con, sql, params=()):
    return con.execute(sql, list(params)).fetchone()[0]


def test_svarsfrekvens_2024_is_14_of_15(con):
    assert con.execute("select antal_svarande, antal_kommuner from utvardering where utvardering = 2024").fetchone() == (14, 15)


def test_sorsele_did_not_answer_2024(con):
    assert con.execute("select k.kommun from deltagande d join kommun k using (kommunkod) "
                       "where utvardering = 2024 and not har_svarat").fetchall() == [("Sorsele",)]


def test_2025_vindeln_answered_twice_and_the_later_answer_counts(con):
    rows = con.execute("select svars_id, galler, ersatt_av from enkatsvar where utvardering = 2025 and kommunkod = '2404' "
                       "order by sluttid").fetchall()
    assert [r[1] for r in rows] == [False, True]
    assert rows[0][2] == rows[1][0]
    assert scalar(con, "select antal_svarande from utvardering where utvardering = 2025") == 15


def test_2025_dorotea_answered_late(con):
    assert con.execute("select kommunkod from deltagande where utvardering = 2025 and efter_sista_svarsdag").fetchall() == [("2425",)]


def test_beredning_2024_january_to_july(con):
    row = con.execute("select budget_helar_tkr, budget_period_tkr, utfall_ack_tkr, avvikelse_tkr from budgetutfall "
                      "where enhet = 'Beredningen' and ar = 2024 and manad = 7").fetchone()
    assert row == (2644, 1542, 1539, -3)


def test_vet_ej_is_null_and_counted(con):
    assert scalar(con, "select count(*) from likertsvar where vet_ej and varde is not null") == 0
    assert scalar(con, "select count(*) from likertsvar where vet_ej") > 0


def test_every_free_text_answer_is_tagged(con):
    assert scalar(con, "select count(*) from fritextsvar where svar_id not in (select svar_id from fritext_tema)") == 0
    assert scalar(con, "select count(*) from fritextsvar") >= 150


def test_anslag_has_fifteen_kommuner_per_year_and_region(con):
    counts = con.execute("select ar, count(distinct kommunkod) from anslag where part = 'kommun' group by ar order by ar").fetchall()
    assert counts == [(2023, 15), (2024, 15), (2025, 15), (2026, 15)]
    assert scalar(con, "select count(*) from anslag where part = 'region'") == 12


def test_load_manifest_lists_every_raw_file_with_hash(con):
    manifest = con.execute("select fil, sha256, rader_avvisade from load_manifest").df()
    assert set(manifest["fil"]) >= {"utvardering_2024.xlsx", "utvardering_2025.xlsx", "kommunala_anslag.xlsx",
                                    "budgetuppfoljning.xlsx", "kommuner.csv", "fragekatalog.csv"}
    for row in manifest.itertuples():
        assert row.sha256 == hashlib.sha256((RAW_DIR / row.fil).read_bytes()).hexdigest(), row.fil


def test_no_curated_column_holds_names_or_email_addresses(con):
    raw_2024 = pd.read_excel(RAW_DIR / "utvardering_2024.xlsx", engine="calamine")
    raw_2025 = pd.read_excel(RAW_DIR / "utvardering_2025.xlsx", engine="calamine")
    names = set(raw_2024["Namn"]) | set(raw_2025["Ditt namn"])
    tables = con.execute("select table_schema, table_name from information_schema.tables").fetchall()
    email = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
    for schema, table in tables:
        frame = con.execute(f'select * from "{schema}"."{table}"').df()
        assert not any(c.lower() in {"namn", "ditt namn", "e-post", "e-postadress"} for c in frame.columns), table
        text = frame.select_dtypes(include=["object", "string"]).map(str)
        for column in text.columns:
            values = set(text[column])
            assert not values & names, f"{table}.{column} holds respondent names"
            assert not any(email.search(v) for v in values), f"{table}.{column} holds e-mail addresses"


def test_unchanged_raw_data_skips_the_rebuild(demo_db):
    before = demo_db.stat().st_mtime_ns
    result = run(RAW_DIR, demo_db, log=lambda _m: None)
    assert not result.rebuilt
    assert demo_db.stat().st_mtime_ns == before
