"""What a build is made of, hashed: the raw files, the settings naming them and the pipeline's code.

Also the quick check behind `python -m pipelines` when nothing changed: after every build (or check that found
nothing changed) a small record next to the database keeps the published build file's name, the raw folder and
one hash over everything the build fingerprint depends on that can be hashed without the heavy libraries: the
inputs' fingerprint, the model's record, the users' abbreviation list, and the bytes of the users' SQLite store
(theme corrections, the active import set) and of the old corrections log. When all of these are equal, the
published database is current and the process ends without importing pandas, DuckDB, SQLAlchemy or
scikit-learn. Any difference, a leftover of a crashed build, or a store that is not a SQLite file sends the run
on to the full check in pipelines.build, which is always right; the quick check can only say "unchanged" when
the full check would too.

Only the standard library and light project modules are imported here.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from pipelines.publish import published_file, unpublished_files
from pipelines.settings import respondent_secret, setting, setting_str

PIPELINE_DIR = Path(__file__).parent
# Every setting that names what the build reads: a change of one forces a rebuild.
SOURCE_SETTINGS = ("kommuner_file", "befolkning_file", "fragekatalog_file", "utvarderingar_file", "anslag_file",
                   "budget_file", "budget_sheet", "befolkningsprognos_file", "skattekraft_file", "utskick_file")
# Names the users' store and the old corrections log have in user_dir (userstore.database, themes.corrections).
STORE_FILES = ("anvandardata.sqlite", "anvandardata.sqlite-wal", "anvandardata.sqlite-journal",
               "temakorrigeringar.csv")


def sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def code_fingerprint() -> str:
    """Hash of the pipeline's own code, SQL, data tests, seeds and theme training data: a change forces a rebuild."""
    digest = hashlib.sha256()
    for path in sorted(PIPELINE_DIR.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".sql", ".csv", ".yml"} and "demo" not in path.parts:
            digest.update(str(path.relative_to(PIPELINE_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def raw_files(raw_dir: Path) -> list[Path]:
    """All raw files the build reads, in a stable order."""
    if not raw_dir.exists():
        return []
    return sorted(p for p in raw_dir.iterdir() if p.suffix.lower() in {".csv", ".xlsx"})


def inputs_fingerprint(raw_dir: Path) -> str:
    """One hash over every raw file's name and content, the settings naming the sources and the pipeline code."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for key in SOURCE_SETTINGS:
        digest.update(setting_str(key).encode())
    digest.update(hashlib.sha256(respondent_secret()).digest())  # another secret gives other respondent keys
    for path in raw_files(raw_dir):
        digest.update(path.name.encode())
        digest.update(sha256(path).encode())
    return digest.hexdigest()


def users_work_files() -> list[Path]:
    """The stored model's record and the users' abbreviation list: a change re-tags the answers on the next build."""
    own_list = setting("user_dir") / "forkortningar.csv"
    return [p for p in sorted(setting("model_dir").glob("*.json")) if p.is_file()] + (
        [own_list] if own_list.is_file() else [])


# --- The quick check of an unchanged run ------------------------------------------------------------------------


def unchanged_message(db_path: Path) -> str:
    """What a run says when the published database is current."""
    return f"Inga ändringar i rådata eller kod sedan förra bygget – {db_path} är aktuell."


def record_path(db_path: Path) -> Path:
    """The quick check's record, next to the published link."""
    return db_path.with_name(f".{db_path.name}.snabbkontroll.json")


def state_token(raw_dir: Path) -> str | None:
    """One hash over what the build fingerprint depends on, hashed from files; None when that cannot be done
    (the users' store is not a SQLite file in user_dir)."""
    if setting_str("user_store_url").strip():
        return None
    digest = hashlib.sha256(inputs_fingerprint(raw_dir).encode())
    digest.update(str(raw_dir.absolute()).encode())
    user_dir = setting("user_dir")
    for path in [*users_work_files(), *(user_dir / name for name in STORE_FILES)]:
        digest.update(b"\0" + str(path.absolute()).encode() + b"\0")
        digest.update(sha256(path).encode() if path.is_file() else b"-")
    return digest.hexdigest()


def record_state(db_path: Path, raw_dir: Path, token: str | None) -> None:
    """After a build or a full check that found nothing changed: remember the published build and the token."""
    path = record_path(db_path)
    if token is None or not db_path.is_symlink():
        path.unlink(missing_ok=True)
        return
    record = {"bygg": published_file(db_path).name, "raw_dir": str(raw_dir.absolute()), "token": token}
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(record), encoding="utf-8")
    os.replace(tmp, path)


def has_leftovers(db_path: Path) -> bool:
    """Whether a crashed build or training left files behind (the full run removes them)."""
    if unpublished_files(db_path):
        return True
    model_dir = setting("model_dir")
    return model_dir.is_dir() and any(model_dir.glob(".*.tmp"))


def unchanged_raw_dir(db_path: Path, raw_dir: Path | None) -> Path | None:
    """The raw folder of the published build when the quick check finds nothing changed, else None.

    raw_dir: the folder asked for (None: the one the last build read, which the store's bytes determine).
    """
    try:
        record = json.loads(record_path(db_path).read_text(encoding="utf-8"))
        if not db_path.is_symlink() or published_file(db_path).name != record["bygg"] or has_leftovers(db_path):
            return None
        recorded = Path(record["raw_dir"])
        if raw_dir is not None and raw_dir.absolute() != recorded:
            return None
        return recorded if state_token(recorded) == record["token"] else None
    except (OSError, ValueError, KeyError, TypeError):
        return None
