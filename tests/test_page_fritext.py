"""AppTest of the Fritext page: answers, filters, search highlighting, corrections, retraining, escaping."""

import json
import re

import duckdb
from streamlit.testing.v1 import AppTest

import pipelines.themes
from pipelines.themes.corrections import add_correction, load_corrections
from dashboard import queries
from pipelines.build import run
from tests.conftest import RAW_DIR, on_tab, page_path

PAGE = "fritext.py"
MALICIOUS = 'Se <b>fet</b> och **viktigt** [länk](x) =SUMMA(A1) <script>alert(1)</script> Umeå'
MALICIOUS_ID = "2025-99-ovriga_behov"


def app() -> AppTest:
    return AppTest.from_file(page_path(PAGE), default_timeout=60)


def markdown(at) -> list[str]:
    return [m.value for m in at.markdown]


def answer_count(at) -> int:
    """The '**N svar**' headline of the Svar tab."""
    found = [re.match(r"\*\*(\d+) svar\*\*", m) for m in markdown(at)]
    return int(next(f for f in found if f).group(1))


def test_lists_the_answers_with_tags_and_confidence(private_env):
    at = app().run()
    assert not at.exception
    assert at.title[0].value == "Fritextsvar och teman"
    assert answer_count(at) == 124  # utvärdering 2025, all kommuner
    first = queries.fritextsvar_med_teman(queries.FritextUrval((2025,))).iloc[0]
    assert first.text in [t.value for t in at.text]  # show_quote, plain text
    assert any(m.startswith("**Teman:**") and "\u00a0%" in m for m in markdown(at))  # "87 %"
    assert at.button(key=f"citat-{first.svar_id}").label == "Lägg i rapportunderlag"


def test_theme_filter_reduces_the_count(private_env):
    at = app().run()
    at.multiselect(key="fritext_teman").set_value(["transporter"]).run()
    assert not at.exception
    expected = len(queries.fritextsvar_med_teman(queries.FritextUrval((2025,), tema_ids=("transporter",))))
    assert answer_count(at) == expected < 124


def test_all_utvarderingar_and_kommun_without_answer(private_env):
    at = app().run()
    at.toggle(key="fritext_alla_ar").set_value(True).run()
    assert answer_count(at) == 235 + 23  # 2024 and 2025, and the 23 invented answers of 2023
    at.toggle(key="fritext_alla_ar").set_value(False)
    at.selectbox(key="_w_utvardering").set_value(2024)
    at.multiselect(key="_w_kommuner").set_value(["2422"]).run()  # Sorsele did not answer 2024
    assert not at.exception
    assert any("Inget svar inkommet" in c.value and "Sorsele" in c.value for c in at.caption)
    assert any("Inga fritextsvar matchar filtren" in i.value for i in at.info)


def test_search_highlights_the_hits(private_env):
    at = app().run()
    at.text_input(key="fritext_sok").input("umeå").run()
    assert not at.exception
    hits = [m for m in markdown(at) if ":orange-background[**" in m]
    assert hits and answer_count(at) == len(queries.fritextsvar_med_teman(queries.FritextUrval((2025,), sok="umeå")))
    # whole words: a hit inside a word ("Umeås") marks the whole word
    assert all(re.search(r":orange-background\[\*\*\w*umeå\w*\*\*\]", h, re.IGNORECASE) for h in hits)
    at.button(key=f"citat-{queries.fritextsvar_med_teman(queries.FritextUrval((2025,), sok='umeå')).svar_id[0]}").click().run()
    assert any(c.value == "0 diagram och 1 citat" for c in at.sidebar.caption)


