"""Exports of charts and tables: PNG/SVG/PDF, Excel (.xlsx) and CSV for Swedish Excel.

Pure functions, no Streamlit. `dashboard.components` wires them to download buttons.

Charts are rendered server-side with vl-convert in the sv-SE locale. The title
(when the chart has none) and the source line are drawn around the rendered SVG,
so they work the same for single, layered, concatenated and faceted charts.

Every string that goes into a spreadsheet passes `neutralise_cell`, so text from
an answer can never become a formula in Excel.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import datetime as dt
import io
import json
import math
import re
import textwrap
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any, Literal

import altair as alt
import pandas as pd
import vl_convert as vlc
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from dashboard.formatting import COLUMN_FORMATS, VEGA_FORMAT_LOCALE, declared_formats
from dashboard.svenska import VEGA_TIME_LOCALE

ChartFormat = Literal["png", "svg", "pdf"]

MIME_TYPES: dict[str, str] = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

# Width in pixels used for charts that ask for the container's width (there is
# no container when rendering on the server).
EXPORT_WIDTH = 640
EXPORT_HEIGHT = 320
PNG_SCALE = 2

# Title and source line drawn around the rendered chart.
_FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
_TITLE_SIZE = 15
_TITLE_COLOR = "#1f1f1f"
_SOURCE_SIZE = 11
_SOURCE_COLOR = "#555555"
_MARGIN = 8

_SVG_NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", _SVG_NS)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")

# Excel number formats. Excel stores the en-US codes and shows them with the
# reader's own separators, so `#,##0.0` appears as `1 539,5` in Swedish Excel.
XLSX_INT = "#,##0"
XLSX_FLOAT = "#,##0.0"
XLSX_PERCENT = "0%"
XLSX_DATE = "yyyy-mm-dd"
XLSX_DATETIME = "yyyy-mm-dd hh:mm"


# --------------------------------------------------------------------------
# Neutralising cells and naming files
# --------------------------------------------------------------------------

# A cell starting with one of these can be read as a formula by Excel and
# other spreadsheet programs (ASCII and full-width and small forms).
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n" "＝＋－＠" "﹦﹢﹣﹫")


def neutralise_cell(value: Any) -> Any:
    """Return a string that can never be read as a formula; other values unchanged.

    A string starting with = + - @ tab or CR (or their full-width forms), also after
    leading white space, gets a leading single quote: "=1+2" -> "'=1+2".
    Numbers are not touched: the number -5 stays a number, the text "-5" becomes "'-5".
    """
    if not isinstance(value, str) or not value:
        return value
    if value[0] in FORMULA_TRIGGERS or value.lstrip()[:1] in FORMULA_TRIGGERS:
        return "'" + value
    return value


_FILENAME_SPECIAL = str.maketrans({"æ": "ae", "ø": "o", "ß": "ss", "đ": "d", "ł": "l"})


def _ascii_slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text).lower().translate(_FILENAME_SPECIAL))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def export_filename(*parts: Any, ext: str) -> str:
    """Make an ASCII, lower-case, hyphenated file name from Swedish words.

    export_filename("utvärdering", 2025, "syften", ext="png") -> "utvardering-2025-syften.png"
    """
    stem = "-".join(slug for slug in (_ascii_slug(p) for p in parts if p is not None) if slug)
    extension = _ascii_slug(ext)
    return f"{stem or 'export'}.{extension}" if extension else stem or "export"


# --------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------


def chart_spec(chart: alt.TopLevelMixin | Mapping, *, lock: Any = None) -> dict:
    """Return the chart's Vega-Lite spec as a plain dict with its data inline.

    Altair's data transformer and theme are process-wide; pass the lock that other
    code holds while changing them (Streamlit's) to convert safely from any thread.
    """
    if isinstance(chart, Mapping):
        return json.loads(json.dumps(chart, default=str))
    with lock if lock is not None else contextlib.nullcontext():
        with alt.data_transformers.enable("default", max_rows=None):
            return chart.to_dict()


def _fix_container_size(spec: dict, *, width: int, height: int) -> None:
    """Replace "container" sizes (meaningless without a browser) with fixed ones."""
    if spec.get("width") == "container":
        spec["width"] = width
    if spec.get("height") == "container":
        spec["height"] = height
    for key in ("hconcat", "vconcat", "concat", "layer"):
        children = spec.get(key)
        if isinstance(children, list):
            n = len(children) if key == "hconcat" else 1
            for child in children:
                if isinstance(child, dict):
                    _fix_container_size(child, width=max(width // max(n, 1), 150), height=height)
    if isinstance(spec.get("spec"), dict):  # facet and repeat
        _fix_container_size(spec["spec"], width=max(width // 3, 150), height=max(height // 2, 120))


def prepare_export_spec(spec: Mapping) -> dict:
    """Copy a Vega-Lite spec and make it fit for a static export: white, fixed size."""
    out = copy.deepcopy(dict(spec))
    is_single_view = "mark" in out or "layer" in out
    if is_single_view and "width" not in out:
        # Shown at container width in the app; exported at a readable fixed width.
        out["width"] = EXPORT_WIDTH
    _fix_container_size(out, width=EXPORT_WIDTH, height=EXPORT_HEIGHT)
    out["background"] = "white"
    return out


def _has_title(spec: Mapping) -> bool:
    title = spec.get("title")
    if isinstance(title, Mapping):
        title = title.get("text")
    return bool(title)


def _wrap(text: str, width_px: float, font_size: float, char_em: float) -> list[str]:
    """Wrap text to a pixel width, estimating the average character width."""
    chars = max(int(width_px / (font_size * char_em)), 20)
    lines: list[str] = []
    for paragraph in str(text).splitlines() or [""]:
        lines.extend(textwrap.wrap(paragraph, chars) or [""])
    return lines


def _svg_len(value: str | None) -> float:
    match = re.match(r"\s*([0-9.]+)", value or "")
    return float(match.group(1)) if match else 0.0


def decorate_svg(svg: str, *, title: str = "", source: str = "") -> str:
    """Add a title above and a source line below a rendered chart SVG, on white."""
    title, source = (title or "").strip(), (source or "").strip()
    if not title and not source:
        return svg

    root = ET.fromstring(svg)
    width = _svg_len(root.get("width"))
    height = _svg_len(root.get("height"))
    text_width = max(width - 2 * _MARGIN, 200)
    title_lines = _wrap(title, text_width, _TITLE_SIZE, 0.52) if title else []
    source_lines = _wrap(source, text_width, _SOURCE_SIZE, 0.52) if source else []

    title_line_h = round(_TITLE_SIZE * 1.3)
    source_line_h = round(_SOURCE_SIZE * 1.35)
    top = _MARGIN + len(title_lines) * title_line_h + 4 if title_lines else 0
    bottom = 6 + len(source_lines) * source_line_h + _MARGIN if source_lines else 0
    new_height = height + top + bottom

    def tag(name: str) -> str:
        return f"{{{_SVG_NS}}}{name}"

    body = ET.Element(tag("g"), {"transform": f"translate(0,{top})"})
    for child in list(root):
        is_background = (
            child.tag == tag("rect") and "transform" not in child.attrib and "x" not in child.attrib
        )
        root.remove(child)
        if not is_background:
            body.append(child)

    root.set("height", f"{new_height:g}")
    root.set("viewBox", f"0 0 {width:g} {new_height:g}")
    root.append(
        ET.Element(tag("rect"), {"width": f"{width:g}", "height": f"{new_height:g}", "fill": "white"})
    )
    for i, line in enumerate(title_lines):
        el = ET.SubElement(
            root,
            tag("text"),
            {
                "x": str(_MARGIN),
                "y": f"{_MARGIN + _TITLE_SIZE + i * title_line_h:g}",
                "font-family": _FONT,
                "font-size": f"{_TITLE_SIZE}px",
                "font-weight": "bold",
                "fill": _TITLE_COLOR,
            },
        )
        el.text = line
    root.append(body)
    for i, line in enumerate(source_lines):
        el = ET.SubElement(
            root,
            tag("text"),
            {
                "x": str(_MARGIN),
                "y": f"{top + height + 6 + _SOURCE_SIZE + i * source_line_h:g}",
                "font-family": _FONT,
                "font-size": f"{_SOURCE_SIZE}px",
                "fill": _SOURCE_COLOR,
            },
        )
        el.text = line
    return ET.tostring(root, encoding="unicode")


def render_svg(spec: Mapping) -> str:
    """Render a Vega-Lite spec to SVG in the sv-SE number and time locale."""
    return vlc.vegalite_to_svg(
        dict(spec),
        format_locale=VEGA_FORMAT_LOCALE,
        time_format_locale=VEGA_TIME_LOCALE,
    )


def chart_to_bytes(
    chart: alt.TopLevelMixin | Mapping,
    fmt: ChartFormat,
    *,
    title: str,
    source: str,
) -> bytes:
    """Render a chart server-side as PNG (scale 2), SVG or PDF, white background.

    The title is added when the chart has none of its own; the source line is set
    under the chart. Pass title="" or source="" to leave one out. Numbers and dates
    use the Swedish locale ("1 539", "3,5", "november").
    """
    if fmt not in ("png", "svg", "pdf"):
        raise ValueError(f"Okänt bildformat: {fmt!r} (png, svg eller pdf)")
    spec = prepare_export_spec(chart_spec(chart))
    svg = render_svg(spec)
    svg = decorate_svg(svg, title="" if _has_title(spec) else (title or ""), source=source or "")
    if fmt == "svg":
        return svg.encode("utf-8")
    if fmt == "png":
        return vlc.svg_to_png(svg, scale=PNG_SCALE)
    return vlc.svg_to_pdf(svg)


# --------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------


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


def _default_number_format(series: pd.Series) -> str | None:
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
        formats.append(number_formats.get(name) or _default_number_format(series))

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


def table_to_csv(df: pd.DataFrame, *, number_formats: Mapping[str, str] | None = None) -> bytes:
    """Write a table as CSV for Swedish Excel: ';' separated, UTF-8 with BOM, decimal comma.

    Strings are neutralised like in the Excel export; numbers are written without
    thousands separators so Excel reads them as numbers. A CSV file has no formats,
    so a decimal number in a column with one of `number_formats` (as for
    table_to_xlsx) is rounded to the decimals the format shows: 3.8333 with "0.0"
    is written 3,8 and the share 0.6667 with "0%" is written 0,67.
    """
    columns = _flat_columns(df)
    decimals = [format_decimals((number_formats or {}).get(name)) for name in columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise_cell(name) for name in columns])
    for values in df.itertuples(index=False, name=None):
        writer.writerow([_csv_value(v, d) for v, d in zip(values, decimals)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# --------------------------------------------------------------------------
# Streamlit column_config -> export headers and formats
# --------------------------------------------------------------------------

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
        kinds[column] = "int" if _default_number_format(series) == XLSX_INT else "decimal1"
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
) -> bytes:
    """The table as an Excel workbook or a CSV file, numbers kept as numbers.

    Each numeric column gets the Excel number format of its kind (see column_kinds);
    the CSV has a decimal comma and numbers rounded to the decimals that format shows.
    """
    table, number_formats = apply_column_config(df, column_config, column_kinds(df, formats))
    if fmt == "xlsx":
        return table_to_xlsx(table, number_formats=number_formats)
    if fmt == "csv":
        return table_to_csv(table, number_formats=number_formats)
    raise ValueError(f"Okänt tabellformat: {fmt!r} (xlsx eller csv)")
