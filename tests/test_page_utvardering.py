"""AppTest of the Utvärdering page: Likert distribution, mean and share positive, per kommun, 2024 vs 2025."""

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import displayed, page_path

PAGE = "utvardering.py"


def app() -> AppTest:
    return AppTest.from_file(page_path(PAGE), default_timeout=60)


def tables(at) -> list:
    return [d.value for d in at.dataframe]


def test_syften_2025(demo_env):
    at = app().run()
    assert not at.exception
    assert at.title[0].value == "Utvärdering"
    assert len(at.get("vega_lite_chart")) == 3  # distribution, per kommun, comparison
    resultat = tables(at)[0].set_index("Fråga")
    row = resultat.loc["Syfte 2: Långsiktigt strategiskt arbete"]
    assert (row["Medelvärde (1–5)"], row["Andel positiva (4–5)"], row["Vet ej"]) == pytest.approx((46 / 12, 8 / 12, 3))
    assert row["Svar 1–5"] == 12
    shown = displayed(at.dataframe[0]).set_index("Fråga").loc["Syfte 2: Långsiktigt strategiskt arbete"]
    assert (shown["Medelvärde (1–5)"], shown["Andel positiva (4–5)"], shown["Vet ej"]) == ("3,8", "67\u00a0%", "3")


def test_comparison_table_has_change(demo_env):
    at = app().run()
    jamforelse = tables(at)[1].set_index("Fråga")
    # like for like: the 10 kommuner with a position on syfte 2 in both years moved +0,6 on average
    # (the difference of the two years' means over everyone would be +0,8)
    row = jamforelse.loc["Syfte 2: Långsiktigt strategiskt arbete"]
    assert round(row["Förändring"], 1) == 0.6
    assert (row["Kommuner i båda"], row["Svar 1–5 2024"], row["Svar 1–5 2025"]) == (10, 13, 11)
    assert row["Bedömning"] == "ingen säker skillnad"
    shown = displayed(at.dataframe[1]).set_index("Fråga")
    assert shown.loc["Syfte 2: Långsiktigt strategiskt arbete", "Förändring"] == "+0,6"
    assert shown.loc["Syfte 1: Kvalitet och effektivitet", "Medel 2024"] == "3,6"
    assert shown.loc["Syfte 1: Kvalitet och effektivitet", "Förändring"] == "−0,2"


def test_question_group_organisation(demo_env):
    at = app().run()
    at.segmented_control(key="utvardering_fragegrupp").set_value("Samverkansorganisationen").run()
    assert not at.exception
    resultat = tables(at)[0].set_index("Fråga")
    assert list(resultat.index)[0] == "Samrådet"
    assert resultat.loc["Återkoppling", "Vet ej"] == 3
    assert "Samverkansorganisationen – svarsfördelning 2025" in [h.value for h in at.header]


def test_kommun_filter_limits_the_answers(demo_env):
    at = app().run()
    at.sidebar.multiselect(key="_w_kommuner").set_value(["2480", "2482"]).run()
    assert not at.exception
    resultat = tables(at)[0]
    assert (resultat["Svar 1–5"] + resultat["Vet ej"] == 2).all()


def test_kommun_without_answer_says_so(demo_env):
    at = app().run()
    at.sidebar.selectbox(key="_w_utvardering").set_value(2024)
    at.sidebar.multiselect(key="_w_kommuner").set_value(["2422"]).run()
    assert not at.exception
    assert any("Inget svar inkommet" in i.value for i in at.info)
    assert any(c.value == "Inget svar inkommet från Sorsele (utvärdering 2024)." for c in at.caption)
    # like for like by default: Sorsele did not answer 2024, so there is nothing to compare, and the page says so
    assert any("Jämförelsen gäller 0 kommuner som svarat i alla utvärderingarna 2023, 2024 och 2025; Sorsele svarade inte alla år"
               in i.value for i in at.info)
    assert any("Ingen av de valda kommunerna har svarat i alla utvärderingarna" in i.value for i in at.info)
    assert len(at.get("vega_lite_chart")) == 0
    # switched off, the comparison shows Sorsele's 2025 answer
    at.toggle(key="utvardering_lika").set_value(False).run()
    assert len(at.get("vega_lite_chart")) == 1
    jamforelse = tables(at)[0].set_index("Fråga")
    assert pd.isna(jamforelse.loc["Syfte 1: Kvalitet och effektivitet", "Medel 2024"])
    assert jamforelse.loc["Syfte 1: Kvalitet och effektivitet", "Medel 2025"] == 4.0
    shown = displayed(at.dataframe[0]).set_index("Fråga")
    assert shown.loc["Syfte 1: Kvalitet och effektivitet", "Medel 2024"] == "–"
    assert shown.loc["Syfte 1: Kvalitet och effektivitet", "Medel 2025"] == "4,0"


