"""Measuring the tema model against the keyword baseline: CV, the held-out part and the hard cases.

Figures per method: top-1 accuracy (top tema = main tema), set-F1 (mean per-answer F1 of
the assigned tema set against the true set), macro-F1 over teman (main tema) and, for
the model, the expected calibration error (ECE) of the top tema's confidence against
"the top tema is one of the answer's teman", with the reliability table behind it.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import RepeatedStratifiedKFold

from pipelines.themes import PACKAGE_DIR, TRAINING_PATH, load_codebook, theme_ids
from pipelines.themes.features import codebook_keywords
from pipelines.themes.model import (
    fast_probabilities,
    holdout_split,
    keyword_predict,
    load_training,
    main_themes,
    predict,
    set_f1,
    split_themes,
    train_frame,
)

HARD_CASES_PATH = PACKAGE_DIR / "svara_fall.csv"
BINS = 10


def load_hard_cases(path: Path = HARD_CASES_PATH) -> pd.DataFrame:
    """The held-out hard cases (text, themes, typ); never used for training."""
    return load_training_like(path)


def load_training_like(path: Path) -> pd.DataFrame:
    """A labelled CSV (text, themes and any other columns) with tema ids checked as for training data."""
    checked = load_training(path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return frame.loc[frame["text"].isin(checked["text"])].reset_index(drop=True)


def as_matrix(sets: list[list[str]], ids: list[str]) -> np.ndarray:
    """Boolean rows × teman matrix of tema sets."""
    position = {tema: j for j, tema in enumerate(ids)}
    matrix = np.zeros((len(sets), len(ids)), dtype=bool)
    for i, themes in enumerate(sets):
        matrix[i, [position[t] for t in themes]] = True
    return matrix


def reliability(confidence: np.ndarray, correct: np.ndarray, bins: int = BINS) -> list[dict]:
    """Per equal-width confidence bin: n, mean confidence and share correct (empty bins left out)."""
    edges = np.minimum((np.asarray(confidence) * bins).astype(int), bins - 1)
    rows = []
    for b in range(bins):
        mask = edges == b
        if mask.any():
            rows.append({"bin_from": b / bins, "bin_to": (b + 1) / bins, "n": int(mask.sum()),
                         "confidence": round(float(confidence[mask].mean()), 4),
                         "accuracy": round(float(correct[mask].mean()), 4)})
    return rows


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray, bins: int = BINS) -> float:
    """ECE: the n-weighted mean gap between confidence and share correct over equal-width bins."""
    table = reliability(np.asarray(confidence, dtype=float), np.asarray(correct, dtype=float), bins)
    total = sum(row["n"] for row in table)
    return float(sum(row["n"] * abs(row["confidence"] - row["accuracy"]) for row in table) / max(total, 1))


def calibrated_noise_floor(confidence: np.ndarray, bins: int = BINS, draws: int = 200, seed: int = 0) -> float:
    """The ECE a perfectly calibrated model would still show on these confidences (mean over simulated outcomes).

    Each draw makes "right" come true with exactly the stated confidence; what remains is
    the sampling noise of a small test part spread over the bins.
    """
    confidence = np.asarray(confidence, dtype=float)
    rng = np.random.default_rng(seed)
    return float(np.mean([expected_calibration_error(confidence, rng.random(len(confidence)) < confidence, bins)
                          for _ in range(draws)]))


def score_predictions(truth_sets: list[list[str]], chosen_sets: list[list[str]],
                      confidence: np.ndarray | None, ids: list[str]) -> dict:
    """Top-1 accuracy, set-F1, macro-F1 (main tema) and, with confidences, ECE for one method's predictions."""
    main = [t[0] for t in truth_sets]
    top = [c[0] for c in chosen_sets]
    result = {
        "top1_accuracy": float(accuracy_score(main, top)),
        "set_f1": float(set_f1(as_matrix(truth_sets, ids), as_matrix(chosen_sets, ids)).mean()),
        "macro_f1": float(f1_score(main, top, labels=ids, average="macro", zero_division=0)),
        "f1_per_theme": dict(zip(ids, f1_score(main, top, labels=ids, average=None, zero_division=0).tolist())),
    }
    if confidence is not None:
        correct = np.array([c[0] in set(t) for t, c in zip(truth_sets, chosen_sets)], dtype=float)
        result["ece"] = expected_calibration_error(confidence, correct)
    return result


def method_predictions(model, frame: pd.DataFrame, fallback: str) -> dict:
    """Assigned sets (and model confidences) of the model and the baseline for a labelled frame."""
    predictions = predict(model, frame["text"].tolist())
    keywords = codebook_keywords(load_codebook())
    baseline = keyword_predict(frame["text"].tolist(), keywords, fallback)
    raw_top = fast_probabilities(model, frame["text"].tolist()).max(axis=1)
    return {"model": ([[t for t, _ in p.themes] for p in predictions],
                      np.array([p.confidence for p in predictions], dtype=float)),
            "model_uncalibrated": ([[t for t, _ in p.themes] for p in predictions], raw_top),
            "baseline": ([[b] for b in baseline], None)}


