"""Read delivered .xlsx files safely: size and compression caps, no XML entities, then calamine."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from pipelines.errors import BuildError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 150
MAX_MEMBERS = 2000
XML_SCAN_BYTES = 4096


def check_container(path: Path) -> None:
    """Refuse empty, corrupt or oversized files and zip bombs before any parsing."""
    name = path.name
    size = path.stat().st_size
    if size == 0:
        raise BuildError(name, "filen är tom (0 byte).")
    if size > MAX_FILE_BYTES:
        raise BuildError(name, f"filen är för stor ({size // 1_048_576} MB, gränsen är {MAX_FILE_BYTES // 1_048_576} MB).")
    if not zipfile.is_zipfile(path):
        raise BuildError(name, "filen kan inte läsas som Excel-fil (.xlsx); den är skadad eller av fel format.")
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise BuildError(name, f"filen innehåller för många delar ({len(members)}); den kan vara en zip-bomb.")
        total = sum(m.file_size for m in members)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise BuildError(name, f"filen packas upp till {total // 1_048_576} MB, över gränsen "
                                   f"{MAX_UNCOMPRESSED_BYTES // 1_048_576} MB; den kan vara en zip-bomb.")
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > 1_048_576 and ratio > MAX_COMPRESSION_RATIO:
                raise BuildError(name, f"delen {member.filename} är packad {ratio:.0f} gånger, över gränsen "
                                       f"{MAX_COMPRESSION_RATIO}; filen kan vara en zip-bomb.")
        for member in members:
            if member.filename.endswith((".xml", ".rels")):
                check_xml_part(name, member.filename, archive.read(member))


def check_xml_part(name: str, part: str, data: bytes) -> None:
    """Refuse XML parts that declare a DTD or entities (billion laughs, external entities)."""
    head = data[:XML_SCAN_BYTES]
    if b"<!DOCTYPE" not in head and b"<!ENTITY" not in head:
        return
    try:
        fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise BuildError(name, f"delen {part} innehåller XML-deklarationer (DTD/entiteter) som inte är tillåtna "
                               f"i en Excel-fil ({type(error).__name__}); filen kan vara skadlig.") from error
    except Exception as error:  # noqa: BLE001 - any parse failure means the file is unusable
        raise BuildError(name, f"delen {part} är inte giltig XML: {error}") from error


def sheet_names(path: Path) -> list[str]:
    """Names of the sheets in a checked workbook."""
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path)).sheet_names


def read_sheet(path: Path, sheet: str, header_row: int = 0) -> pd.DataFrame:
    """Read one sheet with calamine after the container checks; every cell kept as delivered."""
    check_container(path)
    try:
        names = sheet_names(path)
    except Exception as error:  # noqa: BLE001
        raise BuildError(path.name, f"filen kan inte läsas som Excel-fil: {error}") from error
    if sheet not in names:
        raise BuildError(path.name, f"bladet '{sheet}' saknas (filen har: {', '.join(names)}).")
    try:
        frame = pd.read_excel(path, sheet_name=sheet, engine="calamine", header=header_row, dtype=object)
    except Exception as error:  # noqa: BLE001
        raise BuildError(path.name, f"bladet '{sheet}' kan inte läsas: {error}") from error
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.dropna(how="all")
