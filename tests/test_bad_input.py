"""Bad input gets a clear Swedish message, never touches the published database and never edits raw files."""

import hashlib
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pytest

from pipelines import xlsx
from pipelines.__main__ import main as cli_main
from pipelines.build import BuildError, run
from pipelines.locks import build_lock_path

QUIET = {"log": lambda _m: None}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def edit_cell(path: Path, sheet: str, cell: str, value) -> None:
    book = openpyxl.load_workbook(path)
    book[sheet][cell] = value
    book.save(path)


def assert_fails_untouched(raw: Path, db: Path, match: str, *, strict: bool = False) -> None:
    """The build raises with the message, the published database is byte-identical, raw files unchanged."""
    before_db = digest(db)
    before_raw = {p.name: digest(p) for p in raw.iterdir()}
    with pytest.raises(BuildError, match=match):
        run(raw, db, force=True, strict=strict, **QUIET)
    assert digest(db) == before_db
    assert {p.name: digest(p) for p in raw.iterdir()} == before_raw
    # no temporary file; the read cache keeps what was validated (keyed on the files' content)
    assert [p.name for p in db.parent.iterdir() if p != build_lock_path(db) and p.name != "lasningscache"] == [db.name]
    assert not list(db.parent.rglob("*.tmp"))


def test_missing_column(raw_workspace):
    raw, db = raw_workspace
    book = openpyxl.load_workbook(raw / "budgetuppfoljning.xlsx")
    book["Uppföljning"].delete_cols(5)  # Utfall ack.
    book.save(raw / "budgetuppfoljning.xlsx")
    assert_fails_untouched(raw, db, r"budgetuppfoljning\.xlsx.*kolumnen 'Utfall ack\.' saknas")


def test_missing_kommun_column_in_survey(raw_workspace):
    raw, db = raw_workspace
    book = openpyxl.load_workbook(raw / "utvardering_2024.xlsx")
    book["Svar"].delete_cols(6)  # Vilken kommun svarar du för?
    book.save(raw / "utvardering_2024.xlsx")
    assert_fails_untouched(raw, db, r"utvardering_2024\.xlsx.*kolumnen för kommun saknas")


def test_uncatalogued_column_stops_the_build(raw_workspace):
    raw, db = raw_workspace
    edit_cell(raw / "utvardering_2025.xlsx", "Svar", "B1", "Starttidpunkt (ny rubrik)")
    assert_fails_untouched(raw, db, r"kolumnen 'Starttidpunkt \(ny rubrik\)' finns inte i frågekatalogen")


def test_reworded_header_loads_by_editing_the_catalogue_alone(raw_workspace):
    raw, db = raw_workspace
    edit_cell(raw / "utvardering_2025.xlsx", "Svar", "B1", "Starttidpunkt")
    with open(raw / "fragekatalog.csv", "a", encoding="utf-8") as catalogue:
        catalogue.write("Starttidpunkt,meta_starttid,meta,meta,Starttid,nej,,,,\n")
    assert run(raw, db, force=True, **QUIET).rebuilt


def test_unknown_kommun_is_reported_and_rejected(raw_workspace):
    raw, db = raw_workspace
    edit_cell(raw / "kommunala_anslag.xlsx", "2024", "A5", "Luleå kommun")
    result = run(raw, db, force=True, **QUIET)
    assert result.rejected >= 1
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("select fil, blad, rad, kolumn, varde, orsak from rejected_rows where varde = 'Luleå kommun'").fetchall()
    assert rows == [("kommunala_anslag.xlsx", "2024", 5, "Kommun", "Luleå kommun",
                     "Okänd kommun: namnet eller koden matchar ingen av länets 15 kommuner")]


def test_unknown_kommun_with_strict_stops_and_keeps_database(raw_workspace):
    raw, db = raw_workspace
    edit_cell(raw / "utvardering_2024.xlsx", "Svar", "F3", "Luleå")
    assert_fails_untouched(raw, db, r"utvardering_2024\.xlsx blad Svar rad 3 kolumn .* värde 'Luleå': Okänd kommun",
                           strict=True)