def test_heatmaps_tables_and_codebook(private_env, tmp_path, monkeypatch):
    monkeypatch.setattr(pipelines.themes, "EVALUATION_PATH", tmp_path / "not-yet-evaluated.json")
    at = on_tab(app(), "Antal per tema").run()
    assert len(at.get("vega_lite_chart")) == 2  # tema × kommun, tema × delstrategi
    tables = [d.value for d in at.dataframe]
    assert any("Totalt" in t.columns and "Umeå" in t.columns for t in tables)
    assert any("Inkluderande samhällen" in t.columns for t in tables)
    assert not [d for d in at.dataframe if list(d.value.columns) == ["Tema", "Beskrivning"]]  # other tabs do not run
    on_tab(at, "Teman och modellens kvalitet").run()
    tables = [d.value for d in at.dataframe]
    codebook = next(t for t in tables if list(t.columns) == ["Tema", "Beskrivning"])
    assert len(codebook) == 12
    assert any("python -m pipelines.themes evaluate" in i.value for i in at.info)  # no evaluation figures yet


def test_model_quality_from_evaluation_json(private_env, tmp_path, monkeypatch):
    ids = pipelines.themes.theme_ids()
    figures = {"date": "2026-11-01", "n_cv_examples": 520, "holdout_n": 130, "holdout_top1_accuracy": 0.85,
               "holdout_top1_accuracy_baseline": 0.5,
               "model": {"top1_accuracy_mean": 0.873, "macro_f1_mean": 0.86, "f1_per_theme": dict.fromkeys(ids, 0.8)},
               "baseline": {"top1_accuracy_mean": 0.52, "macro_f1_mean": 0.49, "f1_per_theme": dict.fromkeys(ids, 0.4)}}
    path = tmp_path / "evaluation.json"
    path.write_text(json.dumps(figures), encoding="utf-8")
    monkeypatch.setattr(pipelines.themes, "EVALUATION_PATH", path)
    at = on_tab(app(), "Teman och modellens kvalitet").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Träffsäkerhet, huvudtema"] == "87\u00a0%"
    assert metrics["Makro-F1"] == "0,86"
    assert metrics["Träffsäkerhet på testdel"] == "85\u00a0%"
    assert len(at.get("vega_lite_chart")) == 1  # F1 per tema (no reliability table in these figures)
    assert any(list(d.value.columns) == ["Tema", "Modellen", "Nyckelord (baslinje)"] for d in at.dataframe)


def test_correction_in_the_ui_is_stored_shown_and_survives_a_rebuild(private_env):
    queue = queries.granskningsko(queries.fritextsvar_med_teman(queries.FritextUrval((2025,))))
    svar_id, model_teman = queue.svar_id[0], list(queue.teman[0])
    new = "krisberedskap" if "krisberedskap" not in model_teman else "vatten_avlopp"
    at = app()
    at.user = {"is_logged_in": True, "sub": "anna-1", "name": "Anna Andersson", "roles": ["granskare"]}
    on_tab(at, "Granska").run()
    at.multiselect(key=f"granska-{svar_id}").set_value([new])
    at.button(key=f"spara-{svar_id}").click().run()
    assert not at.exception
    assert any("Sparat" in s.value and "Anna Andersson" in s.value for s in at.success)

    log = set(load_corrections(private_env["user"])[["svar_id", "tema_id", "atgard", "anvandare",
                                                     "anvandar_id"]].itertuples(index=False))
    assert (svar_id, new, "lagg_till", "Anna Andersson", "anna-1") in log  # the signed-in user's name and id
    assert all((svar_id, t, "ta_bort", "Anna Andersson", "anna-1") in log for t in model_teman)
    label = queries.teman().set_index("tema_id").loc[new, "etikett"]
    on_tab(at, "Svar")
    at.multiselect(key="fritext_fragor").set_value([queue.fraga_id[0]])
    at.multiselect(key="_w_kommuner").set_value([queue.kommunkod[0]]).run()
    assert answer_count(at) == 1
    assert f"**Teman:** {label} \\(manuell\\)" in markdown(at)  # shown at once, marked manuell

    run(RAW_DIR, private_env["db"], force=True, log=lambda _msg: None)
    with duckdb.connect(str(private_env["db"]), read_only=True) as con:
        stored = con.execute("select tema_id, kalla from fritext_tema where svar_id = ?", [svar_id]).fetchall()
    assert stored == [(new, "manuell")]
    row = queries.fritextsvar_med_teman(queries.FritextUrval((2025,))).set_index("svar_id").loc[svar_id]
    assert row.teman == [new] and row.kalla == "manuell"


