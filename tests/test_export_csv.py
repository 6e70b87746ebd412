"""table_to_csv: CSV for Swedish Excel."""

import io

import pandas as pd

from dashboard.export import table_to_csv


def text(df):
    return table_to_csv(df).decode("utf-8-sig")


def test_starts_with_utf8_bom():
    assert table_to_csv(pd.DataFrame({"a": [1]})).startswith(b"\xef\xbb\xbf")


def test_semicolon_separator_and_decimal_comma():
    assert text(pd.DataFrame({"Kommun": ["Umeå"], "Utfall": [2644.5]})).splitlines() == [
        "Kommun;Utfall",
        "Umeå;2644,5",
    ]


def test_no_float_noise():
    assert text(pd.DataFrame({"v": [0.1 + 0.2]})).splitlines()[1] == "0,3"


def test_formula_text_neutralised_number_not():
    lines = text(pd.DataFrame({"Svar": ["=1+2"], "Tal": [-5]})).splitlines()
    assert lines[1] == "'=1+2;-5"


def test_text_with_separator_and_newline_is_quoted():
    df = pd.DataFrame({"Svar": ["ja; nej\nkanske"]})
    back = pd.read_csv(io.BytesIO(table_to_csv(df)), sep=";", encoding="utf-8-sig")
    assert back.loc[0, "Svar"] == "ja; nej\nkanske"


def test_reads_back_as_numbers_with_swedish_settings():
    df = pd.DataFrame({"Kommun": ["Umeå", "Malå"], "Utfall": [1539.0, 3.5]})
    back = pd.read_csv(io.BytesIO(table_to_csv(df)), sep=";", decimal=",", encoding="utf-8-sig")
    assert back["Utfall"].tolist() == [1539.0, 3.5]


def test_dates_iso():
    assert text(pd.DataFrame({"Datum": pd.to_datetime(["2025-11-23"])})).splitlines()[1] == "2025-11-23"


def test_missing_values_empty():
    assert text(pd.DataFrame({"a": [None], "b": [float("nan")]})).splitlines()[1] == ";"
