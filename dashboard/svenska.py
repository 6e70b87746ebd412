"""Swedish words and dates for everything a user reads: lists, possessives, counts, dates and times.

One module for the language rules; numbers are formatted in `dashboard.formatting`.
Babel (locale sv_SE, CLDR data) does the work where its output follows the project's
conventions: lists ("Sorsele, Malå och Umeå"), dates ("4 oktober 2025"), month and day
names (lower case). Babel is not used for numbers: it writes a hyphen-minus where the
project writes U+2212 ("−0,2"), so `formatting.fmt_number` stays the one number formatter.

    swedish_list(["Sorsele", "Malå", "Umeå"])  -> "Sorsele, Malå och Umeå"
    possessive("Umeå"), possessive("Vännäs")   -> "Umeås", "Vännäs"
    count(1, "kommun", "kommuner"), count(2, "svar")  -> "1 kommun", "2 svar"
    date(d), datetime(t)                       -> "4 oktober 2025", "4 oktober 2025 kl. 13:05"
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import pandas as pd
from babel import Locale
from babel.dates import format_date, format_datetime, get_day_names, get_month_names
from babel.lists import format_list

from dashboard.formatting import MISSING, fmt_number

LOCALE = Locale.parse("sv_SE")

MONTHS: tuple[str, ...] = tuple(get_month_names("wide", locale=LOCALE)[m] for m in range(1, 13))
"""januari … december (lower case, as Swedish writes them)."""

# d3's Swedish abbreviations are the first three letters, without a full stop ("jan", "tor").
SHORT_MONTHS: tuple[str, ...] = tuple(name[:3] for name in MONTHS)

_DAYS_FROM_SUNDAY = tuple(get_day_names("wide", locale=LOCALE)[(d + 6) % 7] for d in range(7))  # babel: 0 = Monday

# d3-time-format locale for Vega-Lite charts and vl-convert exports; month and day names in lower case
# (d3's own sv-SE locale capitalises them).
VEGA_TIME_LOCALE: dict = {
    "dateTime": "%A den %d %B %Y %X",
    "date": "%Y-%m-%d",
    "time": "%H:%M:%S",
    "periods": ["fm", "em"],
    "days": list(_DAYS_FROM_SUNDAY),
    "shortDays": [name[:3] for name in _DAYS_FROM_SUNDAY],
    "months": list(MONTHS),
    "shortMonths": list(SHORT_MONTHS),
}

_DATE_PATTERN = LOCALE.date_formats["long"].pattern  # "d MMMM y"
_DATETIME_PATTERN = f"{_DATE_PATTERN} 'kl'. {LOCALE.time_formats['short'].pattern}"  # "... kl. HH:mm"

# The same two formats as d3 time formats, for dates shown inside charts (axis labels, tooltips).
VEGA_DATE_FORMAT = "%-d %B %Y"
VEGA_DATETIME_FORMAT = "%-d %B %Y kl. %H:%M"


def month_name(month: int) -> str:
    """The month's name: 1 -> "januari", 12 -> "december"."""
    return MONTHS[int(month) - 1]


def swedish_list(items: Iterable[Any]) -> str:
    """Join items the Swedish way: "Umeå", "Umeå och Malå", "Sorsele, Malå och Umeå" ("" when none)."""
    return format_list([str(item) for item in items], style="standard", locale=LOCALE)


def possessive(name: str) -> str:
    """The genitive of a name: "Umeås", "Vindelns"; a name ending in s, x or z takes no s ("Vännäs")."""
    name = str(name).strip()
    return name if name[-1:].lower() in ("s", "x", "z") else f"{name}s"


def capitalize_first(text: str) -> str:
    """The text with its first letter upper-case and the rest untouched: "inget svar 2024; Vet ej" -> "Inget …"."""
    return text[:1].upper() + text[1:]


def count(n: int, singular: str, plural: str | None = None) -> str:
    """A number with its noun in agreement: "1 kommun", "2 kommuner", "1 539 svar".

    plural: omit it for a noun that is the same in the plural (svar, diagram, citat).
    """
    noun = singular if abs(n) == 1 else (plural or singular)
    return f"{fmt_number(n)} {noun}"


def _moment(value: Any) -> dt.date | None:
    """A date or date-time from a date, datetime, Timestamp, numpy datetime64 or ISO string; None when missing."""
    if value is None or pd.isna(value):  # None, NaN, NaT
        return None
    return value if isinstance(value, dt.date) else pd.Timestamp(value)


def date(value: Any) -> str:
    """A date in Swedish style: "4 oktober 2025" ("–" when missing)."""
    moment = _moment(value)
    return MISSING if moment is None else format_date(moment, _DATE_PATTERN, locale=LOCALE)


def datetime(value: Any) -> str:
    """A point in time in Swedish style: "4 oktober 2025 kl. 13:05", in its own time zone ("–" when missing)."""
    moment = _moment(value)
    return MISSING if moment is None else format_datetime(moment, _DATETIME_PATTERN, locale=LOCALE)
