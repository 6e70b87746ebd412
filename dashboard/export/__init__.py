"""Exports of charts and tables: PNG/SVG/PDF, Excel (.xlsx) and CSV for Swedish Excel.

Pure functions, no Streamlit; `dashboard.components` wires them to download buttons.
One module per concern, every public name re-exported here (`from dashboard.export import X`):

- `naming`: safe spreadsheet cells (neutralise_cell) and file names (export_filename, MIME_TYPES);
- `chart`: a chart's spec (chart_spec, thread-safe) rendered to PNG/SVG/PDF with title and source line;
- `spreadsheet`: a table written as .xlsx or CSV for Swedish Excel, numbers kept as numbers;
- `columns`: the headers and Excel number formats a table is exported with (column kinds, column_config).
"""

from dashboard.export.chart import (
    EXPORT_HEIGHT,
    EXPORT_WIDTH,
    PNG_SCALE,
    ChartFormat,
    chart_spec,
    chart_to_bytes,
    page_spec,
    decorate_svg,
    prepare_export_spec,
    render_svg,
)
from dashboard.export.columns import apply_column_config, column_kinds, excel_format_from_display, table_export
from dashboard.export.naming import FORMULA_TRIGGERS, MIME_TYPES, export_filename, neutralise_cell
from dashboard.export.spreadsheet import (
    XLSX_DATE,
    XLSX_DATETIME,
    XLSX_FLOAT,
    XLSX_INT,
    XLSX_PERCENT,
    default_number_format,
    format_decimals,
    table_to_csv,
    table_to_xlsx,
)

__all__ = [
    "EXPORT_HEIGHT",
    "EXPORT_WIDTH",
    "FORMULA_TRIGGERS",
    "MIME_TYPES",
    "PNG_SCALE",
    "XLSX_DATE",
    "XLSX_DATETIME",
    "XLSX_FLOAT",
    "XLSX_INT",
    "XLSX_PERCENT",
    "ChartFormat",
    "apply_column_config",
    "chart_spec",
    "chart_to_bytes",
    "page_spec",
    "column_kinds",
    "decorate_svg",
    "default_number_format",
    "excel_format_from_display",
    "export_filename",
    "format_decimals",
    "neutralise_cell",
    "prepare_export_spec",
    "render_svg",
    "table_export",
    "table_to_csv",
    "table_to_xlsx",
]
