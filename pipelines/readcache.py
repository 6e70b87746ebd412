"""A cache of each raw file's validated frames and rejections, so a build re-reads only the files that changed.

An entry is keyed by a hash of the file's bytes (sha256), the pipeline's code fingerprint, the settings that name
what the build reads, the files the reading depends on (the kommun reference and the question catalogue for a
survey) and the reader's own arguments: a change to any of them is a different key, so a stale entry is never
served. Entries live in a folder next to the database (setting read_cache_folder), are written atomically and
only by the pipeline; a build removes the entries it did not use. A damaged entry is read again from the file.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from pipelines.fingerprint import sha256

SUFFIX = ".pkl"


@dataclass
class ReadCache:
    """Cached reading results in one folder; `base` is hashed into every key (code and settings)."""

    folder: Path
    base: str
    used: set[str] = field(default_factory=set)

    def key(self, path: Path, depends_on: tuple[str, ...] = (), extra: tuple = ()) -> str:
        """The entry's key: the file's name and bytes, what it depends on, the reader's arguments and the base."""
        digest = hashlib.sha256(self.base.encode())
        digest.update(path.name.encode())
        digest.update(sha256(path).encode())
        for item in (*depends_on, *map(repr, extra)):
            digest.update(b"\0" + item.encode())
        return digest.hexdigest()

    def read(self, path: Path, reader: Callable[[Path], Any], *, depends_on: tuple[str, ...] = (),
             extra: tuple = ()) -> tuple[Any, bool]:
        """(the reader's result for path, whether it came from the cache); the result is stored on a miss."""
        if not path.exists():
            return reader(path), False
        key = self.key(path, depends_on, extra)
        self.used.add(key)
        entry = self.folder / (key + SUFFIX)
        if entry.exists():
            try:
                with open(entry, "rb") as handle:
                    return pickle.load(handle), True
            except Exception:  # noqa: BLE001 - a damaged entry is read again from the raw file
                entry.unlink(missing_ok=True)
        value = reader(path)
        tmp = entry.with_suffix(f".{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)
        except OSError:  # a full disk, say: the cache is only a shortcut, the build goes on without the entry
            tmp.unlink(missing_ok=True)
        return value, False

    def prune(self) -> int:
        """Remove the entries (and left-over temporary files) this build did not use; returns how many."""
        if not self.folder.is_dir():
            return 0
        removed = 0
        for entry in self.folder.iterdir():
            if entry.suffix == ".tmp" or (entry.suffix == SUFFIX and entry.stem not in self.used):
                entry.unlink(missing_ok=True)
                removed += 1
        return removed
