"""The reading principles, each proven on a full build of the demo raw folder with real-life damage.

1. a bad value is reported (file, sheet, row, column, value, Swedish reason), never silently changed or dropped;
2. one bad value rejects that value only – the response still counts and the kommun has answered;
3. a damaged workbook stops the build with a Swedish message, the published database byte-identical;
4. a hidden sheet is not read but reported;
and personal data typed into free text never reaches any curated table.
"""

import re
import shutil
import zipfile

import duckdb
import openpyxl
import pytest

from pipelines.build import run
from tests.conftest import RAW_DIR
from tests.test_bad_input import QUIET, assert_fails_untouched, rewrite_member

PERSONAL = re.compile(r"@|070[\s-]*123|19800101|765 43 21")
FREE_TEXT = ("Ring mig på 070-123 45 67 eller skriv till linnea.sjoberg@nordmaling.se. "
             "Ärendet gäller 19800101-1234.")


def counting_row(db, kommunkod: str = "2401") -> tuple[int, int]:
    """(svars_id, spreadsheet row) of a kommun's (default Nordmaling's) counting 2024 response in a built database."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select svars_id, rad from enkatsvar where utvardering = 2024 and kommunkod = ? "
                           "and galler", [kommunkod]).fetchone()


@pytest.fixture(scope="module")
def damaged_build(demo_env, tmp_path_factory):
    """The demo raw folder as people edit it: a bad Likert label, personal data in free text, a hidden sheet."""
    base = tmp_path_factory.mktemp("principles")
    raw, db = base / "raw", base / "curated" / "utvardering.duckdb"
    shutil.copytree(RAW_DIR, raw)
    svars_id, rad = counting_row(demo_env["db"])
    book = openpyxl.load_workbook(raw / "utvardering_2024.xlsx")
    sheet = book["Svar"]
    sheet[f"G{rad}"] = "Kanske"                       # a Likert label that does not exist
    sheet[f"H{rad}"] = "ring 070-765 43 21"           # a bad Likert value that is personal data itself
    sheet[f"R{rad}"] = FREE_TEXT
    bjurholm = counting_row(demo_env["db"], "2403")
    sheet[f"C{bjurholm[1]}"] = "igår eftermiddag"      # a Slutförandetid that cannot be read
    hidden = book.create_sheet("Gammal export")
    hidden.append(["ID", "Vilken kommun svarar du för?"])
    hidden.append([999, "Umeå"])
    hidden.sheet_state = "hidden"
    book.save(raw / "utvardering_2024.xlsx")
    budget = openpyxl.load_workbook(raw / "budgetuppfoljning.xlsx")
    budget["Uppföljning"].row_dimensions[5].hidden = True   # filtered out in Excel
    budget.save(raw / "budgetuppfoljning.xlsx")
    run(raw, db, force=True, **QUIET)
    with duckdb.connect(str(db), read_only=True) as con:
        yield {"con": con, "svars_id": svars_id, "rad": rad, "demo": demo_env["db"], "bjurholm": bjurholm,
               "log": demo_env["logs"]}


def test_bad_likert_value_is_reported_with_its_place_and_reason(damaged_build):
    con, rad = damaged_build["con"], damaged_build["rad"]
    rows = con.execute("select kolumn, orsak from rejected_rows where fil = 'utvardering_2024.xlsx' "
                       "and blad = 'Svar' and rad = ? and varde = 'Kanske'", [rad]).fetchall()
    [(kolumn, orsak)] = rows
    assert kolumn.startswith("I vilken utsträckning har samverkan bidragit till att: Öka kvaliteten")
    assert orsak.startswith("Okänt svarsalternativ")


def test_one_bad_likert_value_leaves_the_rest_of_the_response_counted(damaged_build):
    con, svars_id = damaged_build["con"], damaged_build["svars_id"]
    query = "select fraga_id, svar from likertsvar where utvardering = 2024 and svars_id = ? order by fraga_id"
    with duckdb.connect(str(damaged_build["demo"]), read_only=True) as demo:
        before = dict(demo.execute(query, [svars_id]).fetchall())
    after = dict(con.execute(query, [svars_id]).fetchall())
    assert set(before) - set(after) == {"syfte_1", "syfte_2"}        # only the two bad values are gone
    assert after == {k: v for k, v in before.items() if k not in {"syfte_1", "syfte_2"}}
    assert con.execute("select har_svarat, svars_id from deltagande where utvardering = 2024 "
                       "and kommunkod = '2401'").fetchone() == (True, svars_id)


def test_personal_data_never_reaches_a_curated_table(damaged_build):
    con = damaged_build["con"]
    columns = con.execute("select table_schema, table_name, column_name from information_schema.columns "
                          "where data_type = 'VARCHAR'").fetchall()
    assert len({t for _s, t, _c in columns}) > 20   # every curated table and the staging tables
    for schema, table, column in columns:
        values = [v for (v,) in con.execute(f'select distinct "{column}" from "{schema}"."{table}"').fetchall() if v]
        leaks = [v for v in values if PERSONAL.search(v)]
        assert not leaks, f"{schema}.{table}.{column}: {leaks[:3]}"
    texts = [t for (t,) in con.execute("select text from fritextsvar where utvardering = 2024 and svars_id = ?",
                                       [damaged_build["svars_id"]]).fetchall()]
    assert any("[telefonnummer borttaget]" in t and "[e-post borttagen]" in t and "[personnummer borttaget]" in t
               for t in texts)


def test_number_masked_is_in_the_load_manifest(damaged_build):
    masked = damaged_build["con"].execute("select personuppgifter_maskerade from load_manifest "
                                          "where fil = 'utvardering_2024.xlsx'").fetchone()[0]
    assert masked == 4   # e-post, telefon, personnummer in free text; telefon in the rejected Likert value


def test_hidden_sheet_is_reported_not_read(damaged_build):
    con = damaged_build["con"]
    [(orsak,)] = con.execute("select orsak from rejected_rows where fil = 'utvardering_2024.xlsx' "
                             "and blad = 'Gammal export' and rad = 0").fetchall()
    assert "dolt" in orsak
    assert con.execute("select count(*) from enkatsvar where svars_id = 999").fetchone()[0] == 0


def corrupt_member_bytes(path, member: str) -> None:
    """Overwrite the compressed bytes of one part inside the zip, leaving the zip directory intact."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    data = bytearray(path.read_bytes())
    name_len, extra_len = (int.from_bytes(data[info.header_offset + o:info.header_offset + o + 2], "little")
                           for o in (26, 28))
    start = info.header_offset + 30 + name_len + extra_len
    for i in range(start + 10, start + min(info.compress_size, 200)):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


