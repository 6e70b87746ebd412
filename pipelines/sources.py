"""Read each raw source, validate it against its declared schema and return clean rows.

Every function returns (rows, rejections). Rows carry their lineage
(_fil, _blad, _rad: file, sheet and row number as a person sees them in Excel),
so later data tests can name the exact place of a problem.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

import pandas as pd
import pandera.pandas as pa

from pipelines import schemas
from pipelines.errors import BuildError, Rejection
from pipelines.kommuner import KommunResolver, fold
from pipelines.personal import mask_personal_data
from pipelines.respondents import (ROLLER, clean_forum, normalise_role, read_role_mapping, respondent_key,
                                   respondent_secret)
from pipelines.settings import setting_str
from pipelines.values import HEADER_UNIT, UNIT_FACTORS, cell_text, in_unit, out_of_line, parse_period
from pipelines.xlsx import Workbook, hidden_rows_and_columns, open_workbook, read_sheet, sheet_visibility

Result = tuple[pd.DataFrame, list[Rejection]]
CSV_SNIFF_CHARS = 8192
# The encodings Excel saves CSV and text files in on Swedish Windows ("CSV UTF-8", "Unicode-text", "CSV
# (semikolonavgränsad)" = Windows-1252). Left free, charset-normalizer takes a short Windows-1252 file for
# Windows-1250 and turns "Umeå" into "Umeĺ" – a silently different value.
EXCEL_ENCODINGS = ["utf_8", "utf_16", "utf_32", "cp1252"]
# UTF-8 bytes read as Windows-1252 ("Ã¥" for "å"): a file whose lines were saved in two encodings. Swedish text
# never has Ã or Â before another non-ASCII letter.
MIXED_ENCODING = re.compile(r"[ÃÂ][^\x00-\x7f]")
HEADER_SEARCH_ROWS = 20


def _reason(check: str, value) -> str:
    """Turn pandera's name of a failed check into a plain Swedish reason for this value."""
    if "uniqueness" in check or "unique" in check:
        return "Dubblett: raden förekommer mer än en gång"
    if check.startswith(("coerce_dtype", "dtype")):
        return "Fel datatyp"
    if check == "not_nullable":
        return "Värdet saknas"
    return schemas.reason_for(check, value)


# Added to the reason when a value identifying the row (a key) is bad: the rest of the row cannot be placed.
KEY_REJECTED = " – värdet behövs för att placera raden, så raden läses inte in"


def validate(frame: pd.DataFrame, schema: pa.DataFrameSchema, *, fil: str, blad: str, first_row: int,
             keys: tuple[str, ...] | None = None) -> Result:
    """Validate lazily; missing columns stop the build, failing values become rejections.

    keys: the columns that identify a row (a bad value there rejects the row). A bad value in any other column
    rejects only that value: it is blanked and reported, and the rest of the row still counts. None: every
    column is a key (a bad value rejects the row). first_row is the spreadsheet row number of the frame's index 0.
    """
    try:
        schema.validate(frame, lazy=True)
        return frame, []
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    missing = cases[cases["check"].astype(str).str.contains("column_in_dataframe")]
    if not missing.empty:
        names = ", ".join(f"'{c}'" for c in missing["failure_case"].astype(str))
        raise BuildError(fil, f"{_where(blad)}kolumnen {names} saknas. Kontrollera rubrikraden.")
    rejections = []
    bad_rows, bad_cells = set(), []
    for case in cases.itertuples(index=False):
        if pd.isna(case.index):
            raise BuildError(fil, f"{_where(blad)}{_reason(str(case.check), case.failure_case)} ({case.failure_case}).")
        index = int(case.index)
        value = frame.at[index, case.column] if case.column in frame.columns else case.failure_case
        reason = _reason(str(case.check), value)
        if keys is None or case.column in keys or case.column not in frame.columns:
            bad_rows.add(index)
            if keys is not None:
                reason += KEY_REJECTED
        else:
            bad_cells.append((index, case.column))
        rejections.append(Rejection(fil, blad, index + first_row, str(case.column), _text(value), reason))
    frame = frame.copy()
    for index, name in bad_cells:
        frame.at[index, name] = None
    return frame.drop(index=sorted(bad_rows)), rejections


def _where(blad: str) -> str:
    return f"blad '{blad}': " if blad else ""


def _text(value) -> str:
    return "" if schemas.is_blank(value) else str(value)


def with_lineage(frame: pd.DataFrame, *, fil: str, blad: str, first_row: int) -> pd.DataFrame:
    """Add the columns _fil, _blad and _rad (spreadsheet row number) to a frame."""
    return frame.assign(_fil=fil, _blad=blad, _rad=[int(i) + first_row for i in frame.index])


