"""Read one delivered cell to exactly what the person meant, or say in Swedish why it cannot be read.

Every parser returns a `Reading`: the value, or None with a reason. A blank cell
is a Reading with neither (nothing was typed). The rules are the ones people
really produce in Swedish Excel: space or no-break space as thousands separator,
decimal comma, "kr"/"tkr" after an amount, dates as date cells, serial numbers
or ISO text, budget periods as 202407, 2024-07 or a date. A number whose
separator could mean two things ("1,234") is never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import pandas as pd

# Excel's day zero for serial numbers (1900 date system, including its leap-year quirk for dates after March 1900).
EXCEL_EPOCH = datetime(1899, 12, 30)
# Serial numbers read as dates: 1 January 2000 to 31 December 2099.
SERIAL_RANGE = (36526, 73050)
GROUP_SPACES = " \u00a0\u202f\u2009"
UNIT_FACTORS = {"kr": 1.0, ":-": 1.0, "kronor": 1.0, "sek": 1.0, "tkr": 1_000.0, "kkr": 1_000.0, "tsek": 1_000.0,
                "ksek": 1_000.0, "mkr": 1_000_000.0, "mnkr": 1_000_000.0, "msek": 1_000_000.0}
_UNIT = re.compile(r"^(?P<number>.*?)\s*(?P<unit>tkr|kkr|mnkr|mkr|kronor|kr|tsek|ksek|msek|sek|:-)\.?$", re.IGNORECASE)
# A unit at the end of a column header: "Beredning (tkr)", "Utfall ack. i kr", "Budget helår, tkr".
HEADER_UNIT = re.compile(r"[\s,]*\(?\s*(?:i\s+)?(?P<unit>tkr|kkr|mnkr|mkr|kronor|kr|tsek|ksek|msek|sek)\s*\)?\s*$",
                         re.IGNORECASE)
_PLAIN = re.compile(r"^\d+(?:[.,]\d+)?$")
_SPACE_GROUPS = re.compile(rf"^\d{{1,3}}(?:[{GROUP_SPACES}]\d{{3}})+(?:,\d+)?$")
_DOT_GROUPS = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_COMMA_GROUPS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_AMBIGUOUS = re.compile(r"^\d{1,3}[.,]\d{3}$")
_PERIOD_TEXT = re.compile(r"^(?P<ar>(?:19|20)\d\d)\s*[-/.]?\s*(?P<manad>0?[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Reading:
    """A cell read: its value, or None with a Swedish reason (both None: the cell was blank)."""

    value: Any = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.reason is None


BLANK = Reading()


def is_blank(value) -> bool:
    """True for None, NaN/NaT and white-space-only strings."""
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and not value.strip()


def _number_text(text: str) -> float | None | str:
    """A number typed as text: its value, or a reason string when it is ambiguous or not a number."""
    sign = -1.0 if text[:1] in "-\u2212" else 1.0
    body = text.lstrip("-\u2212+").strip()
    if _AMBIGUOUS.match(body) and not body.startswith("0"):
        head, tail = re.split(r"[.,]", body)
        head = ("−" if sign < 0 else "") + head
        return (f"Tvetydigt tal: '{text}' kan betyda {head},{tail} eller {head} {tail} – skriv tusental med "
                f"mellanslag ({head} {tail}) eller ange värdet i en talcell")
    if _PLAIN.match(body):
        return sign * float(body.replace(",", "."))
    if _SPACE_GROUPS.match(body):
        cleaned = re.sub(f"[{GROUP_SPACES}]", "", body)
        return sign * float(cleaned.replace(",", "."))
    if _DOT_GROUPS.match(body):
        return sign * float(body.replace(".", "").replace(",", "."))
    if _COMMA_GROUPS.match(body):
        return sign * float(body.replace(",", ""))
    return None


def parse_number(value, *, unit: str = "kr") -> Reading:
    """A number in the column's unit ("kr" or "tkr"); "kr"/"tkr"/"mkr" after the number converts exactly."""
    if is_blank(value):
        return BLANK
    if isinstance(value, bool):
        return Reading(reason="Värdet är ett sant/falskt-värde, inte ett tal")
    if isinstance(value, (int, float)):
        return Reading(float(value))
    text = str(value).strip()
    factor = 1.0
    match = _UNIT.match(text)
    if match and match.group("number"):
        factor = UNIT_FACTORS[match.group("unit").lower()] / UNIT_FACTORS[unit]
        text = match.group("number").strip()
    number = _number_text(text)
    if isinstance(number, str):
        return Reading(reason=number)
    if number is None:
        return Reading(reason="Värdet är inte ett tal")
    return Reading(round(number * factor, 6))


