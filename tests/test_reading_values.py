"""Reading rules for single cells: numbers, units, dates, periods, Likert labels, kommun names."""

import unicodedata
from datetime import date, datetime

import pytest

from pipelines.kommuner import KommunResolver
from pipelines.schemas import normalise_label
from pipelines.sources import read_kommuner
from pipelines.values import out_of_line, parse_number, parse_period, parse_timestamp
from tests.conftest import RAW_DIR


@pytest.mark.parametrize("typed, unit, meant", [
    ("12 400", "kr", 12400.0),
    ("12\u00a0400", "kr", 12400.0),            # no-break space, as Excel's Swedish format writes
    ("12\u202f400,5", "kr", 12400.5),          # narrow no-break space
    ("1539,5", "kr", 1539.5),
    ("1 234 567,25", "kr", 1234567.25),
    ("-1 539", "kr", -1539.0),
    ("\u22123", "kr", -3.0),                   # typographic minus
    ("1.234,5", "kr", 1234.5),                 # dot groups are unambiguous with a decimal comma
    (1539, "kr", 1539.0),
    (1539.25, "kr", 1539.25),
    ("1 539 kr", "kr", 1539.0),
    ("1 539 tkr", "kr", 1_539_000.0),
    ("1 539 TKR", "kr", 1_539_000.0),
    ("1 539 tkr", "tkr", 1539.0),              # tkr in a tkr column stays as typed
    ("2 644 kr", "tkr", 2.644),                # kr in a tkr column is converted exactly
    ("3 mkr", "tkr", 3000.0),
    ("1 539 kr.", "kr", 1539.0),
    ("500:-", "kr", 500.0),
    ("1 539 kronor", "kr", 1539.0),
    ("1 539 SEK", "kr", 1539.0),
    ("1 539 TSEK", "kr", 1_539_000.0),
    ("2,5 MSEK", "tkr", 2500.0),
])
def test_swedish_number_text_is_read_to_what_was_meant(typed, unit, meant):
    reading = parse_number(typed, unit=unit)
    assert reading.ok and reading.value == pytest.approx(meant)


@pytest.mark.parametrize("typed", ["1.234", "1,234", "12,345 kr", "-1.500"])
def test_ambiguous_thousands_separator_is_rejected_with_a_reason(typed):
    reading = parse_number(typed)
    assert reading.value is None
    assert "Tvetydigt tal" in reading.reason and "kan betyda" in reading.reason and "mellanslag" in reading.reason


@pytest.mark.parametrize("typed", ["12 40", "ett tusen", "1 539 euro", "12,4,5", "1 539 tkr tkr", "#REF!"])
def test_text_that_is_no_number_is_rejected(typed):
    reading = parse_number(typed)
    assert reading.value is None and reading.reason


def test_blank_is_neither_a_value_nor_a_rejection():
    for blank in (None, "", "   ", float("nan")):
        reading = parse_number(blank)
        assert reading.value is None and reading.ok


def test_boolean_cell_is_not_a_number():
    assert not parse_number(True).ok


@pytest.mark.parametrize("cell, meant", [
    (datetime(2024, 9, 17, 8, 30), datetime(2024, 9, 17, 8, 30)),
    (date(2024, 9, 17), datetime(2024, 9, 17)),
    (45552.354166666664, datetime(2024, 9, 17, 8, 30)),   # an Excel serial number cell
    ("45552", datetime(2024, 9, 17)),                       # serial digits as text
    ("2024-09-17 08:30", datetime(2024, 9, 17, 8, 30)),
    ("2024-09-17T08:30:00", datetime(2024, 9, 17, 8, 30)),
    ("2024-09-17", datetime(2024, 9, 17)),
])
def test_dates_as_cells_serials_or_iso_text(cell, meant):
    reading = parse_timestamp(cell)
    assert reading.ok and reading.value == meant


@pytest.mark.parametrize("cell", ["17/9", "igår", "2024-13-01", 12, "2024-02-30"])
def test_what_is_no_date_is_rejected(cell):
    reading = parse_timestamp(cell)
    assert reading.value is None and reading.reason


@pytest.mark.parametrize("cell", [202407, 202407.0, "202407", "2024-07", "2024-7", "2024/07", " 2024 - 07 ",
                                  datetime(2024, 7, 1), date(2024, 7, 1), "2024-07-01", 45474])
def test_budget_period_typed_or_turned_into_a_date(cell):
    reading = parse_period(cell)
    assert reading.ok and reading.value == (2024, 7)


@pytest.mark.parametrize("cell", ["202413", "2024", "juli", 2024, "2024-00"])
def test_period_that_cannot_be_read_is_rejected(cell):
    reading = parse_period(cell)
    assert reading.value is None and "ÅÅÅÅMM" in reading.reason


@pytest.mark.parametrize("typed", ["instämmer helt", "  Instämmer   helt ", "INSTÄMMER HELT", "Instämmer\u00a0helt",
                                   unicodedata.normalize("NFD", "Instämmer helt")])
def test_likert_label_in_other_case_spacing_or_normalisation(typed):
    assert normalise_label(typed) == "Instämmer helt"


def test_unknown_likert_label_is_not_guessed():
    assert normalise_label("Instämmer nästan helt") is None


@pytest.fixture(scope="module")
def resolver():
    return KommunResolver.from_reference(read_kommuner(RAW_DIR))


@pytest.mark.parametrize("typed", ["Umeå", "Umeå kommun", "UMEÅ", "Umea", "umeå  kommun", "2480", 2480, 2480.0,
                                   unicodedata.normalize("NFD", "Umeå kommun"), "Umeå kommun\u00a0"])
def test_kommun_in_any_spelling_or_normalisation(resolver, typed):
    assert resolver.resolve(typed) == "2480"


@pytest.mark.parametrize("typed", [unicodedata.normalize("NFD", "Skellefteå kn"), "ÅSELE", "Åsele kommun"])
def test_other_kommuner_in_nfd_and_upper_case(resolver, typed):
    assert resolver.resolve(typed) in {"2482", "2463"}


def test_unknown_kommun_is_not_resolved(resolver):
    assert resolver.resolve("Luleå") is None


def test_amount_out_of_line_by_orders_of_magnitude_says_what_looks_wrong():
    reason = out_of_line(1_539_000, [1480, 1539, 1610])
    assert "1 000 gånger större" in reason and "tkr" in reason
    assert "gånger mindre" in out_of_line(1.5, [1480, 1539, 1610])


def test_ordinary_variation_is_not_out_of_line():
    assert out_of_line(2644, [156, 356, 564, 1539]) is None
    assert out_of_line(1_000_000, [5]) is None   # nothing to compare with


def test_ambiguous_reason_names_both_readings_with_sign():
    assert "kan betyda −1,500 eller −1 500" in parse_number("-1.500").reason


@pytest.mark.parametrize("cell, shown", [
    (5, "5"), (5.0, "5"), (3.5, "3,5"), (-0.25, "-0,25"), (True, "SANT"),
    (datetime(2024, 7, 1), "2024-07-01"), (datetime(2024, 7, 1, 8, 30), "2024-07-01 08:30"),
    (date(2024, 7, 1), "2024-07-01"), ("  text  ", "  text  "), (None, None), ("", None),
])
def test_cell_text_is_what_swedish_excel_shows(cell, shown):
    from pipelines.values import cell_text
    assert cell_text(cell) == shown
