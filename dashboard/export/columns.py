"""Column formats of exported tables: the headers and Excel number formats the page shows.

A numeric column's kind (a `formatting.COLUMN_FORMATS` key, declared with `with_formats` or
inferred) and a Streamlit column_config become the export's headers and number formats.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

import pandas as pd

from dashboard.export.spreadsheet import XLSX_INT, XLSX_PERCENT, default_number_format, table_to_csv, table_to_xlsx
from dashboard.formatting import COLUMN_FORMATS, declared_formats

_PRINTF = re.compile(r"%(?P<flags>[-+ 0,#']*)(?:\d+)?(?:\.(?P<prec>\d+))?(?P<conv>[dfi])")


def _excel_literal(text: str) -> str:
    return f'"{text}"' if text else ""


def excel_format_from_display(fmt: str | None) -> str | None:
    """Translate a Streamlit NumberColumn format to an Excel number format, if possible.

    "percent" -> "0%", "%d" -> "#,##0", "%.1f" -> "#,##0.0", "%.0f tkr" -> '#,##0" tkr"'.
    """
    if not fmt:
        return None
    if fmt == "percent":
        return XLSX_PERCENT
    match = _PRINTF.search(fmt)
    if not match:
        return None
    prec = int(match.group("prec") or 0) if match.group("conv") == "f" else 0
    core = "#,##0" + ("." + "0" * prec if prec else "")
    prefix, suffix = fmt[: match.start()], fmt[match.end() :]
    prefix, suffix = prefix.replace("%%", "%"), suffix.replace("%%", "%")
    return f"{_excel_literal(prefix)}{core}{_excel_literal(suffix)}"


def column_kinds(df: pd.DataFrame, formats: Mapping[str, str] | None = None) -> dict[str, str]:
    """The kind (a COLUMN_FORMATS key) of every numeric column: the declared ones, the rest inferred.

    Declared: with `formatting.with_formats` on the table, then `formats` ({"Anslag": "kr"}).
    Inferred like the Excel defaults: integers (and decimals that are all whole) "int",
    other decimals "decimal1". Text, dates and yes/no columns get no kind.
    """
    declared = {column: kind for column, kind in {**declared_formats(df), **(formats or {})}.items()
                if column in df.columns}
    kinds: dict[str, str] = {}
    for j, column in enumerate(df.columns):
        if column in declared:
            kinds[column] = declared[column]
            continue
        series = df.iloc[:, j]
        if pd.api.types.is_bool_dtype(series.dtype) or not pd.api.types.is_numeric_dtype(series.dtype):
            continue
        kinds[column] = "int" if default_number_format(series) == XLSX_INT else "decimal1"
    return kinds


def apply_column_config(
    df: pd.DataFrame,
    column_config: Mapping[str, Any] | None,
    formats: Mapping[str, str] | None = None,
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Give an exported table the headers and number formats the page shows.

    `formats` are column kinds ({"Anslag": "kr"}, see dashboard.formatting.COLUMN_FORMATS);
    each becomes its Excel number format. Columns hidden with None are dropped,
    labels replace column names, and a NumberColumn/ProgressColumn format becomes
    an Excel number format (it wins over the kind, as it does on screen).
    Returns the renamed DataFrame and {header: excel number format}.
    """
    kind_formats = {
        column: COLUMN_FORMATS[kind].excel
        for column, kind in (formats or {}).items()
        if column in df.columns and kind in COLUMN_FORMATS
    }
    if not column_config:
        return df, {str(column): fmt for column, fmt in kind_formats.items()}
    drop: list[str] = []
    rename: dict[str, str] = {}
    config_formats: dict[str, str] = {}
    for column, config in column_config.items():
        if column not in df.columns:
            continue
        if config is None:
            drop.append(column)
            continue
        label = config if isinstance(config, str) else (config.get("label") if isinstance(config, Mapping) else None)
        header = str(label) if label else str(column)
        if header != str(column):
            rename[column] = header
        if isinstance(config, Mapping):
            type_config = config.get("type_config") or {}
            excel = excel_format_from_display(type_config.get("format"))
            if excel and type_config.get("type") in ("number", "progress"):
                config_formats[header] = excel
    out = df.drop(columns=drop).rename(columns=rename)
    number_formats = {
        rename.get(column, str(column)): fmt for column, fmt in kind_formats.items() if column not in drop
    }
    number_formats.update(config_formats)
    return out, number_formats


def table_export(
    df: pd.DataFrame,
    fmt: Literal["xlsx", "csv"],
    *,
    column_config: Mapping[str, Any] | None = None,
    formats: Mapping[str, str] | None = None,
    title: str | None = None,
    source: str | None = None,
) -> bytes:
    """The table as an Excel workbook or a CSV file, numbers kept as numbers, with title row and source line.

    Each numeric column gets the Excel number format of its kind (see column_kinds);
    the CSV has a decimal comma, numbers rounded to the decimals that format shows and
    shares as per cent numbers with "(%)" in the header.
    """
    table, number_formats = apply_column_config(df, column_config, column_kinds(df, formats))
    if fmt == "xlsx":
        return table_to_xlsx(table, number_formats=number_formats, title=title, source=source)
    if fmt == "csv":
        return table_to_csv(table, number_formats=number_formats, title=title, source=source)
    raise ValueError(f"Okänt tabellformat: {fmt!r} (xlsx eller csv)")