def read_csv_source(path: Path) -> pd.DataFrame:
    """Read one of the project's CSV reference files as text, whatever Excel saved it as.

    The encoding (UTF-8 with or without BOM, Windows-1252 …) is detected by charset-normalizer and the
    dialect (comma, semicolon or tab, as Swedish Excel writes; quoting) by csv.Sniffer. Empty or unreadable
    files, and a row with more values than the header has columns, stop the build with a message naming the file.
    """
    if not path.exists():
        raise BuildError(path.name, "filen saknas i rådatamappen.")
    data = path.read_bytes()
    if not data.strip():
        raise BuildError(path.name, "filen är tom (0 byte).")
    text = decode_text(data, path.name)
    try:
        dialect = csv.Sniffer().sniff(text[:CSV_SNIFF_CHARS], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        reader = csv.reader(io.StringIO(text, newline=""), dialect, strict=True)
        records = [r for r in reader if any(f.strip() for f in r)]
    except csv.Error as error:
        raise BuildError(path.name, f"filen kan inte läsas som CSV ({error}). Spara om den från Excel.") from error
    if not records:
        raise BuildError(path.name, "filen har ingen rubrikrad.")
    header, rows = list(records[0]), records[1:]
    while header and not header[-1].strip():   # Excel writes empty columns of the used range as trailing ";;"
        header.pop()
    for number, row in enumerate(rows, start=2):
        if len(row) > len(header) and any(f.strip() for f in row[len(header):]):
            raise BuildError(path.name, f"rad {number} har {len(row)} värden men rubrikraden bara {len(header)} "
                                        f"kolumner (avgränsare '{dialect.delimiter}'). Kontrollera raden.")
    width = len(header)
    frame = pd.DataFrame([(row + [""] * width)[:width] for row in rows], columns=header, dtype=object)
    frame.columns = [unicodedata.normalize("NFC", c).strip() for c in frame.columns]
    return frame.map(lambda v: unicodedata.normalize("NFC", v) if isinstance(v, str) else v).replace({"": None})


def decode_text(data: bytes, fil: str) -> str:
    """Bytes of a text file as text, the encoding detected by charset-normalizer (a BOM is removed).

    A file saved in two encodings – UTF-8 bytes next to Windows-1252 ones, or text that was already garbled
    ('Ã¥' for 'å') – stops the build rather than being read as different text.
    """
    mixed_message = "filen blandar teckenkodningar{}. Spara hela filen som CSV UTF-8 från Excel och försök igen."
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if data.startswith(codecs.BOM_UTF8):
            raise BuildError(fil, mixed_message.format(" (den börjar som UTF-8 men har tecken i en annan kodning)"))
        best = charset_normalizer.from_bytes(data, cp_isolation=EXCEL_ENCODINGS).best()
        text = str(best).lstrip("\ufeff") if best is not None else ""
        if best is None or "\x00" in text:
            raise BuildError(fil, "filens teckenkodning kan inte avgöras; spara den som CSV UTF-8 från Excel och "
                                  "försök igen.")
    garbled = MIXED_ENCODING.search(text)
    if garbled:
        raise BuildError(fil, mixed_message.format(f" ('{garbled.group()}' är UTF-8 läst i fel kodning, till "
                                                   "exempel 'Ã¥' för 'å')"))
    return text


def read_reference(path: Path, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Read a reference CSV; any invalid row stops the build, as nothing else can be trusted then."""
    frame = read_csv_source(path)
    rows, rejections = validate(frame, schema, fil=path.name, blad="", first_row=2)
    if rejections:
        details = "; ".join(f"rad {r.rad}, kolumn {r.kolumn}, värde '{r.varde}': {r.orsak}" for r in rejections[:5])
        raise BuildError(path.name, f"referensfilen har fel som måste rättas: {details}")
    return with_lineage(rows, fil=path.name, blad="", first_row=2)


def raw_path(raw_dir: Path, file_setting: str) -> Path:
    """The path of a raw file whose name is the given setting (for example "kommuner_file")."""
    return raw_dir / setting_str(file_setting)


def read_kommuner(raw_dir: Path) -> pd.DataFrame:
    """The 15 kommuner with kommunkod and accepted spellings."""
    return read_reference(raw_path(raw_dir, "kommuner_file"), schemas.kommuner_schema())


def read_befolkning(raw_dir: Path, resolver: KommunResolver) -> pd.DataFrame:
    """Population per kommun and year, with kommunkod resolved."""
    frame = read_reference(raw_path(raw_dir, "befolkning_file"), schemas.befolkning_schema(resolver))
    return frame.assign(kommunkod=frame["kommunkod"].map(resolver.resolve))


def read_kommun_ar(path: Path, schema: pa.DataFrameSchema, resolver: KommunResolver, value: str) -> Result:
    """A CSV with one number per kommun and year; invalid rows are rejected, the rest parsed and resolved.

    Columns out: kommunkod, ar, `value` (a number) and the lineage columns.
    """
    frame = read_csv_source(path)
    unread = column_notices(frame, list(schema.columns), path.name, "",
                            "bara kolumnerna " + ", ".join(schema.columns) + " läses")
    rows, rejections = validate(frame, schema, fil=path.name, blad="", first_row=2)
    rows = with_lineage(rows, fil=path.name, blad="", first_row=2)
    out = pd.DataFrame({
        "kommunkod": rows["kommunkod"].map(resolver.resolve),
        "ar": rows["ar"].map(schemas.parse_amount).astype("int64"),
        value: rows[value].map(schemas.parse_amount).astype("float64"),
        "_fil": rows["_fil"], "_blad": rows["_blad"], "_rad": rows["_rad"],
    })
    return out, rejections + unread


def read_befolkningsprognos(path: Path, resolver: KommunResolver) -> Result:
    """Forecast population 31 December per kommun and year (befolkningsprognos.csv)."""
    return read_kommun_ar(path, schemas.befolkningsprognos_schema(resolver), resolver, "invanare")


def read_skattekraft(path: Path, resolver: KommunResolver) -> Result:
    """Skattekraft in kr per invånare per kommun and year (skattekraft.csv)."""
    return read_kommun_ar(path, schemas.skattekraft_schema(resolver), resolver, "skattekraft")


def read_fragekatalog(raw_dir: Path) -> pd.DataFrame:
    """The question catalogue: export header → stable fraga_id, type and what it measures."""
    frame = read_reference(raw_path(raw_dir, "fragekatalog_file"), schemas.fragekatalog_schema())
    return frame.assign(rubrik_nyckel=frame["kolumnrubrik"].map(header_key))


def read_utvarderingar(raw_dir: Path) -> pd.DataFrame:
    """Which survey export belongs to which utvärdering, its deadline and response model (svarsmodell).

    A missing or blank svarsmodell is en_per_kommun (the latest response per kommun counts).
    """
    frame = read_reference(raw_path(raw_dir, "utvarderingar_file"), schemas.utvarderingar_schema())
    modell = frame["svarsmodell"] if "svarsmodell" in frame else pd.Series(None, index=frame.index, dtype=object)
    return frame.assign(svarsmodell=modell.map(lambda v: "en_per_kommun" if schemas.is_blank(v) else str(v).strip()))


def read_utskick(path: Path, resolver: KommunResolver) -> Result:
    """The optional invitation list (utskick.csv): invited per utvärdering, kommun and role.

    Roles are normalised like the survey's role column; a row with an unknown kommun or role is rejected.
    Without the file the list is empty.
    """
    columns = ["utvardering", "kommunkod", "roll", "antal_inbjudna", "_fil", "_blad", "_rad"]
    if not path.exists():
        return pd.DataFrame(columns=columns), []
    frame = read_csv_source(path)
    schema = schemas.utskick_schema(resolver)
    unread = column_notices(frame, list(schema.columns), path.name, "",
                            "bara kolumnerna " + ", ".join(schema.columns) + " läses")
    rows, rejections = validate(frame, schema, fil=path.name, blad="", first_row=2)
    rows = with_lineage(rows, fil=path.name, blad="", first_row=2)
    mapping = read_role_mapping()
    roles = rows["roll"].map(lambda v: normalise_role(v, mapping)[0])
    for index in rows.index[roles.isna()]:
        rejections.append(Rejection(path.name, "", int(rows.at[index, "_rad"]), "roll", _text(rows.at[index, "roll"]),
                                    UNKNOWN_ROLE + KEY_REJECTED))
    rows, roles = rows[roles.notna()], roles[roles.notna()]
    out = pd.DataFrame({
        "utvardering": rows["utvardering"].map(schemas.parse_amount).astype("int64"),
        "kommunkod": rows["kommun"].map(resolver.resolve),
        "roll": roles,
        "antal_inbjudna": rows["antal_inbjudna"].map(schemas.parse_amount).astype("int64"),
        "_fil": rows["_fil"], "_blad": rows["_blad"], "_rad": rows["_rad"],
    }, columns=columns)
    return out, rejections + unread


UNKNOWN_ROLE = "Okänd roll: värdet finns inte i rollistan (pipelines/seeds/roller.csv); tillåtna roller är " \
               + " och ".join(ROLLER)


def header_key(header: str) -> str:
    """Match headers regardless of case, quotes and white space."""
    return re.sub(r"\s+", " ", str(header).replace("\u00a0", " ")).strip().strip("\"'").lower()


@dataclass(frozen=True)
class SurveyFile:
    utvardering: int
    path: Path
    sheet: str


def map_headers(columns: list[str], katalog: pd.DataFrame, fil: str) -> dict[str, pd.Series]:
    """Map each export column to its catalogue row; an uncatalogued column stops the build."""
    by_key = {row.rubrik_nyckel: row for _, row in katalog.iterrows()}
    mapping = {}
    for header in columns:
        row = by_key.get(header_key(header))
        if row is None:
            raise BuildError(fil, f"kolumnen '{header}' finns inte i frågekatalogen ({setting_str('fragekatalog_file')}). "
                                  "Lägg till rubriken där med rätt fråge-id och typ.")
        mapping[header] = row
    for required, label in (("meta_svars_id", "svars-id"), ("meta_sluttid", "slutförandetid"),
                            ("meta_kommun", "kommun")):
        if required not in {row.fraga_id for row in mapping.values()}:
            raise BuildError(fil, f"kolumnen för {label} saknas (fråge-id {required} i frågekatalogen).")
    return mapping


SURVEY_KEYS = ("meta_svars_id", "meta_sluttid", "meta_kommun")
# The values that place a response: without its id or kommun it cannot be counted for anyone. An unreadable
# Slutförandetid rejects only that value: the response counts, its time is unknown.
SURVEY_ROW_KEYS = ("meta_svars_id", "meta_kommun")


def survey_header_row(raw: pd.DataFrame, katalog: pd.DataFrame, fil: str, blad: str) -> int:
    """The row holding the export's column headers: the first with the catalogue's header for the respondent's kommun.

    Title rows people type above the header (a heading, a date, an empty row) are skipped.
    """
    wanted = set(katalog.loc[katalog["fraga_id"].isin(SURVEY_KEYS), "rubrik_nyckel"])
    for index, row in raw.head(HEADER_SEARCH_ROWS).iterrows():
        if wanted & {header_key(v) for v in row if isinstance(v, str)}:
            return int(index)
    raise BuildError(fil, f"blad '{blad}': hittar ingen rubrikrad med svars-id, kommun och slutförandetid "
                          f"bland de första {HEADER_SEARCH_ROWS} raderna.")


def with_header(raw: pd.DataFrame, header: int) -> tuple[pd.DataFrame, int]:
    """The rows under the header row, named by it; and the spreadsheet row number of the first of them."""
    frame = raw.loc[header + 1:].copy()
    frame.columns = [str(c).strip() if not schemas.is_blank(c) else f"kolumn {i + 1}"
                     for i, c in enumerate(raw.loc[header])]
    frame.index = frame.index - header - 1
    return frame.dropna(how="all"), header + 2


def read_survey(survey: SurveyFile, katalog: pd.DataFrame, resolver: KommunResolver,
                other_sheets: frozenset[str] = frozenset()) -> Result:
    """One survey export in long form: one row per response and question; personal data dropped or masked.

    other_sheets: sheets of the same workbook read as other utvärderingar (not reported as unread here).

    A bad value (an unknown Likert label, say) rejects that answer only; the response's other answers count.
    Free-text answers have e-mail addresses, phone numbers and personnummer masked; the frame's attribute
    ``maskerade`` counts them.
    """
    fil = survey.path.name
    if not survey.path.exists():
        raise BuildError(fil, "filen saknas i rådatamappen.")
    seen = read_seen_sheet(survey.path, survey.sheet, header_row=None)
    raw, hidden = seen.frame, list(seen.notices)
    header = survey_header_row(raw, katalog, fil, survey.sheet)
    frame, first_row = with_header(raw, header)
    if frame.empty:
        raise BuildError(fil, f"bladet '{survey.sheet}' innehåller inga svar.")
    mapping = map_headers(list(frame.columns), katalog, fil)
    personal = [h for h, row in mapping.items() if row.personuppgift == "ja"]
    hidden += hidden_column_notices(seen, fil, survey.sheet, list(frame.columns),
                                    [h for h in mapping if h not in personal])
    secret = respondent_secret()
    email = next((h for h, row in mapping.items() if row.fraga_id == "meta_epost"), None)
    respondent = frame[email].map(lambda v: respondent_key(v, secret)) if email else None
    frame = frame.drop(columns=personal)
    roles = {h: (row.fraga_id if row.typ == "meta" else row.typ) for h, row in mapping.items() if h not in personal}
    meta = {row.fraga_id: h for h, row in mapping.items() if row.typ == "meta" and h not in personal}
    keys = tuple(meta[k] for k in SURVEY_ROW_KEYS if k in meta)
    rows, rejections = validate(frame, schemas.survey_schema(roles, resolver), fil=fil, blad=survey.sheet,
                                first_row=first_row, keys=keys)
    rejections = hidden + rejections
    rows = with_lineage(rows, fil=fil, blad=survey.sheet, first_row=first_row)
    rows, duplicates = drop_duplicate_ids(rows, meta["meta_svars_id"], fil, survey.sheet)
    rejections += duplicates
    responses = pd.DataFrame({
        "utvardering": survey.utvardering,
        "svars_id": rows[meta["meta_svars_id"]].map(schemas.parse_amount).astype("Int64"),
        "starttid": rows[meta["meta_starttid"]].map(schemas.parse_timestamp) if "meta_starttid" in meta else None,
        "sluttid": rows[meta["meta_sluttid"]].map(schemas.parse_timestamp),
        "kommun_angiven": rows[meta["meta_kommun"]].astype(str),
        "kommunkod": rows[meta["meta_kommun"]].map(resolver.resolve),
        "respondent": respondent.loc[rows.index] if respondent is not None else None,
        "roll": None, "forum": rows[meta["meta_forum"]].map(clean_forum) if "meta_forum" in meta else None,
        "_fil": rows["_fil"], "_blad": rows["_blad"], "_rad": rows["_rad"],
    })
    if "meta_roll" in meta:
        responses["roll"], unknown = survey_roles(rows, meta["meta_roll"], fil, survey.sheet)
        rejections += unknown
    questions = [h for h, row in mapping.items() if row.typ in ("likert", "fritext")]
    long = rows[questions].rename(columns={h: mapping[h].fraga_id for h in questions})
    long = long.assign(_rad=rows["_rad"]).melt(id_vars="_rad", var_name="fraga_id", value_name="svar")
    long["svar"] = long["svar"].map(
        lambda v: None if schemas.is_blank(v) else unicodedata.normalize("NFC", cell_text(v)).strip())
    long["typ"] = long["fraga_id"].map({mapping[h].fraga_id: mapping[h].typ for h in questions})
    likert = long["typ"] == "likert"
    long.loc[likert, "svar"] = long.loc[likert, "svar"].map(schemas.normalise_label)
    masked = Counter()
    fritext = (long["typ"] == "fritext") & long["svar"].notna()
    if fritext.any():
        results = long.loc[fritext, "svar"].map(mask_personal_data)
        long.loc[fritext, "svar"] = results.map(lambda r: r[0])
        for _, counts in results:
            masked.update(counts)
    answers = responses.merge(long.drop(columns="typ"), on="_rad")
    answers.attrs["maskerade"] = masked
    return answers, rejections + sheet_notices(survey.path, {survey.sheet, *other_sheets},
                                               f"enkätsvaren läses från bladet '{survey.sheet}'")


def survey_roles(rows: pd.DataFrame, header: str, fil: str, blad: str) -> tuple[pd.Series, list[Rejection]]:
    """The normalised role of each response; a value not in the role list is reported (its response counts)."""
    mapping = read_role_mapping()
    read = rows[header].map(lambda v: normalise_role(v, mapping))
    rejections = [Rejection(fil, blad, int(rows.at[i, "_rad"]), header, _text(rows.at[i, header]), UNKNOWN_ROLE)
                  for i in rows.index if not read[i][1]]
    return read.map(lambda r: r[0]), rejections


def column_notices(frame: pd.DataFrame, read: list[str], fil: str, blad: str, why: str) -> list[Rejection]:
    """One line per column with values that the file contract does not read (row 0, the column named)."""
    return [Rejection(fil, blad, 0, str(name), "", f"Kolumnen läses inte: {why}")
            for name in frame.columns
            if name not in read and not str(name).startswith("_") and not frame[name].map(schemas.is_blank).all()]


HIDDEN_ROW = "Raden är dold i Excel (dold eller bortfiltrerad) och läses därför inte"
HIDDEN_COLUMN = "Kolumnen är dold i Excel men läses, eftersom den hör till filkontraktet"


@dataclass(frozen=True)
class SeenSheet:
    """A visible sheet as read: its frame without hidden rows, their notices, and the hidden column numbers."""

    frame: pd.DataFrame
    notices: list[Rejection]
    hidden_columns: set[int]


def read_seen_sheet(path: Path, blad: str, header_row: int | None, book: Workbook | None = None) -> SeenSheet:
    """A visible sheet without the rows hidden in Excel (each with content reported), cells as delivered.

    The frame's index is the position under the header (header_row=0) or on the sheet (None), as read_sheet's.
    """
    frame = read_sheet(path, blad, header_row=header_row, book=book)
    hidden_rows, hidden_columns = hidden_rows_and_columns(path, blad)
    first = 2 if header_row == 0 else 1
    hidden = [i for i in frame.index if int(i) + first in hidden_rows]
    notices = [Rejection(path.name, blad, int(i) + first, "", "", HIDDEN_ROW) for i in hidden]
    return SeenSheet(frame.drop(index=hidden), notices, hidden_columns)


def hidden_column_notices(sheet: SeenSheet, fil: str, blad: str, columns: list[str], read: list[str]
                          ) -> list[Rejection]:
    """A line (row 0) per column that is hidden in Excel but read; columns[i] is the sheet's column i + 1."""
    return [Rejection(fil, blad, 0, str(name), "", HIDDEN_COLUMN)
            for position, name in enumerate(columns, start=1) if position in sheet.hidden_columns and name in read]


def drop_duplicate_ids(rows: pd.DataFrame, id_column: str, fil: str, blad: str) -> Result:
    """Rows sharing a response id: an identical copy counts once; differing rows are all rejected (which is right?)."""
    ids = rows[id_column].map(schemas.parse_amount)
    content = [c for c in rows.columns if not c.startswith("_")]
    drop, rejections = [], []
    for svars_id, group in rows[ids.duplicated(keep=False)].groupby(ids[ids.duplicated(keep=False)], sort=True):
        where = ", ".join(str(r) for r in group["_rad"])
        same = len(group[content].astype(str).drop_duplicates()) == 1
        for index, row in (group.iloc[1:] if same else group).iterrows():
            drop.append(index)
            reason = (f"Dubblett: raden är en kopia av rad {group['_rad'].iloc[0]} och räknas en gång" if same else
                      f"Svars-id {svars_id:g} finns på flera rader med olika innehåll (rad {where}); ingen av dem "
                      "läses in eftersom det inte går att veta vilken som gäller")
            rejections.append(Rejection(fil, blad, int(row["_rad"]), id_column, _text(row[id_column]), reason))
    return rows.drop(index=drop), rejections


def sheet_notices(path: Path, read: set[str], why: str, visibility: dict[str, bool] | None = None
                  ) -> list[Rejection]:
    """One line per sheet of a workbook that is not read, saying why (every sheet is either read or reported).

    visibility: the sheets' visibility as already read (by open_workbook); by default it is read here.
    """
    notices = []
    for name, visible in (visibility if visibility is not None else sheet_visibility(path)).items():
        if name in read:
            continue
        reason = (f"Bladet är dolt i Excel och läses därför inte; {why}" if not visible
                  else f"Bladet läses inte: {why}")
        notices.append(Rejection(path.name, name, 0, "", "", reason))
    return notices


def contract_names(frame: pd.DataFrame, names: list[str], unit: str | None = None) -> pd.DataFrame:
    """Headers typed in other case, spacing or without a final period renamed to the contract's names.

    unit: the unit of the contract's amount columns. A header naming another unit ("Beredning (tkr)") has its
    amounts converted exactly to `unit`; a header without one means `unit`.
    """
    def key(header) -> str:
        text = header_key(unicodedata.normalize("NFC", str(header)))
        return (HEADER_UNIT.sub("", text) if unit else text).rstrip(".").strip()
    wanted = {key(name): name for name in names}
    renamed = frame.rename(columns={c: wanted[key(c)] for c in frame.columns if key(c) in wanted and c not in names})
    for typed, name in zip(frame.columns, renamed.columns):
        match = HEADER_UNIT.search(str(typed)) if unit and name in names and typed != name else None
        if match and UNIT_FACTORS[match.group("unit").lower()] != UNIT_FACTORS[unit]:
            renamed[name] = renamed[name].map(lambda v, u=match.group("unit"): in_unit(v, u, unit))
    return renamed


def anslag_header_row(raw: pd.DataFrame, fil: str, blad: str) -> int:
    """Find the header row (the first whose first cell is 'Kommun') under the sheet's title rows."""
    for index, value in raw.iloc[:, 0].items():
        if isinstance(value, str) and value.strip().lower() == "kommun":
            return int(index)
    raise BuildError(fil, f"blad '{blad}': hittar ingen rubrikrad som börjar med 'Kommun'.")


def read_anslag_sheet(path: Path, blad: str, resolver: KommunResolver, book: Workbook | None = None) -> Result:
    """One year's sheet of kommunala anslag (kr) with the region's row; the Summa row is checked.

    A bad amount rejects that amount only (the row's other posts count, its Summa is then not checked);
    a Summa that does not match the row's posts rejects the row, as it is unknown which value is wrong.
    """
    fil = path.name
    seen = read_seen_sheet(path, blad, header_row=None, book=book)
    raw, hidden = seen.frame, list(seen.notices)
    frame, first_row = with_header(raw, anslag_header_row(raw, fil, blad))
    schema = schemas.anslag_schema()
    frame = contract_names(frame, list(schema.columns), unit="kr")
    names = frame["Kommun"].map(lambda v: fold(v) if isinstance(v, str) else "") if "Kommun" in frame else None
    is_summa = names.str.startswith("summa") if names is not None else pd.Series(False, index=frame.index)
    is_region = names.str.startswith("region") if names is not None else pd.Series(False, index=frame.index)
    unread = column_notices(frame, list(schema.columns), fil, blad, "bara kolumnerna Kommun, "
                            + ", ".join(schemas.ANSLAG_POSTER) + " och Summa läses som kommunala anslag")
    rows, rejections = validate(frame, schema, fil=fil, blad=blad, first_row=first_row, keys=("Kommun",))
    partly_rejected = {int(r.rad) - first_row for r in rejections}
    kommun_rows = rows[~is_summa.reindex(rows.index) & ~is_region.reindex(rows.index)]
    unknown = kommun_rows[kommun_rows["Kommun"].map(resolver.resolve).isna()]
    rejections += [Rejection(fil, blad, int(i) + first_row, "Kommun", str(v),
                             "Okänd kommun: namnet eller koden matchar ingen av länets 15 kommuner")
                   for i, v in unknown["Kommun"].items()]
    checked = rows[~rows.index.isin(partly_rejected)]
    wrong_sum = checked[~schemas.summa_matches(checked)]
    rejections += [Rejection(fil, blad, int(i) + first_row, "Summa", str(v),
                             "Summan stämmer inte med summan av posterna på raden; raden läses inte in eftersom "
                             "det inte går att veta vilket värde som är fel")
                   for i, v in wrong_sum["Summa"].items()]
    rows = rows.drop(index=unknown.index.union(wrong_sum.index))
    rows = with_lineage(rows, fil=fil, blad=blad, first_row=first_row)
    summa = rows[is_summa.reindex(rows.index)]
    rows = rows[~is_summa.reindex(rows.index)]
    part = is_region.reindex(rows.index).map({True: "region", False: "kommun"})
    long = rows.assign(ar=int(blad), part=part, kommunkod=rows["Kommun"].map(resolver.resolve).where(part == "kommun"))
    long = long.melt(id_vars=["ar", "part", "kommunkod", "Kommun", "_fil", "_blad", "_rad"],
                     value_vars=list(schemas.ANSLAG_POSTER), var_name="post", value_name="varde")
    long["belopp_kr"] = long["varde"].map(schemas.parse_amount)
    long = long[long["belopp_kr"].notna()]
    if not partly_rejected:
        rejections += check_summa_row(summa, long, fil, blad)
    hidden += hidden_column_notices(seen, fil, blad, list(frame.columns), list(schema.columns))
    return long.rename(columns={"Kommun": "kommun_angiven"}), hidden + rejections + unread


def check_summa_row(summa: pd.DataFrame, long: pd.DataFrame, fil: str, blad: str) -> list[Rejection]:
    """The sheet's 'Summa kommuner' row must equal the sum of the kommun rows that were loaded."""
    loaded = long.loc[long["part"] == "kommun", "belopp_kr"].sum()
    message = f"Summaraden stämmer inte med summan av de inlästa kommunraderna ({loaded:,.0f} kr)".replace(",", " ")
    return [Rejection(fil, blad, int(row["_rad"]), "Summa", str(row["Summa"]), message)
            for row in summa.to_dict("records") if abs(schemas.parse_amount(row["Summa"]) - loaded) > 1]


def implausible(frame: pd.DataFrame, unit: list[str], value: str, *, smaller: bool = True
                ) -> tuple[pd.Series, list[str]]:
    """Mark amounts out of line (≥ 100 times) with the same unit's amounts in its other periods (rows).

    unit: the columns naming the unit (kommun and post, say). smaller=False: only too large amounts are marked
    (for accumulated amounts). Returns a boolean mask of the rows to reject and their reasons, in frame order.
    """
    mask = pd.Series(False, index=frame.index)
    reasons = pd.Series("", index=frame.index)
    for _, group in frame.groupby(unit, dropna=False, sort=False):
        amounts = group[value].tolist()
        for position, index in enumerate(group.index):
            others = amounts[:position] + amounts[position + 1:]
            reason = out_of_line(amounts[position], others, smaller=smaller)
            if reason:
                mask[index] = True
                reasons[index] = reason
    return mask, reasons[mask].tolist()


def read_anslag(path: Path, resolver: KommunResolver) -> Result:
    """All visible year sheets (named by year, e.g. '2024') of the kommunala anslag workbook.

    Every other sheet, and a hidden year sheet, is reported and not read. An amount that is out of line with
    the same kommun's (or the region's) same post in the other years by a factor 100 or more is rejected.
    """
    if not path.exists():
        raise BuildError(path.name, "filen saknas i rådatamappen.")
    with open_workbook(path) as book:  # opened and checked once for all its sheets
        years = [s for s, seen in book.visible.items() if re.fullmatch(r"\d{4}", s.strip()) and seen]
        if not years:
            raise BuildError(path.name, "arbetsboken har inga synliga blad namngivna efter år (till exempel '2024').")
        frames, rejections = [], sheet_notices(path, set(years), "bara synliga blad namngivna efter år (till "
                                                                  "exempel '2024') läses som kommunala anslag",
                                               book.visible)
        for blad in years:
            rows, rejected = read_anslag_sheet(path, blad, resolver, book)
            frames.append(rows)
            rejections += rejected
    long = pd.concat(frames, ignore_index=True)
    bad, reasons = implausible(long, ["part", "kommunkod", "post"], "belopp_kr")
    rejections += [Rejection(row["_fil"], row["_blad"], int(row["_rad"]), row["post"], str(row["varde"]), reason)
                   for row, reason in zip(long[bad].to_dict("records"), reasons)]
    return long[~bad].drop(columns="varde"), rejections


BUDGET_COLUMNS = dict(zip(("budget_helar_tkr", "budget_period_tkr", "utfall_ack_tkr", "prognos_helar_tkr"),
                          schemas.BUDGET_BELOPP))
# Accumulated over the year: small in January by nature, so only a too large amount is implausible.
ACCUMULATED = {"budget_period_tkr", "utfall_ack_tkr"}


def same_spelling(names: pd.Series) -> pd.Series:
    """Names as NFC with white space collapsed; spellings differing only in case become the first one seen."""
    tidy = names.map(lambda v: " ".join(unicodedata.normalize("NFC", str(v)).split()))
    first: dict[str, str] = {}
    return tidy.map(lambda v: first.setdefault(v.casefold(), v))


def read_budget(path: Path) -> Result:
    """Monthly budget follow-up per enhet in tkr; a bad or implausible amount rejects that amount only."""
    if not path.exists():
        raise BuildError(path.name, "filen saknas i rådatamappen.")
    blad = setting_str("budget_sheet")
    seen = read_seen_sheet(path, blad, header_row=0)
    frame, hidden = seen.frame, list(seen.notices)
    if frame.empty:
        raise BuildError(path.name, f"bladet '{blad}' innehåller inga rader.")
    schema = schemas.budget_schema()
    frame = contract_names(frame, list(schema.columns), unit="tkr")
    unread = column_notices(frame, list(schema.columns), path.name, blad,
                            "bara kolumnerna " + ", ".join(schema.columns) + " läses som budgetuppföljning")
    rows, rejections = validate(frame, schema, fil=path.name, blad=blad, first_row=2, keys=("Period", "Enhet"))
    rows = with_lineage(rows, fil=path.name, blad=blad, first_row=2)
    period = rows["Period"].map(lambda v: parse_period(v).value)
    out = pd.DataFrame({
        "ar": period.map(lambda p: p[0]).astype(int), "manad": period.map(lambda p: p[1]).astype(int),
        "enhet": same_spelling(rows["Enhet"]),
        **{name: rows[col].map(lambda v: schemas.parse_amount(v, unit="tkr")) for name, col in BUDGET_COLUMNS.items()},
        "_fil": rows["_fil"], "_blad": rows["_blad"], "_rad": rows["_rad"],
    })
    for name, col in BUDGET_COLUMNS.items():
        bad, reasons = implausible(out, ["enhet"], name, smaller=name not in ACCUMULATED)
        rejections += [Rejection(path.name, blad, int(r), col, _text(rows.at[i, col]), reason)
                       for i, r, reason in zip(out.index[bad], out.loc[bad, "_rad"], reasons)]
        out.loc[bad, name] = None
    hidden += hidden_column_notices(seen, path.name, blad, list(frame.columns), list(schema.columns))
    return out, hidden + rejections + unread + sheet_notices(path, {blad},
                                                             f"budgetuppföljningen läses från bladet '{blad}'")
