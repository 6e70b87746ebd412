"""Queries for free-text answers and teman against the demo database (corrections applied at read time)."""

import json

import duckdb
import pytest

from dashboard import queries, tables, texts
from pipelines.themes.corrections import ADD, REMOVE, add_correction


@pytest.fixture
def user_dir(demo_env, tmp_path, monkeypatch):
    """An empty user dir of its own, so corrections here never reach other tests."""
    path = tmp_path / "user"
    monkeypatch.setenv("UTV_USER_DIR", str(path))
    return path


def scalar(db, sql, params=()):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchone()[0]


def test_all_answers_of_both_utvarderingar(demo_db, user_dir):
    df = queries.fritextsvar_med_teman(queries.FritextUrval((2024, 2025)))
    assert len(df) == scalar(demo_db, "select count(*) from fritextsvar where utvardering in (2024, 2025)") == 235
    assert len(queries.fritextsvar_med_teman(queries.FritextUrval((2025,)))) == 124
    assert len(queries.fritextsvar_med_teman(queries.FritextUrval(()))) == 235 + 23  # empty: all, 2023 too


def test_columns_and_teman_top_first(demo_db, user_dir):
    df = queries.fritextsvar_med_teman(queries.FritextUrval((2025,)))
    for column in ["svar_id", "utvardering", "kommunkod", "kommun", "fraga_id", "fraga_kort", "grupp",
                   "delstrategi_nr", "delstrategi", "riktning", "text", "teman", "tema_etiketter", "konfidens", "kalla"]:
        assert column in df.columns
    row = df.iloc[0]
    top = scalar(demo_db, "select tema_id from fritext_tema where svar_id = ? and rang = 1", (row.svar_id,))
    assert row.teman[0] == top
    assert row.tema_etiketter.split(", ")[0] == queries.teman().set_index("tema_id").loc[top, "etikett"]
    assert df["konfidens"].between(0, 1).all() and (df["kalla"] == "modell").all()


def test_kommun_delstrategi_and_fraga_filters(demo_db, user_dir):
    assert set(queries.fritextsvar_med_teman(queries.FritextUrval((2025,), ("2480", "2482")))["kommun"]) == {"Umeå", "Skellefteå"}
    ds3 = queries.fritextsvar_med_teman(queries.FritextUrval((2025,), delstrategi_nr=3))
    assert len(ds3) == scalar(demo_db, "select count(*) from fritextsvar where utvardering = 2025 and delstrategi_nr = 3")
    assert set(ds3["delstrategi"]) == {"Främja miljödriven utveckling"}
    fraga = queries.fritextsvar_med_teman(queries.FritextUrval((2025,), fraga_ids=("ovriga_behov",)))
    assert set(fraga["fraga_kort"]) == {"Övriga behov och synpunkter"}


def test_tema_filter_keeps_answers_with_any_of_the_teman(demo_db, user_dir):
    df = queries.fritextsvar_med_teman(queries.FritextUrval((), tema_ids=("transporter", "vatten_avlopp")))
    expected = scalar(demo_db, "select count(distinct svar_id) from fritext_tema "
                               "where tema_id in ('transporter', 'vatten_avlopp')")
    assert len(df) == expected > 0
    assert all({"transporter", "vatten_avlopp"} & set(t) for t in df["teman"])


def test_search_is_case_insensitive_substring(user_dir):
    lower = queries.fritextsvar_med_teman(queries.FritextUrval((), sok="umeå"))
    assert len(lower) > 0
    assert len(queries.fritextsvar_med_teman(queries.FritextUrval((), sok="UMEÅ"))) == len(lower)
    assert all("umeå" in text.lower() for text in lower["text"])
    assert queries.fritextsvar_med_teman(queries.FritextUrval((), sok="%")).empty  # no LIKE wildcards


def test_teman_is_the_codebook_in_order(user_dir):
    codebook = queries.teman()
    assert len(codebook) == 12
    assert codebook["tema_id"].iloc[0] == "kompetensforsorjning"
    assert codebook["tema_id"].iloc[-1] == "paverkan_finansiering"


def test_tema_matris_per_kommun_is_a_full_grid(user_dir):
    answers = queries.fritextsvar_med_teman(queries.FritextUrval((2025,)))
    urval = queries.FritextUrval((2025,))
    matris = queries.tema_matris(queries.fritextsvar_med_teman(urval), urval)
    assert len(matris) == 12 * 15
    with_content = answers[~answers["inget_sakinnehall"]]  # answers without content count under no tema
    assert answers["inget_sakinnehall"].any()
    assert matris["antal"].sum() == with_content["teman"].map(len).sum()
    umea_transport = matris.query("kommunkod == '2480' and tema_id == 'transporter'")["antal"].item()
    assert umea_transport == sum("transporter" in t for t in with_content.query("kommunkod == '2480'")["teman"])


def test_tema_matris_per_delstrategi_counts_only_delstrategi_answers(user_dir):
    urval = queries.FritextUrval((2025,), tema_ids=("transporter",))
    matris = queries.tema_matris(queries.fritextsvar_med_teman(urval), urval, per="delstrategi")
    assert len(matris) == 6 and set(matris["tema_id"]) == {"transporter"}
    answers = queries.fritextsvar_med_teman(queries.FritextUrval((2025,), tema_ids=("transporter",)))
    assert matris["antal"].sum() == answers["delstrategi_nr"].notna().sum()
    table = tables.tema_tabell(matris, "delstrategi")
    assert list(table.columns)[:2] == ["Tema", "Inkluderande samhällen"] and table["Totalt"].item() == matris["antal"].sum()