def evaluate_on(model, frame: pd.DataFrame, fallback: str) -> dict:
    """Scores of model and baseline on a labelled frame (figures rounded to 4 decimals)."""
    ids = theme_ids()
    truth = frame["themes"].map(split_themes).tolist()
    scores = {}
    for name, (chosen, confidence) in method_predictions(model, frame, fallback).items():
        scores[name] = score_predictions(truth, chosen, confidence, ids)
    scores["model"]["ece_uncalibrated"] = scores.pop("model_uncalibrated")["ece"]
    return rounded(scores)


def rounded(value):
    """Floats rounded to 4 decimals throughout a nested structure."""
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v) for v in value]
    return round(value, 4) if isinstance(value, float) else value


def fallback_theme(frame: pd.DataFrame) -> str:
    """The baseline's answer when no keyword occurs: the commonest main tema."""
    return main_themes(frame).value_counts().index[0]


def cross_validate(frame: pd.DataFrame, n_splits: int = 5, n_repeats: int = 2, random_state: int = 0) -> dict:
    """Repeated stratified k-fold CV: mean and sd per figure, confusions and the pooled reliability table."""
    ids = theme_ids()
    splitter = RepeatedStratifiedKFold(n_splits=n_splits, n_repeats=n_repeats, random_state=random_state)
    folds = {"model": [], "baseline": []}
    pooled_conf, pooled_correct, confusions, floors = [], [], Counter(), []
    for train_idx, test_idx in splitter.split(frame, main_themes(frame)):
        train_part, test_part = frame.iloc[train_idx], frame.iloc[test_idx]
        model = train_frame(train_part, random_state=random_state)
        predicted = method_predictions(model, test_part, fallback_theme(train_part))
        truth = test_part["themes"].map(split_themes).tolist()
        for name in folds:
            folds[name].append(score_predictions(truth, *predicted[name], ids))
        chosen, confidence = predicted["model"]
        floors.append(calibrated_noise_floor(confidence))
        pooled_conf += confidence.tolist()
        pooled_correct += [c[0] in set(t) for t, c in zip(truth, chosen)]
        confusions.update((t[0], c[0]) for t, c in zip(truth, chosen) if t[0] != c[0])
    result = {name: summarise(scores) for name, scores in folds.items()}
    result["confusions"] = [{"true": t, "predicted": p, "count": round(n / n_repeats, 1)}
                            for (t, p), n in sorted(confusions.items(), key=lambda kv: (-kv[1], kv[0]))[:10]]
    result["reliability"] = reliability(np.array(pooled_conf), np.array(pooled_correct, dtype=float))
    result["model"]["ece_pooled"] = expected_calibration_error(np.array(pooled_conf),
                                                               np.array(pooled_correct, dtype=float))
    result["model"]["ece_folds"] = [s["ece"] for s in folds["model"]]
    result["model"]["ece_noise_floor_mean"] = float(np.mean(floors))
    result["model"]["ece_pooled_noise_floor"] = calibrated_noise_floor(np.array(pooled_conf))
    result["ece_bins"] = BINS
    return rounded(result)


def summarise(scores: list[dict]) -> dict:
    """Mean and sd over folds of each figure; per-tema F1 as the mean over folds."""
    result = {}
    for key in ("top1_accuracy", "set_f1", "macro_f1", "ece"):
        values = [s[key] for s in scores if key in s]
        if values:
            result[f"{key}_mean"] = float(np.mean(values))
            result[f"{key}_sd"] = float(np.std(values, ddof=1)) if len(values) > 1 else 0.0
    result["f1_per_theme"] = {t: float(np.mean([s["f1_per_theme"][t] for s in scores])) for t in theme_ids()}
    return result


def evaluation_report(training_path: Path = TRAINING_PATH, hard_path: Path = HARD_CASES_PATH,
                      n_splits: int = 5, n_repeats: int = 2) -> dict:
    """All evaluation figures: CV on the development part, the held-out part, and the hard cases."""
    frame = load_training(training_path)
    development, test = holdout_split(frame)
    figures = cross_validate(development.reset_index(drop=True), n_splits, n_repeats)
    dev_model = train_frame(development)
    holdout = evaluate_on(dev_model, test, fallback_theme(development))
    full_model = train_frame(frame)
    hard = load_hard_cases(hard_path)
    hard_scores = evaluate_on(full_model, hard, fallback_theme(frame))
    by_type = {typ: evaluate_on(full_model, part, fallback_theme(frame))["model"]
               for typ, part in hard.groupby("typ", sort=True)}
    return {
        "date": date.today().isoformat(),
        "n_examples": int(len(frame)),
        "n_cv_examples": int(len(development)),
        "cv": {"method": "RepeatedStratifiedKFold on main tema", "n_splits": n_splits,
               "n_repeats": n_repeats, "random_state": 0},
        "thresholds": dict(zip(full_model.tema_ids_, [round(float(t), 2) for t in full_model.thresholds_])),
        **figures,
        "holdout_n": int(len(test)),
        "holdout": holdout,
        "holdout_top1_accuracy": holdout["model"]["top1_accuracy"],
        "holdout_top1_accuracy_baseline": holdout["baseline"]["top1_accuracy"],
        "hard_n": int(len(hard)),
        "hard": hard_scores,
        "hard_by_type": {typ: {k: v for k, v in s.items() if k != "f1_per_theme"} for typ, s in by_type.items()},
    }
