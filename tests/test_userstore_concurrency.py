"""Concurrent writers lose nothing, and concurrent first starts migrate once – on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import userstore
from userstore.database import head_revision
from pipelines.themes.corrections import load_corrections

ROOT = Path(__file__).resolve().parents[1]
WORKERS = 4
PER_WORKER = 50


def start_workers(tmp_path: Path, *argument_lists: list[str]) -> list[subprocess.Popen]:
    """Start one worker process per argument list (they wait for the go file)."""
    return [subprocess.Popen([sys.executable, "-m", "tests.store_worker", args[0], str(tmp_path / "go"), *args[1:]],
                             cwd=ROOT, env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for args in argument_lists]


def finish(tmp_path: Path, workers: list[subprocess.Popen]) -> list[str]:
    """Give the start signal and wait for every worker; each must succeed."""
    (tmp_path / "go").touch()
    outputs = [worker.communicate(timeout=180) for worker in workers]
    assert [w.returncode for w in workers] == [0] * len(workers), [err for _out, err in outputs]
    return [out.strip() for out, _err in outputs]


def test_concurrent_writers_in_several_processes_lose_nothing(store_url, tmp_path):
    workers = start_workers(tmp_path, *[["corrections", f"p{n}", str(PER_WORKER)] for n in range(WORKERS)])
    assert finish(tmp_path, workers) == [str(PER_WORKER)] * WORKERS
    stored = load_corrections(Path(os.environ["UTV_USER_DIR"]))
    assert len(stored) == WORKERS * PER_WORKER
    assert set(stored["svar_id"]) == {f"p{n}-{i}" for n in range(WORKERS) for i in range(PER_WORKER)}
    assert set(zip(stored["anvandar_id"], stored["anvandare"])) == {(f"oid-p{n}", f"p{n}") for n in range(WORKERS)}


def test_processes_starting_at_once_on_a_new_store_all_succeed(store_url, tmp_path):
    finish(tmp_path, start_workers(tmp_path, *[["open"]] * WORKERS))
    with userstore.engine(store_url).connect() as connection:
        assert connection.exec_driver_sql("select count(*), min(version_num) from alembic_version").one() == (
            1, head_revision())
