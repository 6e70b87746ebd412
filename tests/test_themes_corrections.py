"""Users' theme corrections: the append-only trail in the users' store and how it is applied."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pandas as pd
import pytest

from pipelines.settings import setting
from pipelines.themes.corrections import (
    COLUMNS,
    add_correction,
    apply_corrections,
    corrections_as_training,
    corrections_path,
    load_corrections,
)

T0 = datetime(2025, 10, 1, 9, 0, tzinfo=timezone.utc)


def model_tags() -> pd.DataFrame:
    """Three answers' model tags (answer 3 has two teman)."""
    return pd.DataFrame({
        "svar_id": [1, 2, 3, 3],
        "tema_id": ["transporter", "digitalisering", "vatten_avlopp", "paverkan_finansiering"],
        "konfidens": [0.9, 0.6, 0.8, 0.4],
        "kalla": ["modell"] * 4,
        "rang": [1, 1, 1, 2],
    })


def correct(user_dir, svar_id, tema_id, atgard, minutes=0):
    """Add a correction at T0 + minutes."""
    return add_correction(user_dir, svar_id, tema_id, atgard, "anna", now=T0 + timedelta(minutes=minutes))


def test_corrections_go_to_the_users_store_not_a_csv(tmp_path):
    correct(tmp_path, "1", "transporter", "ta_bort")
    assert (tmp_path / "anvandardata.sqlite").is_file() and not corrections_path(tmp_path).exists()
    assert load_corrections(tmp_path).iloc[0][["svar_id", "tema_id", "atgard", "anvandare"]].tolist() == [
        "1", "transporter", "ta_bort", "anna"]


def test_log_is_append_only(tmp_path):
    correct(tmp_path, "1", "transporter", "ta_bort")
    correct(tmp_path, "1", "transporter", "lagg_till", 1)
    assert load_corrections(tmp_path)["atgard"].tolist() == ["ta_bort", "lagg_till"]


def test_timestamp_is_iso_8601(tmp_path):
    row = add_correction(tmp_path, "1", "transporter", "ta_bort", "anna")
    assert datetime.fromisoformat(row["tidpunkt"]).tzinfo is not None


def test_no_log_gives_empty_frame_with_columns(tmp_path):
    assert load_corrections(tmp_path).columns.tolist() == COLUMNS


def test_unknown_theme_is_rejected(tmp_path):
    with pytest.raises(ValueError, match="Okänt tema"):
        correct(tmp_path, "1", "vagar", "lagg_till")


def test_unknown_action_is_rejected(tmp_path):
    with pytest.raises(ValueError, match="Okänd åtgärd"):
        correct(tmp_path, "1", "transporter", "andra")


def test_remove_drops_the_model_tag(tmp_path):
    correct(tmp_path, "1", "transporter", "ta_bort")
    tags = apply_corrections(model_tags(), load_corrections(tmp_path))
    assert 1 not in tags["svar_id"].tolist()


def test_add_gives_manual_tag_with_full_confidence(tmp_path):
    correct(tmp_path, "2", "kompetensforsorjning", "lagg_till")
    tags = apply_corrections(model_tags(), load_corrections(tmp_path)).set_index(["svar_id", "tema_id"])
    assert tuple(tags.loc[(2, "kompetensforsorjning"), ["konfidens", "kalla"]]) == (1.0, "manuell")


def test_manual_beats_model_for_same_theme(tmp_path):
    correct(tmp_path, "3", "paverkan_finansiering", "lagg_till")
    tags = apply_corrections(model_tags(), load_corrections(tmp_path))
    rows = tags[(tags["svar_id"] == 3) & (tags["tema_id"] == "paverkan_finansiering")]
    assert rows["kalla"].tolist() == ["manuell"]


