"""Curated model dependencies are read with sqlglot: CTE names, staging.* and raw.* are not models."""

from pathlib import Path

import pytest

from pipelines.build import SQL_DIR, BuildError, model_dependencies, model_order

MODELS = {"anslag", "befolkning", "kommun", "enkatsvar", "fraga"}

SHADOWING = """
-- The CTE names anslag and befolkning shadow models: the model reads staging.stg_anslag and the model kommun only.
with anslag as (select * from staging.stg_anslag),
befolkning as (select * from raw.befolkning),
final as (
    select a.*, k.kommun from anslag a join kommun k using (kommunkod) join befolkning b using (kommunkod)
)
select * from final
"""


def test_cte_names_that_shadow_models_are_not_dependencies():
    assert model_dependencies(SHADOWING, MODELS) == {"kommun"}


def test_staging_and_raw_tables_are_ignored():
    sql = "select * from staging.stg_anslag join raw.befolkning using (kommunkod)"
    assert model_dependencies(sql, MODELS) == set()


def test_main_qualified_name_is_the_model_even_beside_a_cte_of_that_name():
    sql = "with befolkning as (select * from main.befolkning) select * from befolkning"
    assert model_dependencies(sql, MODELS) == {"befolkning"}


def test_models_read_in_subqueries_and_later_ctes_count():
    sql = """
    with svar as (select * from enkatsvar where kommunkod in (select kommunkod from kommun)),
    final as (select * from svar where exists (select 1 from fraga where fraga.fraga_id = svar.fraga_id))
    select * from final
    """
    assert model_dependencies(sql, MODELS) == {"enkatsvar", "kommun", "fraga"}


def test_a_cte_does_not_shadow_the_model_inside_its_own_definition():
    sql = "with anslag as (select * from anslag where part = 'kommun') select * from anslag"
    assert model_dependencies(sql, MODELS) == {"anslag"}


def test_words_in_comments_and_strings_are_not_references():
    sql = "-- reads from kommun\nselect 'join befolkning' as text from staging.stg_kommuner"
    assert model_dependencies(sql, MODELS) == set()


def test_unparsable_sql_stops_the_build_naming_the_file():
    with pytest.raises(BuildError, match=r"trasig\.sql: SQL-koden kan inte tolkas"):
        model_dependencies("select from where (", MODELS, "trasig.sql")


def write_models(folder: Path, models: dict[str, str]) -> list[Path]:
    for name, sql in models.items():
        (folder / f"{name}.sql").write_text(sql, encoding="utf-8")
    return sorted(folder.glob("*.sql"))


def test_model_order_runs_each_model_after_the_models_it_reads(tmp_path):
    paths = write_models(tmp_path, {
        "anslag": "with kommun as (select * from staging.stg_anslag) select * from kommun",
        "kommun": "with anslag as (select 1 as kommunkod) select * from anslag join befolkning using (kommunkod)",
        "befolkning": "select * from staging.stg_befolkning",
    })
    assert [p.stem for p in model_order(paths)] == ["anslag", "befolkning", "kommun"]


def test_circular_dependencies_stop_the_build(tmp_path):
    paths = write_models(tmp_path, {"a": "select * from b", "b": "select * from a"})
    with pytest.raises(BuildError, match="cirkulära beroenden mellan modellerna: \\['a', 'b'\\]"):
        model_order(paths)


def test_the_projects_models_run_in_a_valid_order():
    order = [p.stem for p in model_order(sorted((SQL_DIR / "curated").glob("*.sql")))]
    for model, before in (("anslag_per_invanare", ("anslag", "befolkning", "kommun")),
                          ("likertsvar", ("enkatsvar", "fraga", "likertskala")),
                          ("utvardering", ("deltagande",)), ("deltagande", ("kommun", "enkatsvar"))):
        assert all(order.index(b) < order.index(model) for b in before), model
