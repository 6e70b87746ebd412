"""Any failure of a build or retraining as a Swedish message naming what failed; the details go to the log file.

Used by pipelines.build.run and the retraining, so the command line, the pages and
the tests all get a BuildError whose text says what failed and what to do, never
a traceback.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

import duckdb

from pipelines.errors import BuildError
from pipelines.logs import write_log
from pipelines.settings import PROJECT_ROOT
from userstore import StoreError

_QUOTED_PATH = re.compile(r"[\"'](/[^\"']+)[\"']")
_DISK_FULL = ("no space left", "disk is full", "disk full")
_READ_ONLY = ("read-only file system", "permission denied", "readonly database")
_OS_ERRORS = {
    errno.ENOENT: "filen eller mappen finns inte",
    errno.ENOTDIR: "en del av sökvägen är en fil där det ska vara en mapp",
    errno.EEXIST: "där det ska vara en mapp finns en fil",
    errno.EISDIR: "där det ska vara en fil finns en mapp",
}


def shown_path(path: str | Path) -> str:
    """A path as messages show it: relative to the project when inside it."""
    resolved = Path(path)
    try:
        return str(resolved.relative_to(PROJECT_ROOT))
    except ValueError:
        return str(resolved)


def _failed_folder(error: BaseException) -> str | None:
    """The folder of the file an error names (OSError.filename or a quoted path in a DuckDB message)."""
    name = getattr(error, "filename", None)
    if not name:
        match = _QUOTED_PATH.search(str(error))
        name = match.group(1) if match else None
    return shown_path(Path(name).parent) if name else None


def describe(error: BaseException) -> tuple[str, str]:
    """(what failed, why and what to do) in Swedish for an unexpected error."""
    if isinstance(error, StoreError):
        return f"användarnas databas ({error.store})", f"den {error.reason}"
    text = str(error).lower()
    code = getattr(error, "errno", None)
    folder = _failed_folder(error)
    if code == errno.ENOSPC or any(s in text for s in _DISK_FULL):
        return folder or "disken", "disken är full. Frigör utrymme och försök igen."
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or any(s in text for s in _READ_ONLY):
        return folder or "en mapp", ("mappen är skrivskyddad eller programmet saknar skrivrätt. "
                                     "Ge programmet skrivrätt till mappen och försök igen.")
    if isinstance(error, OSError) and error.filename:
        why = _OS_ERRORS.get(code, f"filen eller mappen kunde inte användas ({error.strerror})")
        return shown_path(error.filename), f"{why}. Kontrollera sökvägen i inställningarna och försök igen."
    if isinstance(error, MemoryError):
        return "bygget", "minnet tog slut. Stäng andra program eller kör på en större server och försök igen."
    if isinstance(error, duckdb.Error):
        return "den nya databasen", f"DuckDB avbröt bygget ({type(error).__name__})."
    return "bygget", f"ett oväntat fel inträffade ({type(error).__name__})."


def as_build_error(error: BaseException, action: str) -> BuildError:
    """Log the error with its traceback and return the BuildError to raise: what failed, why, where the details are.

    action: what was being done, e.g. 'Bygget' or 'Omträningen' (used in the log entry).
    """
    what, why = describe(error)
    logged = write_log(f"{action} misslyckades: {what}: {why}", error)
    where = (f" Detaljer finns i loggfilen {logged.name}." if logged
             else " Loggfilen kunde inte skrivas; detaljerna finns i serverns standardfel.")
    return BuildError(what, why + where)
