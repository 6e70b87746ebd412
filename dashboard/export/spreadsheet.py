"""Tables as files: an Excel workbook (.xlsx) and CSV for Swedish Excel.

Every string that goes into a spreadsheet passes `neutralise_cell`, so text from an
answer can never become a formula in Excel. Numbers stay numbers, with Excel number formats.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from dashboard.export.naming import neutralise_cell

# Excel number formats. Excel stores the en-US codes and shows them with the
# reader's own separators, so `#,##0.0` appears as `1 539,5` in Swedish Excel.
XLSX_INT = "#,##0"
XLSX_FLOAT = "#,##0.0"
XLSX_PERCENT = "0%"
XLSX_DATE = "yyyy-mm-dd"
XLSX_DATETIME = "yyyy-mm-dd hh:mm"


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _flat_columns(df: pd.DataFrame) -> list[str]:
    if isinstance(df.columns, pd.MultiIndex):
        return [" – ".join(str(p) for p in col if str(p)) for col in df.columns]
    return [str(col) for col in df.columns]


def _plain_value(value: Any) -> Any:
    """Convert numpy/pandas scalars to plain Python values openpyxl understands."""
    if _is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        if value.tzinfo is not None:
            value = value.tz_localize(None)
        return value.to_pydatetime()
    if isinstance(value, pd.Timedelta):
        return str(value)
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return value.item()
        except (ValueError, AttributeError):
            pass
    return value


def default_number_format(series: pd.Series) -> str | None:
    """The Excel number format a column gets by default: whole numbers "#,##0", decimals "#,##0.0", dates."""
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return None
    if pd.api.types.is_integer_dtype(dtype):
        return XLSX_INT
    if pd.api.types.is_float_dtype(dtype):
        values = series.dropna()
        if len(values) and bool(((values % 1) == 0).all()):
            return XLSX_INT
        return XLSX_FLOAT
    if pd.api.types.is_datetime64_any_dtype(dtype):
        values = series.dropna()
        if len(values) and bool((values.dt.normalize() != values).any()):
            return XLSX_DATETIME
        return XLSX_DATE
    return None


def _clean_sheet_name(name: str) -> str:
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", str(name)).strip().strip("'")
    return (cleaned or "Data")[:31]


def _display_len(value: Any, number_format: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, (dt.date, dt.datetime)):
        return 16 if number_format == XLSX_DATETIME else 10
    if isinstance(value, float):
        return len(f"{value:,.1f}")
    if isinstance(value, int):
        return len(f"{value:,}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def table_to_xlsx(
    df: pd.DataFrame,
    *,
    sheet_name: str = "Data",
    title: str | None = None,
    source: str | None = None,
    number_formats: Mapping[str, str] | None = None,
) -> bytes:
    """Write a table to an Excel workbook (.xlsx) and return its bytes.

    Headers are the DataFrame's column names as given (the index is not written).
    Integers get `#,##0`, decimals `#,##0.0`, dates `yyyy-mm-dd`; `number_formats`
    overrides per column, e.g. {"Andel": "0%"}. The header row is frozen and has an
    autofilter. An optional title goes above the table and the source line below it.
    Every string is neutralised and stored as text, never as a formula.
    """
    number_formats = dict(number_formats or {})
    columns = _flat_columns(df)

    wb = Workbook()
    ws = wb.active
    ws.title = _clean_sheet_name(sheet_name)

    row = 1
    if title:
        _set_text(ws.cell(row=row, column=1), title).font = Font(bold=True, size=14)
        row += 2
    header_row = row

    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="E8EEF4")
    header_border = Border(bottom=Side(style="thin", color="7F7F7F"))
    widths = [len(name) for name in columns]
    for j, name in enumerate(columns, start=1):
        cell = _set_text(ws.cell(row=header_row, column=j), name)
        cell.font = bold
        cell.fill = header_fill
        cell.border = header_border

    formats = []
    for j, name in enumerate(columns):
        series = df.iloc[:, j]
        formats.append(number_formats.get(name) or default_number_format(series))

    for i, values in enumerate(df.itertuples(index=False, name=None), start=header_row + 1):
        for j, raw in enumerate(values):
            value = _plain_value(raw)
            cell = ws.cell(row=i, column=j + 1)
            if value is None:
                continue
            if isinstance(value, str):
                _set_text(cell, value)
            elif isinstance(value, (bool, int, float, dt.date, dt.datetime, dt.time)):
                if isinstance(value, float) and not math.isfinite(value):
                    continue
                cell.value = value
                fmt = formats[j]
                if isinstance(value, dt.datetime):
                    fmt = fmt if fmt in (XLSX_DATE, XLSX_DATETIME) else (
                        XLSX_DATETIME if value.time() != dt.time(0) else XLSX_DATE
                    )
                elif isinstance(value, dt.date):
                    fmt = XLSX_DATE
                if fmt and not isinstance(value, bool):
                    cell.number_format = fmt
            else:
                _set_text(cell, str(value))
            widths[j] = max(widths[j], _display_len(value, formats[j]))

    last_row = header_row + len(df)
    last_col = max(len(columns), 1)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    if columns:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(last_col)}{max(last_row, header_row)}"
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(max(width + 2, 8), 60)

    if source:
        cell = _set_text(ws.cell(row=last_row + 2, column=1), source)
        cell.font = Font(italic=True, color="555555")

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _set_text(cell, text: str):
    """Write text to a cell as a string (never a formula), neutralised and XML-safe."""
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", neutralise_cell(str(text)))
    cell.data_type = "s"
    return cell


def format_decimals(number_format: str | None) -> int | None:
    """The decimals an Excel number format shows, counting a percentage's two: "0.0%" -> 3, '#,##0" kr"' -> 0.

    None when there is no format or it shows no digits.
    """
    if not number_format:
        return None
    section = re.sub(r'"[^"]*"', "", number_format.split(";")[0])
    match = re.search(r"[0#][0#,]*(?:\.(?P<decimals>[0#]*))?", section)
    if not match:
        return None
    decimals = len(match.group("decimals") or "")
    return decimals + 2 if "%" in section else decimals


def _csv_value(value: Any, decimals: int | None = None) -> Any:
    value = _plain_value(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "SANT" if value else "FALSKT"
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        if decimals is not None:
            value = round(value, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
        return format(value, ".15g").replace(".", ",")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != dt.time(0) else value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise_cell(str(value))


def percent_header(header: str) -> str:
    """A share column's CSV header with its unit: 'Andel positiva' -> 'Andel positiva (%)' (kept when it has one)."""
    return header if "%" in header else f"{header} (%)"


