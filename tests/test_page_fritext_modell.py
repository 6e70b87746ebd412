"""AppTest of the Fritext page's model-quality tab: reliability diagram, calibration error, reviewers' kappa."""

import json

from streamlit.testing.v1 import AppTest

import pipelines.themes
from pipelines.themes.corrections import ADD, add_corrections
from tests.conftest import displayed, on_tab, page_path

RELIABILITY = [{"bin_from": 0.3, "bin_to": 0.4, "n": 20, "confidence": 0.36, "accuracy": 0.4},
               {"bin_from": 0.9, "bin_to": 1.0, "n": 90, "confidence": 0.95, "accuracy": 0.94}]


def evaluation(tmp_path, monkeypatch, **extra) -> None:
    ids = pipelines.themes.theme_ids()
    figures = {"date": "2026-11-20", "n_cv_examples": 749,
               "model": {"top1_accuracy_mean": 0.68, "macro_f1_mean": 0.68, "ece_pooled": 0.041,
                         "f1_per_theme": dict.fromkeys(ids, 0.7)},
               "baseline": {"top1_accuracy_mean": 0.36, "macro_f1_mean": 0.38, "f1_per_theme": dict.fromkeys(ids, 0.4)},
               **extra}
    path = tmp_path / "evaluation.json"
    path.write_text(json.dumps(figures), encoding="utf-8")
    monkeypatch.setattr(pipelines.themes, "EVALUATION_PATH", path)


def app() -> AppTest:
    return on_tab(AppTest.from_file(page_path("fritext.py"), default_timeout=60), "Teman och modellens kvalitet")


def test_reliability_diagram_table_and_calibration_error(private_env, tmp_path, monkeypatch):
    evaluation(tmp_path, monkeypatch, reliability=RELIABILITY)
    at = app().run()
    assert not at.exception
    assert any("Kalibreringsfel (ECE) i korsvalideringen: 0,04" in c.value for c in at.caption)
    table = next(d.value for d in at.dataframe if "Andel rätt" in d.value.columns)
    assert list(table["Konfidens"]) == ["0,3–0,4", "0,9–1,0"] and list(table["Antal svar"]) == [20, 90]
    assert len(at.get("vega_lite_chart")) == 2  # F1 and reliability (only the open tab runs)


def test_evaluation_without_reliability_says_what_to_do(private_env, tmp_path, monkeypatch):
    evaluation(tmp_path, monkeypatch)
    at = app().run()
    assert any("Utvärderingen saknar kalibreringsmått" in i.value for i in at.info)


def test_no_shared_reviews_says_so(private_env, tmp_path, monkeypatch):
    evaluation(tmp_path, monkeypatch)
    at = app().run()
    assert any("Inga svar har taggats av två granskare" in i.value for i in at.info)


def test_two_reviewers_show_kappa_per_theme(private_env, tmp_path, monkeypatch):
    evaluation(tmp_path, monkeypatch)
    user_dir = private_env["user"]
    add_corrections(user_dir, "2025-1-ovriga_behov", [("transporter", ADD, 1)], "Anna", anvandar_id="anna")
    add_corrections(user_dir, "2025-1-ovriga_behov", [("transporter", ADD, 1)], "Bo", anvandar_id="bo")
    at = app().run()
    assert not at.exception
    table = next(displayed(d) for d in at.dataframe if "Cohens kappa" in d.value.columns)
    row = table.set_index("Tema").loc["Transporter och kollektivtrafik"]
    assert (row["Jämförda par"], row["Överens"], row["Cohens kappa"]) == ("1", "1", "–")
