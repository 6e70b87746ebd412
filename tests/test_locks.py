"""The build lock: one holder at a time across threads and processes, reentrant within a thread."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from pipelines.locks import build_lock, build_lock_path

ROOT = Path(__file__).resolve().parents[1]


def never_wait() -> None:
    raise AssertionError("the thread waited for a lock it already holds")


def test_a_second_holder_waits_and_is_told_once(tmp_path):
    db, events, told = tmp_path / "utvardering.duckdb", [], []

    def second() -> None:
        with build_lock(db, on_wait=lambda: told.append("väntar")):
            events.append("andra")

    with build_lock(db):
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.3)
        events.append("första klar")
    thread.join(timeout=10)
    assert events == ["första klar", "andra"] and told == ["väntar"]


def test_reentrant_in_one_thread(tmp_path):
    db = tmp_path / "utvardering.duckdb"
    with build_lock(db, on_wait=never_wait), build_lock(db, on_wait=never_wait):
        assert build_lock_path(db).is_file()


def test_another_process_waits_and_a_killed_holder_releases_it(tmp_path):
    db = tmp_path / "utvardering.duckdb"
    script = (f"import time, pathlib\nfrom pipelines.locks import build_lock\n"
              f"with build_lock(pathlib.Path({str(db)!r})):\n    print('håller', flush=True)\n    time.sleep(600)\n")
    holder = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "håller"
    told, acquired = [], threading.Event()

    def waiter() -> None:
        with build_lock(db, on_wait=lambda: told.append("väntar")):
            acquired.set()

    thread = threading.Thread(target=waiter)
    thread.start()
    assert not acquired.wait(0.5) and told == ["väntar"]  # waiting for the other process
    holder.kill()
    holder.wait()
    assert acquired.wait(10)  # the operating system released the killed holder's lock
    thread.join(timeout=10)
