"""Read each raw source, validate it against its declared schema and return clean rows.

Every function returns (rows, rejections). Rows carry their lineage
(_fil, _blad, _rad: file, sheet and row number as a person sees them in Excel),
so later data tests can name the exact place of a problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from pipelines import schemas
from pipelines.errors import BuildError, Rejection
from pipelines.kommuner import KommunResolver, fold
from pipelines.settings import setting_str
from pipelines.xlsx import check_container, read_sheet, sheet_names

Result = tuple[pd.DataFrame, list[Rejection]]


def _reason(check: str) -> str:
    """Turn pandera's name of a failed check into a plain Swedish reason."""
    if "uniqueness" in check or "unique" in check:
        return "Dubblett: raden förekommer mer än en gång"
    if check.startswith(("coerce_dtype", "dtype")):
        return "Fel datatyp"
    if check == "not_nullable":
        return "Värdet saknas"
    return check


def validate(frame: pd.DataFrame, schema: pa.DataFrameSchema, *, fil: str, blad: str, first_row: int) -> Result:
    """Validate lazily; missing columns stop the build, failing values become rejections.

    first_row is the spreadsheet row number of the frame's index 0.
    """
    try:
        schema.validate(frame, lazy=True)
        return frame, []
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    missing = cases[cases["check"].astype(str).str.contains("column_in_dataframe")]
    if not missing.empty:
        names = ", ".join(f"'{c}'" for c in missing["failure_case"].astype(str))
        raise BuildError(fil, f"blad '{blad}': kolumnen {names} saknas. Kontrollera rubrikraden.")
    rejections = []
    bad_index = set()
    for case in cases.itertuples(index=False):
        if pd.isna(case.index):
            raise BuildError(fil, f"blad '{blad}': {_reason(str(case.check))} ({case.failure_case}).")
        index = int(case.index)
        bad_index.add(index)
        value = frame.at[index, case.column] if case.column in frame.columns else case.failure_case
        rejections.append(Rejection(fil, blad, index + first_row, str(case.column), _text(value),
                                    _reason(str(case.check))))
    return frame.drop(index=sorted(bad_index)), rejections


def _text(value) -> str:
    return "" if schemas.is_blank(value) else str(value)


def with_lineage(frame: pd.DataFrame, *, fil: str, blad: str, first_row: int) -> pd.DataFrame:
    """Add the columns _fil, _blad and _rad (spreadsheet row number) to a frame."""
    return frame.assign(_fil=fil, _blad=blad, _rad=[int(i) + first_row for i in frame.index])


def read_csv_source(path: Path) -> pd.DataFrame:
    """Read one of the project's CSV reference files as text, refusing empty files."""
    if not path.exists():
        raise BuildError(path.name, "filen saknas i rådatamappen.")
    if path.stat().st_size == 0:
        raise BuildError(path.name, "filen är tom (0 byte).")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as error:
        raise BuildError(path.name, f"filen kan inte läsas som CSV (UTF-8): {error}") from error
    frame.columns = [c.strip() for c in frame.columns]
    return frame.replace({"": None})


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
    rows, rejections = validate(read_csv_source(path), schema, fil=path.name, blad="", first_row=2)
    rows = with_lineage(rows, fil=path.name, blad="", first_row=2)
    out = pd.DataFrame({
        "kommunkod": rows["kommunkod"].map(resolver.resolve),
        "ar": rows["ar"].map(schemas.parse_amount).astype("int64"),
        value: rows[value].map(schemas.parse_amount).astype("float64"),
        "_fil": rows["_fil"], "_blad": rows["_blad"], "_rad": rows["_rad"],
    })
    return out, rejections


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
    """Which survey export belongs to which utvärdering, and its deadline."""
    return read_reference(raw_path(raw_dir, "utvarderingar_file"), schemas.utvarderingar_schema())


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


