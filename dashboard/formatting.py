"""Swedish (sv-SE) formatting of numbers for tables, metrics, charts and exports."""

from __future__ import annotations

import math

NBSP = "\u00a0"

# d3-format locale for Vega-Lite charts and vl-convert exports.
VEGA_FORMAT_LOCALE: dict = {
    "decimal": ",",
    "thousands": NBSP,
    "grouping": [3],
    "currency": ["", f"{NBSP}kr"],
    "percent": f"{NBSP}%",
}

# d3-time-format locale; Swedish style writes month and day names in lower case.
VEGA_TIME_LOCALE: dict = {
    "dateTime": "%A den %d %B %Y %X",
    "date": "%Y-%m-%d",
    "time": "%H:%M:%S",
    "periods": ["fm", "em"],
    "days": ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
    "shortDays": ["sön", "mån", "tis", "ons", "tor", "fre", "lör"],
    "months": [
        "januari", "februari", "mars", "april", "maj", "juni",
        "juli", "augusti", "september", "oktober", "november", "december",
    ],
    "shortMonths": ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
}

MONTHS = VEGA_TIME_LOCALE["months"]


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_number(value, decimals: int = 0) -> str:
    """Format a number the Swedish way: `1 539`, `3,5`, `-12,0`."""
    if _is_missing(value):
        return "–"
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", NBSP).replace(".", ",").replace("-", "−")


def fmt_tkr(value, decimals: int = 0) -> str:
    """Format thousands of kronor: `1 539 tkr`."""
    return "–" if _is_missing(value) else f"{fmt_number(value, decimals)}{NBSP}tkr"


def fmt_kr(value, decimals: int = 0) -> str:
    """Format kronor: `12 400 kr`."""
    return "–" if _is_missing(value) else f"{fmt_number(value, decimals)}{NBSP}kr"


def fmt_pct(share, decimals: int = 0) -> str:
    """Format a share 0-1 as a Swedish percentage: `87 %`."""
    return "–" if _is_missing(share) else f"{fmt_number(share * 100, decimals)}{NBSP}%"


def fmt_signed(value, decimals: int = 1, unit: str = "") -> str:
    """Format a change with an explicit sign: `+0,3`, `−1 200 tkr`."""
    if _is_missing(value):
        return "–"
    sign = "+" if value > 0 else ""
    suffix = f"{NBSP}{unit}" if unit else ""
    return f"{sign}{fmt_number(value, decimals)}{suffix}"


def fmt_share_of(count: int, total: int) -> str:
    """Format a response count: `14 av 15`."""
    return f"{count} av {total}"
