"""Ekonomi queries against the demo database: anslag per kommun and the budget follow-up, with known figures."""

import io

import duckdb
import openpyxl
import pandas as pd
import pytest

from dashboard import queries, tables, texts
from dashboard.export import table_export
from dashboard.formatting import NBSP
from pipelines.build import SQL_DIR, create_model


def sql(demo_db, text: str, params=()) -> list[tuple]:
    with duckdb.connect(str(demo_db), read_only=True) as con:
        return con.execute(text, list(params)).fetchall()


def test_anslag_per_kommun_has_every_kommun_and_shares_sum_to_one(demo_db):
    df = queries.anslag_per_kommun(2025)
    assert list(df.columns) == ["ar", "kommunkod", "kommun", "belopp_kr", "invanare", "kr_per_invanare", "andel"]
    assert len(df) == 15
    assert set(df["ar"]) == {2025}
    assert df["andel"].sum() == pytest.approx(1.0)
    (total,) = sql(demo_db, "select sum(belopp_kr) from anslag where part = 'kommun' and ar = 2025")[0]
    assert df["belopp_kr"].sum() == pytest.approx(total)


def test_anslag_per_kommun_sums_all_posts_for_umea(demo_db):
    umea = queries.anslag_per_kommun(2025).set_index("kommunkod").loc["2480"]
    (total,) = sql(demo_db, "select sum(belopp_kr) from anslag where kommunkod = '2480' and ar = 2025")[0]
    assert umea["belopp_kr"] == pytest.approx(total)
    assert umea["kommun"] == "Umeå"


@pytest.mark.parametrize("ar, befolkningsar", [(2023, 2022), (2025, 2024), (2026, 2025)])
def test_invanare_are_from_the_year_before(demo_db, ar, befolkningsar):
    (invanare,) = sql(demo_db, "select invanare from befolkning where kommunkod = '2480' and ar = ?",
                      (befolkningsar,))[0]
    umea = queries.anslag_per_kommun(ar).set_index("kommunkod").loc["2480"]
    assert umea["invanare"] == invanare
    assert umea["kr_per_invanare"] == pytest.approx(umea["belopp_kr"] / invanare)


def test_invanare_year_is_capped_at_the_latest_loaded(tmp_path, monkeypatch):
    path = tmp_path / "liten.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create table kommun as select '2480' as kommunkod, 'Umeå' as kommun")
        con.execute("create table befolkning as select * from (values ('2480', 2023, 100), ('2480', 2024, 200)) "
                    "t(kommunkod, ar, invanare)")
        con.execute("create table anslag as select * from (values (2027, 'kommun', '2480', 'Beredning', 1000.0)) "
                    "t(ar, part, kommunkod, post, belopp_kr)")
        con.execute("create schema staging")
        con.execute("create table staging.stg_befolkningsprognos (kommunkod varchar, ar integer, invanare integer)")
        create_model(con, SQL_DIR / "curated" / "invanare_prognos.sql")
        create_model(con, SQL_DIR / "curated" / "anslag_per_invanare.sql")
    monkeypatch.setenv("UTV_DB_PATH", str(path))
    row = queries.anslag_per_kommun(2027).iloc[0]
    assert row["invanare"] == 200  # 2026 is not loaded: the latest year (2024) is used
    assert row["kr_per_invanare"] == pytest.approx(5.0)


def test_anslag_for_a_year_without_data_is_empty(demo_db):
    assert queries.anslag_per_kommun(1999).empty


def test_anslag_summering_matches_the_anslag_table(demo_db):
    summa = queries.anslag_summering(2024, ("2480", "2401"))
    (total,) = sql(demo_db, "select sum(belopp_kr) from anslag where kommunkod in ('2480', '2401') and ar = 2024")[0]
    assert summa["belopp_kr"] == pytest.approx(total)
    assert summa["antal"] == 2
    assert queries.anslag_summering(2024)["andel"] == pytest.approx(1.0)


