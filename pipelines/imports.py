"""Importing new raw files: recognise, archive, dry-run, compare, publish and roll back.

The files in ``data/raw`` (the raw_dir setting) are the demo and are never modified. An administrator's
uploads are kept unchanged in a content-addressed archive (``<import_dir>/arkiv/<sha256>``); who uploaded
what and when is recorded in the users' store (table ``importfil``). The *active set* of raw files for a
build is the demo files overlaid by archived uploads under the file names the build reads (an *overlay*,
``{file name: sha256}``); it is materialised in a work folder (``<import_dir>/arbete/<hash>``) and the build
reads that folder. The overlay in force is the one of the newest import log entry (publish or rollback), so
every build (a first visit, a retraining, the command line) reads the same set.

Pure parts (recognise, unknown headers, catalogue rows, figure differences) take paths and frames and
return data; the dashboard turns them into Swedish text.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from pipelines import schemas, sources, xlsx
from pipelines.build import BuildError, BuildResult, raw_files, run, sha256
from pipelines.failures import as_build_error
from pipelines.locks import build_lock
from pipelines.publish import published_file
from pipelines.settings import setting, setting_int, setting_str
from userstore import PUBLISH, ROLLBACK, StoreError, import_log, log_import
from userstore.importfiles import record_upload

ARCHIVED, DEMO = "arkiv", "demo"
"""Where a file of the active set comes from: an archived upload or the demo folder."""


class UploadRefused(ValueError):
    """An upload that cannot be imported; the message (Swedish) says why and what to do."""


@dataclass(frozen=True)
class Kind:
    """A source the build reads: its id, its Swedish label and the setting naming its file (None: a survey)."""

    id: str
    label: str
    file_setting: str | None
    columns: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()  # columns the file may leave out

    def matches(self, found: set[str]) -> bool:
        """True when a CSV file's columns are this source's: every required column, nothing unknown."""
        required = set(self.columns) - set(self.optional)
        return bool(self.columns) and required <= found <= set(self.columns)


KINDS: tuple[Kind, ...] = (
    Kind("enkat", "Enkätexport (utvärdering)", None),
    Kind("anslag", "Kommunala anslag (arbetsbok)", "anslag_file"),
    Kind("budget", "Budgetuppföljning (arbetsbok)", "budget_file"),
    Kind("kommuner", "Referensfil: kommuner", "kommuner_file", ("kommunkod", "kommun", "stavningar")),
    Kind("befolkning", "Referensfil: befolkning", "befolkning_file", ("kommunkod", "ar", "invanare")),
    Kind("befolkningsprognos", "Referensfil: befolkningsprognos", "befolkningsprognos_file",
         ("kommunkod", "ar", "invanare")),
    Kind("skattekraft", "Referensfil: skattekraft", "skattekraft_file", ("kommunkod", "ar", "skattekraft")),
    Kind("fragekatalog", "Referensfil: frågekatalog", "fragekatalog_file",
         tuple(schemas.fragekatalog_schema().columns)),
    Kind("utvarderingar", "Referensfil: utvärderingar", "utvarderingar_file",
         tuple(schemas.utvarderingar_schema().columns),
         tuple(n for n, c in schemas.utvarderingar_schema().columns.items() if not c.required)),
    Kind("utskick", "Referensfil: utskick (inbjudna per kommun och roll)", "utskick_file",
         ("utvardering", "kommun", "roll", "antal_inbjudna")),
)
KIND_BY_ID = {kind.id: kind for kind in KINDS}
YEAR_SHEET = re.compile(r"^\s*(20\d\d)\s*$")


# --- Checking and recognising an upload ------------------------------------------------


def check_upload(name: str, data: bytes) -> None:
    """Refuse an upload that is empty, too large, of the wrong type or an unreadable/encrypted workbook."""
    suffix = Path(name).suffix.lower()
    if suffix not in {".xlsx", ".csv"}:
        raise UploadRefused(f"Filen {name} är av fel typ ({suffix or 'ingen filändelse'}). Ladda upp en "
                            "Excel-arbetsbok (.xlsx) eller en CSV-fil (.csv).")
    if not data.strip():
        raise UploadRefused(f"Filen {name} är tom. Kontrollera att du valde rätt fil och försök igen.")
    limit = setting_int("import_max_mb")
    if len(data) > limit * 1_048_576:
        raise UploadRefused(f"Filen {name} är för stor (över {limit} MB, som är gränsen). Dela upp den eller "
                            "ta bort blad som inte behövs och försök igen.")
    if suffix == ".xlsx":
        with _as_file(name, data) as path:
            try:
                xlsx.check_container(path)
                xlsx.sheet_names(path)
            except BuildError as error:
                raise UploadRefused(f"Filen {name} kan inte användas: {error.message}") from error


class _as_file:
    """The upload's bytes as a file with its own name in a temporary folder (the readers take paths)."""

    def __init__(self, name: str, data: bytes):
        self.name, self.data = Path(name).name, data

    def __enter__(self) -> Path:
        self.folder = tempfile.TemporaryDirectory(prefix="utv-upload-")
        path = Path(self.folder.name) / self.name
        path.write_bytes(self.data)
        return path

    def __exit__(self, *exc) -> None:
        self.folder.cleanup()