def read_survey(survey: SurveyFile, katalog: pd.DataFrame, resolver: KommunResolver) -> Result:
    """One survey export in long form: one row per response and question; personal data dropped."""
    fil = survey.path.name
    if not survey.path.exists():
        raise BuildError(fil, "filen saknas i rådatamappen.")
    frame = read_sheet(survey.path, survey.sheet)
    if frame.empty:
        raise BuildError(fil, f"bladet '{survey.sheet}' innehåller inga svar.")
    mapping = map_headers(list(frame.columns), katalog, fil)
    personal = [h for h, row in mapping.items() if row.personuppgift == "ja"]
    frame = frame.drop(columns=personal)
    roles = {h: (row.fraga_id if row.typ == "meta" else row.typ) for h, row in mapping.items() if h not in personal}
    rows, rejections = validate(frame, schemas.survey_schema(roles, resolver), fil=fil, blad=survey.sheet, first_row=2)
    rows = with_lineage(rows, fil=fil, blad=survey.sheet, first_row=2)
    meta = {row.fraga_id: h for h, row in mapping.items() if row.typ == "meta" and h not in personal}
    responses = pd.DataFrame({
        "utvardering": survey.utvardering,
        "svars_id": rows[meta["meta_svars_id"]].map(schemas.parse_amount).astype("Int64"),
        "starttid": rows[meta["meta_starttid"]].map(schemas.parse_timestamp) if "meta_starttid" in meta else None,
        "sluttid": rows[meta["meta_sluttid"]].map(schemas.parse_timestamp),
        "kommun_angiven": rows[meta["meta_kommun"]].astype(str),
        "kommunkod": rows[meta["meta_kommun"]].map(resolver.resolve),
        "_fil": rows["_fil"], "_blad": rows["_blad"], "_rad": rows["_rad"],
    })
    questions = [h for h, row in mapping.items() if row.typ in ("likert", "fritext")]
    long = rows[questions].rename(columns={h: mapping[h].fraga_id for h in questions})
    long = long.assign(_rad=rows["_rad"]).melt(id_vars="_rad", var_name="fraga_id", value_name="svar")
    long["svar"] = long["svar"].map(lambda v: None if schemas.is_blank(v) else str(v).strip())
    long["typ"] = long["fraga_id"].map({mapping[h].fraga_id: mapping[h].typ for h in questions})
    long.loc[long["typ"] == "likert", "svar"] = long.loc[long["typ"] == "likert", "svar"].map(schemas.normalise_label)
    answers = responses.merge(long.drop(columns="typ"), on="_rad")
    return answers, rejections


def anslag_header_row(raw: pd.DataFrame, fil: str, blad: str) -> int:
    """Find the header row (the first whose first cell is 'Kommun') under the sheet's title rows."""
    for index, value in raw.iloc[:, 0].items():
        if isinstance(value, str) and value.strip().lower() == "kommun":
            return int(index)
    raise BuildError(fil, f"blad '{blad}': hittar ingen rubrikrad som börjar med 'Kommun'.")


