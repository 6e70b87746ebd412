"""AppTest of the Översikt page: svarsfrekvens, missing/late/resent kommuner, syfte scores, data loading."""


import json

import duckdb

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import displayed, page_path

PAGE = "oversikt.py"


def app() -> AppTest:
    return AppTest.from_file(page_path(PAGE), default_timeout=60)


def metrics(at) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def markdown(at) -> list[str]:
    return [m.value for m in at.markdown]


def test_svarsfrekvens_per_utvardering(demo_env):
    at = app().run()
    assert not at.exception
    assert at.title[0].value == "Översikt"
    shown = metrics(at)
    assert shown["Utvärdering 2024"][0] == "14 av 15"
    assert shown["Utvärdering 2025"][0] == "15 av 15"
    assert "Sorsele har inte svarat." in markdown(at)
    assert "Dorotea svarade efter sista svarsdag (10 oktober 2025)." in markdown(at)
    assert "Vindeln svarade mer än en gång – senaste svaret gäller." in markdown(at)


def test_timeline_and_syfte_scores_with_change(demo_env):
    at = app().run()
    charts = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert [c["title"] for c in charts] == ["Svar och medelbetyg för syftena per kommun, utvärdering 2025",
                                            "Inskickade svar per kommun, utvärdering 2025"]
    assert charts[0]["description"].startswith("Diagram: Svar och medelbetyg för syftena per kommun")
    assert "15 rader" in charts[0]["description"]
    assert "När svaren kom in – utvärdering 2025" in [h.value for h in at.header]
    shown = metrics(at)
    assert shown["Syfte 1"] == ("3,4", "−0,2")
    assert shown["Syfte 2"] == ("3,8", "+0,6")  # like for like: the 10 kommuner with a position both years
    assert "n = 12 svar. Förändring (10 kommuner i båda): ingen säker skillnad." in [c.value for c in at.caption]
    assert shown["Syfte 5"] == ("3,8", "+0,5")
    assert "Kvalitet och effektivitet" in [c.value for c in at.caption]


def test_side_by_side_table(demo_env):
    at = app().run()
    table = at.dataframe[0].value.set_index("Mått")
    # 2023 (several respondents per kommun): Sorsele did not answer either
    assert table.loc["Svarande kommuner"].tolist() == ["14 av 15", "14 av 15", "15 av 15"]
    assert table.loc["Har inte svarat", "Utvärdering 2024"] == "Sorsele"
    assert table.loc["Svar efter sista svarsdag", "Utvärdering 2025"] == "Dorotea"
    assert table.loc["Svarade mer än en gång", "Utvärdering 2025"] == "Vindeln"
    syften = at.dataframe[1].value.set_index("Syfte")
    row = syften.loc["Syfte 2: Långsiktigt strategiskt arbete"]
    assert [round(row[c], 1) for c in ("Medel 2024", "Medel 2025", "Förändring")] == [3.0, 3.8, 0.6]
    assert (row["Svar 1–5 2024"], row["Svar 1–5 2025"], row["Kommuner i båda"]) == (13, 12, 10)
    assert row["Bedömning"] == "ingen säker skillnad"
    shown = displayed(at.dataframe[1]).set_index("Syfte")
    columns = ["Medel 2024", "Medel 2025", "Svar 1–5 2024", "Svar 1–5 2025", "Förändring", "Kommuner i båda",
               "Bedömning"]
    assert shown.loc["Syfte 2: Långsiktigt strategiskt arbete", columns].tolist() == [
        "3,0", "3,8", "13", "12", "+0,6", "10", "ingen säker skillnad"]
    # 2023 (several respondents per kommun) is shown first, as the mean of the kommuner's means
    assert round(row["Medel 2023"], 6) == round(kommun_weighted_mean(demo_env["db"], 2023, "syfte_2"), 6)


def kommun_weighted_mean(db, utvardering: int, fraga_id: str) -> float:
    """Every kommun weighs equally: the mean over kommuner of each kommun's mean over its respondents (pandas)."""
    with duckdb.connect(str(db), read_only=True) as con:
        svar = con.execute("select kommunkod, varde from likertsvar where utvardering = ? and fraga_id = ? "
                           "and varde is not null", [utvardering, fraga_id]).df()
    return float(svar.groupby("kommunkod")["varde"].mean().mean())