def csv_columns(data: bytes, name: str) -> tuple[str, ...]:
    """The header of a CSV upload, whatever encoding and delimiter Excel used."""
    with _as_file(name, data) as path:
        try:
            frame = sources.read_csv_source(path)
        except BuildError as error:
            raise UploadRefused(f"Filen {name} kan inte läsas som CSV: {error.message}") from error
    return tuple(str(c).strip().lower() for c in frame.columns)


def recognise(name: str, data: bytes, raw_dir: Path) -> list[Kind]:
    """The sources an upload can be, best first (several: the page asks; none: the app does not know it).

    Workbooks: the budget sheet → budget; sheets named by year → anslag; a sheet with the catalogue's
    survey headers → a survey export. CSV files: by their columns; the file name decides between
    sources with the same columns (befolkning and befolkningsprognos).
    """
    check_upload(name, data)
    if Path(name).suffix.lower() == ".csv":
        columns = set(csv_columns(data, name))
        found = [k for k in KINDS if k.matches(columns)]
        stem = Path(name).stem.lower()
        return sorted(found, key=lambda k: (k.id not in stem, -len(k.id) if k.id in stem else 0))
    with _as_file(name, data) as path:
        sheets = xlsx.sheet_names(path)
        if setting_str("budget_sheet") in sheets:
            return [KIND_BY_ID["budget"]]
        if any(YEAR_SHEET.match(s) for s in sheets):
            return [KIND_BY_ID["anslag"]]
        katalog = sources.read_fragekatalog(raw_dir)
        for sheet in sheets:
            try:
                sources.survey_header_row(xlsx.read_sheet(path, sheet, header_row=None), katalog, name, sheet)
            except BuildError:
                continue
            return [KIND_BY_ID["enkat"]]
    return []


def survey_sheet(data: bytes, name: str, raw_dir: Path) -> str:
    """The first sheet of a survey export that has the catalogue's header row."""
    katalog = sources.read_fragekatalog(raw_dir)
    with _as_file(name, data) as path:
        for sheet in xlsx.sheet_names(path):
            try:
                sources.survey_header_row(xlsx.read_sheet(path, sheet, header_row=None), katalog, name, sheet)
            except BuildError:
                continue
            return sheet
    raise UploadRefused(f"Filen {name} har inget blad med enkätens rubrikrad (svars-id, kommun, slutförandetid).")


def unknown_headers(data: bytes, name: str, raw_dir: Path) -> list[str]:
    """The survey export's column headers that the question catalogue (of raw_dir) does not have, in order."""
    katalog = sources.read_fragekatalog(raw_dir)
    sheet = survey_sheet(data, name, raw_dir)
    with _as_file(name, data) as path:
        raw = xlsx.read_sheet(path, sheet, header_row=None)
    frame, _ = sources.with_header(raw, sources.survey_header_row(raw, katalog, name, sheet))
    known = set(katalog["rubrik_nyckel"])
    return [c for c in frame.columns if sources.header_key(c) not in known and not c.startswith("kolumn ")]


def survey_years(raw_dir: Path) -> dict[int, str]:
    """The utvärderingar the active set declares: year → export file name."""
    frame = sources.read_utvarderingar(raw_dir)
    return {int(r.utvardering): str(r.fil) for r in frame.itertuples(index=False)}


def target_name(kind: Kind, raw_dir: Path, utvardering: int | None = None) -> str:
    """The file name the build reads the upload under (a survey: the export of its utvärdering)."""
    if kind.file_setting:
        return setting_str(kind.file_setting)
    years = survey_years(raw_dir)
    if utvardering not in years:
        raise UploadRefused(f"Utvärdering {utvardering} finns inte i {setting_str('utvarderingar_file')} "
                            f"(finns: {', '.join(map(str, sorted(years)))}). Välj en av dem.")
    return years[utvardering]


# --- The question catalogue -----------------------------------------------------------

