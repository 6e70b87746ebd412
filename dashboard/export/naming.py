"""File names and safe spreadsheet cells for every export.

`neutralise_cell` makes sure text from an answer can never become a formula in a spreadsheet;
`export_filename` turns Swedish words into an ASCII file name; MIME_TYPES are the download types.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

MIME_TYPES: dict[str, str] = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

# A cell starting with one of these can be read as a formula by Excel and
# other spreadsheet programs (ASCII and full-width and small forms).
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n" "＝＋－＠" "﹦﹢﹣﹫")


def neutralise_cell(value: Any) -> Any:
    """Return a string that can never be read as a formula; other values unchanged.

    A string starting with = + - @ tab or CR (or their full-width forms), also after
    leading white space, gets a leading single quote: "=1+2" -> "'=1+2".
    Numbers are not touched: the number -5 stays a number, the text "-5" becomes "'-5".
    """
    if not isinstance(value, str) or not value:
        return value
    if value[0] in FORMULA_TRIGGERS or value.lstrip()[:1] in FORMULA_TRIGGERS:
        return "'" + value
    return value


_FILENAME_SPECIAL = str.maketrans({"æ": "ae", "ø": "o", "ß": "ss", "đ": "d", "ł": "l"})


def _ascii_slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text).lower().translate(_FILENAME_SPECIAL))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def export_filename(*parts: Any, ext: str) -> str:
    """Make an ASCII, lower-case, hyphenated file name from Swedish words.

    export_filename("utvärdering", 2025, "syften", ext="png") -> "utvardering-2025-syften.png"
    """
    stem = "-".join(slug for slug in (_ascii_slug(p) for p in parts if p is not None) if slug)
    extension = _ascii_slug(ext)
    return f"{stem or 'export'}.{extension}" if extension else stem or "export"