def test_choosing_2024_shows_it_with_its_own_figure(demo_env):
    at = app().run()
    at.sidebar.selectbox(key="_w_utvardering").set_value(2024).run()
    assert not at.exception
    assert "När svaren kom in – utvärdering 2024" in [h.value for h in at.header]
    shown = metrics(at)
    assert shown["Syfte 1"][0] == "3,6"  # as before 2023 was added; the change is now against 2023


def test_choosing_the_first_utvardering_shows_it_without_change(demo_env):
    at = app().run()
    at.sidebar.selectbox(key="_w_utvardering").set_value(2023).run()
    assert not at.exception
    shown = metrics(at)
    expected = f"{kommun_weighted_mean(demo_env['db'], 2023, 'syfte_1'):.1f}".replace(".", ",")
    assert shown["Syfte 1"] == (expected, "")
    assert any("ingen tidigare utvärdering" in c.value for c in at.caption)


def test_data_loading_without_rejected_rows(demo_env):
    at = app().run()
    shown = metrics(at)
    assert shown["Avvisade värden"][0] == "0"
    assert shown["Maskerade personuppgifter"][0] == "0"
    assert " kl. " in shown["Senast inläst"][0]
    assert len(at.dataframe) == 2  # the two side-by-side tables, no rejected-rows table


@pytest.fixture
def db_with_rejected_rows(private_env):
    """A private copy of the demo database with one rejected row."""
    db = private_env["db"]
    with duckdb.connect(str(db)) as con:
        con.execute("insert into rejected_rows values ('utvardering_2025.xlsx', 'Svar', 7, 'Kommun', "
                    "'Gotham', 'Okänd kommun')")
    return db


def test_rejected_rows_are_listed(db_with_rejected_rows):
    at = app().run()
    assert not at.exception
    assert metrics(at)["Avvisade värden"][0] == "1"
    rejected = at.dataframe[-1].value
    assert list(rejected.columns) == ["Fil", "Blad", "Rad", "Kolumn", "Värde", "Orsak"]
    assert rejected.iloc[0]["Värde"] == "Gotham"


def test_sheets_and_columns_not_read_are_warned_about(private_env):
    with duckdb.connect(str(private_env["db"])) as con:
        con.execute("insert into rejected_rows values ('kommunala_anslag.xlsx', 'Instruktion', 0, '', '', "
                    "'Bladet läses inte'), ('budgetuppfoljning.xlsx', 'Uppföljning', 0, 'Kommentar', '', "
                    "'Kolumnen läses inte')")
    at = app().run()
    assert not at.exception
    [warning] = [w.value for w in at.warning]
    assert "1 blad i arbetsböckerna lästes inte" in warning
    assert "1 kolumn är dold i Excel eller ligger utanför filkontraktet" in warning
    assert at.dataframe[-1].value["Kolumn"].tolist() == ["Kommentar", ""]


def test_with_more_utvarderingar_than_compared_the_latest_are_shown_and_the_sidebar_says_so(demo_env, monkeypatch):
    monkeypatch.setenv("UTV_COMPARED_UTVARDERINGAR", "2")
    at = app().run()
    assert not at.exception
    assert [m.label for m in at.metric if m.label.startswith("Utvärdering ")] == ["Utvärdering 2024",
                                                                                 "Utvärdering 2025"]
    assert ("Sidorna jämför utvärdering 2024 och 2025. Välj en tidigare utvärdering ovan för att jämföra äldre."
            in [c.value for c in at.sidebar.caption])
    at.sidebar.selectbox(key="_w_utvardering").set_value(2023).run()
    assert [m.label for m in at.metric if m.label.startswith("Utvärdering ")] == ["Utvärdering 2023"]
    assert any(c.value.startswith("Sidorna jämför utvärdering 2023.") for c in at.sidebar.caption)


def test_all_three_demo_utvarderingar_are_compared_by_default(demo_env):
    at = app().run()
    assert [m.label for m in at.metric if m.label.startswith("Utvärdering ")] == [
        "Utvärdering 2023", "Utvärdering 2024", "Utvärdering 2025"]
    assert not [c for c in at.sidebar.caption if "Sidorna jämför" in c.value]
