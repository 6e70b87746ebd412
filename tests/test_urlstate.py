"""Page state in the URL: a shared link or a reload opens the same view; the pages write their choices back."""

from streamlit.testing.v1 import AppTest

from tests.conftest import page_path


def app(page: str, **params) -> AppTest:
    at = AppTest.from_file(page_path(page), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at


def url(at, key: str) -> list[str]:
    """A URL parameter's values as a list (AppTest keeps a single value as a plain string)."""
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def test_link_opens_utvardering_kommuner_and_question_group(demo_env):
    at = app("utvardering.py", utvardering="2024", kommun=["2480", "2482"], fragegrupp="Samverkansorganisationen",
             lika="nej").run()
    assert not at.exception
    assert at.sidebar.selectbox(key="_w_utvardering").value == 2024
    assert at.sidebar.multiselect(key="_w_kommuner").value == ["2480", "2482"]
    assert at.segmented_control(key="utvardering_fragegrupp").value == "Samverkansorganisationen"
    assert at.toggle(key="utvardering_lika").value is False
    assert "Samverkansorganisationen – svarsfördelning 2024" in [h.value for h in at.header]


def test_choices_are_written_to_the_url(demo_env):
    at = app("utvardering.py").run()
    at.sidebar.multiselect(key="_w_kommuner").set_value(["2422"]).run()
    at.segmented_control(key="utvardering_fragegrupp").set_value("Samverkansorganisationen").run()
    assert url(at, "kommun") == ["2422"]
    assert url(at, "utvardering") == ["2025"]
    assert url(at, "fragegrupp") == ["Samverkansorganisationen"]


def test_unknown_values_in_the_url_are_ignored(demo_env):
    at = app("utvardering.py", utvardering="1999", kommun="9999,2480", fragegrupp="Okänd").run()
    assert not at.exception
    assert at.sidebar.selectbox(key="_w_utvardering").value == 2025
    assert at.sidebar.multiselect(key="_w_kommuner").value == ["2480"]
    assert at.segmented_control(key="utvardering_fragegrupp").value == "Syften"


def test_kommunprofil_and_sidebar_stay_in_step(demo_env):
    at = app("kommunprofil.py", kommun="2482").run()
    assert at.selectbox(key="kommunprofil_kommun").value == "2482"  # the link's kommun
    at.selectbox(key="kommunprofil_kommun").set_value("2422").run()
    assert at.sidebar.multiselect(key="_w_kommuner").value == ["2422"]
    assert url(at, "kommun") == ["2422"]
    at.sidebar.multiselect(key="_w_kommuner").set_value(["2401"]).run()
    assert at.selectbox(key="kommunprofil_kommun").value == "2401"
    assert "Nordmaling i utvärderingarna" in [h.value for h in at.header]
