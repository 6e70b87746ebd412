"""Upload fixtures for the import tests: demo files with one thing changed, as bytes."""

from __future__ import annotations

import io

import openpyxl

from pipelines.settings import PROJECT_ROOT

RAW = PROJECT_ROOT / "data" / "raw"
UMEA_2025 = 3_695_600
"""Umeå's anslag 2025 in the demo workbook (sum of its three posts)."""


def anslag_with_umea(total: int, *, summa_row: bool = True) -> bytes:
    """The demo anslag workbook with Umeå 2025 changed to `total` kr (the difference on Beredning, its Summa
    column updated); the sheet's Summa row too unless summa_row is False (then the build rejects that row)."""
    book = openpyxl.load_workbook(RAW / "kommunala_anslag.xlsx")
    sheet = book["2025"]
    for row in sheet.iter_rows(min_row=4):
        first = str(row[0].value or "")
        if first == "Umeå kommun" or (summa_row and first.lower().startswith("summa")):
            row[2].value += total - UMEA_2025
            row[4].value += total - UMEA_2025
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def survey_with_header(old: str, new: str) -> bytes:
    """The demo 2025 survey export with one column header renamed."""
    book = openpyxl.load_workbook(RAW / "utvardering_2025.xlsx")
    for cell in book["Svar"][1]:
        if cell.value == old:
            cell.value = new
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
