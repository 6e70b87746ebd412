"""One update at a time: a cross-process lock (filelock) around building, retraining and publishing.

The build lock is a file next to the published database (``.utvardering.duckdb.lock``).
A second build, retraining or publish waits for the running one; ``on_wait`` is
called once, before waiting, so a caller can say so ("En uppdatering pågår …").
The lock is reentrant within a thread (a retraining that then builds takes it
once) and excludes other threads of the same process as well as other processes.
The operating system releases it when a process dies, so a killed build never
leaves it held.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

_held = threading.local()


def build_lock_path(db_path: Path) -> Path:
    """The lock file guarding the build and publication of a database."""
    return Path(db_path).with_name(f".{Path(db_path).name}.lock")


def _held_here() -> set[str]:
    if not hasattr(_held, "paths"):
        _held.paths = set()
    return _held.paths


@contextmanager
def exclusive(lock_file: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the lock file's lock for the block; wait (calling on_wait once) while another holder has it."""
    key = str(Path(lock_file).absolute())
    held = _held_here()
    if key in held:
        yield
        return
    Path(lock_file).parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(lock_file)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait is not None:
            on_wait()
        lock.acquire()
    held.add(key)
    try:
        yield
    finally:
        held.discard(key)
        lock.release()


def build_lock(db_path: Path, on_wait: Callable[[], None] | None = None):
    """The lock for building, retraining and publishing the database at db_path (see exclusive)."""
    return exclusive(build_lock_path(db_path), on_wait)
