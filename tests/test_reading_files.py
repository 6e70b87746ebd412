"""Reading rules for whole files: CSV encodings and dialects, title rows, hidden sheets, one bad value, budget units."""

import codecs
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from pipelines import sources
from pipelines.errors import BuildError
from pipelines.kommuner import KommunResolver
from tests.conftest import RAW_DIR

KOMMUNER_CSV = "kommunkod,kommun,stavningar\n2480,Umeå,Umeå kommun|Umea\n2463,Åsele,Åsele kommun\n"


@pytest.fixture(scope="module")
def katalog():
    return sources.read_fragekatalog(RAW_DIR)


@pytest.fixture(scope="module")
def resolver():
    return KommunResolver.from_reference(sources.read_kommuner(RAW_DIR))


# --- CSV reference files -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding, delimiter, bom", [
    ("cp1252", ";", False),     # Swedish Excel: "CSV (semikolonavgränsad)"
    ("utf-8", ";", True),       # "CSV UTF-8" from Excel: a BOM
    ("utf-8", ",", True),
    ("utf-8", ",", False),
    ("utf-16", "\t", False),    # "Unicode-text" from Excel
])
def test_csv_saved_from_excel_is_read_whatever_encoding_and_delimiter(tmp_path, encoding, delimiter, bom):
    text = KOMMUNER_CSV.replace(",", delimiter)
    data = (codecs.BOM_UTF8 if bom else b"") + text.encode(encoding)
    path = tmp_path / "kommuner.csv"
    path.write_bytes(data)
    frame = sources.read_csv_source(path)
    assert list(frame.columns) == ["kommunkod", "kommun", "stavningar"]
    assert frame["kommun"].tolist() == ["Umeå", "Åsele"]
    assert frame.loc[0, "stavningar"] == "Umeå kommun|Umea"


def test_csv_in_nfd_is_read_as_nfc(tmp_path):
    import unicodedata
    path = tmp_path / "kommuner.csv"
    path.write_text(unicodedata.normalize("NFD", KOMMUNER_CSV), encoding="utf-8")
    assert sources.read_csv_source(path)["kommun"].tolist() == ["Umeå", "Åsele"]


def test_semicolon_csv_with_decimal_comma_keeps_the_comma_in_the_value(tmp_path):
    path = tmp_path / "skattekraft.csv"
    path.write_bytes("kommunkod;ar;skattekraft\n2480;2024;245 300,5\n".encode("cp1252"))
    frame = sources.read_csv_source(path)
    assert frame.loc[0, "skattekraft"] == "245 300,5"


def test_empty_csv_stops_with_a_message_naming_the_file(tmp_path):
    path = tmp_path / "kommuner.csv"
    path.write_bytes(b"\r\n")
    with pytest.raises(BuildError, match="kommuner.csv: filen är tom"):
        sources.read_csv_source(path)


# --- survey exports ------------------------------------------------------------------------------------------------

def survey_book(path: Path, rows: list[list], *, title_rows: list[list] = (), hidden: str | None = None) -> Path:
    """A survey export with the demo catalogue's first columns and two Likert questions."""
    header = list(openpyxl.load_workbook(RAW_DIR / "utvardering_2024.xlsx", read_only=True)["Svar"].iter_rows(
        max_row=1, values_only=True))[0][:8]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Svar"
    for row in [*title_rows, list(header), *rows]:
        sheet.append(row)
    if hidden:
        book.create_sheet(hidden).append(["Kommun", "Instämmer helt"])
        book[hidden].sheet_state = "hidden"
    book.save(path)
    return path


def answer(svars_id, kommun, first="Instämmer helt", second="Vet ej"):
    return [svars_id, datetime(2024, 9, 17, 8), datetime(2024, 9, 17, 8, 30), "a@b.se", "Anna", kommun, first, second]


def test_title_rows_above_the_export_header_are_skipped(tmp_path, katalog, resolver):
    path = survey_book(tmp_path / "u.xlsx", [answer(1, "Umeå kommun")],
                       title_rows=[["Utvärdering av samverkan 2024"], ["Export 2024-10-12"], []])
    answers, rejections = sources.read_survey(sources.SurveyFile(2024, path, "Svar"), katalog, resolver)
    assert set(answers["kommunkod"]) == {"2480"}
    assert answers["_rad"].unique().tolist() == [5]   # the spreadsheet row a person sees
    assert not rejections


