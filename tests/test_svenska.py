"""Swedish words and dates (dashboard.svenska) against the project's conventions."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from dashboard import svenska
from dashboard.export import render_svg
from dashboard.formatting import fmt_number

NBSP = "\u00a0"


@pytest.mark.parametrize(("items", "expected"), [
    ([], ""),
    (["Sorsele"], "Sorsele"),
    (["Sorsele", "Malå"], "Sorsele och Malå"),
    (["Sorsele", "Malå", "Umeå"], "Sorsele, Malå och Umeå"),
    (["Nordmaling", "Bjurholm", "Vindeln", "Robertsfors"], "Nordmaling, Bjurholm, Vindeln och Robertsfors"),
    ((2024, 2025), "2024 och 2025"),
    (pd.Series(["Åsele", "Dorotea"]), "Åsele och Dorotea"),
    ((name for name in ["Norsjö", "Malå"]), "Norsjö och Malå"),
])
def test_swedish_list(items, expected):
    assert svenska.swedish_list(items) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("Umeå", "Umeås"),
    ("Vindeln", "Vindelns"),
    ("Skellefteå", "Skellefteås"),
    ("Dorotea", "Doroteas"),
    ("Vännäs", "Vännäs"),
    ("Robertsfors", "Robertsfors"),
    ("Max", "Max"),
    ("Berlitz", "Berlitz"),
    ("LYCKSELE", "LYCKSELEs"),
    ("VÄNNÄS", "VÄNNÄS"),
    (" Malå ", "Malås"),
])
def test_possessive(name, expected):
    assert svenska.possessive(name) == expected


@pytest.mark.parametrize(("n", "singular", "plural", "expected"), [
    (0, "kommun", "kommuner", "0 kommuner"),
    (1, "kommun", "kommuner", "1 kommun"),
    (2, "kommun", "kommuner", "2 kommuner"),
    (15, "kommun", "kommuner", "15 kommuner"),
    (1, "svar", None, "1 svar"),
    (2, "svar", None, "2 svar"),
    (1, "diagram", None, "1 diagram"),
    (3, "diagram", None, "3 diagram"),
    (1, "citat", None, "1 citat"),
    (1, "rad", "rader", "1 rad"),
    (2, "rad", "rader", "2 rader"),
    (1, "fil", "filer", "1 fil"),
    (1, "ändring", "ändringar", "1 ändring"),
    (1539, "svar", None, f"1{NBSP}539 svar"),
    (np.int64(1), "kommun", "kommuner", "1 kommun"),
])
def test_count_agrees_in_number(n, singular, plural, expected):
    assert svenska.count(n, singular, plural) == expected


def test_count_writes_the_number_as_fmt_number_does():
    assert svenska.count(1_234_567, "svar") == f"{fmt_number(1_234_567)} svar"


@pytest.mark.parametrize(("value", "expected"), [
    (dt.date(2026, 11, 23), "23 november 2026"),
    (dt.date(2025, 1, 1), "1 januari 2025"),
    (pd.Timestamp("2025-10-10"), "10 oktober 2025"),
    (pd.Timestamp("2025-10-04 23:59"), "4 oktober 2025"),
    (np.datetime64("2025-06-01"), "1 juni 2025"),
    ("2025-03-09", "9 mars 2025"),
    (None, "–"),
    (pd.NaT, "–"),
    (float("nan"), "–"),
])
def test_date(value, expected):
    assert svenska.date(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (pd.Timestamp("2025-10-04 13:05"), "4 oktober 2025 kl. 13:05"),
    (dt.datetime(2025, 3, 9, 7, 3, 59), "9 mars 2025 kl. 07:03"),
    (pd.Timestamp("2025-10-04 13:05", tz="Europe/Stockholm"), "4 oktober 2025 kl. 13:05"),
    (dt.date(2025, 1, 2), "2 januari 2025 kl. 00:00"),
    (pd.NaT, "–"),
    (None, "–"),
])
def test_datetime(value, expected):
    assert svenska.datetime(value) == expected


def test_months_are_swedish_and_lower_case():
    assert svenska.MONTHS == ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
                              "september", "oktober", "november", "december")
    assert [svenska.month_name(m) for m in (1, 7, 12)] == ["januari", "juli", "december"]
    assert svenska.SHORT_MONTHS == ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov",
                                    "dec")


def test_vega_time_locale_is_d3_shaped_and_lower_case():
    locale = svenska.VEGA_TIME_LOCALE
    assert set(locale) == {"dateTime", "date", "time", "periods", "days", "shortDays", "months", "shortMonths"}
    assert locale["days"] == ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"]  # d3: Sunday first
    assert locale["shortDays"] == ["sön", "mån", "tis", "ons", "tor", "fre", "lör"]
    assert locale["months"] == list(svenska.MONTHS)
    names = [*locale["days"], *locale["shortDays"], *locale["months"], *locale["shortMonths"]]
    assert all(name == name.lower() for name in names)


def test_chart_date_formats_render_as_date_and_datetime_do():
    """Dates inside charts (d3 formats, vl-convert with VEGA_TIME_LOCALE) read exactly as in the page's text."""
    moment = pd.Timestamp("2025-03-09 07:05")
    data = {"values": [{"t": moment.isoformat()}]}
    for d3_format, expected in ((svenska.VEGA_DATE_FORMAT, svenska.date(moment)),
                                (svenska.VEGA_DATETIME_FORMAT, svenska.datetime(moment))):
        spec = {"data": data, "mark": "text",
                "encoding": {"text": {"field": "t", "type": "temporal", "format": d3_format}}}
        assert f">{expected}<" in render_svg(spec)
