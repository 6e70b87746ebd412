"""Data tests: generic ones declared in pipelines/sql/schema.yml (as dbt's schema.yml) and specific .sql files.

A generic test is one of four kinds, each turned into a query that returns the
offending rows:

- `unique`: no two rows share the column's value (or, with `columns:`, the combination;
  a null counts as a value);
- `not_null`: the column is never null;
- `accepted_values`: the column is null or one of `values:`;
- `relationships`: every value of the column is found in `field:` of the table `to:`.

Every test may add `where:` (an SQL condition choosing the rows tested) and
`description:` (the Swedish sentence the failure message starts with). A
specific test is a .sql file in pipelines/sql/tests/ whose first line is a
`-- description` and which selects the offending rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import yaml

from pipelines.errors import BuildError

KINDS = ("unique", "not_null", "accepted_values", "relationships")
# Lineage columns shown first in examples, so a message points at a file and row; `_fil` is shown as `fil`.
LINEAGE = ("_fil", "_blad", "_rad", "fil", "blad", "rad")
# Values shown per example besides lineage and the tested columns.
EXTRA_VALUES = 2
EXAMPLES = 5


@dataclass(frozen=True)
class GenericTest:
    """One declared generic test on a table (`kommun`, or a qualified `staging.stg_anslag`)."""

    kind: str
    table: str
    columns: tuple[str, ...]
    description: str
    where: str | None = None
    values: tuple = ()
    to: str | None = None
    field: str | None = None

    @property
    def label(self) -> str:
        """'test unique, tabell anslag, kolumner ar, post': what the failure message names."""
        noun = "kolumn" if len(self.columns) == 1 else "kolumner"
        return f"test {self.kind}, tabell {self.table}, {noun} {', '.join(self.columns)}"


def quote(name: str) -> str:
    """A possibly schema-qualified name as quoted SQL identifiers; an unqualified table is in main."""
    parts = name.split(".")
    return ".".join('"' + part.replace('"', '""') + '"' for part in parts)


def _table(name: str) -> str:
    return quote(name if "." in name else f"main.{name}")


def default_description(kind: str, columns: tuple[str, ...], values: tuple, to: str | None,
                        field: str | None) -> str:
    """The Swedish sentence for a test declared without a description."""
    names = ", ".join(columns)
    if kind == "unique":
        return f"Värdet i {names} ska vara unikt" if len(columns) == 1 else f"Kombinationen av {names} ska vara unik"
    if kind == "not_null":
        return f"{names} får inte saknas"
    if kind == "accepted_values":
        return f"{names} får bara vara något av {', '.join(str(v) for v in values)}"
    return f"Varje {names} måste finnas i {to}.{field}"


def _problem(where: str, what: str) -> BuildError:
    return BuildError("pipelines/sql/schema.yml", f"{where}: {what}")


def parse_test(item: object, table: str, column: str | None) -> GenericTest:
    """One entry of a `tests:` list: a kind name, or a one-key mapping of kind to options."""
    place = f"tabell {table}" + (f", kolumn {column}" if column else "")
    if isinstance(item, str):
        kind, options = item, {}
    elif isinstance(item, dict) and len(item) == 1:
        kind, options = next(iter(item.items()))
        options = options or {}
    else:
        raise _problem(place, f"ett test ska vara ett namn eller ett namn med inställningar, inte {item!r}")
    if kind not in KINDS:
        raise _problem(place, f"okänt test '{kind}'; tillåtna är {', '.join(KINDS)}")
    if not isinstance(options, dict):
        raise _problem(place, f"inställningarna för {kind} ska vara nyckel: värde")
    columns = (column,) if column else tuple(options.get("columns") or ())
    if not columns or (len(columns) > 1 and kind in ("accepted_values", "relationships")):
        raise _problem(place, f"{kind} behöver {'en kolumn' if kind != 'unique' else 'kolumner (columns:)'}")
    values = tuple(options.get("values") or ())
    if kind == "accepted_values" and not values:
        raise _problem(place, "accepted_values behöver en lista values:")
    to, field = options.get("to"), options.get("field")
    if kind == "relationships" and not (to and field):
        raise _problem(place, "relationships behöver to: (tabell) och field: (kolumn)")
    unknown = set(options) - {"columns", "values", "to", "field", "where", "description"}
    if unknown:
        raise _problem(place, f"okända inställningar för {kind}: {', '.join(sorted(unknown))}")
    description = options.get("description") or default_description(kind, columns, values, to, field)
    return GenericTest(kind, table, columns, str(description), options.get("where"), values, to, field)


def load_generic_tests(path: Path) -> list[GenericTest]:
    """Every generic test declared in a schema.yml: `models:` → name, `tests:` and `columns:` → name, `tests:`."""
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise BuildError(path.name, f"filen med datatester kan inte läsas: {error}") from error
    if not isinstance(spec, dict):
        raise _problem("filen", "den ska börja med models: och en lista av modeller")
    tests = []
    for model in spec.get("models") or []:
        table = model.get("name") if isinstance(model, dict) else None
        if not table:
            raise _problem("models", f"varje modell behöver ett namn (name:), inte {model!r}")
        tests += [parse_test(item, table, None) for item in model.get("tests") or []]
        for column in model.get("columns") or []:
            if not (isinstance(column, dict) and column.get("name")):
                raise _problem(f"tabell {table}", f"varje kolumn behöver ett namn (name:), inte {column!r}")
            tests += [parse_test(item, table, column["name"]) for item in column.get("tests") or []]
    return tests


def generic_query(test: GenericTest, order_by: tuple[str, ...] = ()) -> tuple[str, list]:
    """The query (and its parameters) that returns the rows breaking a generic test."""
    table = _table(test.table)
    where = f"({test.where})" if test.where else "true"
    cols = [quote(c) for c in test.columns]
    order = " order by " + ", ".join(quote(c) for c in order_by) if order_by else ""
    if test.kind == "not_null":
        return f"select * from {table} where {where} and ({' or '.join(f'{c} is null' for c in cols)}){order}", []
    if test.kind == "unique":
        matches = " and ".join(f"rader.{c} is not distinct from dubbletter.{c}" for c in cols)
        return (f"with rader as (select * from {table} where {where}), "
                f"dubbletter as (select {', '.join(cols)} from rader group by all having count(*) > 1) "
                f"select rader.* from rader join dubbletter on {matches}{order}"), []
    (col,) = cols
    if test.kind == "accepted_values":
        return f"select * from {table} where {where} and {col} is not null and {col} not in (select unnest(?)){order}", \
            [list(test.values)]
    return (f"select t.* from {table} t where {where} and t.{col} is not null and not exists "
            f"(select 1 from {_table(str(test.to))} p where p.{quote(str(test.field))} = t.{col}){order}"), []


def describe_rows(rows: pd.DataFrame, first: tuple[str, ...] = (), extra: int | None = None) -> str:
    """Up to five offending rows as 'fil x, rad 5, kommunkod 2480; …'.

    Each shows its lineage, then the `first` columns, then the other non-empty values (at most `extra`).
    """
    lead = [c for c in LINEAGE if c in rows.columns] + [c for c in first if c in rows.columns and c not in LINEAGE]
    rest = [c for c in rows.columns if c not in lead]
    examples = []
    for record in rows.head(EXAMPLES).to_dict("records"):
        values = [(c, record[c]) for c in lead if _shown(record[c])]
        values += [(c, record[c]) for c in rest if _shown(record[c])][:extra]
        examples.append(", ".join(f"{c.removeprefix('_')} {_text(v)}" for c, v in values))
    return "; ".join(examples)


def _text(value: object) -> str:
    """A value as an example shows it: whole numbers without decimals (994800.0 → 994800)."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _shown(value: object) -> bool:
    """False for a missing or empty value, which an example leaves out."""
    return not (pd.api.types.is_scalar(value) and (pd.isna(value) or value == ""))


