"""Retraining the tema model on the training data plus users' corrections, one update at a time.

Used by ``python -m pipelines.themes retrain`` and the retrain button on the Fritext
page. It holds the build lock (pipelines.locks) for the retraining and, when asked,
the rebuild that re-tags every answer, so it never races a build; a second request
waits for the first. Every failure ends in a BuildError with a Swedish message and
the details in the log file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pandas as pd

from pipelines.errors import BuildError
from pipelines.failures import as_build_error
from pipelines.locks import build_lock
from pipelines.logs import write_log
from pipelines.publish import published_file
from pipelines.settings import setting
from pipelines.themes.corrections import load_corrections

ANSWERS_TABLE = "fritextsvar"
"""Curated table with the answers (svar_id, text) whose corrections become training rows."""


@dataclass(frozen=True)
class Retrained:
    """What a retraining used: whether the answers were available, and how many answers had corrections."""

    answers_available: bool
    corrected_answers: int
    rebuilt: bool


def stored_answers() -> pd.DataFrame | None:
    """Answers (svar_id, text) from the published curated database, or None when unavailable."""
    db_path = setting("db_path")
    if not db_path.is_file():
        return None
    try:
        with duckdb.connect(str(published_file(db_path)), read_only=True) as connection:
            sql = f"select cast(svar_id as varchar) as svar_id, text from {ANSWERS_TABLE}"
            return connection.execute(sql).df()
    except duckdb.Error:
        return None


def retrain_model(*, rebuild: bool, on_wait: Callable[[], None] | None = None,
                  log: Callable[[str], None] = lambda _message: None) -> Retrained:
    """Retrain and store the model; with rebuild, then re-tag every answer by a build. BuildError on failure."""
    from pipelines.build import WAITING, run
    from pipelines.imports import active_raw_dir
    from pipelines.themes.tagging import retrain

    db_path = setting("db_path")
    try:
        with build_lock(db_path, on_wait=on_wait or (lambda: log(WAITING))):
            answers = stored_answers()
            retrain(setting("model_dir"), setting("user_dir"), answers)
            corrected = load_corrections(setting("user_dir"))["svar_id"].nunique()
            if rebuild:
                run(active_raw_dir(), db_path, log=log)
    except BuildError as error:
        write_log(f"Omträningen stoppades: {error}")
        raise
    except Exception as error:  # noqa: BLE001 - every failure ends in a Swedish message, details in the log
        raise as_build_error(error, "Omträningen") from error
    return Retrained(answers is not None, int(corrected), rebuild)