def test_text_in_number_column(raw_workspace):
    raw, db = raw_workspace
    edit_cell(raw / "budgetuppfoljning.xlsx", "Uppföljning", "E10", "ca 700")
    run(raw, db, force=True, **QUIET)
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("select fil, rad, kolumn, varde, orsak from rejected_rows").fetchone()
    assert row[:4] == ("budgetuppfoljning.xlsx", 10, "Utfall ack.", "ca 700")
    assert row[4].startswith("Värdet är inte ett tal")


def test_text_in_number_column_with_strict_keeps_database(raw_workspace):
    raw, db = raw_workspace
    edit_cell(raw / "budgetuppfoljning.xlsx", "Uppföljning", "E10", "ca 700")
    assert_fails_untouched(raw, db, r"rad 10 kolumn 'Utfall ack\.' värde 'ca 700': Värdet är inte ett tal", strict=True)


def test_duplicated_row(raw_workspace):
    raw, db = raw_workspace
    book = openpyxl.load_workbook(raw / "kommunala_anslag.xlsx")
    sheet = book["2025"]
    sheet.insert_rows(6)
    for column in range(1, 6):
        sheet.cell(6, column).value = sheet.cell(5, column).value
    book.save(raw / "kommunala_anslag.xlsx")
    assert_fails_untouched(raw, db, r"Varje kommun får bara ha ett belopp per år och post.*rad 5.*rad 6")


def test_empty_file(raw_workspace):
    raw, db = raw_workspace
    (raw / "kommunala_anslag.xlsx").write_bytes(b"")
    assert_fails_untouched(raw, db, r"kommunala_anslag\.xlsx: filen är tom")


def test_corrupt_xlsx(raw_workspace):
    raw, db = raw_workspace
    data = (raw / "utvardering_2025.xlsx").read_bytes()
    (raw / "utvardering_2025.xlsx").write_bytes(data[: len(data) // 2])
    assert_fails_untouched(raw, db, r"utvardering_2025\.xlsx: filen kan inte läsas som Excel-fil")


def rewrite_member(path: Path, member: str, content: bytes) -> None:
    """Replace one part of an xlsx package."""
    with zipfile.ZipFile(path) as source:
        parts = {i.filename: source.read(i) for i in source.infolist()}
    parts[member] = content
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol4;</t></si></sst>"""


def test_xml_entity_bomb(raw_workspace):
    raw, db = raw_workspace
    rewrite_member(raw / "budgetuppfoljning.xlsx", "xl/sharedStrings.xml", BILLION_LAUGHS)
    assert_fails_untouched(raw, db, r"budgetuppfoljning\.xlsx: delen xl/sharedStrings\.xml innehåller XML-deklarationer")


def test_zip_bomb_compression_ratio(raw_workspace):
    raw, db = raw_workspace
    rewrite_member(raw / "budgetuppfoljning.xlsx", "xl/media/padding.bin", b"\0" * 30_000_000)
    assert_fails_untouched(raw, db, r"budgetuppfoljning\.xlsx: delen xl/media/padding\.bin är packad \d+ gånger")


def test_zip_bomb_total_size(raw_workspace, monkeypatch):
    raw, db = raw_workspace
    monkeypatch.setattr(xlsx, "MAX_UNCOMPRESSED_BYTES", 10_000)
    assert_fails_untouched(raw, db, r"packas upp till .* över gränsen .* zip-bomb")


def test_cli_exit_code_and_message(raw_workspace, capsys):
    raw, db = raw_workspace
    (raw / "kommunala_anslag.xlsx").write_bytes(b"not a zip file at all")
    before = digest(db)
    assert cli_main(["--raw", str(raw), "--db", str(db), "--force"]) == 1
    err = capsys.readouterr().err
    assert "kommunala_anslag.xlsx" in err and "oförändrad" in err
    assert digest(db) == before