NEW_QUESTION, PERSONAL = "ny_fraga", "personuppgift"
"""Catalogue choices for an unknown header besides an existing question's fraga_id."""


def slug(text: str) -> str:
    """A fraga_id-safe form of a header: a-z, 0-9 and _ only (å, ä → a, ö → o)."""
    text = str(text).lower().translate(str.maketrans("åäöéü", "aaoeu"))
    return re.sub(r"_+", "_", re.sub(r"[^a-z0-9]+", "_", text)).strip("_")[:60] or "fraga"


def catalogue_row(header: str, choice: str, katalog: pd.DataFrame) -> dict[str, str]:
    """The catalogue row for a new header: a copy of an existing question's row, a new free-text question
    (group övrigt) or personal data (meta, personuppgift = ja, never loaded)."""
    columns = list(schemas.fragekatalog_schema().columns)
    if choice == NEW_QUESTION:
        return {**dict.fromkeys(columns, ""), "kolumnrubrik": header, "fraga_id": f"ny_{slug(header)}",
                "typ": "fritext", "grupp": "ovrigt", "kort_text": header, "personuppgift": "nej"}
    if choice == PERSONAL:
        return {**dict.fromkeys(columns, ""), "kolumnrubrik": header, "fraga_id": f"meta_{slug(header)}",
                "typ": "meta", "grupp": "meta", "kort_text": header, "personuppgift": "ja"}
    same = katalog[katalog["fraga_id"] == choice]
    if same.empty:
        raise UploadRefused(f"Frågan {choice} finns inte i frågekatalogen.")
    row = {c: ("" if pd.isna(v) else str(v)) for c, v in same.iloc[0][columns].items()}
    return {**row, "kolumnrubrik": header}


def extended_catalogue(raw_dir: Path, mapping: Mapping[str, str]) -> bytes:
    """The active catalogue file with one row per mapped header appended (UTF-8 CSV, as the demo's)."""
    katalog = sources.read_fragekatalog(raw_dir)
    text = sources.decode_text(sources.raw_path(raw_dir, "fragekatalog_file").read_bytes(), "fragekatalog")
    current = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=None, engine="python")
    added = pd.DataFrame([catalogue_row(h, c, katalog) for h, c in mapping.items()], columns=current.columns)
    return pd.concat([current, added], ignore_index=True).to_csv(index=False).encode("utf-8")


# --- Archive, overlay and work folder --------------------------------------------------


def archive_dir() -> Path:
    return setting("import_dir") / "arkiv"


def archive_path(sha: str) -> Path:
    """Where an archived file's bytes are kept, named by their sha256."""
    return archive_dir() / sha


def archive(data: bytes, filnamn: str, kalla: str, user_id: str, user_name: str) -> str:
    """Keep the bytes unchanged in the archive (once per content) and record who uploaded them; the sha256."""
    sha = hashlib.sha256(data).hexdigest()
    path = archive_path(sha)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{sha}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    record_upload(sha, filnamn, kalla, len(data), user_id, user_name)
    return sha


def active_overlay() -> dict[str, str]:
    """The overlay in force: the archived files of the newest import log entry ({} when there is none)."""
    latest = import_log(limit=1)
    return overlay_of(latest[0]) if latest else {}


def overlay_of(entry: Mapping) -> dict[str, str]:
    """The archived files {name: sha256} of an import log entry."""
    return {f["fil"]: f["sha256"] for f in entry["filer"] if f.get("kalla") == ARCHIVED}


def active_files(overlay: Mapping[str, str], raw_dir: Path | None = None) -> dict[str, Path]:
    """The active set: every demo file by name, overlaid by the archived files of the overlay."""
    raw_dir = raw_dir or setting("raw_dir")
    files = {p.name: p for p in raw_files(raw_dir)}
    for name, sha in overlay.items():
        path = archive_path(sha)
        if not path.is_file():
            raise BuildError(name, f"den arkiverade filen {sha[:12]}… saknas i arkivet {archive_dir()}. "
                                   "Återställ arkivet från säkerhetskopian eller ladda upp filen igen.")
        files[name] = path
    return files


def materialise(overlay: Mapping[str, str], raw_dir: Path | None = None) -> Path:
    """A work folder holding the active set under the names the build reads, named by the files' contents
    (reused when it exists; a changed demo file gives a new folder)."""
    raw_dir = raw_dir or setting("raw_dir")
    if not overlay:
        return raw_dir
    files = active_files(overlay, raw_dir)
    contents = {name: overlay.get(name) or sha256(path) for name, path in files.items()}
    key = hashlib.sha256(json.dumps(contents, sort_keys=True).encode()).hexdigest()[:20]
    folder = setting("import_dir") / "arbete" / key
    if folder.is_dir():
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=folder.parent))
    for name, path in files.items():
        shutil.copyfile(path, tmp / name)
    try:
        os.rename(tmp, folder)
    except OSError:  # another session materialised the same set first
        shutil.rmtree(tmp, ignore_errors=True)
    return folder


