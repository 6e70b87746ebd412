"""Read delivered .xlsx files safely: size and compression caps, no XML entities, then calamine."""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse

from pipelines.errors import BuildError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 150
MAX_MEMBERS = 2000
XML_SCAN_BYTES = 4096
# The first bytes of an OLE2 compound file: an encrypted (password-protected) workbook or an old .xls file.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_container(path: Path) -> None:
    """Refuse empty, corrupt or oversized files and zip bombs before any parsing."""
    name = path.name
    size = path.stat().st_size
    if size == 0:
        raise BuildError(name, "filen är tom (0 byte).")
    if size > MAX_FILE_BYTES:
        raise BuildError(name, f"filen är för stor ({size // 1_048_576} MB, gränsen är {MAX_FILE_BYTES // 1_048_576} MB).")
    with open(path, "rb") as handle:
        head = handle.read(len(OLE2_MAGIC))
    if head == OLE2_MAGIC:
        raise BuildError(name, "filen är lösenordsskyddad eller sparad i det gamla .xls-formatet. Ta bort "
                               "lösenordet eller spara den som Excel-arbetsbok (.xlsx) och försök igen.")
    if not zipfile.is_zipfile(path):
        raise BuildError(name, "filen kan inte läsas som Excel-fil (.xlsx); den är skadad eller av fel format.")
    try:
        with zipfile.ZipFile(path) as archive:
            check_archive(name, archive)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as error:
        raise BuildError(name, "filen är skadad (en del av Excel-filen kan inte packas upp). Spara om den från "
                               "Excel och försök igen.") from error


def check_archive(name: str, archive: zipfile.ZipFile) -> None:
    """Caps on the parts of an open .xlsx container, CRC of every part, and no XML entities."""
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
    damaged = archive.testzip()
    if damaged is not None:
        raise BuildError(name, f"filen är skadad (delen {damaged} stämmer inte med sin kontrollsumma). "
                               "Spara om den från Excel och försök igen.")
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
    return list(sheet_visibility(path))


def sheet_visibility(path: Path) -> dict[str, bool]:
    """Each sheet's name and whether a person sees it in Excel (hidden and very hidden sheets are not seen)."""
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    try:
        metadata = CalamineWorkbook.from_path(str(path)).sheets_metadata
    except Exception as error:  # noqa: BLE001 - any calamine failure means the workbook is unreadable
        raise BuildError(path.name, f"filen kan inte läsas som Excel-fil ({type(error).__name__}). Spara om den "
                                    "från Excel och försök igen.") from error
    return {m.name: m.visible == SheetVisibleEnum.Visible for m in metadata}


@dataclass
class Workbook:
    """A workbook opened once after the container checks: its sheets' visibility and the open file."""

    path: Path
    visible: dict[str, bool]
    excel: pd.ExcelFile

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *_exc) -> None:
        self.excel.close()


def open_workbook(path: Path) -> Workbook:
    """Check the container and open the workbook once, for reading any number of its sheets."""
    check_container(path)
    visible = sheet_visibility(path)
    try:
        excel = pd.ExcelFile(path, engine="calamine")
    except Exception as error:  # noqa: BLE001 - any calamine failure means the workbook is unreadable
        raise BuildError(path.name, f"filen kan inte läsas som Excel-fil ({type(error).__name__}). Spara om den "
                                    "från Excel och försök igen.") from error
    return Workbook(path, visible, excel)


def read_sheet(path: Path, sheet: str, header_row: int | None = 0, book: Workbook | None = None) -> pd.DataFrame:
    """Read one visible sheet with calamine after the container checks; every cell kept as delivered.

    book: the workbook already opened (and checked) by open_workbook; by default it is opened here.
    """
    if book is None:
        with open_workbook(path) as opened:
            return read_sheet(path, sheet, header_row, opened)
    visible = book.visible
    if sheet not in visible:
        raise BuildError(path.name, f"bladet '{sheet}' saknas (filen har: {', '.join(visible)}).")
    if not visible[sheet]:
        raise BuildError(path.name, f"bladet '{sheet}' är dolt i Excel och läses därför inte. Gör bladet synligt "
                                    "om det är rätt blad, och försök igen.")
    try:
        frame = pd.read_excel(book.excel, sheet_name=sheet, header=header_row, dtype=object)
    except Exception as error:  # noqa: BLE001
        raise BuildError(path.name, f"bladet '{sheet}' kan inte läsas ({type(error).__name__}). Spara om filen "
                                    "från Excel och försök igen.") from error
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.dropna(how="all")


def _part_path(base: str, target: str) -> str:
    """The zip path of a relationship target, relative to the folder of the part that names it."""
    if target.startswith("/"):
        return target.lstrip("/")
    folder = base.rsplit("/", 1)[0] if "/" in base else ""
    parts: list[str] = []
    for piece in f"{folder}/{target}".split("/"):
        if piece == "..":
            parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _local(tag: str) -> str:
    """An XML name without its namespace (transitional and Strict Open XML use different ones)."""
    return tag.rsplit("}", 1)[-1]


def _attribute(element, name: str) -> str | None:
    """An attribute by its local name, whatever its namespace (r:id in either Open XML flavour)."""
    return next((v for k, v in element.attrib.items() if _local(k) == name), None)


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Id → (type, target) of a relationships part."""
    return {r.get("Id"): (r.get("Type", ""), r.get("Target", ""))
            for r in fromstring(archive.read(part)).iter() if _local(r.tag) == "Relationship"}


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str:
    """The zip path of a sheet's XML, found through the package's and the workbook's relationships."""
    workbook = next(_part_path("", target) for kind, target in _relationships(archive, "_rels/.rels").values()
                    if kind.endswith("/officeDocument"))
    sheet_id = next(_attribute(s, "id") for s in fromstring(archive.read(workbook)).iter()
                    if _local(s.tag) == "sheet" and s.get("name") == sheet)
    workbook_rels = _part_path(workbook, "_rels/" + workbook.rsplit("/", 1)[-1] + ".rels")
    return _part_path(workbook, _relationships(archive, workbook_rels)[sheet_id][1])


def hidden_rows_and_columns(path: Path, sheet: str) -> tuple[set[int], set[int]]:
    """The rows and columns (1-based numbers) hidden in Excel on a sheet – hidden by hand or filtered out."""
    rows: set[int] = set()
    columns: set[int] = set()
    number = 0   # a row without r="…" follows the previous one
    try:
        with zipfile.ZipFile(path) as archive, archive.open(_sheet_part(archive, sheet)) as part:
            for _event, element in iterparse(part, forbid_dtd=True):
                tag = _local(element.tag)
                if tag == "row":
                    number = int(element.get("r") or number + 1)
                    if element.get("hidden") in ("1", "true"):
                        rows.add(number)
                    element.clear()
                elif tag == "col" and element.get("hidden") in ("1", "true"):
                    columns.update(range(int(element.get("min")), int(element.get("max")) + 1))
    except Exception as error:  # noqa: BLE001 - a workbook whose structure cannot be followed cannot be trusted
        raise BuildError(path.name, f"bladet '{sheet}': det går inte att avgöra vilka rader och kolumner som är "
                                    f"dolda ({type(error).__name__}). Spara om filen från Excel och försök "
                                    "igen.") from error
    return rows, columns