def test_retrain_button_retrains_and_retags(private_env):
    svar_id = queries.fritextsvar_med_teman(queries.FritextUrval((2025,))).svar_id[0]
    add_correction(private_env["user"], svar_id, "krisberedskap", "lagg_till", "Testare")
    before = private_env["db"].stat().st_mtime_ns
    at = on_tab(app(), "Granska").run()
    at.button(key="fritext_trana_om").click().run()
    assert not at.exception
    assert any("Modellen tränades om" in s.value and "taggades om" in s.value for s in at.success)
    assert private_env["db"].stat().st_mtime_ns != before  # the pipeline published a re-tagged database
    with duckdb.connect(str(private_env["db"]), read_only=True) as con:
        assert ("krisberedskap", "manuell") in con.execute(
            "select tema_id, kalla from fritext_tema where svar_id = ?", [svar_id]).fetchall()


def test_malicious_answer_is_shown_escaped(private_env):
    with duckdb.connect(str(private_env["db"])) as con:
        con.execute("insert into fritextsvar values (?, 2025, 99, '2480', 'ovriga_behov', 'ovrigt', null, null, ?)",
                    [MALICIOUS_ID, MALICIOUS])
        con.execute("insert into fritext_tema values (?, 'samverkan_organisation', 0.01, 'modell', 1)", [MALICIOUS_ID])
    at = on_tab(app(), "Granska").run()
    assert not at.exception
    assert MALICIOUS in [t.value for t in at.text]  # st.text: shown as-is, never rendered
    on_tab(at, "Svar").text_input(key="fritext_sok").input("summa").run()
    assert not at.exception
    hit = next(m for m in markdown(at) if "orange-background" in m)
    assert r"\<b\>fet\</b\>" in hit and r"\*\*viktigt\*\*" in hit and r"\[länk\]\(x\)" in hit
    assert r":orange-background[**SUMMA**]\(A1\)" in hit and r"\=" in hit
    assert r"\<script\>" in hit
    rendered = "\n".join(markdown(at) + [c.value for c in at.caption])
    assert "<b>" not in rendered and "<script>" not in rendered and "[länk](x)" not in rendered


def test_tema_per_kommun_shows_a_kommun_without_answer_as_such(private_env):
    at = app()
    at.session_state["val_utvardering"] = 2024
    at.session_state["val_kommuner"] = ["2422", "2480"]  # Sorsele did not answer 2024
    on_tab(at, "Antal per tema").run()
    assert not at.exception
    per_kommun = next(d.value for d in at.dataframe if "Umeå" in d.value.columns)
    assert list(per_kommun.columns) == ["Tema", "Sorsele (inget svar inkommet)", "Umeå", "Totalt"]
    assert per_kommun["Sorsele (inget svar inkommet)"].isna().all()
    assert (per_kommun["Totalt"] == per_kommun["Umeå"]).all()


def test_the_chosen_tab_comes_from_the_url_and_only_it_runs(demo_env):
    at = app()
    at.query_params["flik"] = "Granska"
    at.run()
    assert not at.exception
    assert at.session_state["fritext_flik"] == "Granska"
    assert [e for e in at.expander if e.label == "Historik"]  # the review queue ran
    assert not [b for b in at.button if str(b.key).startswith("citat-")]  # the answers' tab did not
    on_tab(at, "Svar").run()
    assert [b for b in at.button if str(b.key).startswith("citat-")]
    assert "flik" not in at.query_params  # the first tab is the default and leaves the URL clean