def active_raw_dir() -> Path:
    """The folder every build reads: data/raw, or the work folder of the active set when files were imported."""
    try:
        return materialise(active_overlay())
    except StoreError as error:
        raise as_build_error(error, "Importen") from error


# --- Dry run and comparison ------------------------------------------------------------


@dataclass
class Preview:
    """What a dry run found: the log, rows per file, every rejection and the differences to the published data."""

    log: list[str] = field(default_factory=list)
    manifest: pd.DataFrame = field(default_factory=pd.DataFrame)
    rejected: pd.DataFrame = field(default_factory=pd.DataFrame)
    anslag: pd.DataFrame = field(default_factory=pd.DataFrame)
    svarsfrekvens: pd.DataFrame = field(default_factory=pd.DataFrame)
    tables: pd.DataFrame = field(default_factory=pd.DataFrame)


def dry_run(overlay: Mapping[str, str], pending: Mapping[str, bytes] | None = None,
            on_wait: Callable[[], None] | None = None) -> Preview:
    """Build the active set of the overlay with the pending (not yet archived) files on top into a temporary
    database, nothing published and nothing stored, and compare it with the published database.

    Holds the build lock of the published database, as a build does: the dry run shares the theme model's
    folder with builds and retrainings.
    """
    preview = Preview()
    with build_lock(setting("db_path"), on_wait=on_wait), \
            tempfile.TemporaryDirectory(prefix="utv-provbygge-") as folder:
        work = Path(folder) / "radata"
        work.mkdir()
        for name, path in active_files(overlay).items():
            shutil.copyfile(path, work / name)
        for name, data in (pending or {}).items():
            (work / name).write_bytes(data)
        target = Path(folder) / "provbygge.duckdb"
        run(work, target, force=True, log=preview.log.append)
        new = published_file(target)
        with duckdb.connect(str(new), read_only=True) as con:
            preview.manifest = con.execute("select fil, rader_lasta, rader_inlasta, rader_avvisade, varden_avvisade "
                                           "from load_manifest order by fil").df()
            preview.rejected = con.execute("select * from rejected_rows order by fil, blad, rad").df()
        old = published_file(setting("db_path"))
        if old.exists():
            preview.anslag, preview.svarsfrekvens, preview.tables = compare(old, new)
    return preview