def test_one_bad_likert_value_rejects_that_value_only(tmp_path, katalog, resolver):
    path = survey_book(tmp_path / "u.xlsx", [answer(1, "UMEÅ", first="Kanske"), answer(2, "Åsele")])
    answers, rejections = sources.read_survey(sources.SurveyFile(2024, path, "Svar"), katalog, resolver)
    first = answers[answers["svars_id"] == 1]
    assert first["kommunkod"].unique().tolist() == ["2480"]            # the response still counts
    assert first.set_index("fraga_id")["svar"].dropna().tolist() == ["Vet ej"]
    [bad] = rejections
    assert (bad.fil, bad.blad, bad.rad, bad.varde) == ("u.xlsx", "Svar", 2, "Kanske")
    assert "raden läses inte in" not in bad.orsak
    assert bad.kolumn.startswith("I vilken utsträckning") and "Okänt svarsalternativ" in bad.orsak


def test_likert_labels_in_other_case_are_counted(tmp_path, katalog, resolver):
    path = survey_book(tmp_path / "u.xlsx", [answer(1, "Umea", first="  instämmer HELT", second="vet ej ")])
    answers, rejections = sources.read_survey(sources.SurveyFile(2024, path, "Svar"), katalog, resolver)
    assert sorted(answers["svar"].dropna()) == ["Instämmer helt", "Vet ej"] and not rejections


def test_sluttid_as_serial_number_or_iso_text(tmp_path, katalog, resolver):
    rows = [answer(1, "Umeå"), answer(2, "Åsele")]
    rows[0][2] = 45552.354166666664
    rows[1][2] = "2024-09-17 08:30"
    path = survey_book(tmp_path / "u.xlsx", rows)
    answers, rejections = sources.read_survey(sources.SurveyFile(2024, path, "Svar"), katalog, resolver)
    assert set(answers["sluttid"]) == {datetime(2024, 9, 17, 8, 30)} and not rejections


def test_hidden_sheet_is_not_read_but_reported(tmp_path, katalog, resolver):
    path = survey_book(tmp_path / "u.xlsx", [answer(1, "Umeå")], hidden="Gamla svar")
    _answers, rejections = sources.read_survey(sources.SurveyFile(2024, path, "Svar"), katalog, resolver)
    [notice] = rejections
    assert (notice.blad, notice.rad) == ("Gamla svar", 0) and "dolt" in notice.orsak


def test_survey_sheet_that_is_hidden_stops_the_build(tmp_path, katalog, resolver):
    path = survey_book(tmp_path / "u.xlsx", [answer(1, "Umeå")])
    book = openpyxl.load_workbook(path)
    book.create_sheet("Synlig")
    book["Svar"].sheet_state = "hidden"
    book.save(path)
    with pytest.raises(BuildError, match=r"u\.xlsx: bladet 'Svar' är dolt"):
        sources.read_survey(sources.SurveyFile(2024, path, "Svar"), katalog, resolver)


# --- budget follow-up ----------------------------------------------------------------------------------------------

BUDGET_HEADER = ["Period", "Enhet", "Budget helår", "Budget perioden", "Utfall ack.", "Prognos helår"]


