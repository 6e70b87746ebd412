"""Befolkningsprognos and skattekraft: validated like the other sources, combined with the outcomes per year."""

import shutil

import duckdb
import pandas as pd
import pytest

from pipelines.build import BuildError, run
from pipelines.demo.generate import befolkningsprognos_frame, skattekraft_frame
from pipelines.kommuner import KommunResolver
from pipelines.sources import read_befolkningsprognos, read_skattekraft
from tests.conftest import RAW_DIR

QUIET = {"log": lambda _m: None}


def resolver() -> KommunResolver:
    return KommunResolver.from_reference(pd.read_csv(RAW_DIR / "kommuner.csv", dtype=str, keep_default_na=False))


def fetch(db, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_demo_generator_reproduces_the_committed_files():
    befolkning = pd.read_csv(RAW_DIR / "befolkning.csv")
    assert befolkningsprognos_frame(befolkning).to_csv(index=False) == \
        (RAW_DIR / "befolkningsprognos.csv").read_text(encoding="utf-8")
    assert skattekraft_frame().to_csv(index=False) == (RAW_DIR / "skattekraft.csv").read_text(encoding="utf-8")


def test_skattekraft_has_realistic_magnitudes():
    values = pd.read_csv(RAW_DIR / "skattekraft.csv")["skattekraft"]
    assert 200_000 <= values.min() and values.max() <= 260_000


def test_names_resolve_and_bad_rows_are_rejected_with_file_row_and_reason(tmp_path):
    path = tmp_path / "befolkningsprognos.csv"
    path.write_text("kommunkod,ar,invanare\nUmeå kommun,2026,133534\nLuleå,2026,80000\n2403,2026,2365.5\n"
                    "2403,2027,tusen\n", encoding="utf-8")
    rows, rejected = read_befolkningsprognos(path, resolver())
    assert rows[["kommunkod", "ar", "invanare"]].values.tolist() == [["2480", 2026, 133534.0]]
    assert {(r.rad, r.kolumn, r.varde) for r in rejected} == {(3, "kommunkod", "Luleå"), (4, "invanare", "2365.5"),
                                                              (5, "invanare", "tusen")}
    assert any(r.orsak.startswith("Okänd kommun") for r in rejected)


def test_skattekraft_accepts_swedish_thousands(tmp_path):
    path = tmp_path / "skattekraft.csv"
    path.write_text('kommunkod,ar,skattekraft\n2480,2026,"259 800"\nSkelleftea,2026,252300\n', encoding="utf-8")
    rows, rejected = read_skattekraft(path, resolver())
    assert not rejected
    assert rows[["kommunkod", "skattekraft"]].values.tolist() == [["2480", 259800.0], ["2482", 252300.0]]


def test_invanare_prognos_takes_the_outcome_where_there_is_one_else_the_forecast(demo_db):
    rows = fetch(demo_db, "select ar, befolkningsar, invanare, kalla from invanare_prognos "
                          "where kommunkod = '2480' and ar between 2026 and 2028 order by ar")
    assert rows == [(2026, 2025, 132440, "utfall"), (2027, 2026, 133534, "prognos"), (2028, 2027, 134636, "prognos")]
    assert fetch(demo_db, "select count(*) from invanare_prognos where ar between 2026 and 2031") == [(90,)]


@pytest.fixture
def workspace(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    return raw, tmp_path / "curated" / "utvardering.duckdb"


def test_rejections_reach_rejected_rows_and_a_new_outcome_replaces_the_forecast(demo_env, workspace):
    raw, db = workspace
    with open(raw / "befolkningsprognos.csv", "a", encoding="utf-8") as handle:
        handle.write("Piteå,2026,42000\n")
    with open(raw / "befolkning.csv", "a", encoding="utf-8") as handle:
        handle.write("2480,2026,133900\n")
    result = run(raw, db, force=True, **QUIET)
    assert result.rejected == 1
    assert fetch(db, "select fil, rad, kolumn, varde from rejected_rows") == [
        ("befolkningsprognos.csv", 92, "kommunkod", "Piteå")]
    assert fetch(db, "select invanare, kalla from invanare_prognos where kommunkod = '2480' and ar = 2027") == [
        (133900, "utfall")]


def test_two_skattekraft_rows_for_the_same_kommun_and_year_stop_the_build(demo_env, workspace):
    raw, db = workspace
    with open(raw / "skattekraft.csv", "a", encoding="utf-8") as handle:
        handle.write("Umeå,2026,250000\n")
    with pytest.raises(BuildError, match=r"en skattekraft per år \[test unique, tabell staging.stg_skattekraft"):
        run(raw, db, force=True, **QUIET)
    assert not db.exists()
