"""Utmaningar chart builders through to_dict(): grouped bars, the kommun × delstrategi heatmap, the teman bars."""

import pandas as pd

from dashboard import charts


def per_delstrategi() -> pd.DataFrame:
    return pd.DataFrame({
        "utvardering": [2025] * 4,
        "delstrategi_nr": [2, 2, 1, 1],
        "delstrategi": ["Skapa strukturer för innovation"] * 2 + ["Utveckla samhällen"] * 2,
        "kort": ["Innovation", "Innovation", "Inkluderande samhällen", "Inkluderande samhällen"],
        "riktning_namn": ["Utmaningar", "Möjligheter"] * 2,
        "antal_kommuner": [5, 7, 15, 8],
        "antal_svarande": [15] * 4,
    })


def layers(spec: dict) -> list[dict]:
    return spec["layer"]


def test_staplar_group_riktning_per_delstrategi_in_number_order():
    spec = charts.utmaningar_staplar(per_delstrategi()).to_dict()
    bars, labels = layers(spec)
    assert bars["mark"]["type"] == "bar"
    assert labels["mark"]["type"] == "text"
    encoding = spec["encoding"] if "encoding" in spec else bars["encoding"]
    assert encoding["y"]["field"] == "kort"
    assert encoding["y"]["sort"] == ["Inkluderande samhällen", "Innovation"]
    assert encoding["yOffset"]["field"] == "riktning_namn"
    assert encoding["x"]["field"] == "antal_kommuner"
    assert encoding["x"]["title"] == "Antal kommuner"
    assert bars["encoding"]["color"]["scale"]["domain"] == ["Utmaningar", "Möjligheter"]


def matris() -> pd.DataFrame:
    return pd.DataFrame({
        "utvardering": [2024] * 4,
        "kommunkod": ["2480", "2480", "2422", "2422"],
        "kommun": ["Umeå", "Umeå", "Sorsele", "Sorsele"],
        "delstrategi_nr": [1, 2, 1, 2],
        "delstrategi": ["Utveckla samhällen", "Skapa strukturer för innovation"] * 2,
        "kort": ["Inkluderande samhällen", "Innovation"] * 2,
        "har_svarat": [True, True, False, False],
        "antal_utmaningar": [1, 0, 0, 0],
        "antal_mojligheter": [1, 0, 0, 0],
        "status": ["Utmaning och möjlighet", "Inget angivet", "Inget svar inkommet", "Inget svar inkommet"],
    })


def test_heatmap_has_kommuner_in_code_order_and_a_status_colour():
    spec = charts.utmaningar_heatmap(matris()).to_dict()
    cells, symbols = spec["layer"]
    assert cells["mark"]["type"] == "rect" and symbols["mark"]["type"] == "text"
    assert cells["encoding"]["y"]["sort"] == ["Sorsele", "Umeå"]
    assert cells["encoding"]["x"]["sort"] == ["Inkluderande samhällen", "Innovation"]
    assert symbols["encoding"]["text"]["field"] == "symbol"
    rows = next(iter(spec["datasets"].values()))
    assert rows and all(r["symbol"] == charts.STATUS_SYMBOL[r["status"]] for r in rows)
    colour = cells["encoding"]["color"]
    assert colour["field"] == "status"
    assert "Inget svar inkommet" in colour["scale"]["domain"]
    assert len(colour["scale"]["domain"]) == len(colour["scale"]["range"])


def teman() -> pd.DataFrame:
    return pd.DataFrame({
        "tema_id": ["energi_klimat", "energi_klimat", "naringsliv", "vatten_avlopp"],
        "tema": ["Energi och klimatomställning", "Energi och klimatomställning", "Näringsliv och etableringar",
                 "Vatten och avlopp"],
        "riktning": ["utmaning", "möjlighet", "utmaning", "utmaning"],
        "riktning_namn": ["Utmaningar", "Möjligheter", "Utmaningar", "Utmaningar"],
        "antal": [5, 5, 2, 1],
        "totalt": [10, 10, 2, 1],
    })


def test_teman_bars_most_common_first_and_limited():
    spec = charts.utmaningar_teman_staplar(teman(), max_teman=2).to_dict()
    assert spec["encoding"]["y"]["sort"] == ["Energi och klimatomställning", "Näringsliv och etableringar"]
    assert spec["encoding"]["x"]["aggregate"] == "sum"
    assert spec["encoding"]["x"]["axis"]["format"] == ",.0f"


def test_teman_bars_drop_rows_beyond_the_limit():
    chart = charts.utmaningar_teman_staplar(teman(), max_teman=1)
    assert set(chart.data["tema"]) == {"Energi och klimatomställning"}
