"""The model-quality queries: the reliability table and reviewers' agreement (Cohen's kappa per tema)."""

from __future__ import annotations

import math

import pandas as pd

from dashboard.queries.modell import granskare_kappa, reviewer_sets, tillforlitlighet

TEMAN = ["transporter", "digitalisering", "naringsliv"]


def log(rows) -> pd.DataFrame:
    """A corrections log from (svar_id, tema_id, atgard, anvandar_id) tuples, one second apart."""
    frame = pd.DataFrame(rows, columns=["svar_id", "tema_id", "atgard", "anvandar_id"])
    return frame.assign(tidpunkt=pd.date_range("2026-01-01", periods=len(frame), freq="s", tz="UTC"))


def test_reliability_rows_with_swedish_intervals():
    frame = tillforlitlighet({"reliability": [{"bin_from": 0.3, "bin_to": 0.4, "n": 12, "confidence": 0.35,
                                               "accuracy": 0.5}]})
    assert frame.to_dict("records") == [{"intervall": "0,3–0,4", "fran": 0.3, "till": 0.4, "konfidens": 0.35,
                                         "andel_ratt": 0.5, "antal": 12}]


def test_reliability_empty_without_table():
    assert tillforlitlighet({}).empty


def test_second_reviewer_keeping_a_theme_counts_as_choosing_it():
    sets = reviewer_sets(log([("1", "transporter", "lagg_till", "a"), ("1", "digitalisering", "lagg_till", "b")]))
    assert sets[("1", "a")] == {"transporter"} and sets[("1", "b")] == {"transporter", "digitalisering"}


def test_full_agreement_is_kappa_one():
    rows = [(s, t, "lagg_till", r) for r in ("a", "b") for s, t in (("1", "transporter"), ("2", "digitalisering"))]
    kappa = granskare_kappa(log(rows), TEMAN).set_index("tema_id")
    assert kappa.loc["transporter", "kappa"] == 1.0 and kappa.loc["transporter", "par"] == 2


def test_disagreement_lowers_kappa_and_unused_theme_is_undefined():
    rows = [("1", "transporter", "lagg_till", "a"), ("2", "digitalisering", "lagg_till", "a"),
            ("1", "transporter", "ta_bort", "b"), ("1", "digitalisering", "lagg_till", "b"),
            ("2", "digitalisering", "lagg_till", "b")]
    kappa = granskare_kappa(log(rows), TEMAN).set_index("tema_id")
    assert kappa.loc["transporter", "kappa"] == 0.0 and kappa.loc["transporter", "overens"] == 1
    assert kappa.loc["digitalisering", "kappa"] == 0.0
    assert math.isnan(kappa.loc["naringsliv", "kappa"])


def test_answers_with_one_reviewer_are_not_compared():
    kappa = granskare_kappa(log([("1", "transporter", "lagg_till", "a")]), TEMAN)
    assert (kappa["par"] == 0).all() and kappa["kappa"].isna().all()
