"""AppTest of the Kommunprofil page: answers, ratings vs the county, free-text quotes, anslag."""

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import queries
from tests.conftest import displayed, page_path

PAGE = "kommunprofil.py"


def app() -> AppTest:
    return AppTest.from_file(page_path(PAGE), default_timeout=60)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_default_is_umea(demo_env):
    at = app().run()
    assert not at.exception
    assert at.title[0].value == "Kommunprofil"
    assert at.selectbox(key="kommunprofil_kommun").value == "2480"
    assert "Umeå i utvärderingarna" in [h.value for h in at.header]
    assert metrics(at)["Utvärdering 2025"] == "Svarat"
    assert len(at.get("vega_lite_chart")) == 3  # map, ratings vs the county, anslag
    betyg = at.dataframe[0].value.set_index("Fråga")
    assert round(betyg.loc["Syfte 1: Kvalitet och effektivitet", "Länet 2025"], 1) == 3.4
    shown = displayed(at.dataframe[0]).set_index("Fråga")
    assert shown.loc["Syfte 1: Kvalitet och effektivitet", "Länet 2025"] == "3,4"


def test_quotes_of_the_kommun(demo_env):
    at = app().run()
    texts = [t.value for t in at.text]
    expected = queries.fritextsvar_med_teman(queries.FritextUrval((2025,), ("2480",)))
    assert len(expected) == 12
    assert all(text in texts for text in expected.text)
    headings = [s.value.replace("\\", "") for s in at.subheader]  # escaped Markdown
    assert "Delstrategi 6: Skapa en tillgänglig och utåtriktad region" in headings


def test_sorsele_2024_has_no_answer(demo_env):
    at = app().run()
    at.selectbox(key="kommunprofil_kommun").set_value("2422").run()
    assert not at.exception
    shown = metrics(at)
    assert shown["Utvärdering 2024"] == "Inget svar inkommet"
    assert shown["Utvärdering 2025"] == "Svarat"
    assert "Inget svar inkommet från Sorsele i utvärdering 2024." not in [i.value for i in at.info]  # 2025 shown
    at.selectbox(key="kommunprofil_fritext_utvardering").set_value(2024).run()
    assert "Inget svar inkommet från Sorsele i utvärdering 2024." in [i.value for i in at.info]
    betyg = at.dataframe[0].value.set_index("Fråga")
    syfte_1 = betyg.loc["Syfte 1: Kvalitet och effektivitet"]
    assert pd.isna(syfte_1["Sorsele 2024"]) and syfte_1["Svar 2024"] == "Inget svar inkommet"
    assert (syfte_1["Sorsele 2025"], syfte_1["Svar 2025"]) == (4.0, "Instämmer till stor del")


def test_default_follows_sidebar_filter(demo_env):
    at = app()
    at.session_state["val_kommuner"] = ["2425"]
    at.run()
    assert not at.exception
    assert at.selectbox(key="kommunprofil_kommun").value == "2425"
    assert any("efter sista svarsdag" in c.value for c in at.caption)  # Dorotea 2025


def test_anslag_metrics_and_per_invanare(demo_env):
    at = app().run()
    at.selectbox(key="kommunprofil_kommun").set_value("2422").run()
    anslag = queries.anslag_per_kommun(2026).set_index("kommunkod").loc["2422"]
    shown = metrics(at)
    assert shown["Anslag 2026"] == f"{int(anslag.belopp_kr):,}".replace(",", "\u00a0") + "\u00a0kr"
    at.selectbox(key="kommunprofil_anslag_ar").set_value(2024)
    at.toggle(key="kommunprofil_per_invanare").set_value(True).run()
    assert not at.exception
    assert "Anslag 2024" in metrics(at)
    assert len(at.get("vega_lite_chart")) == 3


def test_the_kommuns_anslag_year_by_year(demo_env):
    at = app().run()
    tables = {t.value.columns[0]: t.value for t in at.dataframe}
    per_ar = tables["År"]
    assert list(per_ar["År"]) == ["2023", "2024", "2025", "2026"]
    assert per_ar["Förändring"].iloc[1] == pytest.approx(per_ar["Anslag"].iloc[1] - per_ar["Anslag"].iloc[0])
    assert pd.isna(per_ar["Förändring"].iloc[0])
    assert "**Umeås anslag per år, 2023–2026**" in [m.value for m in at.markdown]
