"""The log file (setting log_dir, default data/logs/utvardering.log): what the operator needs, never shown to users.

Failures of builds and retrainings are written here with their traceback; notes such
as lines of the old corrections file that could not be imported too. Writing the log
never raises: if the folder cannot be written, the entry goes to standard error.
"""

from __future__ import annotations

import os
import sys
import traceback
from datetime import datetime
from pathlib import Path

from pipelines.settings import setting

LOG_FILE = "utvardering.log"


def log_path() -> Path:
    """The log file's path."""
    return setting("log_dir") / LOG_FILE


def write_log(message: str, error: BaseException | None = None) -> Path | None:
    """Append a timestamped entry (with error's traceback); returns the log file, or None if it could not be written."""
    stamp = datetime.now().astimezone().isoformat(timespec="seconds")
    entry = f"{stamp} [pid {os.getpid()}] {message}\n"
    if error is not None:
        entry += "".join(traceback.format_exception(error))
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(entry)
    except OSError:
        sys.stderr.write(entry)
        return None
    return path
