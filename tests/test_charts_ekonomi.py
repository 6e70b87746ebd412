"""Ekonomi chart builders through to_dict(): encodings, sort order, highlight, titles and Swedish formats."""

import pandas as pd

from dashboard import charts
from dashboard.svenska import MONTHS


def anslag() -> pd.DataFrame:
    return pd.DataFrame({
        "ar": [2025, 2025, 2025],
        "kommunkod": ["2401", "2480", "2482"],
        "kommun": ["Nordmaling", "Umeå", "Skellefteå"],
        "belopp_kr": [264_500.0, 3_695_600.0, 2_172_500.0],
        "invanare": [7100, 131_000, 76_000],
        "kr_per_invanare": [37.25, 28.21, 28.59],
        "andel": [0.04, 0.60, 0.36],
    })


def colour_values(spec: dict) -> list[str]:
    return list(spec["encoding"]["color"]["scale"]["range"])


def data_of(chart) -> pd.DataFrame:
    return chart.data


def test_jamforelse_is_horizontal_bars_largest_first():
    spec = charts.anslag_jamforelse(anslag()).to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["field"] == "belopp_kr"
    assert spec["encoding"]["x"]["axis"]["format"] == ",.0f"
    assert spec["encoding"]["y"]["field"] == "kommun"
    assert spec["encoding"]["y"]["sort"] == {"field": "belopp_kr", "order": "descending"}
    assert spec["encoding"]["x"]["title"] == "Anslag (kr)"


def test_jamforelse_highlights_the_marked_kommun():
    chart = charts.anslag_jamforelse(anslag(), "2480")
    spec = chart.to_dict()
    marks = dict(zip(data_of(chart)["kommunkod"], data_of(chart)["markering"]))
    assert marks == {"2401": "Övriga kommuner", "2480": "Vald kommun", "2482": "Övriga kommuner"}
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Vald kommun", "Övriga kommuner"]
    highlight, others = colour_values(spec)
    assert highlight != others
    assert spec["encoding"]["color"]["legend"] is not None


def test_jamforelse_without_mark_has_no_legend_and_no_highlight():
    chart = charts.anslag_jamforelse(anslag(), None)
    assert set(data_of(chart)["markering"]) == {"Övriga kommuner"}
    assert chart.to_dict()["encoding"]["color"]["legend"] is None


def test_jamforelse_can_mark_several_kommuner():
    chart = charts.anslag_jamforelse(anslag(), ("2480", "2482"))
    assert list(data_of(chart)["markering"]) == ["Övriga kommuner", "Valda kommuner", "Valda kommuner"]


def test_jamforelse_per_invanare():
    spec = charts.anslag_jamforelse(anslag(), "2401", per_invanare=True).to_dict()
    assert spec["encoding"]["x"]["field"] == "kr_per_invanare"
    assert spec["encoding"]["x"]["title"] == "Kronor per invånare"
    assert spec["encoding"]["y"]["sort"]["field"] == "kr_per_invanare"
    tooltip = {t["field"]: t for t in spec["encoding"]["tooltip"]}
    assert tooltip["kr_per_invanare"]["format"] == ",.1f"
    assert tooltip["andel"]["format"] == ".1%"


def test_jamforelse_does_not_change_its_input():
    df = anslag()
    charts.anslag_jamforelse(df, "2480")
    assert "markering" not in df.columns


def test_per_post_stacks_posts_per_kommun():
    df = pd.DataFrame({
        "ar": [2025] * 4, "kommun": ["Umeå", "Umeå", "Malå", "Malå"],
        "post": ["Beredning", "Administration", "Beredning", "Administration"],
        "belopp_kr": [800_000.0, 1_600_000.0, 30_000.0, 60_000.0], "kr_per_invanare": [6.1, 12.2, 10.0, 20.0],
    })
    spec = charts.anslag_per_post(df).to_dict()
    assert spec["encoding"]["x"]["aggregate"] == "sum"
    assert spec["encoding"]["color"]["field"] == "post"
    assert spec["encoding"]["color"]["title"] == "Ändamål"
    assert spec["encoding"]["y"]["sort"] == {"field": "belopp_kr", "op": "sum", "order": "descending"}


def test_region_kommuner_groups_by_part():
    df = pd.DataFrame({"ar": [2025] * 2, "part_namn": ["Regionen", "Kommunerna"], "post": ["Beredning"] * 2,
                       "belopp_kr": [1_879_000.0, 1_878_800.0], "andel": [0.5, 0.5]})
    spec = charts.anslag_region_kommuner(df).to_dict()
    assert spec["encoding"]["yOffset"]["field"] == "part_namn"
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Regionen", "Kommunerna"]


def test_utveckling_lines_per_kommun():
    df = pd.DataFrame({"ar": [2023, 2024, 2023, 2024], "kommun": ["Umeå", "Umeå", "Malå", "Malå"],
                       "belopp_kr": [1.0, 2.0, 3.0, 4.0], "kr_per_invanare": [1.0, 1.1, 1.2, 1.3]})
    spec = charts.anslag_utveckling_linjer(df, per_invanare=True).to_dict()
    assert spec["mark"]["type"] == "line"
    assert spec["encoding"]["x"]["field"] == "ar"
    assert spec["encoding"]["y"]["field"] == "kr_per_invanare"
    assert spec["encoding"]["color"]["field"] == "kommun"


def test_totalt_stacks_region_and_kommuner_per_year():
    df = pd.DataFrame({"ar": [2023, 2023, 2024, 2024], "part_namn": ["Regionen", "Kommunerna"] * 2,
                       "belopp_kr": [8.1e6, 8.1e6, 8.4e6, 8.4e6], "kr_per_invanare": [30.0, 30.0, 30.6, 30.6]})
    spec = charts.anslag_totalt_staplar(df).to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["y"]["stack"] == "zero"
    assert spec["encoding"]["y"]["axis"]["format"] == ",.0f"


def budget() -> pd.DataFrame:
    return pd.DataFrame({
        "ar": [2024] * 3, "manad": [1, 2, 3], "manad_namn": list(MONTHS[:3]), "enhet": ["Beredningen"] * 3,
        "budget_helar_tkr": [2644.0] * 3, "budget_period_tkr": [220.0, 441.0, 661.0],
        "utfall_ack_tkr": [184.0, 407.0, 668.0], "prognos_helar_tkr": [2608.0, 2610.0, 2651.0],
    })


def test_budget_lines_use_lower_case_swedish_months_in_order():
    spec = charts.budget_linjer(budget()).to_dict()
    assert spec["encoding"]["x"]["field"] == "manad_namn"
    assert spec["encoding"]["x"]["sort"] == ["januari", "februari", "mars"]
    assert spec["encoding"]["y"]["title"] == "Tusen kronor (tkr)"
    assert spec["encoding"]["y"]["axis"]["format"] == ",.0f"
    assert spec["encoding"]["color"]["scale"]["domain"] == [
        "Budget för perioden (ack.)", "Utfall (ack.)", "Prognos helår", "Budget helår"]


def test_budget_lines_stop_utfall_and_prognos_at_the_chosen_month():
    chart = charts.budget_linjer(budget(), till_manad=2)
    long = chart.data
    assert long[long["serie"] == "Utfall (ack.)"]["manad"].max() == 2
    assert long[long["serie"] == "Prognos helår"]["manad"].max() == 2
    assert long[long["serie"] == "Budget för perioden (ack.)"]["manad"].max() == 3
    assert long[long["serie"] == "Utfall (ack.)"]["tkr"].tolist() == [184.0, 407.0]
