"""Scenario queries, table and chart builders and the saved-scenario interface, on the demo database."""

import duckdb
import pandas as pd
import pytest

from dashboard import charts, queries, tables
from dashboard.queries import scenarier as scenario_queries
from pipelines.scenarier.modeller import ScenarioFel, las_scenario, total

PER_INVANARE = {"namn": "Per invånare", "modell": "per_invanare", "kostnad_2027_kr": 9_100_000,
                "upprakning_procent": 2.0}


@pytest.fixture
def lager(monkeypatch, tmp_path):
    """An empty users' store of the test's own for saved scenarios."""
    monkeypatch.setenv("UTV_USER_DIR", str(tmp_path / "user"))
    return scenario_queries.LAGER


def db_value(demo_db, sql: str, params=()):
    with duckdb.connect(str(demo_db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchone()[0]


def test_underlag_reads_anslag_invanare_and_skattekraft(demo_db):
    underlag = queries.scenariounderlag()
    assert len(underlag.kommuner) == 15 and underlag.kommuner["2480"] == "Umeå"
    assert sum(underlag.anslag_bas.values()) == db_value(
        demo_db, "select sum(belopp_kr) from anslag where part = 'kommun' and ar = 2026")
    assert underlag.invanare[("2480", 2027)] == 133_534  # befolkningsprognos 31 december 2026
    assert underlag.skattekraft[("2480", 2026)] == 259_800


def test_standardkostnad_is_2026_raised_by_two_percent(demo_db):
    summa = db_value(demo_db, "select sum(belopp_kr) from anslag where part = 'kommun' and ar = 2026")
    assert queries.standardkostnad() == round(summa * 1.02, -3) == 9_094_000


def test_per_invanare_on_the_demo_data(demo_db):
    _, resultat = queries.scenario_berakning(PER_INVANARE)
    inv = db_value(demo_db, "select invanare from invanare_prognos where kommunkod = '2480' and ar = 2027")
    alla = db_value(demo_db, "select sum(invanare) from invanare_prognos where ar = 2027")
    umea = resultat[(resultat["kommunkod"] == "2480") & (resultat["ar"] == 2027)].iloc[0]
    assert abs(umea["belopp_kr"] - 9_100_000 * inv / alla) < 1


def test_totals_balance_to_the_krona():
    scenario, resultat = queries.scenario_berakning({**PER_INVANARE, "tak_forandring_procent": 10})
    summor = queries.scenario_summor(scenario, resultat)
    assert summor["kostnad_kr"].tolist() == [9_100_000, 9_282_000, 9_467_640, 9_656_993]
    assert (summor["differens_kr"] == 0).all()


def test_year_table_has_a_summa_row_equal_to_the_cost():
    scenario, resultat = queries.scenario_berakning(PER_INVANARE)
    table = tables.scenario_ar_tabell(resultat, 2028)
    assert len(table) == 16 and table.iloc[-1]["Kommun"] == "Summa"
    assert table.iloc[-1]["Belopp"] == total(scenario, 2028) == 9_282_000
    assert table.iloc[0]["Kommun"] == "Umeå"  # largest amount first
    assert table.attrs["formats"]["Förändring mot 2026"] == "signed_kr"


def test_amount_table_per_year_starts_with_the_real_2026():
    _, resultat = queries.scenario_berakning(PER_INVANARE)
    table = tables.scenario_belopp_tabell(resultat, queries.scenario_bas(queries.scenariounderlag()))
    assert list(table.columns) == ["Kommun", "2026 (verkligt)", "2027", "2028", "2029", "2030"]
    summa = table.set_index("Kommun").loc["Summa"]
    assert summa["2026 (verkligt)"] == 8_915_400 and summa["2027"] == 9_100_000


def test_money_against_value_uses_the_likert_means(demo_db):
    _, resultat = queries.scenario_berakning(PER_INVANARE)
    varde = queries.pengar_mot_varde(resultat, 2027, 2025, 2024).set_index("kommunkod")
    umea_2025 = db_value(demo_db, "select avg(varde) from likertsvar l join fraga f using (fraga_id) "
                                  "where kommunkod = '2480' and utvardering = 2025 "
                                  "and f.grupp in ('syfte', 'organisation')")
    assert varde.at["2480", "medel"] == pytest.approx(umea_2025)
    assert pd.isna(varde.at["2422", "forra_medel"])  # Sorsele did not answer 2024
    bjurholm = resultat[(resultat["kommunkod"] == "2403") & (resultat["ar"] == 2027)].iloc[0]
    assert varde.at["2403", "forandring_kr_per_invanare"] == pytest.approx(
        bjurholm["kr_per_invanare"] - 136_400 / 2380)  # 2026: anslag over the population of 2025
    table = tables.pengar_mot_varde_tabell(varde.reset_index(), 2027, 2025, 2024)
    assert list(table.columns) == ["Kommun", "Förändring kr per invånare 2026–2027", "Medelbetyg 2025",
                                   "Förändring betyg 2024–2025"]


def test_store_records_who_and_when_and_lists_oldest_first(lager):
    scenario = las_scenario(PER_INVANARE)
    first = queries.spara_scenario(scenario, "Per invånare", queries.Anvandare("a1", "Anna Lind"))
    second = queries.spara_scenario(las_scenario({**PER_INVANARE, "tak_forandring_procent": 10}), " Med tak ",
                                    queries.Anvandare("b2", "Bo Ek"))
    assert [s.namn for s in queries.sparade_scenarier()] == ["Per invånare", "Med tak"]
    assert (first.anvandare_id, first.anvandare_namn) == ("a1", "Anna Lind")
    assert second.parametrar == {**PER_INVANARE, "namn": "Med tak", "tak_forandring_procent": 10.0}
    assert second.etikett().startswith("Med tak (Bo Ek, ")


def test_saving_needs_a_name(lager):
    with pytest.raises(ScenarioFel, match="namn"):
        queries.spara_scenario(las_scenario(PER_INVANARE), "  ", queries.Anvandare("a1", "Anna"))
    assert queries.sparade_scenarier() == []


def test_comparison_table_puts_scenarios_side_by_side(lager):
    anna = queries.Anvandare("a1", "Anna")
    queries.spara_scenario(las_scenario(PER_INVANARE), "Per invånare", anna)
    queries.spara_scenario(las_scenario({**PER_INVANARE, "modell": "oforandrad"}), "Oförändrat", anna)
    jamforelse, problem = queries.scenario_jamforelse(queries.sparade_scenarier())
    assert problem == []
    table = tables.scenario_jamforelse_tabell(jamforelse, 2027).set_index("Kommun")
    assert list(table.columns) == ["Verkligt 2026", "Per invånare", "Oförändrat"]
    assert table.loc["Summa", "Per invånare"] == table.loc["Summa", "Oförändrat"] == 9_100_000
    # Oförändrat keeps Umeå's 2026 share of the kommuner's total.
    assert table.loc["Umeå", "Oförändrat"] == pytest.approx(3_807_000 / 8_915_400 * 9_100_000, abs=1)
    per_inv = tables.scenario_jamforelse_tabell(jamforelse, 2027, per_invanare=True).set_index("Kommun")
    assert "Summa" not in per_inv.index and per_inv.loc["Umeå", "Verkligt 2026"] == pytest.approx(3_807_000 / 132_440)


def test_two_saved_scenarios_with_the_same_name_stay_apart(lager):
    queries.spara_scenario(las_scenario(PER_INVANARE), "Förslag", queries.Anvandare("a1", "Anna"))
    queries.spara_scenario(las_scenario({**PER_INVANARE, "modell": "oforandrad"}), "Förslag",
                           queries.Anvandare("b2", "Bo"))
    jamforelse, _ = queries.scenario_jamforelse(queries.sparade_scenarier())
    columns = list(tables.scenario_jamforelse_tabell(jamforelse, 2027).columns)
    assert len(columns) == 4 and columns[2].startswith("Förslag (Anna, ") and columns[3].startswith("Förslag (Bo, ")


def test_a_saved_scenario_the_data_can_no_longer_meet_is_reported(lager):
    queries.spara_scenario(las_scenario({**PER_INVANARE, "tak_forandring_procent": 0.5}), "Hårt tak",
                           queries.Anvandare("a1", "Anna"))
    jamforelse, problem = queries.scenario_jamforelse(queries.sparade_scenarier())
    assert jamforelse.empty
    assert problem[0].startswith("Scenariot 'Hårt tak' kan inte beräknas på dagens data: taket ±0,5 %")


def test_kommun_under_every_saved_scenario(lager):
    anna = queries.Anvandare("a1", "Anna")
    queries.spara_scenario(las_scenario(PER_INVANARE), "Per invånare", anna)
    queries.spara_scenario(las_scenario({**PER_INVANARE, "modell": "fast_plus_per_invanare", "fast_andel": 0.3}),
                           "Fast 30 %", anna)
    rader, _ = queries.kommun_i_scenarier("2403")
    table = tables.kommun_scenario_tabell(rader).set_index("Scenario")
    assert list(table.index) == ["Per invånare", "Fast 30 %"]
    assert table.loc["Fast 30 %", "Modell"] == "Fast del + per invånare"
    assert table.loc["Per invånare", "2026 (verkligt)"] == 136_400
    # Fast 30 %: 2 730 000 kr split in 15 equal parts (182 000 kr) plus the per-invånare part.
    assert table.loc["Fast 30 %", "2027"] > 182_000 > table.loc["Per invånare", "2027"]


def test_local_user_may_save():
    assert queries.anvandare_som_far_spara() == queries.Anvandare("lokal", "Lokal användare")


# --------------------------------------------------------------------------
# Chart builders
# --------------------------------------------------------------------------


def test_change_bars_colour_who_pays_more_and_less():
    _, resultat = queries.scenario_berakning(PER_INVANARE)
    spec = charts.scenario_forandring_staplar(resultat, 2027).to_dict()
    bars = spec["layer"][0]
    assert bars["encoding"]["x"]["field"] == "forandring_mot_bas_kr"
    values = spec["datasets"][bars["data"]["name"]]
    riktning = {v["kommun"]: v["riktning"] for v in values}
    assert riktning["Umeå"] == "Betalar mer" and riktning["Bjurholm"] == "Betalar mindre"
    assert len(values) == 15 and {v["ar"] for v in values} == {2027}


def test_money_against_value_scatter():
    _, resultat = queries.scenario_berakning(PER_INVANARE)
    varde = queries.pengar_mot_varde(resultat, 2027, 2025, 2024)
    spec = charts.scenario_pengar_mot_varde(varde, 2025, 2024).to_dict()
    points = spec["layer"][0]
    assert points["encoding"]["y"]["field"] == "medel"
    assert points["encoding"]["color"]["condition"]["field"] == "medel_forandring"
    assert points["encoding"]["color"]["value"] == charts.scenarier.UTAN_BETYG


def test_comparison_bars_one_colour_per_scenario(lager):
    anna = queries.Anvandare("a1", "Anna")
    queries.spara_scenario(las_scenario(PER_INVANARE), "Per invånare", anna)
    queries.spara_scenario(las_scenario({**PER_INVANARE, "modell": "skattekraft"}), "Skattekraft", anna)
    jamforelse, _ = queries.scenario_jamforelse(queries.sparade_scenarier())
    spec = charts.scenario_jamforelse_staplar(jamforelse, 2028, per_invanare=True).to_dict()
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Per invånare", "Skattekraft"]
    assert spec["encoding"]["x"]["field"] == "forandring_kr_per_invanare"
    assert len(spec["datasets"][spec["data"]["name"]]) == 30
