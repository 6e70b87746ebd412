"""The old corrections log ``temakorrigeringar.csv``, read leniently for its one-time import into the users' store.

The file was written by the app as UTF-8 with commas (svar_id, tema_id, atgard,
anvandare, tidpunkt), but people open and save it in Excel: then it may have a
BOM, semicolons, Windows-1252 and dates such as ``2025-10-01 11:00``. Everything
that can be read is read; every line that cannot is reported in Swedish with its
line number, and nothing here ever raises for bad content.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo


from userstore import Correction

REQUIRED = ("svar_id", "tema_id", "atgard", "anvandare", "tidpunkt")
LOCAL_TIME = ZoneInfo("Europe/Stockholm")
"""Times written without an offset (Excel drops it) are Swedish local time."""
DAY_FIRST_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M")
CSV_USER_PREFIX = "csv:"
"""User id of an imported row: the old file recorded only a typed name, so the id is 'csv:<name>'."""


@dataclass
class CsvContent:
    """What could be read from the file, and one Swedish message per problem."""

    corrections: list[Correction] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    rejected: int = 0


def decode(data: bytes) -> tuple[str, str | None]:
    """The file's text (BOM dropped) and a note when it was not UTF-8 (then read as Windows-1252)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "filen var inte UTF-8 och lästes som Windows-1252 (Excel)"


def delimiter(header: str) -> str:
    """',' as the app wrote it, ';' or a tab when Excel saved the file."""
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: (counts[sep], sep == ","))


def split_line(line: str, sep: str) -> list[str]:
    """The fields of one line (quotes as Excel writes them; an unbalanced quote spoils only this line)."""
    try:
        return next(csv.reader([line], delimiter=sep, strict=False))
    except (csv.Error, StopIteration):
        return [line]


def parse_time(text: str) -> datetime | None:
    """An ISO 8601 time (with or without offset) or a day-first Excel time; naive times are Swedish local time."""
    value = text.strip()
    if not value:
        return None
    moment = None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        for fmt in DAY_FIRST_FORMATS:
            try:
                moment = datetime.strptime(value, fmt)
                break
            except ValueError:
                continue
    if moment is None:
        return None
    return moment.replace(tzinfo=LOCAL_TIME) if moment.tzinfo is None else moment


def row_problem(values: dict[str, str], tema_ids: set[str]) -> str | None:
    """Why a row cannot be imported (Swedish), or None when it can."""
    if not values["svar_id"]:
        return "svar_id saknas"
    if values["tema_id"] not in tema_ids:
        return f"okänt tema '{values['tema_id']}'"
    if values["atgard"] not in ("lagg_till", "ta_bort"):
        return f"okänd åtgärd '{values['atgard']}' (ska vara lagg_till eller ta_bort)"
    if not values["anvandare"]:
        return "användare saknas"
    if parse_time(values["tidpunkt"]) is None:
        return f"ogiltig tidpunkt '{values['tidpunkt']}'"
    return None


def line_correction(fields: list[str], width: int, position: dict[str, int], tema_ids: set[str]) -> Correction | str:
    """One line's correction, or why it cannot be imported (Swedish)."""
    if len(fields) != width:
        return f"{len(fields)} fält i stället för {width}"
    values = {column: fields[index].strip() for column, index in position.items()}
    values["atgard"] = values["atgard"].lower()
    problem = row_problem(values, tema_ids)
    if problem:
        return problem
    return Correction(svar_id=values["svar_id"], tema_id=values["tema_id"], atgard=values["atgard"],
                      user_id=CSV_USER_PREFIX + values["anvandare"], user_name=values["anvandare"],
                      tidpunkt=parse_time(values["tidpunkt"]))


def read_corrections_csv(data: bytes, tema_ids: set[str], name: str = "temakorrigeringar.csv") -> CsvContent:
    """Read the old log's bytes: the valid rows as corrections, and a message per unreadable line."""
    out = CsvContent()
    text, note = decode(data)
    if note:
        out.problems.append(f"{name}: {note}.")
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        return out
    sep = delimiter(lines[0])
    header = [h.strip().lower() for h in split_line(lines[0], sep)]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        out.problems.append(f"{name}: kolumnerna {', '.join(missing)} saknas i rubrikraden; "
                            "inga rättelser importerades.")
        out.rejected = len([line for line in lines[1:] if line.strip()])
        return out
    position = {column: header.index(column) for column in REQUIRED}
    for number, line in enumerate(lines[1:], start=2):  # one line per correction: a broken line spoils no other
        if not line.strip():
            continue
        result = line_correction(split_line(line, sep), len(header), position, tema_ids)
        if isinstance(result, Correction):
            out.corrections.append(result)
        else:
            out.problems.append(f"{name} rad {number}: {result}; raden importerades inte.")
            out.rejected += 1
    return out


def summary(content: CsvContent, name: str = "temakorrigeringar.csv") -> str:
    """One Swedish line on the import: how many rows were imported and how many were not."""
    imported = len(content.corrections)
    text = f"{name} importerades till användarnas databas: {imported} {'rättelse' if imported == 1 else 'rättelser'}"
    if content.rejected:
        text += f", {content.rejected} {'rad' if content.rejected == 1 else 'rader'} kunde inte läsas (se nedan)"
    return text + ". Filen lämnas orörd; databasen gäller från och med nu."

