"""Build the curated DuckDB database from data/raw and publish it atomically.

Steps, wired in order by `run`, all under the build lock (one update at a time,
pipelines.locks): remove leftovers of crashed builds → fingerprint the inputs
(skip if nothing changed) → read and validate every source → load raw tables →
staging SQL → curated SQL → theme tags → data tests → checkpoint, close, publish
(a new build file and an atomically switched link, pipelines.publish).
A failure at any step leaves the published database untouched and ends in a
BuildError with a Swedish message; unexpected errors are logged with their
traceback (pipelines.failures).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

import duckdb
import pandas as pd
import sqlglot
from sqlglot.errors import OptimizeError, ParseError
from sqlglot.optimizer.scope import traverse_scope

from pipelines import data_tests, sources
from pipelines.errors import BuildError, Rejection
from pipelines.failures import as_build_error
from pipelines.fingerprint import (
    SOURCE_SETTINGS,
    code_fingerprint,
    inputs_fingerprint,
    raw_files,
    record_state,
    sha256,
    state_token,
    unchanged_message,
    users_work_files,
)
from pipelines.kommuner import KommunResolver
from pipelines.locks import build_lock
from pipelines.logs import write_log
from pipelines.personal import describe_masked, mask_rejected_values
from pipelines.publish import new_build_id, publish, published_file, remove_unpublished, temp_path
from pipelines.readcache import ReadCache
from pipelines.settings import respondent_secret, setting, setting_str
from pipelines.themes.corrections import corrections_digest, import_old_log

PIPELINE_DIR = Path(__file__).parent
SQL_DIR = PIPELINE_DIR / "sql"
SEEDS = {
    "likertskala": PIPELINE_DIR / "seeds" / "likertskala.csv",
    "syften": PIPELINE_DIR / "seeds" / "syften.csv",
    "delstrategier": PIPELINE_DIR / "seeds" / "delstrategier.csv",
    "teman": PIPELINE_DIR / "themes" / "codebook.csv",
}
Log = Callable[[str], None]
# Settings naming the reference CSV files, in the order they are read.
REFERENCE_FILES = ("kommuner_file", "befolkning_file", "fragekatalog_file", "utvarderingar_file")

WAITING = "En annan uppdatering pågår – väntar tills den är klar …"


@dataclass
class Sources:
    """Everything read from data/raw: validated frames, rejections and which files were read."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    masked: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class BuildResult:
    db_path: Path
    rebuilt: bool
    files: int
    rows: int
    rejected: int
    seconds: float


def build_fingerprint(inputs: str, corrections: str | None = None) -> str:
    """The inputs' hash combined with the users' theme corrections (in the users' store) and the model's record.

    corrections: the corrections' digest as read before tagging (default: read now), so a
    correction saved while a build runs is not counted as built in.
    """
    digest = hashlib.sha256(inputs.encode())
    digest.update((corrections or corrections_digest(setting("user_dir"))).encode())
    for path in users_work_files():
        digest.update(path.name.encode())
        digest.update(sha256(path).encode())
    return digest.hexdigest()


def published_fingerprint(db_path: Path) -> str | None:
    """The fingerprint recorded in the published database, or None if there is none."""
    if not db_path.exists():
        return None
    try:
        with duckdb.connect(str(published_file(db_path)), read_only=True) as con:
            row = con.execute("select any_value(bygg_id) from load_manifest").fetchone()
    except duckdb.Error:
        return None
    return row[0] if row else None


def read_cache(db_path: Path) -> ReadCache:
    """The cache of validated files next to the database, keyed also on the code and the source settings."""
    base = hashlib.sha256(code_fingerprint().encode())
    for key in SOURCE_SETTINGS:
        base.update(b"\0" + setting_str(key).encode())
    return ReadCache(db_path.parent / setting_str("read_cache_folder"), base.hexdigest())


