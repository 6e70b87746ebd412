"""Every value is read to exactly what was meant, or reported: the reading rules, one test per rule and principle.

Small files are written in the tests (openpyxl, or the demo files edited); builds run into a private copy.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
import zipfile
from datetime import date, datetime
from pathlib import Path

import duckdb
import openpyxl
import pytest

from pipelines import sources, values
from pipelines.build import run
from pipelines.errors import BuildError
from pipelines.kommuner import KommunResolver
from pipelines.personal import mask_personal_data
from tests.test_bad_input import QUIET, assert_fails_untouched, edit_cell

SURVEY = "utvardering_2025.xlsx"
ANSLAG = "kommunala_anslag.xlsx"
BUDGET = "budgetuppfoljning.xlsx"


def build(raw: Path, db: Path) -> duckdb.DuckDBPyConnection:
    run(raw, db, force=True, **QUIET)
    return duckdb.connect(str(db), read_only=True)


def rejected(con) -> list[tuple]:
    return con.execute("select fil, blad, rad, kolumn, varde, orsak from rejected_rows order by fil, blad, rad").fetchall()


# --- single values ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, unit, expected", [
    ("12 400", "kr", 12400.0), ("1\u00a0539,5", "kr", 1539.5), ("1\u202f539", "kr", 1539.0),
    ("3 807 000 kr", "kr", 3807000.0), ("3 807 tkr", "kr", 3807000.0), ("1 539 tkr", "tkr", 1539.0),
    ("1 500 000 kr", "tkr", 1500.0), ("-2 300", "tkr", -2300.0), ("\u22122 300", "tkr", -2300.0),
    ("1.234.567", "kr", 1234567.0), ("1 234,50 kr", "kr", 1234.5), ("0,125", "kr", 0.125), (3807000, "kr", 3807000.0),
])
def test_numbers_as_swedes_type_them(typed, unit, expected):
    assert values.parse_number(typed, unit=unit) == values.Reading(expected)


@pytest.mark.parametrize("typed", ["1,234", "1.234", "12,500 kr"])
def test_ambiguous_thousands_separator_is_rejected_with_reason(typed):
    reading = values.parse_number(typed)
    assert reading.value is None and reading.reason.startswith("Tvetydigt tal")


@pytest.mark.parametrize("typed", ["ca 700", "okänt", "12 34 56", True])
def test_text_is_not_a_number(typed):
    assert values.parse_number(typed).value is None and values.parse_number(typed).reason


@pytest.mark.parametrize("cell, expected", [
    (datetime(2025, 9, 20, 14, 3), datetime(2025, 9, 20, 14, 3)), (date(2025, 9, 20), datetime(2025, 9, 20)),
    (45920.5, datetime(2025, 9, 20, 12, 0)), ("45920", datetime(2025, 9, 20)),
    ("2025-09-20 14:03", datetime(2025, 9, 20, 14, 3)), ("2025-09-20T14:03:05", datetime(2025, 9, 20, 14, 3, 5)),
])
def test_dates_as_cells_serials_or_iso_text(cell, expected):
    assert values.parse_timestamp(cell).value == expected


@pytest.mark.parametrize("cell", ["20/09/2025", "igår", 12])
def test_unreadable_dates_are_reported(cell):
    assert values.parse_timestamp(cell).reason


@pytest.mark.parametrize("cell", [202407, "202407", 202407.0, "2024-07", "2024/7", datetime(2024, 7, 1),
                                  "2024-07-01", 45474])
def test_budget_periods_typed_or_turned_into_dates(cell):
    assert values.parse_period(cell).value == (2024, 7)


def test_out_of_line_amount_says_what_looks_wrong():
    assert "1 000 gånger större" in values.out_of_line(2_580_000, [2580, 2600, 2540])
    assert "1 000 gånger mindre" in values.out_of_line(3.8, [3807, 3700, 3900])
    assert values.out_of_line(2580 * 12, [2580, 2600]) is None


def test_personal_data_is_masked_and_counted():
    text, counts = mask_personal_data("Ring 070-123 45 67 eller +46 90 16 10 00, mejla anna.lind@umea.se; "
                                      "pnr 19800101-1234. Under 2024 fick vi 12 000 kr, dnr 2024-00123.")
    assert "[e-post borttagen]" in text and "anna" not in text
    assert "070" not in text and "16 10 00" not in text and "1234." not in text
    assert "12 000 kr" in text and "dnr 2024-00123" in text
    assert counts == {"e-post": 1, "telefonnummer": 2, "personnummer": 1}


# --- reference CSV files ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding, delimiter", [("cp1252", ";"), ("utf-8-sig", ","), ("utf-8-sig", ";")])
def test_reference_csv_as_excel_saves_it(tmp_path, encoding, delimiter):
    original = sources.read_kommuner(Path("data/raw")).drop(columns=["_fil", "_blad", "_rad"])
    text = (Path("data/raw") / "kommuner.csv").read_text(encoding="utf-8")
    (tmp_path / "kommuner.csv").write_bytes(text.replace(",", delimiter).replace("\n", "\r\n").encode(encoding))
    read = sources.read_kommuner(tmp_path).drop(columns=["_fil", "_blad", "_rad"])
    assert read.equals(original)
    assert "Umeå" in set(read["kommun"])


def test_kommun_names_in_any_unicode_normalisation():
    resolver = KommunResolver.from_reference(sources.read_kommuner(Path("data/raw")))
    assert resolver.resolve(unicodedata.normalize("NFD", "Umeå kommun")) == resolver.resolve("Umeå") == "2480"
    assert resolver.resolve(unicodedata.normalize("NFD", "ÅSELE")) == "2463"


# --- survey exports --------------------------------------------------------------------------------------------

def likert_cell(raw: Path) -> tuple[str, str]:
    """The first Likert cell of the 2025 export's first response (cell, header)."""
    sheet = openpyxl.load_workbook(raw / SURVEY)["Svar"]
    for cell in sheet[2]:
        if cell.value in ("Instämmer delvis", "Instämmer till stor del", "Instämmer helt", "Instämmer i liten grad"):
            return cell.coordinate, sheet.cell(1, cell.column).value
    raise AssertionError("no Likert cell")


