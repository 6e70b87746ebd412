"""Chart builders for teman: heatmaps and the model's F1 per tema, checked through to_dict()."""

import pandas as pd

from dashboard import charts
from dashboard.charts.common import CATEGORY_COLOURS


def per_kommun() -> pd.DataFrame:
    return pd.DataFrame({
        "tema_id": ["transporter", "transporter", "digitalisering", "digitalisering"],
        "tema": ["Transporter och kollektivtrafik"] * 2 + ["Digitalisering"] * 2,
        "kommunkod": ["2482", "2401", "2482", "2401"],
        "kommun": ["Skellefteå", "Nordmaling", "Skellefteå", "Nordmaling"],
        "antal": [1200, 0, 3, 1],
    })


def per_delstrategi() -> pd.DataFrame:
    return pd.DataFrame({
        "tema_id": ["transporter"] * 3,
        "tema": ["Transporter och kollektivtrafik"] * 3,
        "delstrategi_nr": [6, 1, 2],
        "delstrategi": ["Skapa en tillgänglig och utåtriktad region", "Utveckla samhällen", "Skapa strukturer"],
        "delstrategi_kort": ["Tillgänglig region", "Inkluderande samhällen", "Innovation"],
        "antal": [5, 1, 0],
    })


def test_heatmap_per_kommun_encodings_and_order():
    spec = charts.tema_heatmap(per_kommun()).to_dict()
    cells, no_answer, labels = spec["layer"]
    assert cells["mark"]["type"] == "rect" and labels["mark"]["type"] == "text"
    assert no_answer["mark"]["type"] == "rect"
    enc = cells["encoding"]
    assert enc["x"]["field"] == "kommun" and enc["x"]["title"] == "Kommun"
    assert enc["x"]["sort"] == ["Nordmaling", "Skellefteå"]  # kommunkod order
    assert enc["x"]["axis"]["labelOverlap"] is False  # every kommun named
    assert enc["y"]["field"] == "tema" and enc["y"]["title"] == "Tema"
    assert enc["y"]["sort"] == ["Transporter och kollektivtrafik", "Digitalisering"]  # codebook order kept
    assert enc["color"]["scale"]["scheme"] == "blues" and enc["color"]["title"] == "Antal svar"
    assert {t["title"]: t.get("format") for t in enc["tooltip"]}["Antal svar"] == ",.0f"
    assert labels["encoding"]["text"] == {"field": "cell_text", "type": "nominal"}
    shown = {(r["kommun"], r["tema_id"]): r["cell_text"] for r in spec["datasets"][spec["data"]["name"]]}
    assert shown[("Skellefteå", "transporter")] == "1\u00a0200" and shown[("Nordmaling", "transporter")] == "0"
    assert "config" not in spec or "locale" not in spec.get("config", {})


def test_heatmap_per_delstrategi_sorted_by_number():
    spec = charts.tema_heatmap(per_delstrategi(), "delstrategi").to_dict()
    enc = spec["layer"][0]["encoding"]
    assert enc["x"]["field"] == "delstrategi_kort" and enc["x"]["title"] == "Delstrategi"
    assert enc["x"]["sort"] == ["Inkluderande samhällen", "Innovation", "Tillgänglig region"]
    assert "Delstrategi (hela namnet)" in [t["title"] for t in enc["tooltip"]]


def test_f1_bars_model_versus_baseline():
    df = pd.DataFrame({
        "tema_id": ["transporter", "digitalisering", "transporter", "digitalisering"],
        "tema": ["Transporter och kollektivtrafik", "Digitalisering"] * 2,
        "metod": ["Modellen", "Modellen", "Nyckelord (baslinje)", "Nyckelord (baslinje)"],
        "f1": [0.91, 0.82, 0.55, 0.40],
    })
    spec = charts.tema_f1_staplar(df).to_dict()
    assert spec["mark"]["type"] == "bar"
    enc = spec["encoding"]
    assert enc["x"]["field"] == "f1" and enc["x"]["scale"]["domain"] == [0, 1]
    assert enc["x"]["title"].startswith("F1")
    assert enc["y"]["sort"] == ["Transporter och kollektivtrafik", "Digitalisering"]
    assert enc["yOffset"]["field"] == "metod"
    assert enc["color"]["scale"] == {"domain": ["Modellen", "Nyckelord (baslinje)"], "range": CATEGORY_COLOURS[:2]}
    assert {t["title"]: t.get("format") for t in enc["tooltip"]}["F1"] == ".2f"


def test_heatmap_marks_a_kommun_without_answer_apart_from_zero_answers():
    df = per_kommun().assign(har_svarat=[True, False, True, False])
    spec = charts.tema_heatmap(df).to_dict()
    cells, no_answer, labels = spec["layer"]
    rows = spec["datasets"][spec["data"]["name"]]
    nordmaling = [r for r in rows if r["kommun"] == "Nordmaling"]
    assert {r["cell_text"] for r in nordmaling} == {"–"} and all(r["utan_svar"] for r in nordmaling)
    assert no_answer["encoding"]["color"]["scale"] == {"domain": ["Inget svar inkommet"], "range": ["#bdbdbd"]}
    assert spec["resolve"]["scale"]["color"] == "independent"


def test_tema_table_heads_a_kommun_without_answer_and_leaves_its_cells_empty():
    from dashboard import tables

    table = tables.tema_tabell(per_kommun().assign(har_svarat=[True, False, True, False]))
    assert list(table.columns) == ["Tema", "Nordmaling (inget svar inkommet)", "Skellefteå", "Totalt"]
    assert table["Nordmaling (inget svar inkommet)"].isna().all()
    assert table["Totalt"].tolist() == [1200, 3]
