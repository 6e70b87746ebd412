"""Generic data tests from YAML: each kind catches a planted bad row in a three-row table."""

from pathlib import Path

import duckdb
import pytest

from pipelines.build import SQL_DIR
from pipelines.data_tests import (KINDS, GenericTest, describe_rows, load_generic_tests, parse_test, run_data_tests,
                                  run_generic_test)
from pipelines.errors import BuildError


@pytest.fixture
def con():
    with duckdb.connect() as connection:
        connection.execute("create table kommun as select * from (values ('2401', 'Nordmaling'), ('2403', 'Bjurholm'), "
                           "('2480', 'Umeå')) t(kommunkod, kommun)")
        yield connection


def plant(con, rows: str) -> None:
    """A three-row table svar(svar_id, kommunkod, varde, vet_ej, _fil, _rad)."""
    con.execute(f"create table svar as select * from (values {rows}) t(svar_id, kommunkod, varde, vet_ej, _fil, _rad)")


CLEAN = "(1, '2401', 5, false, 'a.xlsx', 2), (2, '2403', null, true, 'a.xlsx', 3), (3, '2480', 3, false, 'a.xlsx', 4)"


def declared(kind: str, column: str | None, **options) -> GenericTest:
    return parse_test({kind: options} if options else kind, "svar", column)


@pytest.mark.parametrize("generic", [
    declared("unique", "svar_id"),
    declared("unique", None, columns=["kommunkod", "vet_ej"]),
    declared("not_null", "kommunkod"),
    declared("not_null", "varde", where="not vet_ej"),
    declared("accepted_values", "varde", values=[1, 2, 3, 4, 5]),
    declared("relationships", "kommunkod", to="kommun", field="kommunkod"),
], ids=lambda t: t.label)
def test_clean_rows_pass(con, generic):
    plant(con, CLEAN)
    assert run_generic_test(con, generic) is None


def test_unique_catches_a_duplicate_and_names_both_rows(con):
    plant(con, "(1, '2401', 5, false, 'a.xlsx', 2), (1, '2403', 4, false, 'a.xlsx', 3), (3, '2480', 3, false, 'a.xlsx', 4)")
    message = run_generic_test(con, declared("unique", "svar_id"))
    assert message.startswith("Värdet i svar_id ska vara unikt [test unique, tabell svar, kolumn svar_id]: 2 fel")
    assert "fil a.xlsx, rad 2, svar_id 1" in message and "fil a.xlsx, rad 3, svar_id 1" in message
    assert "rad 4" not in message


def test_unique_combination_treats_null_as_a_value(con):
    plant(con, "(1, null, 5, false, 'a.xlsx', 2), (2, null, 4, false, 'a.xlsx', 3), (3, '2480', 3, false, 'a.xlsx', 4)")
    message = run_generic_test(con, declared("unique", None, columns=["kommunkod", "vet_ej"]))
    assert "[test unique, tabell svar, kolumner kommunkod, vet_ej]: 2 fel" in message


def test_not_null_catches_a_missing_value(con):
    plant(con, "(1, '2401', 5, false, 'a.xlsx', 2), (2, null, 4, false, 'a.xlsx', 3), (3, '2480', 3, false, 'a.xlsx', 4)")
    message = run_generic_test(con, declared("not_null", "kommunkod"))
    assert message == ("kommunkod får inte saknas [test not_null, tabell svar, kolumn kommunkod]: 1 fel, "
                       "till exempel: fil a.xlsx, rad 3, svar_id 2, varde 4")


def test_where_chooses_the_rows_tested(con):
    plant(con, CLEAN.replace("(3, '2480', 3, false", "(3, '2480', null, false"))
    message = run_generic_test(con, declared("not_null", "varde", where="not vet_ej"))
    assert "1 fel" in message and "rad 4" in message and "rad 3" not in message


def test_accepted_values_catches_a_value_outside_the_list(con):
    plant(con, CLEAN.replace("(3, '2480', 3,", "(3, '2480', 7,"))
    message = run_generic_test(con, declared("accepted_values", "varde", values=[1, 2, 3, 4, 5],
                                         description="Likertvärden måste vara 1–5"))
    assert message.startswith("Likertvärden måste vara 1–5 [test accepted_values, tabell svar, kolumn varde]: 1 fel")
    assert message.endswith("fil a.xlsx, rad 4, varde 7, svar_id 3, kommunkod 2480")


