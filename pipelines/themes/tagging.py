"""Tag fritextsvar with teman: the stored model's tags with users' corrections applied."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sklearn.pipeline import Pipeline

from pipelines.themes import TRAINING_PATH
from pipelines.themes.corrections import (
    MODEL_SOURCE,
    TAG_COLUMNS,
    apply_corrections,
    corrections_as_training,
    load_corrections,
)
from pipelines.themes.model import (
    load_model,
    load_training,
    predict,
    read_sidecar,
    save_model,
    train_frame,
    user_abbreviations,
)


def training_data(
    user_dir: Path, answers: pd.DataFrame | None = None, training_path: Path = TRAINING_PATH
) -> pd.DataFrame:
    """The shipped training rows plus rows from users' corrections (these win on equal text)."""
    shipped = load_training(training_path)
    if answers is None or answers.empty:
        return shipped
    extra = corrections_as_training(load_corrections(user_dir), answers)
    combined = pd.concat([shipped, extra], ignore_index=True)
    return combined.drop_duplicates("text", keep="last").reset_index(drop=True)


def retrain(model_dir: Path, user_dir: Path, answers: pd.DataFrame | None = None) -> Pipeline:
    """Train on the training data (+ corrections for the given answers) and store the model."""
    training = training_data(user_dir, answers)
    model = train_frame(training, abbreviations=user_abbreviations(user_dir))
    save_model(model, model_dir, training, user_dir)
    return model


def ensure_model(model_dir: Path, user_dir: Path, answers: pd.DataFrame | None = None) -> Pipeline:
    """Load the stored model if it is valid and current, otherwise train and store a new one."""
    model = load_model(model_dir, training_data(user_dir, answers), user_dir)
    return model if model is not None else retrain(model_dir, user_dir, answers)


def model_tags(model: Pipeline, answers: pd.DataFrame) -> pd.DataFrame:
    """One row per (svar_id, tema) the model assigns: konfidens, kalla='modell', rang (1 = top)."""
    predictions = predict(model, answers["text"].tolist())
    rows = [
        (svar_id, tema, confidence, MODEL_SOURCE, rank)
        for svar_id, prediction in zip(answers["svar_id"], predictions)
        for rank, (tema, confidence) in enumerate(prediction.themes, start=1)
    ]
    tags = pd.DataFrame(rows, columns=TAG_COLUMNS)
    return tags.astype({"svar_id": answers["svar_id"].dtype, "konfidens": "float64", "rang": "int64"})


def tag_fritextsvar(answers: pd.DataFrame, model_dir: Path, user_dir: Path) -> pd.DataFrame:
    """Tag answers (svar_id, text) with teman: model tags with corrections applied.

    Returns svar_id, tema_id, konfidens (0-1), kalla ('modell' | 'manuell'),
    rang (1 = top). Blank answers get no rows unless a user added a tema. Trains
    and stores the model first when no valid, current model is stored in ``model_dir``.
    """
    model = ensure_model(model_dir, user_dir, answers)
    corrections = load_corrections(user_dir)
    return apply_corrections(model_tags(model, answers), corrections, svar_ids=answers["svar_id"])