def test_two_kommuner_one_without_2024_shows_like_for_like_note(demo_env):
    at = app().run()
    at.sidebar.multiselect(key="_w_kommuner").set_value(["2422", "2480"]).run()
    assert not at.exception
    note = ("Jämförelsen gäller 1 kommun som svarat i alla utvärderingarna 2023, 2024 och 2025; Sorsele svarade inte alla år och "
            "räknas inte med.")
    assert note in [i.value for i in at.info]
    jamforelse = tables(at)[1].set_index("Fråga")
    assert (jamforelse["Svar 1–5 2024"] <= 1).all() and (jamforelse["Kommuner i båda"] <= 1).all()
    assert set(jamforelse["Bedömning"]) <= {"för få kommuner för att bedöma"}
    # the source line under the table states the selection and who is compared
    assert any(note in c.value and "urval Sorsele och Umeå" in c.value for c in at.caption)


def kommun_tabell(at) -> pd.DataFrame:
    """The kommun × fråga table: the page's last table, indexed by (Kommun, Fråga)."""
    table = tables(at)[-1]
    assert list(table.columns[:2]) == ["Kommun", "Fråga"]
    return table.set_index(["Kommun", "Fråga"])


def test_kommun_by_question_table_has_every_year_and_the_change(demo_env):
    import duckdb

    at = app().run()
    assert not at.exception
    table = kommun_tabell(at)
    assert list(table.columns) == ["Betyg 2023", "Betyg 2024", "Betyg 2025", "Förändring", "Anmärkning"]
    assert len(table) == 15 * 5  # every kommun, every syfte
    with duckdb.connect(str(demo_env["db"]), read_only=True) as con:
        values = dict(con.execute(
            "select utvardering, avg(varde) from likertsvar where kommunkod = '2480' and fraga_id = 'syfte_2' "
            "group by utvardering").fetchall())
    row = table.loc[("Umeå", "Syfte 2: Långsiktigt strategiskt arbete")]
    # 2023 had several respondents per kommun: Umeå's rating is the mean over them
    assert [row[f"Betyg {y}"] for y in (2023, 2024, 2025)] == pytest.approx([values[y] for y in (2023, 2024, 2025)])
    assert row["Förändring"] == pytest.approx(values[2025] - values[2024])
    # a kommun that did not answer is a row with the reason, not left out
    sorsele = table.loc[("Sorsele", "Syfte 1: Kvalitet och effektivitet")]
    assert pd.isna(sorsele["Betyg 2024"]) and pd.isna(sorsele["Förändring"])
    assert sorsele["Anmärkning"] == "Inget svar inkommet 2023; inget svar inkommet 2024"
    shown = displayed(at.dataframe[-1]).set_index(["Kommun", "Fråga"])
    assert shown.loc[("Sorsele", "Syfte 1: Kvalitet och effektivitet"), "Betyg 2024"] == "–"
    assert any(h.value == "Syften – varje kommun, 2023, 2024 och 2025" for h in at.header)


def test_kommun_by_question_table_marks_vet_ej(demo_env):
    at = app().run()
    table = kommun_tabell(at)
    vet_ej = table[table["Anmärkning"].str.contains("Vet ej")]
    assert not vet_ej.empty
    for (_, _), row in vet_ej.iterrows():
        year = int(row["Anmärkning"].split("Vet ej ")[1][:4])
        assert pd.isna(row[f"Betyg {year}"])


def test_kommun_by_question_table_exports_numbers_with_title_and_source(demo_env):
    from dashboard import figures
    from dashboard.export import table_export

    urval = figures.Urval(utvardering=2025, utvarderingar=(2024, 2025),  # two of the three utvärderingar
                          alla_kommuner={"2422": "Sorsele", "2480": "Umeå"},
                          kommunkoder=("2422", "2480"), val={"grupp_namn": "Syften"})
    shown = figures.render("utvardering.kommun_fraga_tabell", urval)
    assert shown.title == "Syften: varje kommuns betyg per fråga, 2024 och 2025"
    assert "urval Sorsele och Umeå" in shown.source and "Förändring: betyget det senaste året" in shown.source
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(table_export(shown.built, "xlsx", title=shown.title, source=shown.source)))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == shown.title and rows[-1][0] == shown.source
    header = rows[rows.index(next(r for r in rows if r[0] == "Kommun"))]
    umea = next(r for r in rows if r[0] == "Umeå")
    assert isinstance(umea[header.index("Betyg 2025")], (int, float))


def test_a_chart_in_the_rapportunderlag_keeps_the_selection_in_its_docx_source_line(private_env):
    """The .docx source line under a chart states the utvärdering, the chosen kommuner and how many answered."""
    import io

    import docx

    import userstore
    from dashboard.auth import LOCAL_USER
    from dashboard.rapport_docx import build_rapportunderlag

    at = app()
    at.session_state["val_utvardering"] = 2024
    at.session_state["val_kommuner"] = ["2422", "2480"]
    at.run()
    key = next(b.key for b in at.button if str(b.key).endswith("-basket") and "fordelning" in str(b.key))
    at.button(key=key).click().run()
    assert not at.exception
    item = userstore.basket_items(LOCAL_USER.id)[-1]
    expected = "Källa: utvärdering 2024, urval Sorsele och Umeå: 1 av 2 svarade"
    assert item["source"].startswith(expected)
    document = docx.Document(io.BytesIO(build_rapportunderlag([item])))
    assert any(p.text.startswith(expected) for p in document.paragraphs)