def test_relationships_catches_an_unknown_key(con):
    plant(con, CLEAN.replace("'2403'", "'2499'"))
    message = run_generic_test(con, declared("relationships", "kommunkod", to="kommun", field="kommunkod"))
    assert message.startswith("Varje kommunkod måste finnas i kommun.kommunkod "
                              "[test relationships, tabell svar, kolumn kommunkod]: 1 fel")
    assert "rad 3, kommunkod 2499" in message


@pytest.mark.parametrize("item, column, error", [
    ("unik", "svar_id", "okänt test 'unik'"),
    ("unique", None, "unique behöver kolumner"),
    ({"accepted_values": {}}, "varde", "accepted_values behöver en lista values:"),
    ({"relationships": {"to": "kommun"}}, "kommunkod", "relationships behöver to:"),
    ({"not_null": {"whre": "x"}}, "varde", "okända inställningar för not_null: whre"),
])
def test_a_wrong_declaration_is_a_swedish_build_error(item, column, error):
    with pytest.raises(BuildError, match=rf"schema\.yml: tabell svar.*{error}"):
        parse_test(item, "svar", column)


def test_a_column_without_a_name_is_a_swedish_build_error(tmp_path):
    (tmp_path / "schema.yml").write_text("models:\n  - name: svar\n    columns:\n      - tests: [not_null]\n",
                                         encoding="utf-8")
    with pytest.raises(BuildError, match="tabell svar: varje kolumn behöver ett namn"):
        load_generic_tests(tmp_path / "schema.yml")


def test_a_test_on_a_missing_column_stops_with_a_message(con):
    plant(con, CLEAN)
    with pytest.raises(BuildError, match=r"datatestet \(test not_null, tabell svar, kolumn finns_inte\) kan inte köras"):
        run_generic_test(con, declared("not_null", "finns_inte"))


def test_yaml_declares_column_and_model_tests(tmp_path: Path, con):
    plant(con, CLEAN.replace("(3, '2480', 3,", "(3, '2480', 9,"))
    (tmp_path / "schema.yml").write_text("""
models:
  - name: svar
    tests:
      - unique: {columns: [svar_id, kommunkod]}
    columns:
      - name: varde
        tests:
          - accepted_values: {values: [1, 2, 3, 4, 5], where: not vet_ej}
      - name: kommunkod
        tests: [not_null, {relationships: {to: kommun, field: kommunkod}}]
""", encoding="utf-8")
    tests = load_generic_tests(tmp_path / "schema.yml")
    assert [(t.kind, t.columns, t.where) for t in tests] == [
        ("unique", ("svar_id", "kommunkod"), None), ("accepted_values", ("varde",), "not vet_ej"),
        ("not_null", ("kommunkod",), None), ("relationships", ("kommunkod",), None)]
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "tre_rader.sql").write_text("-- Tabellen ska ha fyra rader\n"
                                                      "select count(*) as varde from svar having count(*) <> 4")
    failures = run_data_tests(con, tmp_path / "schema.yml", tmp_path / "tests")
    assert len(failures) == 2
    assert failures[0].startswith("varde får bara vara något av 1, 2, 3, 4, 5 [test accepted_values")
    assert failures[1] == "Tabellen ska ha fyra rader [tre_rader]: 1 fel, till exempel: varde 3"


def test_examples_show_at_most_five_rows(con):
    con.execute("create table svar as select 1 as svar_id, range as _rad from range(8)")
    examples = describe_rows(con.execute("select * from svar").df(), ("svar_id",))
    assert examples.count(";") == 4


def test_the_projects_schema_names_real_tables_and_columns(demo_db):
    tests = load_generic_tests(SQL_DIR / "schema.yml")
    assert {t.kind for t in tests} == {"unique", "not_null", "accepted_values", "relationships"}
    specific = [p.stem for p in (SQL_DIR / "tests").glob("*.sql")]
    assert specific and not [name for name in specific if name.startswith(KINDS)]
    with duckdb.connect(str(demo_db), read_only=True) as connection:
        for generic in tests:
            if not generic.table.startswith("staging."):  # staging is dropped before publishing
                assert run_generic_test(connection, generic) is None, generic.label
