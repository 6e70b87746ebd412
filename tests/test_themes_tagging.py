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
