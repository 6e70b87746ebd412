"""The tema classifier: training data, determinism, hold-out accuracy, storage."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd
import pytest

from pipelines.themes import EVALUATION_PATH, theme_ids
from pipelines.themes.model import (
    MODEL_FILE,
    SIDECAR_FILE,
    fast_probabilities,
    holdout_split,
    load_model,
    load_training,
    main_themes,
    predict,
    save_model,
    train_frame,
    training_sha256,
)

ACCURACY_FLOOR = 0.60  # measured 0.67 on the 171 held-out examples (see evaluation.json)

TEXTS = [
    "Vi har svårt att rekrytera sjuksköterskor.",
    "Bredbandsutbyggnaden på landsbygden går för långsamt.",
    "",
    "Vindkraften och laddinfrastrukturen behöver planeras tillsammans.",
]


@pytest.fixture(scope="module")
def training() -> pd.DataFrame:
    return load_training()


@pytest.fixture(scope="module")
def model(training):
    return train_frame(training)


def test_training_has_at_least_40_examples_per_theme(training):
    assert main_themes(training).value_counts().reindex(theme_ids()).min() >= 40


def test_training_texts_are_unique(training):
    assert not training["text"].duplicated().any()


def test_holdout_accuracy_floor(training):
    development, test = holdout_split(training)
    held_out = train_frame(development)
    predicted = [p.theme for p in predict(held_out, test["text"].tolist())]
    assert (pd.Series(predicted, index=test.index) == main_themes(test)).mean() >= ACCURACY_FLOOR


def test_holdout_split_is_disjoint(training):
    development, test = holdout_split(training)
    assert not set(development["text"]) & set(test["text"])


def test_two_trainings_give_identical_predictions(training, model):
    assert predict(train_frame(training), TEXTS) == predict(model, TEXTS)


def test_top_theme_comes_first_with_confidence_in_unit_interval(model):
    prediction = predict(model, TEXTS[:1])[0]
    assert prediction.themes[0] == (prediction.theme, prediction.confidence) and 0 <= prediction.confidence <= 1


def test_further_themes_are_ordered_by_probability(model):
    texts = TEXTS + ["Äldreomsorgen behöver välfärdsteknik men vi har varken system eller bredband i byarna."]
    orders = [[c for _, c in p.themes[1:]] for p in predict(model, texts)]
    assert all(order == sorted(order, reverse=True) for order in orders)


def test_further_themes_are_those_over_their_own_threshold(model):
    text = "Vi har svårt att rekrytera lärare och de som tackar ja hittar ingen bostad, VA-nätet räcker inte heller."
    probabilities = fast_probabilities(model, [text])[0]
    expected = {model.tema_ids_[j] for j in range(len(probabilities))
                if probabilities[j] >= model.thresholds_[j] or j == probabilities.argmax()}
    assert {tema for tema, _ in predict(model, [text])[0].themes} == expected


def test_thresholds_are_per_theme_and_learnt(model):
    assert len(model.thresholds_) == len(theme_ids()) and len(set(model.thresholds_)) > 1


def test_top_confidence_is_calibrated_not_raw(model):
    raw = fast_probabilities(model, TEXTS[:1]).max()
    assert predict(model, TEXTS[:1])[0].confidence == round(float(model.calibrator_.predict([raw])[0]), 4)


def test_fast_probabilities_equal_the_pipeline(model):
    from pipelines.themes.evaluation import load_hard_cases

    texts = TEXTS + ["ÖP och VA", "ÅTERVINNING\toch  Älvdalen: VA-nätet!", "Élan, ü och 1:1-medel"]
    texts += load_hard_cases()["text"].tolist()
    assert np.allclose(fast_probabilities(model, texts), model.predict_proba(texts), rtol=0, atol=1e-12)


def test_equal_texts_get_equal_predictions(model):
    first, second = predict(model, [TEXTS[0], TEXTS[1], TEXTS[0]])[::2]
    assert first == second


def test_blank_text_gets_empty_prediction(model):
    assert predict(model, ["  "])[0] == predict(model, [""])[0] and predict(model, [""])[0].theme == ""


def test_stored_model_loads_and_predicts_the_same(tmp_path, model, training):
    save_model(model, tmp_path, training)
    assert predict(load_model(tmp_path, training), TEXTS) == predict(model, TEXTS)


def test_tampered_model_file_is_not_loaded(tmp_path, model, training):
    save_model(model, tmp_path, training)
    (tmp_path / MODEL_FILE).write_bytes((tmp_path / MODEL_FILE).read_bytes() + b"x")
    assert load_model(tmp_path) is None


def test_model_for_other_training_data_is_not_loaded(tmp_path, model, training):
    save_model(model, tmp_path, training)
    assert load_model(tmp_path, training.iloc[1:]) is None


def test_sidecar_holds_hashes(tmp_path, model, training):
    save_model(model, tmp_path, training)
    sidecar = json.loads((tmp_path / SIDECAR_FILE).read_text(encoding="utf-8"))
    assert sidecar["model_sha256"] == hashlib.sha256((tmp_path / MODEL_FILE).read_bytes()).hexdigest()
    assert sidecar["training_sha256"] == training_sha256(training)
    assert sidecar["training_sha256"] != training_sha256(training.iloc[1:])


def test_missing_model_is_none(tmp_path):
    assert load_model(tmp_path) is None


def test_evaluation_json_has_the_shown_figures():
    report = json.loads(EVALUATION_PATH.read_text(encoding="utf-8"))
    assert {"date", "n_examples", "thresholds", "confusions", "holdout_top1_accuracy", "reliability", "hard"} <= set(report)
    assert {"top1_accuracy_mean", "set_f1_mean", "macro_f1_mean", "ece_mean"} <= set(report["model"])
    assert set(report["model"]["f1_per_theme"]) == set(report["baseline"]["f1_per_theme"]) == set(theme_ids())


def test_model_from_other_pipeline_configuration_is_not_loaded(tmp_path, model, training):
    save_model(model, tmp_path, training)
    sidecar = json.loads((tmp_path / SIDECAR_FILE).read_text(encoding="utf-8"))
    (tmp_path / SIDECAR_FILE).write_text(json.dumps({**sidecar, "pipeline": "older"}), encoding="utf-8")
    assert load_model(tmp_path) is None


def test_calibration_noise_floor_shrinks_with_more_answers():
    from pipelines.themes.evaluation import calibrated_noise_floor

    small, large = calibrated_noise_floor(np.full(50, 0.7)), calibrated_noise_floor(np.full(5000, 0.7))
    assert 0.03 < small < 0.1 and large < 0.01
    assert calibrated_noise_floor(np.ones(100)) == 0.0


def test_pipeline_signature_sees_default_parameters(monkeypatch):
    import pipelines.themes.model as themes_model

    before = themes_model.pipeline_signature()
    original = themes_model.build_pipeline
    monkeypatch.setattr(themes_model, "build_pipeline", lambda **kw: original(folds=3, **kw))
    assert themes_model.pipeline_signature() != before