def failure(description: str, label: str, rows: pd.DataFrame, examples: str) -> str:
    """The Swedish message of a failing test: what it checks, where, how many rows and examples."""
    return f"{description} [{label}]: {len(rows)} fel, till exempel: {examples}"


def run_generic_test(con: duckdb.DuckDBPyConnection, test: GenericTest) -> str | None:
    """Run one generic test; its failure message, or None when no row breaks it."""
    try:
        columns = [d[0] for d in con.execute(f"select * from {_table(test.table)} limit 0").description]
        order_by = test.columns + tuple(c for c in LINEAGE if c in columns)
        sql, params = generic_query(test, order_by)
        rows = con.execute(sql, params).df()
    except duckdb.Error as error:
        raise BuildError("pipelines/sql/schema.yml", f"datatestet ({test.label}) kan inte köras: {error}") from error
    if rows.empty:
        return None
    return failure(test.description, test.label, rows, describe_rows(rows, test.columns, EXTRA_VALUES))


def run_specific_test(con: duckdb.DuckDBPyConnection, path: Path) -> str | None:
    """Run one .sql data test; its failure message, or None when it returns no row."""
    sql = path.read_text(encoding="utf-8")
    description = sql.splitlines()[0].removeprefix("--").strip()
    try:
        rows = con.execute(sql).df()
    except duckdb.Error as error:
        raise BuildError(f"pipelines/sql/tests/{path.name}", f"datatestet kan inte köras: {error}") from error
    return failure(description, path.stem, rows, describe_rows(rows)) if not rows.empty else None


def run_data_tests(con: duckdb.DuckDBPyConnection, schema: Path, tests_dir: Path) -> list[str]:
    """Run every generic test of `schema` and every .sql test in `tests_dir`; one message per failing test."""
    messages = [run_generic_test(con, test) for test in load_generic_tests(schema)]
    messages += [run_specific_test(con, path) for path in sorted(tests_dir.glob("*.sql"))]
    return [m for m in messages if m]
