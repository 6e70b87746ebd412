"""Tables keep numbers: shown in Swedish on screen, exported as numbers with Excel formats and a decimal comma."""

import io

import openpyxl
import pandas as pd
import pytest

from dashboard.components import swedish_styler
from dashboard.export import apply_column_config, column_kinds, format_decimals, table_export
from dashboard.formatting import COLUMN_FORMATS, NBSP, declared_formats, with_formats


def tabell() -> pd.DataFrame:
    return with_formats(pd.DataFrame({
        "Enhet": ["Beredningen", "Stab", "Summa"],
        "Utfall": [1539.0, 2644.4, 4183.4],
        "Medel": [46 / 12, 3.0, float("nan")],
        "Andel": [8 / 12, 0.5, 1.0],
        "Avvikelse %": [-0.0019, 0.071, 0.0],
    }), {"Utfall": "tkr", "Medel": "decimal1", "Andel": "pct", "Avvikelse %": "signed_pct1"})


def shown(df: pd.DataFrame, formats=None) -> list[list[str]]:
    """The cells as the Styler shows them, row by row."""
    text = swedish_styler(df, formats).hide(axis="index").to_string(delimiter="|")
    return [line.split("|") for line in text.splitlines()[1:]]


def xlsx(df: pd.DataFrame, **kw):
    return openpyxl.load_workbook(io.BytesIO(table_export(df, "xlsx", **kw))).active


def csv_rows(df: pd.DataFrame, **kw) -> list[list[str]]:
    return [line.split(";") for line in table_export(df, "csv", **kw).decode("utf-8-sig").splitlines()]


def test_screen_shows_swedish_text():
    rows = shown(tabell())
    assert rows[0] == ["Beredningen", f"1{NBSP}539{NBSP}tkr", "3,8", f"67{NBSP}%", f"−0,2{NBSP}%"]
    assert rows[1][-1] == f"+7,1{NBSP}%"
    assert rows[2][2] == "–"  # missing value


def test_screen_keeps_the_numbers():
    styler = swedish_styler(tabell())
    assert styler.data["Utfall"].tolist() == [1539.0, 2644.4, 4183.4]


def test_xlsx_cells_are_numbers_with_number_formats():
    ws = xlsx(tabell())
    assert [c.value for c in ws[1]] == ["Enhet", "Utfall", "Medel", "Andel", "Avvikelse %"]
    utfall, medel, andel, avvikelse = ws["B2"], ws["C2"], ws["D2"], ws["E2"]
    assert all(c.data_type == "n" for c in (utfall, medel, andel, avvikelse))
    assert utfall.value == 1539 and utfall.number_format == '#,##0" tkr"'
    assert medel.value == pytest.approx(46 / 12) and medel.number_format == "#,##0.0"
    assert andel.value == pytest.approx(8 / 12) and andel.number_format == "0%"
    assert avvikelse.number_format == "+0.0%;-0.0%;0.0%"
    assert ws["A4"].value == "Summa" and ws["C4"].value is None


def test_csv_has_decimal_comma_and_the_shown_precision():
    rows = csv_rows(tabell())
    # shares are per cent numbers with the unit in the header, never a fraction under a "%" header
    assert rows[0] == ["Enhet", "Utfall", "Medel", "Andel (%)", "Avvikelse %"]
    assert rows[1] == ["Beredningen", "1539", "3,8", "67", "-0,2"]
    assert rows[2] == ["Stab", "2644", "3", "50", "7,1"]
    assert rows[3][2] == ""


def test_csv_percentage_column_parses_as_per_cent_between_title_and_source():
    data = table_export(tabell(), "csv", title="Budget 2025", source="Källa: budgetuppföljning 2025.")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "Budget 2025" and lines[-1] == "Källa: budgetuppföljning 2025."
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", skiprows=1, skipfooter=1,
                       engine="python")
    assert back["Andel (%)"].tolist() == [67, 50, 100]
    assert back["Avvikelse %"].tolist() == pytest.approx([-0.2, 7.1, 0.0])


def test_xlsx_starts_with_title_and_ends_with_source():
    ws = xlsx(tabell(), title="Budget 2025", source="Källa: budgetuppföljning 2025.")
    assert ws["A1"].value == "Budget 2025"
    assert [c.value for c in ws[3]][:2] == ["Enhet", "Utfall"]
    assert ws.cell(row=ws.max_row, column=1).value == "Källa: budgetuppföljning 2025."
    assert ws["D4"].value == pytest.approx(8 / 12) and ws["D4"].number_format == "0%"


def test_undeclared_numbers_are_inferred():
    df = pd.DataFrame({"Tema": ["Transporter"], "Umeå": [1234], "F1": [0.8765], "Ja": [True]})
    assert column_kinds(df) == {"Umeå": "int", "F1": "decimal1"}
    assert shown(df)[0][:3] == ["Transporter", f"1{NBSP}234", "0,9"]
    assert shown(df, {"F1": "decimal2"})[0][2] == "0,88"


def test_explicit_formats_win_over_declared_ones():
    assert column_kinds(tabell(), {"Utfall": "int"})["Utfall"] == "int"
    assert xlsx(tabell(), formats={"Utfall": "int"})["B2"].number_format == "#,##0"


def test_column_config_label_and_format_carry_over():
    config = {"Utfall": {"label": "Utfall (tkr)", "type_config": {"type": "number", "format": "%.1f"}},
              "Andel": {"label": "Andel positiva"}}
    table, formats = apply_column_config(tabell(), config, column_kinds(tabell()))
    assert formats["Utfall (tkr)"] == "#,##0.0" and formats["Andel positiva"] == "0%"
    assert "Andel positiva" in table.columns


def test_with_formats_rejects_unknown_kinds_and_columns():
    df = pd.DataFrame({"a": [1.0]})
    with pytest.raises(ValueError, match="Okänt kolumnformat"):
        with_formats(df, {"a": "kronor"})
    with pytest.raises(ValueError, match="finns inte"):
        with_formats(df, {"b": "kr"})
    assert declared_formats(with_formats(df, {"a": "kr"})) == {"a": "kr"}


def test_declared_formats_survive_a_copy():
    assert declared_formats(tabell().copy(deep=False))["Utfall"] == "tkr"


@pytest.mark.parametrize("kind, value, text", [
    ("int", 1539, f"1{NBSP}539"), ("kr", 3_807_000, f"3{NBSP}807{NBSP}000{NBSP}kr"), ("kr1", 29.14, f"29,1{NBSP}kr"),
    ("tkr", 1539, f"1{NBSP}539{NBSP}tkr"), ("decimal2", 0.876, "0,88"), ("pct1", 0.125, f"12,5{NBSP}%"),
    ("signed1", 0.8, "+0,8"), ("signed_tkr", -3, f"−3{NBSP}tkr"),
])
def test_every_kind_shows_swedish(kind, value, text):
    assert COLUMN_FORMATS[kind].display(value) == text


@pytest.mark.parametrize("kind, decimals", [("int", 0), ("decimal1", 1), ("kr1", 1), ("tkr", 0), ("pct", 2),
                                            ("pct1", 3), ("signed1", 1), ("signed_pct1", 3)])
def test_csv_precision_follows_the_excel_format(kind, decimals):
    assert format_decimals(COLUMN_FORMATS[kind].excel) == decimals


def test_unknown_export_format():
    with pytest.raises(ValueError):
        table_export(tabell(), "ods")
