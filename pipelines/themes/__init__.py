"""Theme (tema) tagging of free-text answers (fritextsvar).

Modules:
    model        the scikit-learn classifier: features, training, prediction, storage
    corrections  users' theme corrections (append-only log outside rebuilt data)
    tagging      tag answers with the stored model and apply corrections
    __main__     the command line: ``python -m pipelines.themes predict|evaluate|retrain``

This package module itself stays light (no scikit-learn import) so the app can
read the codebook and the corrections without loading the model code.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

PACKAGE_DIR = Path(__file__).resolve().parent
CODEBOOK_PATH = PACKAGE_DIR / "codebook.csv"
TRAINING_PATH = PACKAGE_DIR / "training.csv"
EVALUATION_PATH = PACKAGE_DIR / "evaluation.json"


def load_codebook(path: Path = CODEBOOK_PATH) -> pd.DataFrame:
    """Read the codebook: one row per tema with columns id, label, description."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def theme_ids(path: Path = CODEBOOK_PATH) -> list[str]:
    """Return the tema ids in codebook order (the order used everywhere)."""
    return load_codebook(path)["id"].tolist()