def test_manual_tag_ranks_first(tmp_path):
    correct(tmp_path, "3", "paverkan_finansiering", "lagg_till")
    tags = apply_corrections(model_tags(), load_corrections(tmp_path))
    assert tags[tags["svar_id"] == 3].sort_values("rang")["tema_id"].tolist()[0] == "paverkan_finansiering"


def test_latest_action_wins(tmp_path):
    correct(tmp_path, "1", "transporter", "ta_bort", minutes=1)
    correct(tmp_path, "1", "transporter", "lagg_till", minutes=2)
    tags = apply_corrections(model_tags(), load_corrections(tmp_path))
    assert tags.loc[tags["svar_id"] == 1, "kalla"].tolist() == ["manuell"]


def test_latest_is_by_timestamp_not_file_order(tmp_path):
    correct(tmp_path, "1", "transporter", "ta_bort", minutes=5)
    correct(tmp_path, "1", "transporter", "lagg_till", minutes=1)
    assert 1 not in apply_corrections(model_tags(), load_corrections(tmp_path))["svar_id"].tolist()


def test_answers_outside_the_tags_are_not_added(tmp_path):
    correct(tmp_path, "99", "transporter", "lagg_till")
    assert 99 not in apply_corrections(model_tags(), load_corrections(tmp_path))["svar_id"].tolist()


def test_ranks_are_renumbered_from_one(tmp_path):
    correct(tmp_path, "3", "vatten_avlopp", "ta_bort")
    tags = apply_corrections(model_tags(), load_corrections(tmp_path))
    assert tags.loc[tags["svar_id"] == 3, "rang"].tolist() == [1]


def test_no_corrections_leaves_tags_unchanged(tmp_path):
    pd.testing.assert_frame_equal(apply_corrections(model_tags(), load_corrections(tmp_path)), model_tags())


def test_concurrent_adds_all_land(tmp_path):
    threads = [threading.Thread(target=correct, args=(tmp_path, str(i), "transporter", "lagg_till"))
               for i in range(20)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sorted(load_corrections(tmp_path)["svar_id"].astype(int)) == list(range(20))


def test_log_lives_outside_rebuilt_data(monkeypatch, tmp_path):
    monkeypatch.delenv("UTV_USER_DIR", raising=False)
    monkeypatch.delenv("UTV_DB_PATH", raising=False)
    assert setting("db_path").parent not in corrections_path(setting("user_dir")).parents


def test_corrections_become_training_rows(tmp_path):
    correct(tmp_path, "2", "kompetensforsorjning", "lagg_till")
    answers = pd.DataFrame({"svar_id": [2], "text": ["Vi saknar IT-tekniker."]})
    rows = corrections_as_training(load_corrections(tmp_path), answers)
    assert rows.to_dict("records") == [{"text": "Vi saknar IT-tekniker.", "themes": "kompetensforsorjning"}]


def test_training_rows_with_model_tags_use_effective_set(tmp_path):
    correct(tmp_path, "3", "vatten_avlopp", "ta_bort")
    answers = pd.DataFrame({"svar_id": [3], "text": ["EU-medel till reningsverket."]})
    rows = corrections_as_training(load_corrections(tmp_path), answers, model_tags())
    assert rows["themes"].tolist() == ["paverkan_finansiering"]


def test_answer_in_scope_without_tags_can_get_manual_tag(tmp_path):
    correct(tmp_path, "1", "transporter", "ta_bort")
    correct(tmp_path, "1", "digitalisering", "lagg_till", 1)
    tags = apply_corrections(model_tags().iloc[1:], load_corrections(tmp_path), svar_ids=[1, 2, 3])
    assert tags.loc[tags["svar_id"] == 1, ["tema_id", "kalla", "rang"]].values.tolist() == [
        ["digitalisering", "manuell", 1]]


def test_manual_tag_keeps_svar_id_type(tmp_path):
    correct(tmp_path, "2", "transporter", "lagg_till")
    assert apply_corrections(model_tags(), load_corrections(tmp_path))["svar_id"].tolist() == [1, 2, 2, 3, 3]