def test_title_rows_above_the_header(raw_workspace):
    raw, db = raw_workspace
    book = openpyxl.load_workbook(raw / SURVEY)
    book["Svar"].insert_rows(1, 3)
    book["Svar"]["A1"] = "Utvärdering av samverkan 2025 – export från Forms"
    book["Svar"]["A2"] = "Exporterad 2025-10-12"
    book.save(raw / SURVEY)
    with build(raw, db) as con:
        assert con.execute("select count(*) from deltagande where utvardering = 2025 and har_svarat").fetchone()[0] == 15
        assert rejected(con) == []
        assert con.execute("select count(*) from fritextsvar where utvardering = 2025").fetchone()[0] > 100


def test_likert_labels_in_other_case_and_spacing(raw_workspace):
    raw, db = raw_workspace
    cell, _header = likert_cell(raw)
    edit_cell(raw / SURVEY, "Svar", cell, "  instämmer   HELT ")
    with build(raw, db) as con:
        assert rejected(con) == []
        assert con.execute("select count(*) from likertsvar where utvardering = 2025 and svars_id = 1 "
                           "and varde = 5").fetchone()[0] >= 1


def test_one_bad_likert_value_rejects_only_that_value(raw_workspace):
    """Principle 2: the response's other answers still count and the kommun is not shown as not answered."""
    raw, db = raw_workspace
    with duckdb.connect(str(db), read_only=True) as con:
        before = con.execute("select count(*) from likertsvar where utvardering = 2025 and svars_id = 1").fetchone()[0]
    cell, header = likert_cell(raw)
    edit_cell(raw / SURVEY, "Svar", cell, "Kanske")
    with build(raw, db) as con:
        assert rejected(con) == [(SURVEY, "Svar", 2, header, "Kanske", rejected(con)[0][5])]
        assert rejected(con)[0][5].startswith("Okänt svarsalternativ")
        after = con.execute("select count(*) from likertsvar where utvardering = 2025 and svars_id = 1 "
                            "and svar is not null").fetchone()[0]
        answered = con.execute("select har_svarat from deltagande d join kommun k using (kommunkod) "
                               "where utvardering = 2025 and k.kommun = 'Nordmaling'").fetchone()[0]
    assert after >= before - 1 and after > 0
    assert answered


