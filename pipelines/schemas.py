"""Declared validation of every raw source (pandera), with reasons in plain Swedish.

Checks are element-wise on the values as delivered, so a failure reports the
original value; blank values are checked too (ignore_na=False), so a required blank is
reported as missing instead of passing silently. Parsing into numbers and dates happens after validation.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Callable

import pandas as pd
import pandera.pandas as pa

from pipelines import values
from pipelines.kommuner import KommunResolver
from pipelines.values import Reading, is_blank, parse_integer, parse_number, parse_period

LIKERT_CHOICES = ("Instämmer helt", "Instämmer till stor del", "Instämmer delvis",
                  "Instämmer i liten grad", "Instämmer inte alls", "Vet ej")
# Each check's error text → the reader that explains a failing value in its own words (see reason_for).
_READERS: dict[str, Callable[[object], Reading]] = {}


def parse_amount(value, unit: str = "kr") -> float | None:
    """A number as typed in Swedish Excel ('12 400', '1539,5', '1 539 tkr', 1539.0) in `unit`; None if unreadable."""
    return parse_number(value, unit=unit).value


def parse_timestamp(value) -> datetime | None:
    """A date and time (date cell, Excel serial number or ISO text); None if it is not one."""
    return values.parse_timestamp(value).value


def normalise_label(value) -> str | None:
    """Collapse white space and case of a Likert label to the canonical form, or None if unknown."""
    if is_blank(value):
        return None
    folded = " ".join(unicodedata.normalize("NFC", str(value)).split()).lower()
    for choice in LIKERT_CHOICES:
        if choice.lower() == folded:
            return choice
    return None


def reading_check(reader: Callable[[object], Reading], error: str, *, nullable: bool) -> pa.Check:
    """An element-wise check passing where `reader` reads the value (blank only when nullable).

    A failing value's reason is the reader's own (see reason_for), else `error`.
    """
    _READERS[error] = reader

    def ok(value) -> bool:
        reading = reader(value)
        return reading.ok and (nullable or reading.value is not None)
    return pa.Check(ok, element_wise=True, ignore_na=False, error=error)


def reason_for(check: str, value) -> str:
    """The plain Swedish reason a value failed the check whose error text is `check`."""
    if is_blank(value):
        return "Värdet saknas"
    reader = _READERS.get(check)
    reading = reader(value) if reader else None
    return reading.reason if reading is not None and reading.reason else check


def _at_least(reading: Reading, minimum: float | None) -> Reading:
    if reading.value is not None and minimum is not None and reading.value < minimum:
        return Reading(reason=f"Värdet {reading.value:g} är mindre än {minimum:g}, det minsta tillåtna")
    return reading


def amount_check(*, nullable: bool = False, minimum: float | None = 0, unit: str = "kr") -> pa.Check:
    """A value must be a number in `unit` (≥ minimum); blank only when nullable."""
    reason = "Värdet är inte ett tal" + (f" (minst {minimum:g})" if minimum is not None else "")
    return reading_check(lambda v: _at_least(parse_number(v, unit=unit), minimum),
                         reason + ("" if nullable else "; tomt är inte tillåtet"), nullable=nullable)


def text_check(allowed: tuple[str, ...] | None = None, *, nullable: bool = False) -> pa.Check:
    """A value must be non-blank text (and one of the allowed values, when given)."""
    def ok(value) -> bool:
        if is_blank(value):
            return nullable
        return allowed is None or str(value).strip() in allowed
    reason = f"Värdet måste vara ett av: {', '.join(allowed)}" if allowed else "Värdet saknas"
    return pa.Check(ok, element_wise=True, ignore_na=False, error=reason)


def kommun_check(resolver: KommunResolver) -> pa.Check:
    """A kommun name or kommunkod must resolve to one of the 15 kommuner (a blank one is reported as missing)."""
    return pa.Check(lambda v: resolver.resolve(v) is not None, element_wise=True, ignore_na=False,
                    error="Okänd kommun: namnet eller koden matchar ingen av länets 15 kommuner")


def likert_check() -> pa.Check:
    """A Likert answer must be one of the Swedish labels, or blank (not answered)."""
    return pa.Check(lambda v: is_blank(v) or normalise_label(v) is not None, element_wise=True,
                    ignore_na=False, error=f"Okänt svarsalternativ; tillåtna är: {', '.join(LIKERT_CHOICES)}")


def timestamp_check() -> pa.Check:
    """A value must be a date and time."""
    return reading_check(values.parse_timestamp, "Värdet är inte en tidpunkt (datum och tid)", nullable=False)


def integer_check(minimum: int, maximum: int, *, nullable: bool = False) -> pa.Check:
    """A value must be a whole number within [minimum, maximum]."""
    return reading_check(lambda v: parse_integer(v, minimum, maximum),
                         f"Värdet måste vara ett heltal mellan {minimum} och {maximum}", nullable=nullable)


def period_check() -> pa.Check:
    """A period: 202407, 2024-07 or a date cell (see values.parse_period)."""
    return reading_check(parse_period, "Perioden måste skrivas ÅÅÅÅMM, till exempel 202407", nullable=False)


def column(*checks: pa.Check) -> pa.Column:
    """A required column of delivered values checked element-wise."""
    return pa.Column(None, checks=list(checks), nullable=True, required=True)


def kommuner_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "kommunkod": column(pa.Check(lambda v: bool(re.fullmatch(r"\d{4}", str(v))), element_wise=True,
                                     ignore_na=False, error="Kommunkoden måste vara fyra siffror")),
        "kommun": column(text_check()),
        "stavningar": column(text_check(nullable=True)),
    }, unique=["kommunkod"], report_duplicates="all")


def befolkning_schema(resolver: KommunResolver) -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "kommunkod": column(kommun_check(resolver)),
        "ar": column(integer_check(2000, 2100)),
        "invanare": column(amount_check(minimum=1)),
    })


def befolkningsprognos_schema(resolver: KommunResolver) -> pa.DataFrameSchema:
    """Forecast population 31 December per kommun and year (whole people)."""
    return pa.DataFrameSchema({
        "kommunkod": column(kommun_check(resolver)),
        "ar": column(integer_check(2000, 2100)),
        "invanare": column(integer_check(1, 10_000_000)),
    })


def skattekraft_schema(resolver: KommunResolver) -> pa.DataFrameSchema:
    """Skattekraft in kr per invånare per kommun and year."""
    return pa.DataFrameSchema({
        "kommunkod": column(kommun_check(resolver)),
        "ar": column(integer_check(2000, 2100)),
        "skattekraft": column(amount_check(minimum=1)),
    })


FRAGA_TYPER = ("meta", "likert", "fritext")
FRAGA_GRUPPER = ("meta", "syfte", "organisation", "delstrategi", "prioritering", "ovrigt")


def fragekatalog_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "kolumnrubrik": column(text_check()),
        "fraga_id": column(pa.Check(lambda v: bool(re.fullmatch(r"[a-z0-9_]+", str(v))), element_wise=True,
                                    ignore_na=False, error="Fråge-id får bara innehålla a-z, 0-9 och _")),
        "typ": column(text_check(FRAGA_TYPER)),
        "grupp": column(text_check(FRAGA_GRUPPER)),
        "kort_text": column(text_check()),
        "personuppgift": column(text_check(("ja", "nej"))),
        "syfte_nr": column(integer_check(1, 5, nullable=True)),
        "aspekt": column(text_check(nullable=True)),
        "delstrategi_nr": column(integer_check(1, 6, nullable=True)),
        "riktning": column(text_check(("utmaning", "möjlighet"), nullable=True)),
    }, unique=["kolumnrubrik"], report_duplicates="all")


# Response models of an utvärdering: the latest response per kommun counts, or every respondent counts once.
SVARSMODELLER = ("en_per_kommun", "flera_per_kommun")


def utvardering_check():
    """An utvärdering's id: its year, or up to 9999 for generated test data (pipelines.demo.scale)."""
    return integer_check(2000, 9999)


