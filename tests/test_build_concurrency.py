"""One build at a time: simultaneous builds (processes and threads) all end well with one complete database
published; a killed build never damages the published database and leaves nothing behind after the next build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from pipelines.build import WAITING, run, run_data_tests
from pipelines.locks import build_lock, build_lock_path
from pipelines.publish import published_file
from pipelines.themes.corrections import add_correction
from tests.conftest import page_path

ROOT = Path(__file__).resolve().parents[1]
QUIET = {"log": lambda _m: None}


def assert_complete(db: Path) -> str:
    """The published database opens, passes every data test and has all 15 kommuner; returns its build file name."""
    with duckdb.connect(str(published_file(db)), read_only=True) as con:
        assert run_data_tests(con) == []
        assert con.execute("select count(*) from kommun").fetchone()[0] == 15
        assert con.execute("select count(*) from fritext_tema").fetchone()[0] > 0
    return published_file(db).name


def assert_nothing_left_behind(workspace: dict[str, Path]) -> None:
    """Only the lock, the link, the one published build file, the quick check's record and the read cache in the
    folder; no temporary file, nor in the read cache or the model folder."""
    curated = workspace["db"].parent
    own = {"lasningscache", f".{workspace['db'].name}.snabbkontroll.json"}
    assert sorted({p.name for p in curated.iterdir()} - own) == sorted(
        [build_lock_path(workspace["db"]).name, workspace["db"].name, published_file(workspace["db"]).name])
    assert not [p.name for p in curated.rglob("*.tmp")]
    assert not [p.name for p in workspace["model"].iterdir() if p.name.endswith(".tmp")]


def start_build(workspace: dict[str, Path], *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-u", "-m", "pipelines", "--raw", str(workspace["raw"]), "--db",
                             str(workspace["db"]), *extra], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=dict(os.environ))


def read_until(process: subprocess.Popen, text: str, timeout_s: float = 120) -> list[str]:
    """Read the process's output lines until one contains text; returns the lines read."""
    lines, deadline = [], time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if text in line:
            return lines
    raise AssertionError(f"{text!r} came not: {lines}")


def test_two_build_processes_at_once_both_end_well(workspace):
    with build_lock(workspace["db"]):  # both start while an update is running
        builds = [start_build(workspace, "--force"), start_build(workspace, "--force")]
        for build in builds:
            read_until(build, WAITING)
    outputs = [build.communicate(timeout=300)[0] for build in builds]
    assert [b.returncode for b in builds] == [0, 0], outputs
    assert all("Klart:" in out for out in outputs)  # forced: both built, one after the other
    assert_complete(workspace["db"])
    assert_nothing_left_behind(workspace)


def test_a_waiting_build_finds_the_database_current(workspace):
    add_correction(workspace["user"], "2025-1-x", "transporter", "lagg_till", "Anna")  # something to build
    with build_lock(workspace["db"]):
        builds = [start_build(workspace), start_build(workspace)]
        for build in builds:
            read_until(build, WAITING)
    outputs = sorted(build.communicate(timeout=300)[0] for build in builds)
    assert [b.returncode for b in builds] == [0, 0], outputs
    assert sum("Klart:" in out for out in outputs) == 1
    assert sum("Inga ändringar" in out for out in outputs) == 1
    assert_complete(workspace["db"])


def test_two_threads_in_one_process_both_end_well(workspace):
    waited, results, errors = threading.Barrier(3), [], []

    def build() -> None:
        try:
            results.append(run(workspace["raw"], workspace["db"], force=True, on_wait=waited.wait, **QUIET))
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    with build_lock(workspace["db"]):
        threads = [threading.Thread(target=build) for _ in range(2)]
        [t.start() for t in threads]
        waited.wait(timeout=60)  # both threads are waiting for the running update
    [t.join(timeout=300) for t in threads]
    assert errors == [] and [r.rebuilt for r in results] == [True, True]
    assert_complete(workspace["db"])
    assert_nothing_left_behind(workspace)


def test_two_first_visits_at_once_on_a_fresh_server(workspace, monkeypatch):
    fresh = workspace["db"].with_name("ny") / "utvardering.duckdb"
    monkeypatch.setenv("UTV_DB_PATH", str(fresh))
    apps = [AppTest.from_file(page_path("oversikt.py"), default_timeout=180) for _ in range(2)]
    threads = [threading.Thread(target=app.run) for app in apps]
    [t.start() for t in threads]
    [t.join(timeout=300) for t in threads]
    for app in apps:
        assert not app.exception
        assert "14 av 15" in [m.value for m in app.metric]
    assert_complete(fresh)


def test_leftovers_of_crashed_builds_and_trainings_are_removed(workspace):
    curated = workspace["db"].parent
    leftovers = [curated / ".utvardering.duckdb.20250101T000000-0badc0de.tmp",
                 curated / ".utvardering.duckdb.20250101T000000-0badc0de.tmp.wal",
                 curated / ".utvardering.duckdb.20250101T000001-0badc0de.link",
                 curated / "utvardering.20250101T000002-0badc0de.duckdb",
                 workspace["model"] / ".temamodell.joblib.0123456789abcdef.tmp",
                 workspace["model"] / ".temamodell.json.0123456789abcdef.tmp"]
    for path in leftovers:
        path.write_bytes(b"half written")
    output: list[str] = []
    run(workspace["raw"], workspace["db"], log=output.append)
    assert output[0] == "Tog bort 6 kvarlämnade temporära filer från tidigare avbrutna byggen."
    assert not any(path.exists() for path in leftovers)
    assert_nothing_left_behind(workspace)


KILL_POINTS = [
    ("reading the raw files", "Läser och validerar", 0.0),
    ("building the tables", "Bygger tabeller", 0.0),
    ("tagging the answers", "kurerade tabeller skapade", 0.0),
    ("running the data tests", "Kör datatester", 0.0),
    ("checkpointing and publishing", "Kör datatester", 0.15),
    ("publishing", "Kör datatester", 0.3),
]


@pytest.mark.parametrize(("where", "line", "delay"), KILL_POINTS, ids=[p[0] for p in KILL_POINTS])
def test_a_killed_build_leaves_the_published_database_intact(workspace, where, line, delay):
    build = start_build(workspace, "--force")
    read_until(build, line)
    time.sleep(delay)
    build.send_signal(signal.SIGKILL)
    build.wait(timeout=60)
    assert_complete(workspace["db"])  # the previous build, or the new one if it was already published
    run(workspace["raw"], workspace["db"], **QUIET)  # the next build cleans up
    assert_complete(workspace["db"])
    assert_nothing_left_behind(workspace)


def test_a_build_killed_while_training_leaves_no_model_file_behind(workspace):
    for path in workspace["model"].iterdir():
        path.unlink()  # no stored model: the build trains one (a few seconds)
    build = start_build(workspace, "--force")
    read_until(build, "kurerade tabeller skapade")
    time.sleep(1.0)
    build.send_signal(signal.SIGKILL)
    build.wait(timeout=60)
    assert_complete(workspace["db"])
    run(workspace["raw"], workspace["db"], **QUIET)
    assert_complete(workspace["db"])
    assert_nothing_left_behind(workspace)
