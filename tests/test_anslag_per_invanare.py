"""The curated table anslag_per_invanare: the one place of the rule 'anslag year N uses the population of N − 1'."""

import re

import duckdb
import pytest

from dashboard import queries
from pipelines.build import SQL_DIR, create_model
from pipelines.data_tests import load_generic_tests, run_generic_test
from pipelines.settings import PROJECT_ROOT

MODEL = SQL_DIR / "curated" / "invanare_prognos.sql"  # the one place of the rule
ANSLAG_MODEL = SQL_DIR / "curated" / "anslag_per_invanare.sql"


@pytest.fixture(scope="module")
def demo(demo_db):
    with duckdb.connect(str(demo_db), read_only=True) as con:
        yield con


def test_bjurholm_2025_pays_56_kr_per_invanare_of_2024(demo):
    row = demo.execute("select befolkning_ar, invanare, belopp_kr, kr_per_invanare from anslag_per_invanare "
                       "where ar = 2025 and kommunkod = '2403'").fetchone()
    assert row == (2024, 2400, 134400.0, 56.0)


def test_umea_2026_uses_the_population_of_2025(demo):
    row = demo.execute("select befolkning_ar, invanare, belopp_kr from anslag_per_invanare "
                       "where ar = 2026 and kommunkod = '2480'").fetchone()
    assert row == (2025, 132440, 3807000.0)


def test_one_row_per_year_and_kommun_with_shares_summing_to_one(demo):
    rows = demo.execute("select ar, count(*), count(distinct kommunkod), sum(andel) from anslag_per_invanare "
                        "group by ar order by ar").fetchall()
    assert [r[:3] for r in rows] == [(ar, 15, 15) for ar in (2023, 2024, 2025, 2026)]
    assert [r[3] for r in rows] == pytest.approx([1.0] * 4)


def test_the_pages_queries_read_the_table(demo):
    expected = demo.execute("select kommunkod, invanare, kr_per_invanare from anslag_per_invanare "
                            "where ar = 2024 order by kommunkod").fetchall()
    df = queries.anslag_per_kommun(2024)
    assert list(zip(df["kommunkod"], df["invanare"], df["kr_per_invanare"])) == expected
    (lan,) = demo.execute("select sum(invanare) from anslag_per_invanare where ar = 2024").fetchone()
    totalt = queries.anslag_totalt_per_ar().set_index(["ar", "part"])
    assert totalt.loc[(2024, "kommun"), "invanare"] == lan == 274140
    assert queries.anslag_summering(2024)["invanare"] == lan


def small_database(befolkning: str, anslag: str) -> duckdb.DuckDBPyConnection:
    """Two kommuner, the given population rows and anslag rows, and the model built from them."""
    con = duckdb.connect()
    con.execute("create table kommun as select * from (values ('2403', 'Bjurholm'), ('2480', 'Umeå')) t(kommunkod, kommun)")
    con.execute(f"create table befolkning as select * from (values {befolkning}) t(kommunkod, ar, invanare)")
    con.execute(f"create table anslag as select * from (values {anslag}) t(ar, part, kommunkod, post, belopp_kr)")
    con.execute("create schema staging")
    con.execute("create table staging.stg_befolkningsprognos (kommunkod varchar, ar integer, invanare integer)")
    create_model(con, MODEL)
    create_model(con, ANSLAG_MODEL)
    return con


def test_year_before_or_the_latest_year_loaded():
    con = small_database("('2480', 2023, 100), ('2480', 2024, 200), ('2403', 2023, 10), ('2403', 2024, 20)",
                         "(2024, 'kommun', '2480', 'Beredning', 1000.0), (2027, 'kommun', '2480', 'Beredning', 1000.0), "
                         "(2027, 'region', null, 'Beredning', 5000.0)")
    rows = con.execute("select ar, kommunkod, befolkning_ar, invanare, belopp_kr, kr_per_invanare "
                       "from anslag_per_invanare order by ar, kommunkod").fetchall()
    assert rows == [(2024, "2403", 2023, 10, None, None), (2024, "2480", 2023, 100, 1000.0, 10.0),
                    (2027, "2403", 2024, 20, None, None), (2027, "2480", 2024, 200, 1000.0, 5.0)]


def test_the_data_test_stops_a_kommun_with_anslag_but_no_population():
    con = small_database("('2480', 2024, 200), ('2403', 2023, 10), ('2403', 2024, 20)",
                         "(2024, 'kommun', '2480', 'Beredning', 1000.0), (2025, 'kommun', '2480', 'Beredning', 1000.0)")
    (test,) = [t for t in load_generic_tests(SQL_DIR / "schema.yml")
               if t.table == "anslag_per_invanare" and t.kind == "not_null"]
    message = run_generic_test(con, test)
    assert message.startswith("Varje kommun med anslag ett år måste ha befolkning året innan")
    assert "1 fel" in message and "ar 2024, kommunkod 2480" in message


def test_no_other_copy_of_the_rule():
    """Queries, pages, the pipeline and the data tests compute no population year of their own.

    The demo generator (pipelines/demo) is left out: it invents raw anslag from the population, before any table.
    """
    sources = [*(PROJECT_ROOT / "dashboard").rglob("*.py"), *(PROJECT_ROOT / "pages").rglob("*.py"),
               *(PROJECT_ROOT / "pipelines").rglob("*.py"), *(SQL_DIR).rglob("*.sql")]
    copies = [p.name for p in sources if p != MODEL and "demo" not in p.relative_to(PROJECT_ROOT).parts
              and re.search(r"\bar\s*-\s*1\b", p.read_text(encoding="utf-8"))]
    assert copies == []
