"""What the pipeline reports: a file-level build error, and rejected rows."""

from __future__ import annotations

from dataclasses import dataclass


class BuildError(Exception):
    """A problem that stops the build; the published database stays untouched."""

    def __init__(self, fil: str, message: str):
        super().__init__(f"{fil}: {message}")
        self.fil = fil
        self.message = message


@dataclass(frozen=True)
class Rejection:
    """One rejected value: where it was and why, in plain Swedish."""

    fil: str
    blad: str
    rad: int
    kolumn: str
    varde: str
    orsak: str
