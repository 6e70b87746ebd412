"""AppTest of the Förhandlingsscenarier page: build a scenario, see it balance, save it, compare saved ones."""

import json
import shutil

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import queries
from dashboard.formatting import fmt_kr
from dashboard.queries import scenarier as scenario_queries
from pipelines.scenarier.modeller import las_scenario
from tests.conftest import displayed, page_path

PAGE = "scenarier.py"
ANNA = scenario_queries.Anvandare("a1", "Anna Lind")


@pytest.fixture
def lager(demo_env, monkeypatch, tmp_path):
    """An empty users' store of the test's own for saved scenarios."""
    monkeypatch.setenv("UTV_USER_DIR", str(tmp_path / "user"))
    return scenario_queries.LAGER


def app() -> AppTest:
    return AppTest.from_file(page_path(PAGE), default_timeout=60)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def chart_titles(at) -> list[str]:
    return [json.loads(c.proto.spec).get("title") for c in at.get("vega_lite_chart")]


def table(at, index: int):
    return at.dataframe[index].value.set_index("Kommun")


def build_per_invanare_with_cap(at) -> AppTest:
    at.selectbox(key="scenario_modell").set_value("per_invanare")
    at.number_input(key="scenario_kostnad").set_value(9_100_000)
    at.toggle(key="scenario_tak_pa").set_value(True).run()
    return at


def test_default_is_unchanged_shares_and_balances(lager):
    at = app().run()
    assert not at.exception
    assert at.title[0].value == "Förhandlingsscenarier"
    assert metrics(at) == {"Kostnad 2027": fmt_kr(9_094_000), "Kostnad 2028": fmt_kr(9_275_880),
                           "Kostnad 2029": fmt_kr(9_461_398), "Kostnad 2030": fmt_kr(9_650_626)}
    assert sum("skillnad 0\u00a0kr" in c.value for c in at.caption) == 4
    year = table(at, 0)
    assert year.loc["Summa", "Belopp"] == 9_094_000
    assert year.loc["Umeå", "Förändring mot 2026 %"] == pytest.approx(0.02, abs=0.0001)
    assert displayed(at.dataframe[0]).set_index("Kommun").loc["Summa", "Belopp"] == fmt_kr(9_094_000)
    assert chart_titles(at) == ["Förändring mot 2026 per kommun 2027: Oförändrade andelar",
                                "Förändring i kronor per invånare 2026–2027 mot medelbetyg 2025: Oförändrade andelar"]
    assert "Inga scenarier är sparade ännu." in at.info[0].value


def test_per_invanare_with_a_cap(lager):
    at = build_per_invanare_with_cap(app().run())
    assert not at.exception
    year = table(at, 0)
    assert year.loc["Bjurholm", "Belopp"] == 122_760  # held at −10 % of 136 400 kr
    assert year.loc["Bjurholm", "Förändring mot 2026 %"] == pytest.approx(-0.10)
    assert year.loc["Summa", "Belopp"] == 9_100_000
    per_ar = table(at, 1)
    assert per_ar.loc["Summa"].tolist() == [8_915_400, 9_100_000, 9_282_000, 9_467_640, 9_656_993]


def test_year_and_per_invanare_controls(lager):
    at = app().run()
    at.segmented_control(key="scenario_ar").set_value(2029)
    at.toggle(key="scenario_per_invanare").set_value(True).run()
    assert not at.exception
    assert chart_titles(at)[0] == "Förändring i kronor per invånare mot 2026 per kommun 2029: Oförändrade andelar"
    assert table(at, 0).loc["Summa", "Belopp"] == 9_461_398


def test_fast_andel_appears_for_its_model(lager):
    at = app().run()
    assert not at.slider
    at.selectbox(key="scenario_modell").set_value("fast_plus_per_invanare").run()
    at.slider(key="scenario_fast_andel").set_value(100).run()  # all of it split equally
    assert not at.exception
    # 9 094 000 kr / 15 = 606 266,67: the ten extra kronor go to the first ten kommuner in kommunkod order.
    year = table(at, 0)
    assert year.loc["Sorsele", "Belopp"] == 606_267 and year.loc["Umeå", "Belopp"] == 606_266
    assert sorted(year["Belopp"].iloc[:-1].value_counts().items()) == [(606_266, 5), (606_267, 10)]


