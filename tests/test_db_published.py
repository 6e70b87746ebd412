"""Never a stale page: the app's queries follow the database actually published, even while another connection
to the previous build stays open in the same process; old build files are removed once no longer published."""

from __future__ import annotations

import os
import shutil

import duckdb
import openpyxl

from dashboard import queries
from pipelines.build import run
from pipelines.publish import published_file
from tests.conftest import RAW_DIR

QUIET = {"log": lambda _m: None}
PROGNOS = "select prognos_helar_tkr from budgetutfall where enhet = 'Beredningen' and ar = 2023 and manad = 1"


def raw_with_prognos(tmp_path, value: int):
    """A copy of the raw data where Beredningen's prognos for January 2023 is value."""
    raw = tmp_path / f"raw-{value}"
    shutil.copytree(RAW_DIR, raw)
    book = openpyxl.load_workbook(raw / "budgetuppfoljning.xlsx")
    book["Uppföljning"]["F2"] = value
    book.save(raw / "budgetuppfoljning.xlsx")
    return raw


def januari_prognos() -> float:
    """What the Budget page shows for Beredningen, January 2023."""
    serie = queries.budget_manadsserie("Beredningen", 2023)
    return float(serie.loc[serie["manad"] == 1, "prognos_helar_tkr"].item())


def test_a_connection_held_open_across_a_rebuild_never_makes_the_page_stale(workspace, tmp_path):
    db = workspace["db"]
    assert januari_prognos() == 2521  # read (and cached) before the rebuild
    held = duckdb.connect(str(db), read_only=True)  # e.g. a tool or a leaked connection in the same process
    try:
        assert held.execute(PROGNOS).fetchone()[0] == 2521
        old_file = published_file(db)
        run(raw_with_prognos(tmp_path, 9999), db, **QUIET)
        assert januari_prognos() == 9999  # the page's query sees the new build at once
        with duckdb.connect(str(db), read_only=True) as fresh:
            assert fresh.execute(PROGNOS).fetchone()[0] == 9999  # so does any new connection to the published path
        assert held.execute(PROGNOS).fetchone()[0] == 2521  # the open one still reads its own (removed) build
        assert not old_file.exists()
    finally:
        held.close()


def test_each_build_has_its_own_file_behind_a_relative_link(workspace, tmp_path):
    db = workspace["db"]
    names = set()
    for value in (1111, 2222):
        run(raw_with_prognos(tmp_path, value), db, **QUIET)
        names.add(os.readlink(db))
        assert januari_prognos() == value
    assert len(names) == 2 and all("/" not in name for name in names)  # relative: the folder can be moved
    assert [p.name for p in db.parent.glob("utvardering.*.duckdb")] == [os.readlink(db)]  # old builds removed


def test_a_rebuild_with_nothing_changed_keeps_the_published_file(workspace):
    before = os.readlink(workspace["db"])
    assert not run(workspace["raw"], workspace["db"], **QUIET).rebuilt
    assert os.readlink(workspace["db"]) == before


def test_a_new_correction_changes_the_fingerprint_and_retags_at_the_next_build(workspace):
    from pipelines.themes.corrections import add_correction

    svar_id = queries.fritextsvar_med_teman(queries.FritextUrval((2025,))).svar_id[0]
    assert not run(workspace["raw"], workspace["db"], **QUIET).rebuilt
    add_correction(workspace["user"], svar_id, "krisberedskap", "lagg_till", "Anna", anvandar_id="oid-anna")
    assert run(workspace["raw"], workspace["db"], **QUIET).rebuilt
    with duckdb.connect(str(workspace["db"]), read_only=True) as con:
        assert ("krisberedskap", "manuell") in con.execute(
            "select tema_id, kalla from fritext_tema where svar_id = ?", [svar_id]).fetchall()
    assert not run(workspace["raw"], workspace["db"], **QUIET).rebuilt