def test_corrupt_compressed_sheet_inside_workbook_stops_with_swedish_message(raw_workspace):
    raw, db = raw_workspace
    corrupt_member_bytes(raw / "utvardering_2025.xlsx", "xl/worksheets/sheet1.xml")
    assert_fails_untouched(raw, db, r"utvardering_2025\.xlsx: filen är skadad")


def test_garbage_sheet_xml_inside_workbook_stops_with_swedish_message(raw_workspace):
    raw, db = raw_workspace
    rewrite_member(raw / "kommunala_anslag.xlsx", "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row><c")
    assert_fails_untouched(raw, db, r"kommunala_anslag\.xlsx: .*(skadad|kan inte läsas)")


def test_garbage_bytes_as_sheet_stops_with_swedish_message(raw_workspace):
    raw, db = raw_workspace
    rewrite_member(raw / "budgetuppfoljning.xlsx", "xl/worksheets/sheet1.xml", bytes(range(256)) * 20)
    assert_fails_untouched(raw, db, r"budgetuppfoljning\.xlsx: .*(skadad|kan inte läsas)")


def test_corrupt_sheet_part_on_the_command_line_exits_1_without_traceback(raw_workspace, capsys):
    from pipelines.__main__ import main as cli_main
    from tests.test_bad_input import digest

    raw, db = raw_workspace
    corrupt_member_bytes(raw / "utvardering_2024.xlsx", "xl/worksheets/sheet1.xml")
    before = digest(db)
    assert cli_main(["--raw", str(raw), "--db", str(db), "--force"]) == 1
    captured = capsys.readouterr()
    assert "utvardering_2024.xlsx: filen är skadad" in captured.err and "oförändrad" in captured.err
    assert "Traceback" not in captured.err + captured.out
    assert digest(db) == before


def test_unreadable_time_rejects_the_time_only_and_the_kommun_has_answered(damaged_build):
    con, (svars_id, rad) = damaged_build["con"], damaged_build["bjurholm"]
    [(kolumn, orsak)] = con.execute("select kolumn, orsak from rejected_rows where fil = 'utvardering_2024.xlsx' "
                                    "and rad = ?", [rad]).fetchall()
    assert kolumn == "Slutförandetid" and "inte en tidpunkt" in orsak and "raden läses inte" not in orsak
    assert con.execute("select har_svarat, svars_id, sluttid, efter_sista_svarsdag from deltagande "
                       "where utvardering = 2024 and kommunkod = '2403'").fetchone() == (True, svars_id, None, False)
    assert con.execute("select count(*) from likertsvar where utvardering = 2024 and svars_id = ?",
                       [svars_id]).fetchone()[0] > 0


def test_rows_and_sheets_not_read_are_in_rejected_rows_and_the_log(damaged_build):
    con = damaged_build["con"]
    assert con.execute("select count(*) from rejected_rows where fil = 'budgetuppfoljning.xlsx' and rad = 5 "
                       "and orsak like 'Raden är dold i Excel%'").fetchone()[0] == 1
    assert con.execute("select count(*) from staging.stg_budget where _rad = 5").fetchone()[0] == 0
    log = "".join(p.read_text(encoding="utf-8") for p in damaged_build["log"].glob("*.log"))
    assert "budgetuppfoljning.xlsx, blad 'Uppföljning', rad 5: Raden är dold i Excel" in log
    assert "utvardering_2024.xlsx, blad 'Gammal export': Bladet är dolt i Excel" in log
