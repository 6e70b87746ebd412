"""tag_fritextsvar: model tags with corrections applied, model stored and reused."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from pipelines.themes.corrections import add_correction
from pipelines.themes.model import SIDECAR_FILE, read_sidecar
from pipelines.themes.tagging import retrain, tag_fritextsvar, training_data

ANSWERS = pd.DataFrame({
    "svar_id": [10, 11, 12],
    "text": ["Vi har svårt att rekrytera lärare och sjuksköterskor.", "", "Bussarna går för sällan."],
})


@pytest.fixture(scope="module")
def stored_model(tmp_path_factory):
    """A model trained once on the shipped training data (no corrections)."""
    model_dir = tmp_path_factory.mktemp("model")
    retrain(model_dir, tmp_path_factory.mktemp("user"))
    return model_dir


@pytest.fixture
def dirs(tmp_path, monkeypatch, stored_model):
    """Model dir (a copy of the stored model) and user dir in tmp; env vars point there too."""
    monkeypatch.setenv("UTV_MODEL_DIR", str(tmp_path / "model"))
    monkeypatch.setenv("UTV_USER_DIR", str(tmp_path / "user"))
    shutil.copytree(stored_model, tmp_path / "model")
    return tmp_path / "model", tmp_path / "user"


def test_model_is_trained_when_none_is_stored(tmp_path):
    tag_fritextsvar(ANSWERS, tmp_path / "model", tmp_path / "user")
    assert (tmp_path / "model" / SIDECAR_FILE).is_file()


def test_columns(dirs):
    assert tag_fritextsvar(ANSWERS, *dirs).columns.tolist() == ["svar_id", "tema_id", "konfidens", "kalla", "rang"]


def test_blank_answer_gets_no_rows(dirs):
    assert 11 not in tag_fritextsvar(ANSWERS, *dirs)["svar_id"].tolist()


def test_every_answer_with_text_has_one_top_tag(dirs):
    tags = tag_fritextsvar(ANSWERS, *dirs)
    assert tags[tags["rang"] == 1]["svar_id"].tolist() == [10, 12]


def test_stored_model_is_reused(dirs):
    tag_fritextsvar(ANSWERS, *dirs)
    before = (dirs[0] / SIDECAR_FILE).stat().st_mtime_ns
    tag_fritextsvar(ANSWERS, *dirs)
    assert (dirs[0] / SIDECAR_FILE).stat().st_mtime_ns == before


def test_correction_is_applied(dirs):
    add_correction(dirs[1], "12", "samverkan_organisation", "lagg_till", "anna")
    tags = tag_fritextsvar(ANSWERS, *dirs)
    assert ("samverkan_organisation", "manuell") in set(zip(tags["tema_id"], tags["kalla"]))


def test_correction_becomes_training_data(dirs):
    add_correction(dirs[1], "12", "samverkan_organisation", "lagg_till", "anna")
    tag_fritextsvar(ANSWERS, *dirs)
    assert read_sidecar(dirs[0])["training_rows"] == len(training_data(dirs[1])) + 1


def test_tags_are_stored_by_text_and_model_hash(dirs):
    from pipelines.themes.model import TAG_CACHE_FILE
    from pipelines.themes.tagging import read_tag_cache, text_sha256

    model_dir, user_dir = dirs
    tag_fritextsvar(ANSWERS, model_dir, user_dir)
    cache = read_tag_cache(model_dir, read_sidecar(model_dir)["model_sha256"])
    assert (model_dir / TAG_CACHE_FILE).is_file() and text_sha256(ANSWERS["text"][0]) in cache
    assert read_tag_cache(model_dir, "another model") == {}


def test_unchanged_text_and_model_are_not_predicted_again(dirs, monkeypatch):
    import pipelines.themes.tagging as tagging

    model_dir, user_dir = dirs
    first = tag_fritextsvar(ANSWERS, model_dir, user_dir)
    predicted = []
    real_predict = tagging.predict
    monkeypatch.setattr(tagging, "predict", lambda model, texts: predicted.extend(texts) or real_predict(model, texts))
    changed = ANSWERS.assign(text=[ANSWERS["text"][0], "", "Vindkraften splittrar bygden."])
    again = tag_fritextsvar(changed, model_dir, user_dir)
    assert predicted == ["Vindkraften splittrar bygden."]
    pd.testing.assert_frame_equal(again[again["svar_id"] == 10], first[first["svar_id"] == 10])