def cached_read(cache: ReadCache | None, path: Path, reader: Callable[[Path], sources.Result], *,
                depends_on: tuple[Path, ...] = (), extra: tuple = ()) -> tuple[sources.Result, str]:
    """A reader's result for one raw file, from the cache when nothing it depends on changed.

    Returns the result and a note for the log line ('' when the file was read).
    """
    if cache is None:
        return reader(path), ""
    result, hit = cache.read(path, reader, depends_on=tuple(sha256(p) for p in depends_on), extra=extra)
    return result, " (oförändrad sedan förra bygget)" if hit else ""


def read_sources(raw_dir: Path, log: Log, cache: ReadCache | None = None) -> Sources:
    """Read and validate every raw source; file-level problems raise BuildError.

    cache: validated frames of unchanged files are taken from it instead of read again.
    """
    if not raw_dir.is_dir():
        raise BuildError(str(raw_dir), "rådatamappen finns inte.")
    out = Sources()
    kommuner = sources.read_kommuner(raw_dir)
    resolver = KommunResolver.from_reference(kommuner)
    out.tables["kommuner"] = kommuner
    out.tables["befolkning"] = sources.read_befolkning(raw_dir, resolver)
    katalog = sources.read_fragekatalog(raw_dir)
    out.tables["fragekatalog"] = katalog
    utvarderingar = sources.read_utvarderingar(raw_dir)
    out.tables["utvarderingar"] = utvarderingar
    out.files += [sources.raw_path(raw_dir, key) for key in REFERENCE_FILES]
    log(f"  referensdata: {len(kommuner)} kommuner, {len(katalog)} kolumnrubriker i frågekatalogen")
    reference_paths = (sources.raw_path(raw_dir, "kommuner_file"), sources.raw_path(raw_dir, "fragekatalog_file"))
    secret = hashlib.sha256(respondent_secret()).hexdigest()  # another secret gives other respondent keys
    answers = []
    for row in utvarderingar.itertuples(index=False):
        survey = sources.SurveyFile(int(row.utvardering), raw_dir / row.fil, row.blad)
        other_sheets = frozenset(utvarderingar.loc[utvarderingar["fil"] == row.fil, "blad"]) - {row.blad}
        (frame, rejected), note = cached_read(
            cache, survey.path, lambda _p, s=survey, o=other_sheets: sources.read_survey(s, katalog, resolver, o),
            depends_on=reference_paths, extra=(survey.utvardering, survey.sheet, sorted(other_sheets), secret))
        answers.append(frame)
        out.rejections += rejected
        out.files.append(survey.path)
        masked = frame.attrs.get("maskerade") or {}
        out.masked[survey.path.name] = sum(masked.values())
        log(f"  {row.fil}: {frame['svars_id'].nunique()} svar inlästa, {rejected_count(rejected)} värden avvisade"
            + (f", {describe_masked(masked)} i fritextsvar maskerade" if masked else "") + note)
        if masked:
            write_log(f"{row.fil}: {describe_masked(masked)} i fritextsvar maskerades vid inläsningen.")
    out.tables["enkatsvar"] = pd.concat(answers, ignore_index=True)
    kommuner_path = (sources.raw_path(raw_dir, "kommuner_file"),)
    for name, reader, key, depends_on in (
            ("anslag", lambda p: sources.read_anslag(p, resolver), "anslag_file", kommuner_path),
            ("budget", sources.read_budget, "budget_file", ()),
            ("befolkningsprognos", lambda p: sources.read_befolkningsprognos(p, resolver), "befolkningsprognos_file",
             kommuner_path),
            ("skattekraft", lambda p: sources.read_skattekraft(p, resolver), "skattekraft_file", kommuner_path),
            ("utskick", lambda p: sources.read_utskick(p, resolver), "utskick_file", kommuner_path)):
        path = sources.raw_path(raw_dir, key)
        if key == "utskick_file" and not path.exists():   # optional: without it, no response rates by invitation
            out.tables[name], _ = reader(path)
            continue
        (frame, rejected), note = cached_read(cache, path, reader, depends_on=depends_on)
        out.tables[name] = frame
        out.rejections += rejected
        out.files.append(path)
        log(f"  {path.name}: {loaded_rows(frame).get(path.name, 0)} rader inlästa, "
            f"{rejected_count(rejected)} värden avvisade{note}")
    out.rejections, masked = mask_rejected_values(out.rejections)
    for fil, count in masked.items():
        out.masked[fil] = out.masked.get(fil, 0) + count
        log(f"  {fil}: {count} personuppgifter i avvisade värden maskerade")
        write_log(f"{fil}: {count} personuppgifter i avvisade värden maskerades innan de publicerades i "
                  "rejected_rows.")
    for notice in (r for r in out.rejections if r.rad == 0 or r.orsak == sources.HIDDEN_ROW):
        where = ", ".join(filter(None, (f"blad '{notice.blad}'" if notice.blad else "",
                                        f"rad {notice.rad}" if notice.rad else "",
                                        f"kolumn '{notice.kolumn}'" if notice.kolumn else "")))
        write_log(f"{notice.fil}{', ' + where if where else ''}: {notice.orsak}")
    return out