def budget_book(path: Path, rows: list[list], extra_sheet: str | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Uppföljning"
    for row in [BUDGET_HEADER, *rows]:
        sheet.append(row)
    if extra_sheet:
        book.create_sheet(extra_sheet).append(["anteckning"])
    book.save(path)
    return path


def test_budget_periods_and_amounts_as_people_type_them(tmp_path):
    path = budget_book(tmp_path / "b.xlsx", [
        [202405, "Beredningen", 2644, 1101, 1090, 2640],
        ["2024-06", "Beredningen", "2 644 tkr", "1 322", "1\u00a0318,5", "2 644 000 kr"],
        [datetime(2024, 7, 1), "Beredningen", 2644, 1542, "1 539", 2641],
    ])
    frame, rejections = sources.read_budget(path)
    assert not rejections
    assert list(zip(frame["ar"], frame["manad"])) == [(2024, 5), (2024, 6), (2024, 7)]
    assert frame["budget_helar_tkr"].tolist() == [2644, 2644, 2644]
    assert frame["utfall_ack_tkr"].tolist() == [1090, 1318.5, 1539]
    assert frame["prognos_helar_tkr"].tolist() == [2640, 2644, 2641]


def test_budget_ambiguous_and_implausible_amounts_are_rejected_not_published(tmp_path):
    path = budget_book(tmp_path / "b.xlsx", [
        [202405, "Beredningen", 2644, 1101, 1090, 2640],
        [202406, "Beredningen", 2644, 1322, "1.318", 2644],
        [202407, "Beredningen", 2644, 1542, 1539, 2641000],
        [202408, "Beredningen", 2644, 1763, 1770, 2641],
    ])
    frame, rejections = sources.read_budget(path)
    reasons = {(r.rad, r.kolumn): r.orsak for r in rejections}
    assert "Tvetydigt tal" in reasons[(3, "Utfall ack.")]
    assert "gånger större" in reasons[(4, "Prognos helår")]
    june, july = frame[frame["manad"] == 6].iloc[0], frame[frame["manad"] == 7].iloc[0]
    assert june["utfall_ack_tkr"] != june["utfall_ack_tkr"] and june["budget_helar_tkr"] == 2644  # only that value
    assert july["prognos_helar_tkr"] != july["prognos_helar_tkr"] and july["utfall_ack_tkr"] == 1539


def test_small_accumulated_outcome_early_in_the_year_is_not_rejected(tmp_path):
    rows = [[202400 + m, "Beredningen", 2644, 220 * m, 2 if m == 1 else 220 * m, 2644] for m in range(1, 13)]
    frame, rejections = sources.read_budget(budget_book(tmp_path / "b.xlsx", rows))
    assert not rejections and frame["utfall_ack_tkr"].tolist()[0] == 2


def test_budget_unread_sheet_is_reported(tmp_path):
    path = budget_book(tmp_path / "b.xlsx", [[202405, "Beredningen", 2644, 1101, 1090, 2640]], extra_sheet="Noter")
    _frame, rejections = sources.read_budget(path)
    [notice] = rejections
    assert (notice.blad, notice.rad) == ("Noter", 0) and "läses inte" in notice.orsak


def test_budget_column_outside_the_contract_is_reported(tmp_path):
    path = budget_book(tmp_path / "b.xlsx", [[202405, "Beredningen", 2644, 1101, 1090, 2640]])
    book = openpyxl.load_workbook(path)
    book["Uppföljning"]["G1"] = "Kommentar"
    book["Uppföljning"]["G2"] = "Prognosen sänkt"
    book.save(path)
    _frame, rejections = sources.read_budget(path)
    [notice] = rejections
    assert (notice.rad, notice.kolumn) == (0, "Kommentar") and notice.orsak.startswith("Kolumnen läses inte")


# --- kommunala anslag ----------------------------------------------------------------------------------------------

ANSLAG_HEADER = ["Kommun", *sources.schemas.ANSLAG_POSTER, "Summa"]


def anslag_book(path: Path, years: dict[str, list[list]], hidden: tuple[str, ...] = ()) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for year, rows in years.items():
        sheet = book.create_sheet(year)
        for row in [[f"Kommunala anslag {year} (kr)"], [], ANSLAG_HEADER, *rows]:
            sheet.append(row)
        if year in hidden:
            sheet.sheet_state = "hidden"
    book.create_sheet("Instruktion").append(["Fyll i beloppen i kronor"])
    book.save(path)
    return path


def test_anslag_amounts_with_kr_and_spaces_hidden_year_and_other_sheets(tmp_path, resolver):
    path = anslag_book(tmp_path / "a.xlsx", {
        "2024": [["Umeå kommun", "1 577 900 kr", "833\u00a0000", 1050300, "3 461 200"]],
        "2025": [["UMEÅ", 1600000, 840000, 1060000, 3500000]],
        "2023": [["Umeå", 1, 1, 1, 3]],
    }, hidden=("2023",))
    frame, rejections = sources.read_anslag(path, resolver)
    assert sorted(frame["ar"].unique()) == [2024, 2025]
    umea_2024 = frame[(frame["ar"] == 2024)].set_index("post")["belopp_kr"]
    assert umea_2024.tolist() == [1577900, 833000, 1050300]
    notices = {r.blad: r.orsak for r in rejections if r.rad == 0}
    assert set(notices) == {"2023", "Instruktion"} and "dolt" in notices["2023"]


def test_anslag_one_bad_amount_rejects_that_amount_only(tmp_path, resolver):
    path = anslag_book(tmp_path / "a.xlsx", {"2024": [["Umeå kommun", "1.577", 833000, 1050300, 3461200],
                                                      ["Åsele", 52000, 12000, 31000, 95000]]})
    frame, rejections = sources.read_anslag(path, resolver)
    [bad] = [r for r in rejections if r.rad > 0]
    assert (bad.rad, bad.kolumn, bad.varde) == (4, sources.schemas.ANSLAG_POSTER[0], "1.577")
    assert "Tvetydigt tal" in bad.orsak
    assert len(frame[frame["kommunkod"] == "2480"]) == 2 and len(frame[frame["kommunkod"] == "2463"]) == 3


def test_csv_semicolon_windows_1252_kommun_ar_file(tmp_path, resolver):
    path = tmp_path / "skattekraft.csv"
    path.write_bytes("kommunkod;ar;skattekraft;kalla\nUmeå kommun;2024;245 300,5;SCB\nÅsele;2024;1,234;\n"
                     .encode("cp1252"))
    frame, rejections = sources.read_skattekraft(path, resolver)
    assert frame[["kommunkod", "skattekraft"]].values.tolist() == [["2480", 245300.5]]
    reasons = {(r.rad, r.kolumn): r.orsak for r in rejections}
    assert "Tvetydigt tal" in reasons[(3, "skattekraft")]
    assert reasons[(0, "kalla")].startswith("Kolumnen läses inte")


def test_bad_value_identifying_the_response_says_the_row_is_not_read(tmp_path, katalog, resolver):
    path = survey_book(tmp_path / "u.xlsx", [answer(1, "Luleå"), answer(2, "Åsele")])
    answers, rejections = sources.read_survey(sources.SurveyFile(2024, path, "Svar"), katalog, resolver)
    [bad] = rejections
    assert bad.orsak.startswith("Okänd kommun") and bad.orsak.endswith("så raden läses inte in")
    assert answers["svars_id"].unique().tolist() == [2]


def test_catalogue_resaved_by_swedish_excel_reads_the_same(tmp_path, monkeypatch):
    """Semicolons, Windows-1252 and headers full of commas and quotes: the same catalogue as the original."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO((RAW_DIR / "fragekatalog.csv").read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    (tmp_path / "fragekatalog.csv").write_bytes(out.getvalue().encode("cp1252"))
    resaved = sources.read_fragekatalog(tmp_path).drop(columns=["_fil"])
    assert resaved.equals(sources.read_fragekatalog(RAW_DIR).drop(columns=["_fil"]))


def test_utf16_without_bom_is_refused_not_misread(tmp_path):
    path = tmp_path / "kommuner.csv"
    path.write_bytes(KOMMUNER_CSV.encode("utf-16-le"))
    with pytest.raises(BuildError, match="kommuner.csv: filens teckenkodning kan inte avgöras"):
        sources.read_csv_source(path)


def test_copied_response_counts_once_and_conflicting_ids_are_rejected(tmp_path, katalog, resolver):
    rows = [answer(1, "Umeå"), answer(1, "Umeå"), answer(2, "Åsele", first="Vet ej"), answer(2, "Åsele")]
    path = survey_book(tmp_path / "u.xlsx", rows)
    answers, rejections = sources.read_survey(sources.SurveyFile(2024, path, "Svar"), katalog, resolver)
    assert answers["svars_id"].unique().tolist() == [1] and len(answers) == len(answers.drop_duplicates())
    reasons = {r.rad: r.orsak for r in rejections}
    assert reasons[3].startswith("Dubblett: raden är en kopia av rad 2")
    assert "rad 4, 5" in reasons[4] and reasons[4] == reasons[5] and set(reasons) == {3, 4, 5}


def test_budget_enhet_in_other_case_spacing_or_normalisation_is_one_enhet(tmp_path):
    import unicodedata
    path = budget_book(tmp_path / "b.xlsx", [
        [202405, "RUN:s samverkan", 900, 375, 360, 900],
        [202406, "run:s  samverkan ", 900, 450, 440, 900],
        [202407, unicodedata.normalize("NFD", "Samordning Välfärd"), 500, 290, 280, 500],
        [202408, "Samordning Välfärd", 500, 333, 330, 500],
    ])
    frame, _ = sources.read_budget(path)
    assert frame["enhet"].tolist() == ["RUN:s samverkan"] * 2 + ["Samordning Välfärd"] * 2


@pytest.mark.parametrize("data, message", [
    (b"kommunkod,kommun,stavningar\n2480,Umea,a,b,c\n", r"rad 2 har 5 värden men rubrikraden bara 3 kolumner"),
    (b'kommunkod,kommun,stavningar\n2480,"Umea,x\n', r"kan inte läsas som CSV"),
    ("kommunkod;kommun;stavningar\n2480;Umeå;\n".encode("cp1252") + "2463;Åsele;\n".encode("utf-8"),
     r"blandar teckenkodningar"),
    (b"PK\x03\x04" + bytes(range(256)) * 4, r"teckenkodning kan inte avgöras"),
])
def test_csv_that_cannot_be_understood_stops_with_a_message(tmp_path, data, message):
    path = tmp_path / "kommuner.csv"
    path.write_bytes(data)
    with pytest.raises(BuildError, match=rf"kommuner\.csv: .*{message}"):
        sources.read_csv_source(path)


def test_csv_with_trailing_empty_columns_from_excel(tmp_path):
    path = tmp_path / "kommuner.csv"
    path.write_bytes("kommunkod;kommun;stavningar;;\r\n2480;Umeå;;;\r\n".encode("cp1252"))
    frame = sources.read_csv_source(path)
    assert list(frame.columns) == ["kommunkod", "kommun", "stavningar"] and frame["kommun"].tolist() == ["Umeå"]


# --- rows and columns hidden in Excel ------------------------------------------------------------------------------

def test_hidden_or_filtered_rows_are_not_read_but_reported(tmp_path):
    path = budget_book(tmp_path / "b.xlsx", [[202400 + m, "Beredningen", 2644, 220 * m, 210 * m, 2644]
                                             for m in range(1, 5)])
    book = openpyxl.load_workbook(path)
    book["Uppföljning"].row_dimensions[3].hidden = True   # 202402, hidden by hand or by a filter
    book.save(path)
    frame, rejections = sources.read_budget(path)
    assert frame["manad"].tolist() == [1, 3, 4]
    [notice] = rejections
    assert (notice.rad, notice.orsak) == (3, sources.HIDDEN_ROW)


def test_hidden_anslag_row_is_not_published_and_the_summa_row_says_so(tmp_path, resolver):
    path = anslag_book(tmp_path / "a.xlsx", {"2024": [["Umeå", 1000, 2000, 3000, 6000], ["Åsele", 10, 20, 30, 60],
                                                      ["Summa kommuner", 1010, 2020, 3030, 6060]]})
    book = openpyxl.load_workbook(path)
    book["2024"].row_dimensions[5].hidden = True   # Åsele
    book.save(path)
    frame, rejections = sources.read_anslag(path, resolver)
    assert set(frame["kommunkod"].dropna()) == {"2480"}
    assert {(r.rad, r.orsak[:20]) for r in rejections if r.rad} == {(5, sources.HIDDEN_ROW[:20]),
                                                                    (6, "Summaraden stämmer i")}


def test_hidden_survey_column_is_read_and_reported(tmp_path, katalog, resolver):
    path = survey_book(tmp_path / "u.xlsx", [answer(1, "Umeå")])
    book = openpyxl.load_workbook(path)
    book["Svar"].column_dimensions["H"].hidden = True
    book["Svar"].column_dimensions["D"].hidden = True    # E-post: personal data, dropped anyway
    book.save(path)
    answers, rejections = sources.read_survey(sources.SurveyFile(2024, path, "Svar"), katalog, resolver)
    assert sorted(answers["svar"].dropna()) == ["Instämmer helt", "Vet ej"]
    [notice] = rejections
    assert notice.rad == 0 and notice.kolumn.startswith("I vilken") and notice.orsak == sources.HIDDEN_COLUMN


def test_free_text_that_excel_turned_into_a_number_or_date_reads_as_shown(tmp_path, katalog, resolver):
    header = list(openpyxl.load_workbook(RAW_DIR / "utvardering_2024.xlsx", read_only=True)["Svar"].iter_rows(
        max_row=1, values_only=True))[0]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Svar"
    sheet.append(list(header))
    row = answer(1, "Umeå") + [None] * (len(header) - 8)
    row[header.index(next(h for h in header if h.startswith("Vilka områden")))] = 3.5
    row[header.index(next(h for h in header if h.startswith("Finns det andra")))] = datetime(2025, 3, 1)
    sheet.append(row)
    book.save(tmp_path / "u.xlsx")
    answers, _ = sources.read_survey(sources.SurveyFile(2024, tmp_path / "u.xlsx", "Svar"), katalog, resolver)
    shown = answers.set_index("fraga_id")["svar"]
    assert (shown["prio_samverkan"], shown["ovriga_behov"]) == ("3,5", "2025-03-01")


def test_hidden_rows_found_in_a_strict_open_xml_workbook(tmp_path):
    """Excel's "Strict Open XML" save option uses other namespaces; hidden rows are still found."""
    import zipfile

    from pipelines.xlsx import hidden_rows_and_columns

    path = budget_book(tmp_path / "b.xlsx", [[202400 + m, "Beredningen", 2644, 220 * m, 210 * m, 2644]
                                             for m in range(1, 4)])
    book = openpyxl.load_workbook(path)
    book["Uppföljning"].row_dimensions[3].hidden = True
    book.save(path)
    strict = tmp_path / "strict.xlsx"
    names = {b"http://schemas.openxmlformats.org/spreadsheetml/2006/main":
                 b"http://purl.oclc.org/ooxml/spreadsheetml/main",
             b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
                 b"http://purl.oclc.org/ooxml/officeDocument/relationships"}
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(strict, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            for old, new in names.items():
                data = data if member.filename.endswith(".rels") else data.replace(old, new)
            target.writestr(member.filename, data)
    assert hidden_rows_and_columns(strict, "Uppföljning") == ({3}, set())


def test_contract_headers_in_other_case_spacing_or_without_final_period(tmp_path, resolver):
    path = budget_book(tmp_path / "b.xlsx", [[202405, "Beredningen", 2644, 1101, 1090, 2640]])
    book = openpyxl.load_workbook(path)
    for cell, typed in zip(book["Uppföljning"][1], ["period", "ENHET", "Budget  helår", "Budget\u00a0perioden",
                                                      "Utfall ack", "Prognos helår "]):
        cell.value = typed
    book.save(path)
    frame, rejections = sources.read_budget(path)
    assert frame[["utfall_ack_tkr", "prognos_helar_tkr"]].values.tolist() == [[1090, 2640]] and not rejections
    anslag = anslag_book(tmp_path / "a.xlsx", {"2024": [["Umeå", 1000, 2000, 3000, 6000]]})
    book = openpyxl.load_workbook(anslag)
    book["2024"]["A3"], book["2024"]["C3"] = "KOMMUN", "beredning"
    book.save(anslag)
    frame, rejections = sources.read_anslag(anslag, resolver)
    posts = sources.schemas.ANSLAG_POSTER
    assert frame.set_index("post")["belopp_kr"].to_dict() == dict(zip(posts, [1000, 2000, 3000]))
    assert [r for r in rejections if r.rad] == []


def test_sheet_read_as_another_utvardering_is_not_reported_as_unread(tmp_path, katalog, resolver):
    path = survey_book(tmp_path / "u.xlsx", [answer(1, "Umeå")])
    book = openpyxl.load_workbook(path)
    book.copy_worksheet(book["Svar"]).title = "Svar 2025"
    book.create_sheet("Anteckningar")
    book.save(path)
    _answers, rejections = sources.read_survey(sources.SurveyFile(2024, path, "Svar"), katalog, resolver,
                                               frozenset({"Svar 2025"}))
    assert [(r.blad, r.rad) for r in rejections] == [("Anteckningar", 0)]


def test_unit_in_the_header_is_the_unit_the_column_means(tmp_path, resolver):
    path = budget_book(tmp_path / "b.xlsx", [[202405, "Beredningen", 2644, 1101, "1 090 tkr", 2_640_000]])
    book = openpyxl.load_workbook(path)
    book["Uppföljning"]["E1"], book["Uppföljning"]["F1"] = "Utfall ack. (tkr)", "Prognos helår, kr"
    book.save(path)
    frame, rejections = sources.read_budget(path)
    assert frame[["utfall_ack_tkr", "prognos_helar_tkr"]].values.tolist() == [[1090, 2640]] and not rejections
    anslag = anslag_book(tmp_path / "a.xlsx", {"2024": [["Umeå", "1 000,5", 2000, 3000, "4 002,5"]]})
    book = openpyxl.load_workbook(anslag)
    book["2024"]["B3"] = ANSLAG_HEADER[1] + " (tkr)"
    book["2024"]["E3"] = "Summa (tkr)"
    book["2024"]["C3"] = "Beredning (kr)"
    book["2024"]["D3"] = ANSLAG_HEADER[3] + " (tkr)"
    book.save(anslag)
    frame, rejections = sources.read_anslag(anslag, resolver)
    assert frame.set_index("post")["belopp_kr"].tolist() == [1_000_500, 2000, 3_000_000]
    assert [r for r in rejections if r.rad] == []   # the Summa (tkr) matches the posts in their units


@pytest.mark.parametrize("data", [
    codecs.BOM_UTF8 + "kommunkod;kommun;stavningar\n".encode() + "2480;Umeå;\n".encode("cp1252"),
    "kommunkod,kommun,stavningar\n2480,UmeÃ¥,\n".encode("utf-8"),     # garbled before it was saved as UTF-8
])
def test_text_in_two_encodings_stops_with_a_message(tmp_path, data):
    path = tmp_path / "kommuner.csv"
    path.write_bytes(data)
    with pytest.raises(BuildError, match=r"kommuner\.csv: filen blandar teckenkodningar"):
        sources.read_csv_source(path)


# --- blank values where the contract needs one ------------------------------------------------------------------------

def test_short_csv_row_reports_its_missing_values(tmp_path, resolver):
    path = tmp_path / "befolkningsprognos.csv"
    path.write_bytes(b"kommunkod,ar,invanare\n2480,2026,131000\n2480,2027\n")
    frame, rejections = sources.read_befolkningsprognos(path, resolver)
    assert frame["ar"].tolist() == [2026]
    assert [(r.rad, r.kolumn, r.orsak) for r in rejections] == [(3, "invanare", "Värdet saknas")]


def test_blank_budget_amount_is_reported_and_the_rest_of_the_row_counts(tmp_path):
    path = budget_book(tmp_path / "b.xlsx", [[202405, "Beredningen", 2644, 1101, None, 2640]])
    frame, rejections = sources.read_budget(path)
    assert frame[["budget_helar_tkr", "prognos_helar_tkr"]].values.tolist() == [[2644, 2640]]
    assert [(r.rad, r.kolumn, r.orsak) for r in rejections] == [(2, "Utfall ack.", "Värdet saknas")]


def test_blank_kommun_rejects_the_response_with_a_reason(tmp_path, katalog, resolver):
    path = survey_book(tmp_path / "u.xlsx", [answer(1, None), answer(2, "Åsele")])
    answers, rejections = sources.read_survey(sources.SurveyFile(2024, path, "Svar"), katalog, resolver)
    assert answers["kommunkod"].unique().tolist() == ["2463"]
    [bad] = rejections
    assert bad.rad == 2 and bad.orsak.startswith("Värdet saknas") and bad.orsak.endswith("raden läses inte in")
