"""Chart builders for the model's quality: no repeated tick labels, Swedish text, the reliability diagram."""

from __future__ import annotations

import pandas as pd

from dashboard import charts

F1 = pd.DataFrame({"tema_id": ["transporter", "transporter"], "tema": ["Transporter och kollektivtrafik"] * 2,
                   "metod": ["Modellen", "Nyckelord (baslinje)"], "f1": [0.9, 0.5]})
RELIABILITY = pd.DataFrame({"intervall": ["0,3–0,4", "0,9–1,0"], "fran": [0.3, 0.9], "till": [0.4, 1.0],
                            "konfidens": [0.35, 0.95], "andel_ratt": [0.4, 0.93], "antal": [10, 80]})


def test_f1_axis_ticks_are_distinct_at_the_shown_precision():
    axis = charts.tema_f1_staplar(F1).to_dict()["encoding"]["x"]["axis"]
    labels = [f"{v:{axis['format']}}" for v in axis["values"]]
    assert len(labels) == len(set(labels)) == 6


def test_reliability_diagram_has_diagonal_line_and_sized_points():
    spec = charts.tillforlitlighetsdiagram(RELIABILITY).to_dict()
    marks = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]]
    assert marks == ["line", "circle", "line"]
    points = spec["layer"][1]["encoding"]
    assert points["size"]["field"] == "antal" and points["x"]["field"] == "konfidens"
    assert points["y"]["title"] == "Andel där huvudtemat var rätt"


def test_reliability_axes_swedish_and_unrepeated():
    encoding = charts.tillforlitlighetsdiagram(RELIABILITY).to_dict()["layer"][0]["encoding"]
    assert encoding["x"]["title"].startswith("Modellens konfidens")
    assert len(set(encoding["y"]["axis"]["values"])) == len(encoding["y"]["axis"]["values"])


def test_text_alternative_describes_the_reliability_data_not_the_diagonal():
    from dashboard.alt_text import chart_table
    from dashboard.export import chart_spec

    table = chart_table(chart_spec(charts.tillforlitlighetsdiagram(RELIABILITY)))
    assert list(table.columns) == ["Konfidens", "Medelkonfidens", "Andel rätt", "Antal svar"] and len(table) == 2