def test_a_cap_that_cannot_be_met_is_a_swedish_message(lager):
    at = build_per_invanare_with_cap(app().run())
    at.number_input(key="scenario_tak").set_value(0.5).run()
    assert not at.exception
    assert at.error[0].value.startswith("Scenariot kan inte beräknas: taket ±0,5 % gör 2027 omöjligt")
    assert not at.get("vega_lite_chart")


def test_save_then_compare(lager):
    at = build_per_invanare_with_cap(app().run())
    at.text_input(key="scenario_namn").set_value("Per invånare, tak 10 %")
    at.button(key="scenario_spara").click().run()
    assert not at.exception
    assert at.success[0].value == "Scenariot 'Per invånare, tak 10 %' är sparat av Lokal användare."
    saved = queries.sparade_scenarier()
    assert [(s.namn, s.anvandare_id) for s in saved] == [("Per invånare, tak 10 %", "lokal")]
    assert saved[0].parametrar["tak_forandring_procent"] == 10.0
    assert at.multiselect(key="scenario_jamfor").options == [saved[0].etikett()]

    at.selectbox(key="scenario_modell").set_value("oforandrad")
    at.toggle(key="scenario_tak_pa").set_value(False).run()
    at.text_input(key="scenario_namn").set_value("Oförändrat")
    at.button(key="scenario_spara").click().run()
    at.multiselect(key="scenario_jamfor").set_value([s.id for s in queries.sparade_scenarier()]).run()
    assert not at.exception
    compared = table(at, -1)
    assert list(compared.columns) == ["Verkligt 2026", "Per invånare, tak 10 %", "Oförändrat"]
    assert compared.loc["Bjurholm", "Per invånare, tak 10 %"] == 122_760
    assert compared.loc["Summa", "Oförändrat"] == 9_100_000
    assert chart_titles(at)[-1] == "Förändring mot 2026 per kommun och scenario 2027"
    assert "Ladda ned förhandlingsbilaga (.docx)" in [b.proto.label for b in at.get("download_button")]


def test_saving_without_a_name_is_refused(lager):
    at = app().run()
    at.button(key="scenario_spara").click().run()
    assert at.error[0].value == "ge scenariot ett namn innan du sparar det."
    assert queries.sparade_scenarier() == []


def test_compare_per_invanare_and_year(lager):
    queries.spara_scenario(las_scenario({"namn": "x", "modell": "per_invanare", "kostnad_2027_kr": 9_100_000,
                                         "upprakning_procent": 2}), "Per invånare", ANNA)
    queries.spara_scenario(las_scenario({"namn": "x", "modell": "skattekraft", "kostnad_2027_kr": 9_100_000,
                                         "upprakning_procent": 2}), "Skattekraft", ANNA)
    at = app().run()
    at.multiselect(key="scenario_jamfor").set_value(["1", "2"]).run()
    at.segmented_control(key="scenario_jamfor_ar").set_value(2030)
    at.toggle(key="scenario_jamfor_per_invanare").set_value(True).run()
    assert not at.exception
    compared = table(at, -1)
    assert "Summa" not in compared.index
    # Umeå has the county's highest skattekraft, so it pays more per invånare in the skattekraft model.
    assert compared.loc["Umeå", "Skattekraft"] > compared.loc["Umeå", "Per invånare"]
    assert chart_titles(at)[-1] == "Förändring i kronor per invånare mot 2026 per kommun och scenario 2030"


def test_a_database_built_before_the_scenario_tables_gets_a_swedish_message(lager, demo_env, tmp_path, monkeypatch):
    old = tmp_path / "gammal.duckdb"
    shutil.copy(demo_env["db"], old)
    with duckdb.connect(str(old)) as con:
        con.execute("drop table invanare_prognos")
    monkeypatch.setenv("UTV_DB_PATH", str(old))
    at = app().run()
    assert not at.exception
    assert at.error[0].value == ("Scenarierna kan inte visas: Databasen saknar befolkningsprognos eller skattekraft. "
                                 "Bygg om den (python -m pipelines) och ladda om sidan.")