def rejected_count(rejections: list[Rejection]) -> int:
    """Rejected values, not counting the lines that report a whole sheet as not read (row 0)."""
    return sum(1 for r in rejections if r.rad > 0)


def loaded_rows(frame: pd.DataFrame) -> dict[str, int]:
    """Distinct source rows (file, sheet, row) behind a loaded frame, counted per file."""
    keys = frame[[c for c in ("_fil", "_blad", "_rad") if c in frame]].drop_duplicates()
    return {str(fil): int(count) for fil, count in keys["_fil"].value_counts().items()}


def load_raw(con: duckdb.DuckDBPyConnection, tables: dict[str, pd.DataFrame]) -> None:
    """Load validated frames and seeds into the schema raw, as delivered."""
    con.execute("create schema raw")
    for name, frame in tables.items():
        con.register("frame", frame)
        con.execute(f'create table raw."{name}" as select * from frame')
        con.unregister("frame")
    for name, path in SEEDS.items():
        con.execute(f'create table raw."{name}" as select * from read_csv(?, header = true, all_varchar = true)',
                    [str(path)])


def model_dependencies(sql: str, models: set[str], fil: str = "pipelines/sql/curated") -> set[str]:
    """The models a model's SQL reads from, found by parsing it with sqlglot.

    A table named in `from` or `join` (also in subqueries) counts when it is one of `models`, unqualified or
    in main; a name bound by a CTE in scope is not a model, nor is anything in staging.* or raw.*.
    """
    try:
        tree = sqlglot.parse_one(sql, read="duckdb")
        scopes = traverse_scope(tree)
    except (ParseError, OptimizeError) as error:
        raise BuildError(fil, f"SQL-koden kan inte tolkas: {error}") from error
    found = set()
    for scope in scopes:
        for table in scope.tables:
            name, schema = table.name.lower(), table.db.lower()
            if schema == "main" or (not schema and name not in scope.cte_sources):
                found.add(name)
    return found & models


def model_order(paths: list[Path]) -> list[Path]:
    """Order curated models so each runs after the models it reads from."""
    names = {p.stem: p for p in paths}
    deps = {n: model_dependencies(p.read_text(), set(names) - {n}, f"pipelines/sql/curated/{p.name}")
            for n, p in names.items()}
    ordered: list[str] = []
    while deps:
        ready = sorted(n for n, d in deps.items() if d <= set(ordered))
        if not ready:
            raise BuildError("pipelines/sql/curated", f"cirkulära beroenden mellan modellerna: {sorted(deps)}")
        ordered += ready
        for n in ready:
            deps.pop(n)
    return [names[n] for n in ordered]


def create_model(con: duckdb.DuckDBPyConnection, path: Path, schema: str = "main") -> None:
    """Create the table of one model (named by its .sql file) in a schema."""
    con.execute(f"create table {schema}.{path.stem} as {path.read_text()}")


