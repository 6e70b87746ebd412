"""Tag fritextsvar with teman: the stored model's tags with users' corrections applied."""

from __future__ import annotations

import hashlib
import json
import os
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
    TAG_CACHE_FILE,
    Prediction,
    load_model,
    partial_path,
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


def text_sha256(text: str) -> str:
    """Hex sha256 of a text (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_tag_cache(model_dir: Path, model_sha256: str) -> dict[str, list]:
    """Stored predictions (text hash → [[tema, konfidens], ...]) made by this model; empty for another model."""
    try:
        stored = json.loads((Path(model_dir) / TAG_CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stored.get("tags", {}) if stored.get("model_sha256") == model_sha256 else {}


def write_tag_cache(model_dir: Path, model_sha256: str, tags: dict[str, list]) -> None:
    """Replace the stored predictions atomically (only the current model's)."""
    partial = partial_path(model_dir, TAG_CACHE_FILE)
    partial.write_text(json.dumps({"model_sha256": model_sha256, "tags": tags}), encoding="utf-8")
    os.replace(partial, Path(model_dir) / TAG_CACHE_FILE)


# Texts predicted at a time when many are new (bounds the build's peak memory at 100 times the demo data).
PREDICT_BATCH = 2000


def cached_predict(model: Pipeline, texts: list[str], model_dir: Path | None) -> list[Prediction]:
    """Predictions for texts, reusing those stored for the same text and model; new ones are stored.

    Without a model folder or a sidecar (no model hash) every text is predicted.
    """
    sidecar = read_sidecar(model_dir) if model_dir is not None else None
    if not sidecar:
        return predict(model, texts)
    model_sha = sidecar.get("model_sha256", "")
    cache = read_tag_cache(model_dir, model_sha)
    hashes = [text_sha256(t) for t in texts]
    missing = [i for i, h in enumerate(hashes) if h not in cache and str(texts[i]).strip()]
    for start in range(0, len(missing), PREDICT_BATCH):  # in batches: the features of every text at once are large
        batch = missing[start:start + PREDICT_BATCH]
        for i, prediction in zip(batch, predict(model, [texts[i] for i in batch])):
            cache[hashes[i]] = [list(pair) for pair in prediction.themes]
    if missing or not (Path(model_dir) / TAG_CACHE_FILE).is_file():
        write_tag_cache(model_dir, model_sha, {h: cache[h] for h in dict.fromkeys(hashes) if h in cache})
    empty = Prediction("", None, ())
    result = []
    for text, digest in zip(texts, hashes):
        themes = tuple((tema, float(conf)) for tema, conf in cache.get(digest, [])) if str(text).strip() else ()
        result.append(Prediction(themes[0][0], themes[0][1], themes) if themes else empty)
    return result


def model_tags(model: Pipeline, answers: pd.DataFrame, model_dir: Path | None = None) -> pd.DataFrame:
    """One row per (svar_id, tema) the model assigns: konfidens, kalla='modell', rang (1 = top).

    With model_dir, predictions stored for the same text and model are reused.
    """
    texts = ["" if t is None else str(t) for t in answers["text"].tolist()]
    predictions = cached_predict(model, texts, model_dir)
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
    return apply_corrections(model_tags(model, answers, model_dir), corrections, svar_ids=answers["svar_id"])