def parse_timestamp(value) -> Reading:
    """A date and time: a date cell, an Excel serial number (2000–2099) or ISO text."""
    if is_blank(value):
        return BLANK
    if isinstance(value, datetime):
        return Reading(value.replace(tzinfo=None) if value.tzinfo else value)
    if isinstance(value, pd.Timestamp):
        return Reading(value.to_pydatetime())
    if isinstance(value, date):
        return Reading(datetime(value.year, value.month, value.day))
    serial = _serial(value)
    if serial is not None:
        return Reading(serial)
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", text):
        try:
            return Reading(pd.Timestamp(text).to_pydatetime())
        except ValueError:
            pass
    return Reading(reason="Värdet är inte en tidpunkt; skriv ÅÅÅÅ-MM-DD TT:MM")


def _serial(value) -> datetime | None:
    """An Excel serial number (a number cell, or digits as text) within 2000–2099 as a datetime."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str) and re.fullmatch(r"\d{5}(?:[.,]\d+)?", value.strip()):
        number = float(value.strip().replace(",", "."))
    else:
        return None
    if not SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
        return None
    return EXCEL_EPOCH + timedelta(seconds=round(number * 86_400))  # to the second Excel shows, not float noise


def parse_period(value) -> Reading:
    """A budget period as (year, month): 202407, '2024-07', '2024/7' or a date (Excel turns 2024-07 into one)."""
    if is_blank(value):
        return BLANK
    if isinstance(value, (datetime, date, pd.Timestamp)):
        return Reading((value.year, value.month))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
        if number == int(number) and 190001 <= number <= 209912 and 1 <= int(number) % 100 <= 12:
            return Reading((int(number) // 100, int(number) % 100))
        serial = _serial(value)
        if serial is not None:
            return Reading((serial.year, serial.month))
    text = str(value).strip().removesuffix(".0")
    if re.fullmatch(r"(19|20)\d\d(0[1-9]|1[0-2])", text):
        return Reading((int(text[:4]), int(text[4:])))
    match = _PERIOD_TEXT.match(text)
    if match:
        return Reading((int(match.group("ar")), int(match.group("manad"))))
    date_text = parse_timestamp(text)
    if date_text.ok and date_text.value is not None:
        return Reading((date_text.value.year, date_text.value.month))
    return Reading(reason="Perioden kan inte läsas; skriv ÅÅÅÅMM eller ÅÅÅÅ-MM, till exempel 202407")


def parse_integer(value, minimum: int, maximum: int) -> Reading:
    """A whole number within [minimum, maximum]."""
    reading = parse_number(value)
    if reading.value is None:
        return reading if reading.reason else BLANK
    if reading.value != int(reading.value) or not minimum <= reading.value <= maximum:
        return Reading(reason=f"Värdet måste vara ett heltal mellan {minimum} och {maximum}")
    return Reading(int(reading.value))


def out_of_line(value: float, others: list[float], factor: float = 100.0, *, smaller: bool = True) -> str | None:
    """Why an amount looks wrong next to the same unit's other periods (≥ factor times off), or None.

    Needs at least two other non-zero periods to compare with; compares absolute values with their median.
    smaller=False: only a too large amount is out of line (accumulated amounts are small early in the year).
    """
    others = [abs(o) for o in others if o is not None and o == o and o != 0]
    if len(others) < 2 or value is None or value == 0:
        return None
    typical = sorted(others)[len(others) // 2]
    ratio = abs(value) / typical
    if ratio >= factor:
        return (f"Beloppet är omkring {_round_ratio(ratio)} gånger större än samma enhets övriga perioder "
                "– kontrollera enheten (kr eller tkr) eller om en nolla blivit för mycket")
    if smaller and ratio <= 1 / factor:
        return (f"Beloppet är omkring {_round_ratio(1 / ratio)} gånger mindre än samma enhets övriga perioder "
                "– kontrollera enheten (kr eller tkr)")
    return None


def _round_ratio(ratio: float) -> str:
    """A ratio rounded to one significant digit, written the Swedish way (1 000)."""
    magnitude = 10 ** (len(str(int(ratio))) - 1)
    return f"{round(ratio / magnitude) * magnitude:,.0f}".replace(",", " ")


def cell_text(value) -> str | None:
    """A cell as the text a person sees in Swedish Excel: 5 not '5.0', 3,5 not '3.5', a date without '00:00:00'."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return "SANT" if value else "FALSKT"
    if isinstance(value, (int, float)):
        return str(int(value)) if float(value).is_integer() else repr(float(value)).replace(".", ",")
    if isinstance(value, (datetime, pd.Timestamp)):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M" if value.second == 0 else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M" if value.second == 0 else "%H:%M:%S")
    return str(value)


def in_unit(value, typed_unit: str, unit: str):
    """A cell of a column whose header says `typed_unit`, as a number in `unit`; an unreadable value unchanged.

    The unchanged value is then rejected by validation with what was typed.
    """
    reading = parse_number(value, unit=typed_unit)
    if not reading.ok or reading.value is None:
        return value
    return round(reading.value * UNIT_FACTORS[typed_unit.lower()] / UNIT_FACTORS[unit], 6)