def test_anslag_tabell_adds_a_total_row_equal_to_the_sum(demo_db):
    df = queries.anslag_per_kommun(2025)
    table = tables.anslag_tabell(df, ("2480", "2401"))
    assert list(table.columns) == ["Kommun", "Anslag", "Per invånare", "Andel"]
    assert list(table["Kommun"]) == ["Umeå", "Nordmaling", "Summa"]
    (total,) = sql(demo_db, "select sum(belopp_kr) from anslag where kommunkod in ('2480', '2401') and ar = 2025")[0]
    assert table.iloc[-1]["Anslag"] == pytest.approx(total)
    assert table["Anslag"].iloc[:-1].sum() == pytest.approx(total)
    assert table.attrs["formats"] == {"Anslag": "kr", "Per invånare": "kr1", "Andel": "pct1"}


def test_anslag_tabell_exports_numbers(demo_db):
    table = tables.anslag_tabell(queries.anslag_per_kommun(2025), ("2480", "2401"))
    ws = openpyxl.load_workbook(io.BytesIO(table_export(table, "xlsx"))).active
    summa = ws["B4"]
    (total,) = sql(demo_db, "select sum(belopp_kr) from anslag where kommunkod in ('2480', '2401') and ar = 2025")[0]
    assert ws["A4"].value == "Summa"
    assert summa.data_type == "n" and summa.value == pytest.approx(total) and summa.number_format == '#,##0" kr"'
    assert ws["C2"].number_format == '#,##0.0" kr"' and ws["D2"].number_format == "0.0%"
    csv_rows = [line.split(";") for line in table_export(table, "csv").decode("utf-8-sig").splitlines()]
    per_invanare = csv_rows[1][2]
    assert "," in per_invanare and float(per_invanare.replace(",", ".")) == pytest.approx(
        table.iloc[0]["Per invånare"], abs=0.05)


def test_region_and_kommuner_per_post(demo_db):
    df = queries.anslag_per_part(2025)
    assert set(df["part_namn"]) == {"Regionen", "Kommunerna"}
    assert df.groupby("post")["andel"].sum().tolist() == pytest.approx([1.0] * df["post"].nunique())


def test_beredningen_2024_through_july(demo_db):
    serie = queries.budget_manadsserie("Beredningen", 2024)
    juli = serie.set_index("manad").loc[7]
    assert juli["manad_namn"] == "juli"
    assert juli["budget_helar_tkr"] == 2644
    assert juli["budget_period_tkr"] == 1542
    assert juli["utfall_ack_tkr"] == 1539
    assert juli["avvikelse_tkr"] == -3
    assert juli["status"] == "Enligt budget"


def test_budget_oversikt_has_one_row_per_enhet(demo_db):
    df = queries.budget_oversikt(2024, 7)
    assert len(df) == len(queries.budget_enheter())
    assert set(df["status"]) <= {"Under budget", "Över budget", "Enligt budget"}


@pytest.mark.parametrize("andel, status", [(-0.05, "Under budget"), (-0.02, "Enligt budget"), (0.0, "Enligt budget"),
                                           (0.019, "Enligt budget"), (0.021, "Över budget"), (None, "–")])
def test_budget_status_uses_a_symmetric_threshold(andel, status):
    assert queries.budget_status(andel, 0.02) == status


def test_budget_period_and_kommentar():
    assert texts.budget_period(7) == "jan–jul"
    assert texts.budget_period(1) == "jan"
    text = texts.budget_kommentar(-3, -0.0019, "Enligt budget", "jan–jul", 0.02)
    assert f"3{NBSP}tkr under budgeten" in text
    assert "±2 %" in text


def test_budget_tabell_has_the_months_up_to_the_chosen_one_as_numbers(demo_db):
    table = tables.budget_tabell(queries.budget_manadsserie("Beredningen", 2024), 7)
    assert len(table) == 7
    juli = table.iloc[-1]
    assert juli["Månad"] == "juli"
    assert juli["Utfall ack."] == 1539
    assert juli["Avvikelse"] == -3
    assert juli["Avvikelse %"] == pytest.approx(-3 / 1542, abs=1e-3)
    assert juli["Status"] == "● Enligt budget"
    assert table.attrs["formats"]["Utfall ack."] == "tkr" and table.attrs["formats"]["Avvikelse"] == "signed_tkr"


def test_budget_enheter_tabell_declares_every_number_column(demo_db):
    table = tables.budget_enheter_tabell(queries.budget_oversikt(2024, 7))
    numeric = [c for c in table.columns if c not in ("Enhet", "Status")]
    assert sorted(table.attrs["formats"]) == sorted(numeric)
    assert all(pd.api.types.is_float_dtype(table[c]) for c in numeric)
