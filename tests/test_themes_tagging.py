"""tag_fritextsvar: model tags with corrections applied, model stored and reused."""

from __future__ import annotations

import pandas as pd
import pytest

from pipelines.themes.corrections import add_correction
from pipelines.themes.model import SIDECAR_FILE, read_sidecar
from pipelines.themes.tagging import tag_fritextsvar, training_data

ANSWERS = pd.DataFrame({
    "svar_id": [10, 11, 12],
    "text": ["Vi har svårt att rekrytera lärare och sjuksköterskor.", "", "Bussarna går för sällan."],
})


@pytest.fixture
def dirs(tmp_path, monkeypatch):
    """Model and user dirs in tmp (env vars too, so nothing touches data/)."""
    monkeypatch.setenv("UTV_MODEL_DIR", str(tmp_path / "model"))
    monkeypatch.setenv("UTV_USER_DIR", str(tmp_path / "user"))
    return tmp_path / "model", tmp_path / "user"


def test_columns(dirs):
    assert tag_fritextsvar(ANSWERS, *dirs).columns.tolist() == ["svar_id", "tema_id", "konfidens", "kalla", "rang"]


def test_blank_answer_gets_no_rows(dirs):
    assert 11 not in tag_fritextsvar(ANSWERS, *dirs)["svar_id"].tolist()


def test_every_answer_with_text_has_one_top_tag(dirs):
    tags = tag_fritextsvar(ANSWERS, *dirs)
    assert tags[tags["rang"] == 1]["svar_id"].tolist() == [10, 12]


def test_model_is_stored_in_model_dir(dirs):
    tag_fritextsvar(ANSWERS, *dirs)
    assert (dirs[0] / SIDECAR_FILE).is_file()


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