def run_models(con: duckdb.DuckDBPyConnection, log: Log) -> None:
    """Create staging tables, then curated tables, one per .sql file."""
    con.execute("create schema staging")
    for path in sorted((SQL_DIR / "staging").glob("*.sql")):
        create_model(con, path, "staging")
    for path in model_order(sorted((SQL_DIR / "curated").glob("*.sql"))):
        create_model(con, path)
    log(f"  {len(list((SQL_DIR / 'staging').glob('*.sql')))} stagingtabeller och "
        f"{len(list((SQL_DIR / 'curated').glob('*.sql')))} kurerade tabeller skapade")


def tag_themes(con: duckdb.DuckDBPyConnection, log: Log) -> None:
    """Tag every free-text answer with themes (model, with users' corrections applied)."""
    from pipelines.themes.tagging import tag_fritextsvar

    answers = con.execute("select svar_id, text from fritextsvar order by svar_id").df()
    tags = tag_fritextsvar(answers, setting("model_dir"), setting("user_dir"))
    con.register("tags", tags)
    con.execute("create table main.fritext_tema as select svar_id, tema_id, cast(konfidens as double) as konfidens, "
                "kalla, cast(rang as integer) as rang from tags order by svar_id, rang")
    con.unregister("tags")
    log(f"  {len(answers)} fritextsvar taggade med teman")