def compare(old: Path, new: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Differences between two built databases: kommun anslag per year, svarsfrekvens per utvärdering and
    new and removed rows per curated table."""
    with duckdb.connect(":memory:") as con:
        con.execute(f"attach '{old}' as fore (read_only)")
        con.execute(f"attach '{new}' as efter (read_only)")
        anslag = con.execute(
            "with f as (select a.ar, a.kommunkod, sum(belopp_kr) as belopp from fore.anslag a "
            "           where a.part = 'kommun' group by all), "
            "     e as (select a.ar, a.kommunkod, sum(belopp_kr) as belopp from efter.anslag a "
            "           where a.part = 'kommun' group by all) "
            "select coalesce(e.ar, f.ar) as ar, coalesce(e.kommunkod, f.kommunkod) as kommunkod, "
            "       coalesce(k.kommun, coalesce(e.kommunkod, f.kommunkod)) as kommun, "
            "       f.belopp as fore_kr, e.belopp as efter_kr "
            "from f full join e using (ar, kommunkod) "
            "left join efter.kommun k on k.kommunkod = coalesce(e.kommunkod, f.kommunkod) "
            "where f.belopp is distinct from e.belopp order by ar, kommunkod").df()
        frekvens = con.execute(
            "with f as (select utvardering, count(*) filter (where har_svarat) as svar, count(*) as kommuner "
            "           from fore.deltagande group by all), "
            "     e as (select utvardering, count(*) filter (where har_svarat) as svar, count(*) as kommuner "
            "           from efter.deltagande group by all) "
            "select utvardering, f.svar as fore_svar, f.kommuner as fore_kommuner, e.svar as efter_svar, "
            "       e.kommuner as efter_kommuner from f full join e using (utvardering) order by utvardering").df()
        names = [r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_catalog = 'efter' "
            "and table_schema = 'main' and table_name not in ('load_manifest', 'rejected_rows') "
            "intersect select table_name from information_schema.tables where table_catalog = 'fore' "
            "and table_schema = 'main' order by 1").fetchall()]
        rows = []
        for name in names:
            try:
                added = con.execute(f'select count(*) from (select * from efter."{name}" '
                                    f'except all select * from fore."{name}")').fetchone()[0]
                removed = con.execute(f'select count(*) from (select * from fore."{name}" '
                                      f'except all select * from efter."{name}")').fetchone()[0]
            except duckdb.Error:  # the table's columns changed between the builds
                continue
            if added or removed:
                rows.append({"tabell": name, "nya": int(added), "borttagna": int(removed)})
        con.execute("detach fore")
        con.execute("detach efter")
    return anslag, frekvens, pd.DataFrame(rows, columns=["tabell", "nya", "borttagna"])


# --- Publish and roll back -------------------------------------------------------------


def files_of(overlay: Mapping[str, str], raw_dir: Path | None = None) -> list[dict]:
    """The import log's file list of an active set: name, sha256 and where each file comes from."""
    return [{"fil": name, "sha256": overlay.get(name) or sha256(path),
             "kalla": ARCHIVED if name in overlay else DEMO}
            for name, path in sorted(active_files(overlay, raw_dir).items())]


def _check_unchanged(expected: Mapping[str, str] | None) -> None:
    """Refuse (UploadRefused) when the overlay in force is no longer the one the caller previewed against."""
    if expected is not None and active_overlay() != dict(expected):
        raise UploadRefused("En annan administratör har publicerat eller återställt under tiden. "
                            "Förhandsgranska filen igen mot de nya uppgifterna och publicera sedan.")


def _publish(overlay: Mapping[str, str], atgard: str, user_id: str, user_name: str,
             log: Callable[[str], None], on_wait: Callable[[], None] | None,
             expected: Mapping[str, str] | None = None) -> BuildResult:
    """Build the set and publish it and its import log entry as one step under the build lock.

    expected: the overlay in force the caller previewed against; when another publish or rollback has changed
    it since, nothing is published (UploadRefused), so nobody's upload is silently replaced.
    """
    db_path = setting("db_path")
    with build_lock(db_path, on_wait=on_wait):
        _check_unchanged(expected)
        work = materialise(overlay)
        result = run(work, db_path, log=log)
        with duckdb.connect(str(published_file(db_path)), read_only=True) as con:
            bygg_id, inlasta, avvisade = con.execute(
                "select any_value(bygg_id), sum(rader_inlasta), sum(rader_avvisade) from load_manifest").fetchone()
        files = files_of(overlay)
        log_import(bygg_id, atgard, files,
                   {"filer": len(files), "rader_inlasta": int(inlasta or 0),
                    "rader_avvisade": int(avvisade or 0)}, user_id, user_name)
        remove_other_work_folders(work)
    return result


def remove_other_work_folders(keep: Path) -> None:
    """Delete the work folders of sets no longer in force (call under the build lock: no build reads them)."""
    root = setting("import_dir") / "arbete"
    if not root.is_dir():
        return
    for folder in root.iterdir():
        if folder.is_dir() and folder != keep:
            shutil.rmtree(folder, ignore_errors=True)


def publish_overlay(overlay: Mapping[str, str], user_id: str, user_name: str, log: Callable[[str], None] = print,
                    on_wait: Callable[[], None] | None = None, pending: Mapping[str, tuple[bytes, str, str]] = {},
                    expected: Mapping[str, str] | None = None) -> BuildResult:
    """Archive the pending files ({name the build reads: (bytes, uploaded name, source id)}), then publish the
    overlay with them on top ('publicera' in the import log); see _publish for expected."""
    overlay = dict(overlay)
    with build_lock(setting("db_path"), on_wait=on_wait):  # reentrant: _publish takes it again
        _check_unchanged(expected)
        for name, (data, uploaded_as, kind) in pending.items():
            overlay[name] = archive(data, uploaded_as, kind, user_id, user_name)
        return _publish(overlay, PUBLISH, user_id, user_name, log, on_wait)


def rollback(entry_id: int | None, user_id: str, user_name: str, log: Callable[[str], None] = print,
             on_wait: Callable[[], None] | None = None) -> BuildResult:
    """Rebuild an earlier entry's set of files (None: the demo files only); logged as 'aterstall'."""
    overlay: dict[str, str] = {}
    if entry_id is not None:
        entries = {e["id"]: e for e in import_log()}
        if entry_id not in entries:
            raise UploadRefused(f"Bygget {entry_id} finns inte i importloggen.")
        overlay = overlay_of(entries[entry_id])
    return _publish(overlay, ROLLBACK, user_id, user_name, log, on_wait)