def test_personal_data_in_free_text_never_reaches_curated_columns(raw_workspace):
    """Principle: e-mail, phone and personnummer typed into free text are masked; the number is reported."""
    raw, db = raw_workspace
    sheet = openpyxl.load_workbook(raw / SURVEY)["Svar"]
    headers = [c.value for c in sheet[1]]
    fritext = next(i for i, h in enumerate(headers, 1) if h and "utmaningar" in h.lower())
    cell = sheet.cell(3, fritext).coordinate
    edit_cell(raw / SURVEY, "Svar", cell, "Kontakta mig på kalle.svensson@vindeln.se eller 070-987 65 43. "
                                          "Mitt personnummer är 19751224-5678.")
    with build(raw, db) as con:
        texts = []
        for (table,) in con.execute("select table_name from information_schema.tables "
                                    "where table_schema = 'main'").fetchall():
            columns = [c for c, t in con.execute(f'select column_name, data_type from information_schema.columns '
                                                 f"where table_name = '{table}'").fetchall() if t == "VARCHAR"]
            for column in columns:
                texts += [v for (v,) in con.execute(f'select "{column}" from main."{table}"').fetchall() if v]
        masked = con.execute("select personuppgifter_maskerade from load_manifest where fil = ?", [SURVEY]).fetchone()
        answer = con.execute("select text from fritextsvar where text like '%Kontakta mig%'").fetchone()[0]
    joined = "\n".join(texts)
    assert "kalle.svensson" not in joined and "987 65 43" not in joined and "19751224" not in joined
    assert answer == ("Kontakta mig på [e-post borttagen] eller [telefonnummer borttaget]. "
                      "Mitt personnummer är [personnummer borttaget].")
    assert masked == (3,)


# --- anslag workbook -------------------------------------------------------------------------------------------

def anslag_amount(con, kommunkod: str, ar: int, post: str) -> float | None:
    row = con.execute("select belopp_kr from anslag where kommunkod = ? and ar = ? and post = ?",
                      [kommunkod, ar, post]).fetchone()
    return row[0] if row else None


def test_amounts_typed_as_text_with_units(raw_workspace):
    raw, db = raw_workspace
    edit_cell(raw / ANSLAG, "2025", "B4", "1 684 500 kr")
    edit_cell(raw / ANSLAG, "2025", "C4", "889,8 tkr")
    edit_cell(raw / ANSLAG, "2025", "D4", "1\u00a0121\u00a0300")
    with build(raw, db) as con:
        assert rejected(con) == []
        assert anslag_amount(con, "2480", 2025, "Administration och förtroendemannaorganisation") == 1684500
        assert anslag_amount(con, "2480", 2025, "Beredning") == 889800
        assert anslag_amount(con, "2480", 2025, "Samordning samverkansområden") == 1121300


def test_ambiguous_amount_rejects_that_amount_only(raw_workspace):
    raw, db = raw_workspace
    edit_cell(raw / ANSLAG, "2025", "C4", "889.800")
    with build(raw, db) as con:
        [(fil, blad, rad, kolumn, varde, orsak)] = rejected(con)
        assert (fil, blad, rad, kolumn, varde) == (ANSLAG, "2025", 4, "Beredning", "889.800")
        assert orsak.startswith("Tvetydigt tal")
        assert anslag_amount(con, "2480", 2025, "Beredning") is None
        assert anslag_amount(con, "2480", 2025, "Administration och förtroendemannaorganisation") == 1684500


def test_amount_out_of_line_with_other_years_is_rejected(raw_workspace):
    raw, db = raw_workspace
    edit_cell(raw / ANSLAG, "2025", "C4", 889_800_000)
    edit_cell(raw / ANSLAG, "2025", "E4", 1_684_500 + 889_800_000 + 1_121_300)
    with build(raw, db) as con:
        reasons = [r for r in rejected(con) if r[3] == "Beredning"]
        assert anslag_amount(con, "2480", 2025, "Beredning") is None
    assert len(reasons) == 1 and "gånger större" in reasons[0][5] and reasons[0][2] == 4


def test_hidden_and_extra_sheets_are_reported_not_read(raw_workspace):
    """Principle 4: nothing is published from a sheet the user could not see; every sheet is read or reported."""
    raw, db = raw_workspace
    book = openpyxl.load_workbook(raw / ANSLAG)
    book.copy_worksheet(book["2026"]).title = "2027"
    book["2027"].sheet_state = "hidden"
    book.create_sheet("Anteckningar")["A1"] = "Utkast"
    book.save(raw / ANSLAG)
    with build(raw, db) as con:
        notices = {r[1]: r[5] for r in rejected(con)}
        years = [y for (y,) in con.execute("select distinct ar from anslag order by ar").fetchall()]
        summary = con.execute("select count(*) from rejected_rows where rad = 0").fetchone()[0]
    assert years == [2023, 2024, 2025, 2026]
    assert notices["2027"].startswith("Bladet är dolt i Excel")
    assert notices["Anteckningar"].startswith("Bladet läses inte")
    assert summary == 2


