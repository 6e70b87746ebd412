"""AppTest of the Utmaningar page: counts per delstrategi, kommun × delstrategi, the answers with their teman."""

import json

import duckdb
from streamlit.testing.v1 import AppTest

from dashboard import queries
from tests.conftest import page_path, tema_choice

PAGE = "utmaningar.py"


def app() -> AppTest:
    return AppTest.from_file(page_path(PAGE), default_timeout=60)


def sql(demo_db, text: str, params=()) -> list[tuple]:
    with duckdb.connect(str(demo_db), read_only=True) as con:
        return con.execute(text, list(params)).fetchall()


def chart_titles(at) -> list[str]:
    return [json.loads(c.proto.spec).get("title") for c in at.get("vega_lite_chart")]


def quotes(at) -> list[str]:
    return [t.value for t in at.text]


def captions(at) -> list[str]:
    """Caption texts with the Markdown escaping removed."""
    return [c.value.replace("\\", "") for c in at.caption]


def test_counts_per_delstrategi_match_the_answers(demo_db):
    df = queries.utmaningar_per_delstrategi(2025).set_index(["delstrategi_nr", "riktning"])
    assert len(df) == 12
    expected = dict(((nr, r), n) for nr, r, n in sql(
        demo_db, "select delstrategi_nr, riktning, count(distinct kommunkod) from fritextsvar "
                 "where utvardering = 2025 and grupp = 'delstrategi' group by all"))
    assert {k: int(v) for k, v in df["antal_kommuner"].items() if v} == expected
    assert set(df["antal_svarande"]) == {15}


def test_matrix_marks_the_kommun_that_did_not_answer(demo_env):
    df = queries.utmaningar_matris(2024)
    assert len(df) == 15 * 6
    sorsele = df[df["kommunkod"] == "2422"]
    assert set(sorsele["status"]) == {"Inget svar inkommet"}
    assert set(df[df["kommunkod"] != "2422"]["status"]) <= {
        "Utmaning och möjlighet", "Endast utmaning", "Endast möjlighet", "Inget angivet"}


def test_default_shows_the_charts_and_the_answers(demo_db):
    at = app().run()
    assert not at.exception
    assert at.title[0].value == "Utmaningar per delstrategi"
    titles = chart_titles(at)
    assert titles[:2] == ["Antal kommuner som angett utmaningar och möjligheter per delstrategi 2025",
                          "Vad varje kommun angett per delstrategi 2025"]
    assert titles[2] == "Vanligaste teman i svaren om Utveckla samhällen som inkluderar och utvecklar människor 2025"
    (utmaningar,) = sql(demo_db, "select count(*) from fritextsvar where utvardering = 2025 "
                                 "and fraga_id = 'ds1_utmaning'")[0]
    (mojligheter,) = sql(demo_db, "select count(*) from fritextsvar where utvardering = 2025 "
                                  "and fraga_id = 'ds1_mojlighet'")[0]
    headings = [m.value for m in at.markdown]
    assert f"#### Utmaningar ({utmaningar})" in headings
    assert f"#### Möjligheter ({mojligheter})" in headings
    assert len(quotes(at)) == utmaningar + mojligheter


def test_chosen_delstrategi_and_kommun_show_its_answers_with_teman(demo_db):
    at = app().run()
    at.selectbox(key="utmaningar_delstrategi").set_value(3).run()
    at.selectbox(key="utmaningar_kommun").set_value("2480").run()
    assert not at.exception
    texts = sorted(t for (t,) in sql(demo_db, "select text from fritextsvar where utvardering = 2025 "
                                              "and kommunkod = '2480' and delstrategi_nr = 3"))
    assert texts and sorted(quotes(at)) == texts
    attributions = [c for c in captions(at) if c.startswith("Umeå, Utvärdering 2025, Delstrategi 3: utmaningar")
                    or c.startswith("Umeå, Utvärdering 2025, Delstrategi 3: möjligheter")]
    assert len(attributions) == len(texts)
    svar = queries.utmaningar_svar(2025, 3, ("2480",))
    names = queries.tema_etiketter()
    # the attribution names the main tema; with several teman the user picks the one to file the quote under
    for row in svar[svar["teman"].map(len) > 0].itertuples():
        assert any(c.endswith(f", tema: {names[row.teman[0]]}") for c in attributions)
        if len(row.teman) > 1:
            assert tema_choice(at, f"utmaningar-citat-{row.svar_id}").options == [names[t] for t in row.teman]
    assert any(len(t) > 1 for t in svar["teman"])


def test_kommun_without_answer_says_so(demo_env):
    at = app()
    at.session_state["val_utvardering"] = 2024
    at.run()
    assert "Inget svar inkommet i utvärdering 2024 från: Sorsele." in captions(at)
    at.selectbox(key="utmaningar_kommun").set_value("2422").run()
    assert not at.exception
    assert [i.value for i in at.info] == ["Sorsele: Inget svar inkommet i utvärdering 2024."]
    assert quotes(at) == []


def test_sidebar_kommun_filter_limits_the_counts(demo_env):
    at = app()
    at.session_state["val_kommuner"] = ["2480", "2482"]
    at.run()
    assert not at.exception
    assert at.selectbox(key="utmaningar_kommun").options == ["Alla valda kommuner", "Umeå", "Skellefteå"]
    heatmap = json.loads(at.get("vega_lite_chart")[1].proto.spec)
    assert heatmap["layer"][0]["encoding"]["y"]["sort"] == ["Umeå", "Skellefteå"]
    counts = queries.utmaningar_per_delstrategi(2025, ("2480", "2482"))
    assert counts["antal_kommuner"].max() <= 2
    assert set(counts["antal_svarande"]) == {2}