def utvarderingar_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "utvardering": column(utvardering_check()),
        "fil": column(text_check()),
        "blad": column(text_check()),
        "oppnade": column(timestamp_check()),
        "sista_svarsdag": column(timestamp_check()),
        # Optional: how responses count (see SVARSMODELLER); missing or blank means en_per_kommun.
        "svarsmodell": pa.Column(None, checks=[text_check(SVARSMODELLER, nullable=True)], nullable=True,
                                 required=False),
    }, unique=["utvardering"], report_duplicates="all")


def utskick_schema(resolver: KommunResolver) -> pa.DataFrameSchema:
    """The invitation list: how many were invited per utvärdering, kommun and role (utskick.csv)."""
    return pa.DataFrameSchema({
        "utvardering": column(utvardering_check()),
        "kommun": column(kommun_check(resolver)),
        "roll": column(text_check()),
        "antal_inbjudna": column(integer_check(0, 100_000)),
    }, unique=["utvardering", "kommun", "roll"], report_duplicates="all")


def survey_schema(headers: dict[str, str], resolver: KommunResolver) -> pa.DataFrameSchema:
    """Schema for one survey export; `headers` maps each column header to its fraga_id or type."""
    columns: dict[str, pa.Column] = {}
    for header, role in headers.items():
        if role == "meta_svars_id":
            columns[header] = column(integer_check(1, 10**9))
        elif role == "meta_sluttid":
            columns[header] = column(timestamp_check())
        elif role == "meta_kommun":
            columns[header] = column(kommun_check(resolver))
        elif role == "likert":
            columns[header] = column(likert_check())
        else:
            columns[header] = pa.Column(None, nullable=True, required=True)
    return pa.DataFrameSchema(columns)


ANSLAG_POSTER = ("Administration och förtroendemannaorganisation", "Beredning", "Samordning samverkansområden")


def anslag_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {"Kommun": column(text_check()), **{p: column(amount_check()) for p in ANSLAG_POSTER},
         "Summa": column(amount_check())},
    )


def summa_matches(frame: pd.DataFrame) -> pd.Series:
    """True where the Summa column equals the sum of the parts (within 1 kr)."""
    parts = sum(frame[p].map(parse_amount).fillna(0) for p in ANSLAG_POSTER)
    return (frame["Summa"].map(parse_amount).fillna(0) - parts).abs() <= 1


BUDGET_BELOPP = ("Budget helår", "Budget perioden", "Utfall ack.", "Prognos helår")


def budget_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "Period": column(period_check()),
        "Enhet": column(text_check()),
        **{c: column(amount_check(minimum=None, unit="tkr")) for c in BUDGET_BELOPP},
    })