def test_hidden_survey_sheet_stops_the_build(raw_workspace):
    raw, db = raw_workspace
    book = openpyxl.load_workbook(raw / SURVEY)
    book.create_sheet("Info")
    book["Svar"].sheet_state = "hidden"
    book.active = 1
    book.save(raw / SURVEY)
    assert_fails_untouched(raw, db, r"utvardering_2025\.xlsx.*bladet 'Svar' är dolt")


# --- budget follow-up ------------------------------------------------------------------------------------------

def budget_row(con, enhet: str, ar: int, manad: int) -> tuple:
    return con.execute("select budget_helar_tkr, budget_period_tkr, utfall_ack_tkr, prognos_helar_tkr "
                       "from budgetutfall where enhet = ? and ar = ? and manad = ?", [enhet, ar, manad]).fetchone()


def test_periods_typed_as_text_or_turned_into_dates(raw_workspace):
    raw, db = raw_workspace
    edit_cell(raw / BUDGET, "Uppföljning", "A2", "2023-01")
    edit_cell(raw / BUDGET, "Uppföljning", "A3", datetime(2023, 2, 1))
    edit_cell(raw / BUDGET, "Uppföljning", "D3", "430 000 kr")
    with build(raw, db) as con:
        assert rejected(con) == []
        assert budget_row(con, "Beredningen", 2023, 1) == (2580, 215, 156, 2521)
        assert budget_row(con, "Beredningen", 2023, 2) == (2580, 430, 356, 2506)


def test_budget_amount_in_kr_instead_of_tkr_is_rejected_rest_of_row_counts(raw_workspace):
    raw, db = raw_workspace
    edit_cell(raw / BUDGET, "Uppföljning", "E3", 356_000)
    with build(raw, db) as con:
        [(fil, blad, rad, kolumn, varde, orsak)] = rejected(con)
        assert (fil, blad, rad, kolumn, varde) == (BUDGET, "Uppföljning", 3, "Utfall ack.", "356000")
        assert "gånger större" in orsak
        assert budget_row(con, "Beredningen", 2023, 2) == (2580, 430, None, 2506)


# --- damaged files (principle 3) -------------------------------------------------------------------------------

def corrupt_member(path: Path, member: str) -> None:
    """Flip bytes inside one compressed part of a workbook, keeping the zip's directory intact."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 10, start + min(info.compress_size, 60), 3):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def test_damaged_inner_part_gives_swedish_message_and_untouched_database(raw_workspace):
    raw, db = raw_workspace
    corrupt_member(raw / ANSLAG, "xl/worksheets/sheet2.xml")
    assert_fails_untouched(raw, db, r"kommunala_anslag\.xlsx: filen är skadad")


def test_damaged_workbook_from_the_command_line_has_no_traceback(raw_workspace):
    raw, db = raw_workspace
    corrupt_member(raw / SURVEY, "xl/worksheets/sheet1.xml")
    result = subprocess.run([sys.executable, "-m", "pipelines", "--raw", str(raw), "--db", str(db), "--force"],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "utvardering_2025.xlsx: filen är skadad" in result.stdout + result.stderr


def test_password_protected_workbook_is_named(raw_workspace):
    raw, db = raw_workspace
    (raw / BUDGET).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048))
    assert_fails_untouched(raw, db, r"budgetuppfoljning\.xlsx: filen är lösenordsskyddad")


def test_every_rejection_names_file_sheet_row_column_value_and_reason(raw_workspace):
    raw, db = raw_workspace
    edit_cell(raw / BUDGET, "Uppföljning", "C5", "2,580")
    with build(raw, db) as con:
        [row] = rejected(con)
    assert row[:5] == (BUDGET, "Uppföljning", 5, "Budget helår", "2,580")
    assert re.match(r"Tvetydigt tal: '2,580' kan betyda 2,580 eller 2 580", row[5])


def test_building_from_a_damaged_file_raises_build_error_not_other_exceptions(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(100))
    with pytest.raises(BuildError):
        sources.read_budget(path)
