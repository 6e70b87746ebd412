"""Swedish (sv-SE) formatting of numbers for tables, metrics, charts and exports.

Words and dates (lists, possessives, counts, month names) are in `dashboard.svenska`.

Tables keep real numbers: a table helper declares each numeric column's kind with
`with_formats(df, {"Anslag": "kr", "Andel": "pct1"})`, and `show_table` shows the
column in Swedish ("3 807 000 kr", "12,5 %") while the Excel and CSV downloads get
the numbers with the kind's Excel number format (COLUMN_FORMATS).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pandas import DataFrame

NBSP = "\u00a0"
MISSING = "–"  # a missing value, in text and tables

# d3-format locale for Vega-Lite charts and vl-convert exports.
VEGA_FORMAT_LOCALE: dict = {
    "decimal": ",",
    "thousands": NBSP,
    "grouping": [3],
    "currency": ["", f"{NBSP}kr"],
    "percent": f"{NBSP}%",
}


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_number(value, decimals: int = 0) -> str:
    """Format a number the Swedish way: `1 539`, `3,5`, `−12,0` (minus sign U+2212)."""
    if _is_missing(value):
        return MISSING
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", NBSP).replace(".", ",").replace("-", "−")


def fmt_tkr(value, decimals: int = 0) -> str:
    """Format thousands of kronor: `1 539 tkr`."""
    return MISSING if _is_missing(value) else f"{fmt_number(value, decimals)}{NBSP}tkr"


def fmt_kr(value, decimals: int = 0) -> str:
    """Format kronor: `12 400 kr`."""
    return MISSING if _is_missing(value) else f"{fmt_number(value, decimals)}{NBSP}kr"


def fmt_pct(share, decimals: int = 0) -> str:
    """Format a share 0-1 as a Swedish percentage: `87 %`."""
    return MISSING if _is_missing(share) else f"{fmt_number(share * 100, decimals)}{NBSP}%"


def fmt_signed(value, decimals: int = 1, unit: str = "") -> str:
    """Format a change with an explicit sign: `+0,3`, `−1 200 tkr`."""
    if _is_missing(value):
        return MISSING
    sign = "+" if value > 0 else ""
    suffix = f"{NBSP}{unit}" if unit else ""
    return f"{sign}{fmt_number(value, decimals)}{suffix}"


def fmt_share_of(count: int, total: int) -> str:
    """Format a response count: `14 av 15`."""
    return f"{count} av {total}"


# --------------------------------------------------------------------------
# Table columns: one kind per numeric column, shown in Swedish, exported as numbers
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnFormat:
    """How a numeric table column is shown on screen (Swedish text) and formatted in Excel."""

    display: Callable[[Any], str]
    excel: str


def _signed_pct(share, decimals: int = 1) -> str:
    """Format a share as a signed percentage: `+7,1 %`."""
    return MISSING if _is_missing(share) else fmt_signed(share * 100, decimals, "%")


# Excel stores en-US format codes and shows them with the reader's separators,
# so '#,##0" tkr"' appears as "1 539 tkr" in Swedish Excel.
COLUMN_FORMATS: dict[str, ColumnFormat] = {
    "int": ColumnFormat(fmt_number, "#,##0"),
    "decimal1": ColumnFormat(lambda v: fmt_number(v, 1), "#,##0.0"),
    "decimal2": ColumnFormat(lambda v: fmt_number(v, 2), "#,##0.00"),
    "kr": ColumnFormat(fmt_kr, '#,##0" kr"'),
    "kr1": ColumnFormat(lambda v: fmt_kr(v, 1), '#,##0.0" kr"'),
    "tkr": ColumnFormat(fmt_tkr, '#,##0" tkr"'),
    "pct": ColumnFormat(fmt_pct, "0%"),
    "pct1": ColumnFormat(lambda v: fmt_pct(v, 1), "0.0%"),
    "signed1": ColumnFormat(lambda v: fmt_signed(v, 1), "+#,##0.0;-#,##0.0;0.0"),
    "signed_tkr": ColumnFormat(lambda v: fmt_signed(v, 0, "tkr"), '+#,##0" tkr";-#,##0" tkr";0" tkr"'),
    "signed_kr": ColumnFormat(lambda v: fmt_signed(v, 0, "kr"), '+#,##0" kr";-#,##0" kr";0" kr"'),
    "signed_pct1": ColumnFormat(_signed_pct, "+0.0%;-0.0%;0.0%"),
}

FORMATS_ATTR = "formats"


def with_formats(df: DataFrame, formats: Mapping[str, str]) -> DataFrame:
    """Declare the kind of a table's numeric columns, e.g. {"Anslag": "kr", "Andel": "pct1"}; returns df.

    The kinds are kept in `df.attrs`; `show_table` shows the columns in Swedish and
    exports them as numbers with the matching Excel format. Kinds: see COLUMN_FORMATS.
    """
    unknown = {kind for kind in formats.values() if kind not in COLUMN_FORMATS}
    if unknown:
        raise ValueError(f"Okänt kolumnformat: {', '.join(sorted(unknown))} (finns: {', '.join(COLUMN_FORMATS)})")
    missing = [column for column in formats if column not in df.columns]
    if missing:
        raise ValueError(f"Kolumnen finns inte i tabellen: {', '.join(map(str, missing))}")
    df.attrs[FORMATS_ATTR] = {**df.attrs.get(FORMATS_ATTR, {}), **formats}
    return df


def declared_formats(df: DataFrame) -> dict[str, str]:
    """The column kinds declared with `with_formats` ({} when none)."""
    return dict(df.attrs.get(FORMATS_ATTR) or {})


CELL_STYLES_ATTR = "cell_styles"


def with_cell_styles(df: DataFrame, styles: Mapping[str, Mapping[str, str]]) -> DataFrame:
    """Declare CSS per cell value for text columns, e.g. {"Status": {"▲ Över budget": "background-color: …"}}.

    Kept in `df.attrs` like the formats; `show_table` applies them on screen. Use them beside a symbol or word
    in the cell, never instead of one (colour alone carries no meaning, WCAG 1.4.1). Returns df.
    """
    missing = [column for column in styles if column not in df.columns]
    if missing:
        raise ValueError(f"Kolumnen finns inte i tabellen: {', '.join(map(str, missing))}")
    df.attrs[CELL_STYLES_ATTR] = {**df.attrs.get(CELL_STYLES_ATTR, {}), **{k: dict(v) for k, v in styles.items()}}
    return df


def declared_cell_styles(df: DataFrame) -> dict[str, dict[str, str]]:
    """The cell styles declared with `with_cell_styles` ({} when none)."""
    return dict(df.attrs.get(CELL_STYLES_ATTR) or {})