def read_anslag_sheet(path: Path, blad: str, resolver: KommunResolver) -> Result:
    """One year's sheet of kommunala anslag (kr) with the region's row; the Summa row is checked."""
    fil = path.name
    raw = read_sheet(path, blad, header_row=None)
    header = anslag_header_row(raw, fil, blad)
    frame = raw.loc[header + 1:].copy()
    frame.columns = [str(c).strip() if not schemas.is_blank(c) else f"kolumn {i + 1}" for i, c in enumerate(raw.loc[header])]
    frame.index = frame.index - header - 1
    first_row = header + 2
    names = frame["Kommun"].map(lambda v: fold(v) if isinstance(v, str) else "") if "Kommun" in frame else None
    is_summa = names.str.startswith("summa") if names is not None else pd.Series(False, index=frame.index)
    is_region = names.str.startswith("region") if names is not None else pd.Series(False, index=frame.index)
    schema = schemas.anslag_schema()
    rows, rejections = validate(frame, schema, fil=fil, blad=blad, first_row=first_row)
    kommun_rows = rows[~is_summa.reindex(rows.index) & ~is_region.reindex(rows.index)]
    unknown = kommun_rows[kommun_rows["Kommun"].map(resolver.resolve).isna()]
    rejections += [Rejection(fil, blad, int(i) + first_row, "Kommun", str(v),
                             "Okänd kommun: namnet eller koden matchar ingen av länets 15 kommuner")
                   for i, v in unknown["Kommun"].items()]
    wrong_sum = rows[~schemas.summa_matches(rows)]
    rejections += [Rejection(fil, blad, int(i) + first_row, "Summa", str(v),
                             "Summan stämmer inte med summan av posterna på raden")
                   for i, v in wrong_sum["Summa"].items()]
    rows = rows.drop(index=unknown.index.union(wrong_sum.index))
    rows = with_lineage(rows, fil=fil, blad=blad, first_row=first_row)
    summa = rows[is_summa.reindex(rows.index)]
    rows = rows[~is_summa.reindex(rows.index)]
    part = is_region.reindex(rows.index).map({True: "region", False: "kommun"})
    long = rows.assign(ar=int(blad), part=part, kommunkod=rows["Kommun"].map(resolver.resolve).where(part == "kommun"))
    long = long.melt(id_vars=["ar", "part", "kommunkod", "Kommun", "_fil", "_blad", "_rad"],
                     value_vars=list(schemas.ANSLAG_POSTER), var_name="post", value_name="belopp_kr")
    long["belopp_kr"] = long["belopp_kr"].map(schemas.parse_amount)
    rejections += check_summa_row(summa, long, fil, blad)
    return long.rename(columns={"Kommun": "kommun_angiven"}), rejections


def check_summa_row(summa: pd.DataFrame, long: pd.DataFrame, fil: str, blad: str) -> list[Rejection]:
    """The sheet's 'Summa kommuner' row must equal the sum of the kommun rows that were loaded."""
    loaded = long.loc[long["part"] == "kommun", "belopp_kr"].sum()
    message = f"Summaraden stämmer inte med summan av de inlästa kommunraderna ({loaded:,.0f} kr)".replace(",", " ")
    return [Rejection(fil, blad, int(row["_rad"]), "Summa", str(row["Summa"]), message)
            for row in summa.to_dict("records") if abs(schemas.parse_amount(row["Summa"]) - loaded) > 1]


def read_anslag(path: Path, resolver: KommunResolver) -> Result:
    """All year sheets (named by year, e.g. '2024') of the kommunala anslag workbook."""
    if not path.exists():
        raise BuildError(path.name, "filen saknas i rådatamappen.")
    check_container(path)
    years = [s for s in sheet_names(path) if re.fullmatch(r"\d{4}", s.strip())]
    if not years:
        raise BuildError(path.name, "arbetsboken har inga blad namngivna efter år (till exempel '2024').")
    frames, rejections = [], []
    for blad in years:
        rows, rejected = read_anslag_sheet(path, blad, resolver)
        frames.append(rows)
        rejections += rejected
    return pd.concat(frames, ignore_index=True), rejections


def read_budget(path: Path) -> Result:
    """Monthly budget follow-up per enhet in tkr."""
    if not path.exists():
        raise BuildError(path.name, "filen saknas i rådatamappen.")
    blad = setting_str("budget_sheet")
    frame = read_sheet(path, blad)
    if frame.empty:
        raise BuildError(path.name, f"bladet '{blad}' innehåller inga rader.")
    rows, rejections = validate(frame, schemas.budget_schema(), fil=path.name, blad=blad, first_row=2)
    rows = with_lineage(rows, fil=path.name, blad=blad, first_row=2)
    period = rows["Period"].map(lambda v: str(v).strip().removesuffix(".0"))
    out = pd.DataFrame({
        "ar": period.str[:4].astype(int), "manad": period.str[4:].astype(int), "enhet": rows["Enhet"].str.strip(),
        **{name: rows[col].map(schemas.parse_amount) for name, col in zip(
            ("budget_helar_tkr", "budget_period_tkr", "utfall_ack_tkr", "prognos_helar_tkr"), schemas.BUDGET_BELOPP)},
        "_fil": rows["_fil"], "_blad": rows["_blad"], "_rad": rows["_rad"],
    })
    return out, rejections
