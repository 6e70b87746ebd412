"""AppTest of the Budgetuppföljning page: Beredningen 2024 through July and the deviation table."""

import json

from streamlit.testing.v1 import AppTest

from tests.conftest import displayed, page_path

PAGE = "budget.py"
NBSP = "\u00a0"


def app() -> AppTest:
    return AppTest.from_file(page_path(PAGE), default_timeout=60)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def beredningen_2024_juli() -> AppTest:
    at = app().run()
    at.selectbox(key="budget_enhet").set_value("Beredningen").run()
    at.selectbox(key="budget_ar").set_value(2024).run()
    at.selectbox(key="budget_manad").set_value(7).run()
    return at


def test_default_runs_without_kommun_filter(demo_env):
    at = app().run()
    assert not at.exception
    assert at.title[0].value == "Budgetuppföljning"
    assert not [m for m in at.sidebar.multiselect if m.label == "Kommuner"]
    assert len(at.get("vega_lite_chart")) == 1
    assert len(at.dataframe) == 2


def test_beredningen_2024_through_july(demo_env):
    at = beredningen_2024_juli()
    assert not at.exception
    shown = metrics(at)
    assert shown["Budget helår"] == f"2{NBSP}644{NBSP}tkr"
    assert shown["Budget jan–jul"] == f"1{NBSP}542{NBSP}tkr"
    assert shown["Utfall jan–jul"] == f"1{NBSP}539{NBSP}tkr"
    assert shown["Avvikelse"] == f"−3{NBSP}tkr"
    text = " ".join(m.value for m in at.markdown)
    assert f"3{NBSP}tkr under budgeten" in text
    assert "Enligt budget" in text
    assert "±2 %" in text


def test_month_by_month_table_and_chart(demo_env):
    at = beredningen_2024_juli()
    manader = at.dataframe[0].value
    assert manader["Månad"].tolist() == ["januari", "februari", "mars", "april", "maj", "juni", "juli"]
    assert manader.iloc[-1]["Status"] == "● Enligt budget"
    assert manader.iloc[4]["Status"] == "▲ Över budget"  # maj: +7,1 %
    assert manader.iloc[-1]["Utfall ack."] == 1539 and manader.iloc[-1]["Avvikelse"] == -3
    shown = displayed(at.dataframe[0])
    assert shown.iloc[-1]["Utfall ack."] == f"1{NBSP}539{NBSP}tkr"
    assert shown.iloc[-1]["Avvikelse"] == f"−3{NBSP}tkr"
    assert shown.iloc[4]["Avvikelse %"] == f"+7,1{NBSP}%"
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["title"] == "Beredningen 2024: budget och ackumulerat utfall per månad"
    assert spec["encoding"]["x"]["sort"][:2] == ["januari", "februari"]


def test_threshold_changes_which_deviations_are_marked(demo_env):
    at = beredningen_2024_juli()
    enheter = at.dataframe[1].value.set_index("Enhet")
    assert enheter.loc["Beredningen", "Utfall ack."] == 1539
    assert displayed(at.dataframe[1]).set_index("Enhet").loc["Beredningen", "Utfall ack."] == f"1{NBSP}539{NBSP}tkr"
    assert enheter.loc["Samverkansområde samhällsbyggnad", "Status"] == "▼ Under budget"  # −3,6 %
    at.segmented_control(key="budget_troskel").set_value(5).run()
    assert not at.exception
    enheter = at.dataframe[1].value.set_index("Enhet")
    assert enheter.loc["Samverkansområde samhällsbyggnad", "Status"] == "● Enligt budget"
    assert any("±5 %" in m.value for m in at.markdown)


def test_deviations_marked_by_symbol_and_colour(demo_env):
    at = app().run()
    table = at.dataframe[0]
    shown = displayed(table)
    statuses = set(shown["Status"])
    assert "▲ Över budget" in statuses and statuses <= {"▲ Över budget", "▼ Under budget", "● Enligt budget", "–"}
    css = str(table.proto.arrow_data.styler.styles)
    assert "background-color: #fde2d4" in css  # the colour is beside the symbol, never instead of it