def table_to_csv(
    df: pd.DataFrame,
    *,
    number_formats: Mapping[str, str] | None = None,
    title: str | None = None,
    source: str | None = None,
) -> bytes:
    """Write a table as CSV for Swedish Excel: ';' separated, UTF-8 with BOM, decimal comma.

    Strings are neutralised like in the Excel export; numbers are written without
    thousands separators so Excel reads them as numbers. A CSV file has no formats,
    so a decimal number in a column with one of `number_formats` (as for
    table_to_xlsx) is rounded to the decimals the format shows: 3.8333 with "0.0"
    is written 3,8. A share (a percentage format such as "0%") is written as a per cent
    number with the unit in the header: 0.6667 under "Andel" becomes 67 under "Andel (%)",
    never a fraction under a "%" header. An optional title is the first row and the
    source line the last.
    """
    number_formats = number_formats or {}
    columns = _flat_columns(df)
    percent = ["%" in (number_formats.get(name) or "") for name in columns]
    decimals = [format_decimals(number_formats.get(name)) for name in columns]
    decimals = [d - 2 if p and d is not None else d for d, p in zip(decimals, percent)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    if title:
        writer.writerow([neutralise_cell(title)])
    writer.writerow([neutralise_cell(percent_header(name) if p else name) for name, p in zip(columns, percent)])
    for values in df.itertuples(index=False, name=None):
        writer.writerow([_csv_value(_as_percent(v) if p else v, d) for v, d, p in zip(values, decimals, percent)])
    if source:
        writer.writerow([neutralise_cell(source)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _as_percent(value: Any) -> Any:
    """A share (0.67) as per cent (67.0); missing and non-numbers unchanged."""
    value = _plain_value(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value) * 100
    return value
