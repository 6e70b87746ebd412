"""AppTest of Kommunprofil's last section: the chosen kommun under every saved scenario."""

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import queries
from dashboard.queries import scenarier as scenario_queries
from pipelines.scenarier.modeller import las_scenario
from tests.conftest import page_path

ANNA = scenario_queries.Anvandare("a1", "Anna Lind")
BASE = {"namn": "x", "kostnad_2027_kr": 9_100_000, "upprakning_procent": 2.0}


@pytest.fixture
def lager(demo_env, monkeypatch, tmp_path):
    """An empty users' store of the test's own for saved scenarios."""
    monkeypatch.setenv("UTV_USER_DIR", str(tmp_path / "user"))
    return scenario_queries.LAGER


def app() -> AppTest:
    return AppTest.from_file(page_path("kommunprofil.py"), default_timeout=60)


def test_without_saved_scenarios_says_where_they_are_made(lager):
    at = app().run()
    assert not at.exception
    assert at.header[-1].value == "Förhandlingsscenarier"
    assert "De byggs och sparas på sidan Förhandlingsscenarier." in at.info[-1].value


def test_the_chosen_kommun_under_every_saved_scenario(lager):
    queries.spara_scenario(las_scenario({**BASE, "modell": "per_invanare", "tak_forandring_procent": 10}),
                           "Per invånare, tak 10 %", ANNA)
    queries.spara_scenario(las_scenario({**BASE, "modell": "oforandrad"}), "Oförändrat", ANNA)
    at = app().run()
    at.selectbox(key="kommunprofil_kommun").set_value("2403").run()
    assert not at.exception
    assert "**Bjurholm i de sparade scenarierna 2026–2030**" in [m.value for m in at.markdown]
    table = at.dataframe[-1].value.set_index("Scenario")
    assert list(table.index) == ["Per invånare, tak 10 %", "Oförändrat"]
    assert table.loc["Per invånare, tak 10 %", "2026 (verkligt)"] == 136_400
    assert table.loc["Per invånare, tak 10 %", "2027"] == 122_760
    assert table.loc["Oförändrat", "Modell"] == "Oförändrade andelar"
    assert table.loc["Oförändrat", "2027"] == pytest.approx(136_400 / 8_915_400 * 9_100_000, abs=1)