def test_correction_shows_at_once_and_wins_over_the_model(user_dir):
    row = queries.fritextsvar_med_teman(queries.FritextUrval((2024,))).iloc[0]
    model_top = row.teman[0]
    new = next(t for t in queries.teman()["tema_id"] if t not in row.teman)
    add_correction(user_dir, row.svar_id, new, ADD, "Test")
    add_correction(user_dir, row.svar_id, model_top, REMOVE, "Test")
    after = queries.fritextsvar_med_teman(queries.FritextUrval((2024,))).set_index("svar_id").loc[row.svar_id]
    assert after.teman[0] == new and model_top not in after.teman
    assert after.kalla == "manuell" and after.konfidens == 1.0
    assert "(manuell)" in after.taggar
    assert row.svar_id in set(queries.fritextsvar_med_teman(queries.FritextUrval((2024,), tema_ids=(new,)))["svar_id"])
    assert row.svar_id not in set(queries.fritextsvar_med_teman(queries.FritextUrval((2024,), tema_ids=(model_top,)))["svar_id"])
    queue = queries.granskningsko(queries.fritextsvar_med_teman(queries.FritextUrval((2024,))))
    assert queue["svar_id"].iloc[-1] == row.svar_id  # reviewed: konfidens 1.0 goes last


def test_spara_teman_confirms_kept_and_records_who(user_dir):
    row = queries.fritextsvar_med_teman(queries.FritextUrval((2025,))).iloc[0]
    rows = queries.spara_teman(row.svar_id, row.teman, [row.teman[0]], "anna-1", "Anna Andersson")
    assert {(r["tema_id"], r["atgard"]) for r in rows} >= {(row.teman[0], ADD)}
    assert all(r["anvandare"] == "Anna Andersson" and r["anvandar_id"] == "anna-1" and r["tidpunkt"] for r in rows)
    log = queries.tema_korrigeringar()
    assert len(log) == len(rows) and (user_dir / "anvandardata.sqlite").is_file()
    with pytest.raises(ValueError):
        queries.spara_teman(row.svar_id, row.teman, row.teman, "  ", "Anna Andersson")


def test_granskningsko_lowest_konfidens_first(user_dir):
    queue = queries.granskningsko(queries.fritextsvar_med_teman(queries.FritextUrval((2025,))))
    assert queue["konfidens"].is_monotonic_increasing


def test_markera_traffar_escapes_everything_and_marks_hits():
    text = 'Se <b>fet</b> **viktigt** [länk](x) =SUMMA(A1) och Umeå'
    md = texts.markera_traffar(text, "umeå")
    assert md.endswith(":orange-background[**Umeå**]")
    assert r"\<b\>fet\</b\>" in md and r"\*\*viktigt\*\*" in md and r"\[länk\]\(x\)" in md
    assert r"\=SUMMA\(A1\)" in md
    assert "<b>" not in md and "[länk](x)" not in md
    assert texts.markera_traffar("a*b", "") == r"a\*b"
    assert texts.markera_traffar("x ]**[ y", "]**[") == r"x :orange-background[**\]\*\*\[**] y"


def test_markera_traffar_marks_whole_words_and_keeps_line_breaks():
    md = texts.markera_traffar("Bredbandsutbyggnaden går långsamt.\nMer bredband behövs", "bredband")
    assert md.startswith(":orange-background[**Bredbandsutbyggnaden**] går långsamt\\.  \n")
    assert md.endswith("Mer :orange-background[**bredband**] behövs")
    assert texts.markera_traffar("rad ett\r\n\r\nrad  två", "") == "rad ett  \nrad två"


def test_modellutvardering_absent_then_read(tmp_path, user_dir):
    assert queries.modellutvardering(tmp_path / "saknas.json") is None
    path = tmp_path / "evaluation.json"
    path.write_text(json.dumps({"model": {"f1_per_theme": {"transporter": 0.9}},
                                "baseline": {"f1_per_theme": {"transporter": 0.5}}}), encoding="utf-8")
    f1 = queries.tema_f1(queries.modellutvardering(path))
    assert f1[["tema", "metod", "f1"]].values.tolist() == [
        ["Transporter och kollektivtrafik", "Modellen", 0.9],
        ["Transporter och kollektivtrafik", "Nyckelord (baslinje)", 0.5]]
    table = tables.tema_f1_tabell(f1)
    assert list(table.columns) == ["Tema", "Modellen", "Nyckelord (baslinje)"]
    assert table.iloc[0]["Modellen"] == 0.9
    assert table.attrs["formats"] == {"Modellen": "decimal2", "Nyckelord (baslinje)": "decimal2"}


def test_retrain_uses_corrections(private_env):
    """Retraining re-tags and publishes: on a private copy, so the session's demo database is never rebuilt."""
    model_dir = private_env["model"]
    row = queries.fritextsvar_med_teman(queries.FritextUrval((2025,))).iloc[0]
    queries.spara_teman(row.svar_id, row.teman, ["krisberedskap"], "test-1", "Test")
    before = json.loads((model_dir / "temamodell.json").read_text())["training_rows"]
    message = queries.trana_om_temamodellen()
    assert "rättelser för 1 svar" in message
    assert json.loads((model_dir / "temamodell.json").read_text())["training_rows"] == before + 1
