"""A figure's table export starts with its title row and ends with its source line, which states the selection."""

import io

import pandas as pd

from dashboard import figures, queries
from dashboard.export import table_export


def test_utvardering_result_csv_has_title_selection_and_per_cent(demo_env):
    kommuner = dict(zip(queries.kommuner()["kommunkod"], queries.kommuner()["kommun"]))
    urval = figures.Urval(2024, (2024, 2025), ("2422", "2480"), kommuner, {"grupp_namn": "Syften"})
    drawn = figures.render("utvardering.resultat", urval)
    data = table_export(drawn.built, "csv", title=drawn.title, source=drawn.source)
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "Syften: medelvärde och andel positiva, utvärdering 2024"
    assert lines[-1] == ("Källa: utvärdering 2024, urval Sorsele och Umeå: 1 av 2 svarade (syntetiska demodata).")
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", skiprows=1, skipfooter=1,
                       engine="python")
    assert "Andel positiva (4–5) (%)" in back.columns
    assert back["Andel positiva (4–5) (%)"].isin([0, 100]).all()  # one kommun: 0 or 100 per cent