def run_data_tests(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Run every data test (generic ones from schema.yml, specific .sql ones); one Swedish message per failure."""
    return data_tests.run_data_tests(con, SQL_DIR / "schema.yml", SQL_DIR / "tests")


def write_bookkeeping(con: duckdb.DuckDBPyConnection, src: Sources, fingerprint: str, started: datetime) -> None:
    """Write rejected_rows and load_manifest (per file: sha256, size, rows read/loaded/rejected, when)."""
    rejected = pd.DataFrame([r.__dict__ for r in src.rejections],
                            columns=["fil", "blad", "rad", "kolumn", "varde", "orsak"])
    con.register("rejected", rejected)
    con.execute("create table main.rejected_rows as select cast(fil as varchar) as fil, cast(blad as varchar) as blad, "
                "cast(rad as integer) as rad, cast(kolumn as varchar) as kolumn, cast(varde as varchar) as varde, "
                "cast(orsak as varchar) as orsak from rejected order by fil, blad, rad")
    con.unregister("rejected")
    loaded: dict[str, int] = {}
    loaded_keys: dict[str, set] = {}
    for frame in src.tables.values():
        for fil, count in loaded_rows(frame).items():
            loaded[fil] = loaded.get(fil, 0) + count
        if {"_fil", "_blad", "_rad"} <= set(frame.columns):
            for fil, blad, rad in frame[["_fil", "_blad", "_rad"]].drop_duplicates().itertuples(index=False):
                loaded_keys.setdefault(str(fil), set()).add((blad, int(rad)))
    manifest = []
    for path in src.files:
        rows = {(r.blad, r.rad) for r in src.rejections if r.fil == path.name and r.rad > 0}
        rows_loaded = {key for key in rows if key in loaded_keys.get(path.name, set())}
        manifest.append({"fil": path.name, "sha256": sha256(path), "storlek_byte": path.stat().st_size,
                         "rader_lasta": loaded.get(path.name, 0) + len(rows - rows_loaded),
                         "rader_inlasta": loaded.get(path.name, 0), "rader_avvisade": len(rows - rows_loaded),
                         "varden_avvisade": sum(1 for r in src.rejections if r.fil == path.name and r.rad > 0),
                         "personuppgifter_maskerade": src.masked.get(path.name, 0),
                         "inlast": started, "bygg_id": fingerprint})
    con.register("manifest", pd.DataFrame(manifest))
    con.execute("create table main.load_manifest as select * from manifest")
    con.unregister("manifest")


def remove_leftovers(db_path: Path, log: Log) -> None:
    """Remove what crashed builds and trainings left behind (temporary and unpublished files)."""
    from pipelines.themes.model import remove_leftovers as remove_model_leftovers

    removed = remove_unpublished(db_path) + remove_model_leftovers(setting("model_dir"))
    if removed:
        log(f"Tog bort {len(removed)} kvarlämnade temporära filer från tidigare avbrutna byggen.")
        write_log("Kvarlämnade filer borttagna: " + ", ".join(p.name for p in removed))


def run(raw_dir: Path, db_path: Path, *, strict: bool = False, force: bool = False, log: Log = print,
        on_wait: Callable[[], None] | None = None) -> BuildResult:
    """Build and publish, one build at a time; raise BuildError (published database untouched) on any failure.

    While another build, retraining or publish runs, this one waits for it
    (calling ``on_wait`` once, by default logging that it waits) and then builds
    only if something changed since.
    """
    try:
        with build_lock(db_path, on_wait=on_wait or (lambda: log(WAITING))):
            return build(raw_dir, db_path, strict=strict, force=force, log=log)
    except BuildError as error:
        write_log(f"Bygget stoppades: {error}")
        raise
    except Exception as error:  # noqa: BLE001 - every failure ends in a Swedish message, details in the log
        raise as_build_error(error, "Bygget") from error


def build(raw_dir: Path, db_path: Path, *, strict: bool, force: bool, log: Log) -> BuildResult:
    """The build itself (call run: it holds the build lock and turns failures into BuildError)."""
    t0 = time.perf_counter()
    started = datetime.now().replace(microsecond=0)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(db_path, log)
    for message in import_old_log(setting("user_dir")):
        log(message)
    token = state_token(raw_dir)
    inputs = inputs_fingerprint(raw_dir)
    corrections = corrections_digest(setting("user_dir"))
    if token != state_token(raw_dir):  # something changed (or the store was created) while reading: no quick check
        token = None
    if not force and published_fingerprint(db_path) == build_fingerprint(inputs, corrections):
        record_state(db_path, raw_dir, token)
        log(unchanged_message(db_path))
        return BuildResult(db_path, False, 0, 0, 0, time.perf_counter() - t0)
    log(f"Läser och validerar rådata i {raw_dir} …")
    cache = read_cache(db_path)
    src = read_sources(raw_dir, log, cache)
    if strict and src.rejections:
        raise BuildError(src.rejections[0].fil, f"{len(src.rejections)} värden avvisades och --strict är satt: "
                         + "; ".join(f"{r.fil} blad {r.blad} rad {r.rad} kolumn '{r.kolumn}' värde '{r.varde}': {r.orsak}"
                                     for r in src.rejections[:5]))
    build_id = new_build_id()
    tmp_path = temp_path(db_path, build_id)
    try:
        with duckdb.connect(str(tmp_path)) as con:
            log("Bygger tabeller …")
            load_raw(con, src.tables)
            run_models(con, log)
            tag_themes(con, log)
            write_bookkeeping(con, src, build_fingerprint(inputs, corrections), started)
            log("Kör datatester …")
            failures = run_data_tests(con)
            if failures:
                raise BuildError("datatester", "bygget stoppades, databasen publicerades inte:\n  " + "\n  ".join(failures))
            con.execute("drop schema raw cascade")
            rows = sum(con.execute(f'select count(*) from main."{t}"').fetchone()[0]
                       for (t,) in con.execute("select table_name from information_schema.tables "
                                               "where table_schema = 'main'").fetchall())
            con.execute("checkpoint")
        publish(tmp_path, db_path, build_id)
        record_state(db_path, raw_dir, token)
        cache.prune()
    finally:
        tmp_path.unlink(missing_ok=True)
        tmp_path.with_name(tmp_path.name + ".wal").unlink(missing_ok=True)
    seconds = time.perf_counter() - t0
    seconds_sv = f"{seconds:.1f}".replace(".", ",")
    log(f"Klart: {len(src.files)} filer, {rows} rader i kurerade tabeller, {len(src.rejections)} avvisade värden, "
        f"{seconds_sv} s. Publicerad: {db_path}")
    return BuildResult(db_path, True, len(src.files), rows, len(src.rejections), seconds)


__all__ = ["run", "BuildError", "BuildResult", "WAITING", "raw_files", "sha256", "SOURCE_SETTINGS",
           "code_fingerprint", "inputs_fingerprint", "users_work_files"]
