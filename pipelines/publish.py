"""Publishing a built database so that no reader ever sees a stale or half-written one.

Each build is written to a temporary file named after its build id
(``.utvardering.duckdb.<build id>.tmp``), tested, checkpointed and closed, then
renamed to its own file (``utvardering.<build id>.duckdb``) and published by
atomically replacing the symbolic link ``utvardering.duckdb`` (the db_path
setting) with one pointing at it. Readers resolve the link (``published_file``)
and so always open the file actually published: a new build has a new path, so
neither DuckDB's per-path database instance nor a result cache keyed on the path
can serve the previous build. Build files no longer published are removed; a
reader that had resolved the old name just before the switch retries (see
dashboard.db). Everything here runs under the build lock (pipelines.locks).
"""

from __future__ import annotations

import os
import re
import secrets
from datetime import datetime
from pathlib import Path

BUILD_ID = r"\d{8}T\d{6}-[0-9a-f]{8}"


def new_build_id() -> str:
    """A build id unique per build (not per process): time plus random hex, e.g. '20251001T120000-9f3a61c2'."""
    return f"{datetime.now():%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"


def temp_path(db_path: Path, build_id: str) -> Path:
    """Where a build writes its database before it is tested and published."""
    return db_path.with_name(f".{db_path.name}.{build_id}.tmp")


def build_file(db_path: Path, build_id: str) -> Path:
    """The published file of a build: utvardering.<build id>.duckdb next to the link."""
    return db_path.with_name(f"{db_path.stem}.{build_id}{db_path.suffix}")


def published_file(db_path: Path) -> Path:
    """The file a reader should open: the target of the published link (db_path itself if it is a plain file)."""
    try:
        return db_path.resolve(strict=True)
    except (FileNotFoundError, RuntimeError):
        return db_path


def _leftover_patterns(db_path: Path) -> list[re.Pattern]:
    """Names of files this module writes: temporary builds and links, build files, their WAL files."""
    name, stem, suffix = (re.escape(p) for p in (db_path.name, db_path.stem, db_path.suffix))
    return [re.compile(rf"^\.{name}\.{BUILD_ID}\.(tmp|link)(\.wal)?$"),
            re.compile(rf"^{stem}\.{BUILD_ID}{suffix}(\.wal)?$")]


def unpublished_files(db_path: Path) -> list[Path]:
    """Temporary files and build files other than the published one (left by crashed or replaced builds)."""
    if not db_path.parent.is_dir():
        return []
    keep = {published_file(db_path).name} if db_path.is_symlink() else set()
    patterns = _leftover_patterns(db_path)
    return [path for path in db_path.parent.iterdir()
            if path.name not in keep and any(p.match(path.name) for p in patterns)]


def remove_unpublished(db_path: Path) -> list[Path]:
    """Delete temporary files and build files other than the published one (crashed or replaced builds).

    Call under the build lock: another build's files would otherwise be in use.
    Returns the removed paths.
    """
    removed = unpublished_files(db_path)
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def _sync_folder(folder: Path) -> None:
    """Make renames in a folder durable (best effort; not every file system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def publish(tmp_path: Path, db_path: Path, build_id: str) -> Path:
    """Publish a finished build: rename it to its build file, switch the link atomically, remove old builds."""
    target = build_file(db_path, build_id)
    os.replace(tmp_path, target)
    link = db_path.with_name(f".{db_path.name}.{build_id}.link")
    link.unlink(missing_ok=True)
    os.symlink(target.name, link)
    os.replace(link, db_path)
    _sync_folder(db_path.parent)
    remove_unpublished(db_path)
    return target
