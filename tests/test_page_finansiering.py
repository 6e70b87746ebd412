"""AppTest of the Finansiering page: anslag per kommun, per invånare, share, purpose, region vs kommuner, years."""

import json

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.formatting import fmt_kr
from dashboard.components import table_height
from tests.conftest import displayed, page_path

PAGE = "finansiering.py"


def app() -> AppTest:
    return AppTest.from_file(page_path(PAGE), default_timeout=60)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def chart_titles(at) -> list[str]:
    return [json.loads(c.proto.spec).get("title") for c in at.get("vega_lite_chart")]


def anslag_sum(demo_db, kommunkod: str, ar: int) -> float:
    with duckdb.connect(str(demo_db), read_only=True) as con:
        query = "select sum(belopp_kr) from anslag where kommunkod = ? and ar = ?"
        return con.execute(query, [kommunkod, ar]).fetchone()[0]


def test_default_shows_all_kommuner_for_the_latest_year(demo_db):
    at = app().run()
    assert not at.exception
    assert at.title[0].value == "Finansiering"
    assert at.segmented_control(key="finansiering_ar").value == 2026
    with duckdb.connect(str(demo_db), read_only=True) as con:
        kommuner, region = con.execute(
            "select sum(belopp_kr) filter (where part = 'kommun'), sum(belopp_kr) filter (where part = 'region') "
            "from anslag where ar = 2026").fetchone()
    shown = metrics(at)
    assert shown["Anslag 2026, kommunerna"] == fmt_kr(kommuner)
    assert shown["Regionens anslag 2026"] == fmt_kr(region)
    assert shown["Andel av kommunernas anslag"] == "100,0\u00a0%"
    table = at.dataframe[0].value
    assert list(table.columns) == ["Kommun", "Anslag", "Per invånare", "Andel"]
    assert len(table) == 16  # 15 kommuner and the total
    assert table.iloc[-1]["Kommun"] == "Summa"
    assert table.iloc[-1]["Anslag"] == pytest.approx(kommuner)
    assert table["Anslag"].iloc[:-1].sum() == pytest.approx(kommuner)
    assert table.iloc[-1]["Andel"] == pytest.approx(1.0)
    shown = displayed(at.dataframe[0])
    assert shown.iloc[-1]["Anslag"] == fmt_kr(kommuner)
    assert shown.iloc[-1]["Andel"] == "100,0\u00a0%"
    assert chart_titles(at) == [
        "Kommunernas anslag 2026",
        "Kommunernas anslag per invånare 2026",
        "Kommunernas anslag fördelat på ändamål 2026",
        "Regionens och kommunernas anslag per ändamål 2026",
        "Regionens och kommunernas anslag per år, 2023–2026",
    ]


def test_chosen_kommun_shows_the_same_total_as_the_anslag_table(demo_db):
    at = app()
    at.session_state["val_kommuner"] = ["2480"]
    at.run()
    at.segmented_control(key="finansiering_ar").set_value(2024).run()
    assert not at.exception
    total = anslag_sum(demo_db, "2480", 2024)
    assert metrics(at)["Anslag 2024, valda kommuner"] == fmt_kr(total)
    table = at.dataframe[0].value
    assert table["Kommun"].tolist() == ["Umeå"]
    assert table.iloc[0]["Anslag"] == pytest.approx(total)
    assert displayed(at.dataframe[0]).iloc[0]["Anslag"] == fmt_kr(total)
    assert "Anslag per kommun och år, 2023–2026" in chart_titles(at)[-1]


def test_marked_kommun_is_highlighted_in_the_comparison(demo_env):
    at = app()
    at.session_state["val_kommuner"] = ["2403"]
    at.run()
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Vald kommun", "Övriga kommuner"]


def test_toggle_per_invanare(demo_env):
    at = app().run()
    at.segmented_control(key="finansiering_visning").set_value("Kronor per invånare").run()
    assert not at.exception
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert specs[0]["title"] == "Kommunernas anslag per invånare 2026"
    assert specs[0]["encoding"]["x"]["field"] == "kr_per_invanare"
    assert specs[0]["encoding"]["x"]["title"] == "Kronor per invånare"


def test_summa_row_is_never_hidden_below_a_scroll(demo_env):
    at = app().run()
    table = at.dataframe[0]
    assert table.value.iloc[-1]["Kommun"] == "Summa" and len(table.value) == 16
    assert table_height(table.value) == "content"  # every row in view: no scroll hides the Summa row
    assert table_height(pd.concat([table.value] * 3)) == "auto"  # long tables scroll inside their frame
