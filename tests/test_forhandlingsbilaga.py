"""The förhandlingsbilaga (.docx): scenarios, balancing totals, one section per kommun, the method."""

import datetime as dt
import io

import docx
import pandas as pd
import pytest

from dashboard import queries
from dashboard.forhandlingsbilaga import BilagaScenario, build_forhandlingsbilaga, parameter_text
from dashboard.formatting import fmt_kr
from pipelines.scenarier.modeller import METOD, berakna, las_scenario
from tests.test_export_docx import stub_png

SCENARIER = [
    las_scenario({"namn": "Per invånare, tak 10 %", "modell": "per_invanare", "kostnad_2027_kr": 9_100_000,
                  "upprakning_procent": 2.0, "tak_forandring_procent": 10}),
    las_scenario({"namn": "Fast 30 %", "modell": "fast_plus_per_invanare", "kostnad_2027_kr": 9_100_000,
                  "upprakning_procent": 2.5, "fast_andel": 0.3}),
]


@pytest.fixture(scope="module")
def document(demo_env):
    underlag = queries.scenariounderlag()
    items = [BilagaScenario(str(i), s, "Anna Lind, 2026-11-23 14:05" if i == 0 else None)
             for i, s in enumerate(SCENARIER)]
    rows = [berakna(s, underlag).assign(scenario_id=str(i), scenario=s.namn) for i, s in enumerate(SCENARIER)]
    chart = {"kind": "chart", "title": "Förändring mot 2026 per kommun och scenario 2027", "source": "Källa: test",
             "spec": {"mark": "bar"}}
    data = build_forhandlingsbilaga(items, pd.concat(rows, ignore_index=True), date=dt.date(2026, 11, 23),
                                    chart=chart, note="Syntetiska demodata.", render=stub_png)
    return docx.Document(io.BytesIO(data)), pd.concat(rows, ignore_index=True)


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_title_date_and_note(document):
    doc, _ = document
    assert texts(doc)[:2] == ["Förhandlingsbilaga – kommunernas anslag 2027–2030", "23 november 2026"]
    assert "Syntetiska demodata." in texts(doc)
    assert doc.core_properties.language == "sv-SE"


def test_scenarios_with_parameters_and_who_saved_them(document):
    doc, _ = document
    rows = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert rows[0] == ["Scenario", "Modell och parametrar", "Sparat av"]
    assert rows[1] == ["Per invånare, tak 10 %", parameter_text(SCENARIER[0]), "Anna Lind, 2026-11-23 14:05"]
    assert rows[2][2] == "Ej sparat"
    assert parameter_text(SCENARIER[1]) == ("Fast del + per invånare; 9\u00a0100\u00a0000\u00a0kr 2027; "
                                            "uppräkning 2,5\u00a0% per år; fast del 30\u00a0%")


def test_totals_per_year_balance(document):
    doc, _ = document
    rows = [[c.text for c in r.cells] for r in doc.tables[1].rows]
    assert rows[0][-1] == "Lika med kostnaden T(N)"
    assert rows[1] == ["Per invånare, tak 10 %", fmt_kr(9_100_000), fmt_kr(9_282_000), fmt_kr(9_467_640),
                       fmt_kr(9_656_993), "Ja"]
    assert rows[2][-1] == "Ja"


def test_one_section_per_kommun_with_every_scenario(document):
    doc, rows = document
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert len(headings) == 15 and headings[0] == "Nordmaling"
    index = texts(doc).index("Bjurholm")
    assert texts(doc)[index + 1].startswith(f"Verkligt anslag 2026: {fmt_kr(136_400)}")
    bjurholm = doc.tables[2 + headings.index("Bjurholm")]
    cells = [[c.text for c in r.cells] for r in bjurholm.rows]
    assert cells[0][:5] == ["Scenario", "2027", "2028", "2029", "2030"]
    expected = rows[(rows["kommunkod"] == "2403") & (rows["scenario_id"] == "0") & (rows["ar"] == 2027)]
    assert cells[1][:2] == ["Per invånare, tak 10 %", fmt_kr(expected["belopp_kr"].iloc[0])]
    assert cells[1][-1].startswith("−")  # Bjurholm pays less per invånare than in 2026


def test_the_method_is_written_out(document):
    doc, _ = document
    all_text = texts(doc)
    assert "Metod" in all_text
    assert all(stycke in all_text for stycke in METOD)


def test_the_chart_has_a_caption(document):
    doc, _ = document
    assert "Figur 1. Förändring mot 2026 per kommun och scenario 2027" in texts(doc)
    assert len(doc.inline_shapes) == 1
