"""Unit tests for each validation rule, on three-row frames."""

import pandas as pd
import pytest

from pipelines import schemas
from pipelines.errors import BuildError
from pipelines.kommuner import KommunResolver
from pipelines.sources import validate

RESOLVER = KommunResolver({"umea": "2480", "2480": "2480", "vindeln": "2404", "2404": "2404"})


@pytest.mark.parametrize("text, value", [("12 400", 12400.0), ("1539", 1539.0), ("1539,5", 1539.5),
                                          ("1\u00a0539", 1539.0), (2644, 2644.0), ("−3", -3.0), ("3.25", 3.25)])
def test_parse_amount_accepts_swedish_numbers(text, value):
    assert schemas.parse_amount(text) == value


@pytest.mark.parametrize("text", ["ca 5000", "okänt", "", None, "1,2,3"])
def test_parse_amount_rejects_text(text):
    assert schemas.parse_amount(text) is None


@pytest.mark.parametrize("label, expected", [("Instämmer helt", "Instämmer helt"), ("  instämmer  HELT ", "Instämmer helt"),
                                              ("Vet ej", "Vet ej"), ("vet ej", "Vet ej"), ("Kanske", None), ("", None)])
def test_normalise_label(label, expected):
    assert schemas.normalise_label(label) == expected


def run(frame, schema):
    return validate(frame, schema, fil="f.xlsx", blad="Blad1", first_row=2)


def test_text_in_number_column_is_rejected_with_row_and_reason():
    frame = pd.DataFrame({"Period": ["202401", "202402", "202403"], "Enhet": ["Beredningen"] * 3,
                          "Budget helår": [2644, "okänt", 2644], "Budget perioden": [220, 441, 661],
                          "Utfall ack.": [200, 430, 650], "Prognos helår": [2600, 2600, 2600]}, dtype=object)
    rows, rejected = run(frame, schemas.budget_schema())
    assert len(rows) == 2
    [r] = rejected
    assert (r.fil, r.blad, r.rad, r.kolumn, r.varde) == ("f.xlsx", "Blad1", 3, "Budget helår", "okänt")
    assert "inte ett tal" in r.orsak


def test_bad_period_is_rejected():
    frame = pd.DataFrame({"Period": ["2024-13", "202413", "202401"], "Enhet": ["A"] * 3, "Budget helår": [1] * 3,
                          "Budget perioden": [1] * 3, "Utfall ack.": [1] * 3, "Prognos helår": [1] * 3}, dtype=object)
    _rows, rejected = run(frame, schemas.budget_schema())
    assert [r.rad for r in rejected] == [2, 3]
    assert all("ÅÅÅÅMM" in r.orsak for r in rejected)


def test_unknown_kommun_is_rejected():
    frame = pd.DataFrame({"kommunkod": ["2480", "Luleå", "Vindeln"], "ar": [2024] * 3, "invanare": [1, 2, 3]}, dtype=object)
    _rows, rejected = run(frame, schemas.befolkning_schema(RESOLVER))
    assert [(r.rad, r.varde) for r in rejected] == [(3, "Luleå")]
    assert "Okänd kommun" in rejected[0].orsak


def test_unknown_likert_label_is_rejected_and_blank_is_allowed():
    schema = schemas.survey_schema({"Fråga": "likert"}, RESOLVER)
    frame = pd.DataFrame({"Fråga": ["Instämmer helt", "Håller med", None]}, dtype=object)
    rows, rejected = run(frame, schema)
    assert len(rows) == 2
    assert rejected[0].varde == "Håller med" and "Okänt svarsalternativ" in rejected[0].orsak


def test_negative_anslag_is_rejected():
    frame = pd.DataFrame({"Kommun": ["Umeå"] * 3, **{p: [1, -5, 1] for p in schemas.ANSLAG_POSTER}, "Summa": [3, -3, 3]},
                         dtype=object)
    _rows, rejected = run(frame, schemas.anslag_schema())
    assert {r.rad for r in rejected} == {3}


def test_missing_column_stops_with_column_name():
    frame = pd.DataFrame({"Period": ["202401"], "Enhet": ["A"]}, dtype=object)
    with pytest.raises(BuildError, match="Budget helår.*saknas"):
        run(frame, schemas.budget_schema())


def test_summa_must_match_parts():
    frame = pd.DataFrame({**{p: [1, 1] for p in schemas.ANSLAG_POSTER}, "Summa": [3, 5]}, dtype=object)
    assert schemas.summa_matches(frame).tolist() == [True, False]


def test_duplicate_kommunkod_in_reference_is_rejected():
    frame = pd.DataFrame({"kommunkod": ["2480", "2480", "2404"], "kommun": ["Umeå", "Umeå", "Vindeln"],
                          "stavningar": [None] * 3}, dtype=object)
    _rows, rejected = run(frame, schemas.kommuner_schema())
    assert {r.rad for r in rejected} == {2, 3} and all("Dubblett" in r.orsak for r in rejected)
