"""table_to_xlsx: Excel export with number formats and no formulas."""

import datetime as dt
import io

import openpyxl
import pandas as pd

from dashboard.export import table_to_xlsx


def read(df, **kw):
    return openpyxl.load_workbook(io.BytesIO(table_to_xlsx(df, **kw))).active


def test_formula_text_is_stored_as_string():
    cell = read(pd.DataFrame({"Svar": ["=1+2"]}))["A2"]
    assert cell.data_type == "s" and cell.value == "'=1+2"


def test_hyperlink_formula_neutralised():
    cell = read(pd.DataFrame({"Svar": ['=HYPERLINK("http://x","klick")']}))["A2"]
    assert cell.data_type == "s" and cell.value.startswith("'=")


def test_fullwidth_equals_neutralised():
    assert read(pd.DataFrame({"Svar": ["＝1+2"]}))["A2"].value == "'＝1+2"


def test_minus_text_neutralised_but_negative_number_stays_number():
    ws = read(pd.DataFrame({"Text": ["-5"], "Tal": [-5]}))
    assert ws["A2"].value == "'-5"
    assert ws["B2"].value == -5 and ws["B2"].data_type == "n"


def test_header_neutralised():
    assert read(pd.DataFrame({"=rubrik": [1]}))["A1"].value == "'=rubrik"


def test_integer_and_float_formats():
    ws = read(pd.DataFrame({"Antal": [1539], "Utfall (tkr)": [2644.5]}))
    assert ws["A2"].number_format == "#,##0"
    assert ws["B2"].number_format == "#,##0.0"


def test_number_format_override():
    assert read(pd.DataFrame({"Andel": [0.87]}), number_formats={"Andel": "0%"})["A2"].number_format == "0%"


def test_dates_written_as_dates():
    ws = read(pd.DataFrame({"Datum": pd.to_datetime(["2025-11-23"])}))
    assert ws["A2"].is_date and ws["A2"].value == dt.datetime(2025, 11, 23)
    assert ws["A2"].number_format == "yyyy-mm-dd"


def test_header_frozen_and_autofilter():
    ws = read(pd.DataFrame({"Kommun": ["Umeå", "Malå"], "Svar": [1, 2]}))
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:B3"


def test_swedish_headers_as_given():
    ws = read(pd.DataFrame({"Kommun": ["Umeå"], "Utvärdering": [2025]}))
    assert [c.value for c in ws[1]] == ["Kommun", "Utvärdering"]


def test_title_above_and_source_below():
    ws = read(pd.DataFrame({"Kommun": ["Umeå"]}), title="Svar per kommun", source="Källa: enkät 2025")
    assert ws["A1"].value == "Svar per kommun"
    assert ws["A3"].value == "Kommun" and ws.freeze_panes == "A4"
    assert ws["A6"].value == "Källa: enkät 2025"


def test_missing_values_are_empty_cells():
    ws = read(pd.DataFrame({"Tal": [1.5, None], "Text": ["a", None]}))
    assert ws["A3"].value is None and ws["B3"].value is None


def test_control_characters_removed():
    assert read(pd.DataFrame({"Svar": ["a\x00b\x07c"]}))["A2"].value == "abc"


def test_sheet_name_cleaned_and_shortened():
    ws = read(pd.DataFrame({"a": [1]}), sheet_name="Svar [2025]: kommuner/regionen och mer text")
    assert len(ws.title) <= 31 and not set("[]:/") & set(ws.title)


def test_column_width_fits_content():
    ws = read(pd.DataFrame({"K": ["Skellefteå kommun, en lång text"]}))
    assert ws.column_dimensions["A"].width >= 30
