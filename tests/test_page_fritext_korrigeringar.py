"""The audit trail of an answer's teman on the Fritext page (Granska: "Historik") and the export of all corrections."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import queries
from dashboard.export import table_export
from pipelines.themes.corrections import add_correction
from tests.conftest import displayed, on_tab, page_path

T0 = datetime(2025, 10, 1, 9, 0, tzinfo=timezone.utc)  # 11:00 in Sweden


@pytest.fixture
def reviewed(workspace):
    """The first answer of the review queue, corrected by two reviewers (an addition, then a removal and re-ordering)."""
    first = queries.granskningsko(queries.fritextsvar_med_teman(queries.FritextUrval((2025,)))).iloc[0]
    user = workspace["user"]
    add_correction(user, first.svar_id, "krisberedskap", "lagg_till", "Anna Andersson", T0, anvandar_id="oid-anna",
                   rang=1)
    add_correction(user, first.svar_id, first.teman[0], "ta_bort", "Anna Andersson", T0, anvandar_id="oid-anna")
    add_correction(user, first.svar_id, "vatten_avlopp", "lagg_till", "Bo Berg", T0 + timedelta(minutes=5),
                   anvandar_id="oid-bo", rang=2)
    return first


def test_history_of_one_answer_in_order_with_who_and_when(reviewed):
    labels = queries.teman().set_index("tema_id")["etikett"]
    table = queries.historik_tabell(queries.korrigeringshistorik(reviewed.svar_id))
    assert table.drop(columns="Ordning").to_dict("list") == {
        "Tidpunkt": ["2025-10-01 11:00", "2025-10-01 11:00", "2025-10-01 11:05"],
        "Tema": [labels["krisberedskap"], labels[reviewed.teman[0]], labels["vatten_avlopp"]],
        "Åtgärd": ["Lade till", "Tog bort", "Lade till"],
        "Av": ["Anna Andersson", "Anna Andersson", "Bo Berg"],
    }
    assert table["Ordning"].fillna(0).tolist() == [1, 0, 2]  # no rang for a removal


def test_the_reviewers_order_decides_the_order_of_manual_teman(reviewed):
    row = queries.fritextsvar_med_teman(queries.FritextUrval((2025,))).set_index("svar_id").loc[reviewed.svar_id]
    assert row.teman[:2] == ["krisberedskap", "vatten_avlopp"] and row.kallor[:2] == ["manuell", "manuell"]


def test_export_of_all_corrections_names_who_and_when(reviewed):
    table = queries.korrigeringar_tabell(queries.alla_korrigeringar())
    sheet = openpyxl.load_workbook(io.BytesIO(table_export(table, "xlsx"))).active
    rows = list(sheet.values)
    assert rows[0] == ("Tidpunkt", "Svar", "Utvärdering", "Kommun", "Fråga", "Tema", "Åtgärd", "Ordning", "Av",
                       "Användar-id")
    assert rows[3][0] == "2025-10-01 11:05" and rows[3][1] == reviewed.svar_id and rows[3][2] == "2025"
    assert (rows[3][3], rows[3][4]) == (reviewed.kommun, reviewed.fraga_kort)
    assert rows[3][6:] == ("Lade till", 2, "Bo Berg", "oid-bo")
    csv = table_export(table, "csv").decode("utf-8-sig").splitlines()
    assert csv[1].startswith("2025-10-01 11:00;") and csv[1].endswith(";Lade till;1;Anna Andersson;oid-anna")


def test_a_correction_of_an_answer_no_longer_in_the_database_keeps_who_and_when(workspace):
    add_correction(workspace["user"], "2019-1-borta", "transporter", "lagg_till", "Anna", T0, anvandar_id="oid-anna")
    table = queries.korrigeringar_tabell(queries.alla_korrigeringar())
    assert table.iloc[0][["Svar", "Utvärdering", "Kommun", "Av", "Användar-id"]].tolist() == [
        "2019-1-borta", "", "", "Anna", "oid-anna"]


def test_granska_shows_history_per_answer_and_a_download_of_all_corrections(reviewed):
    at = on_tab(AppTest.from_file(page_path("fritext.py"), default_timeout=120), "Granska").run()
    assert not at.exception
    historik = [e for e in at.expander if e.label == "Historik"]
    assert len(historik) == 10  # one per answer on the review page; the reviewed answer (manual now) comes last
    assert all(c.value == "Ingen har rättat svarets teman ännu." for e in historik for c in e.caption)
    alla = next(e for e in at.expander if e.label == "Alla rättelser – vem och när")
    assert [d.proto.label for d in alla.get("download_button")] == ["Ladda ned Excel", "Ladda ned CSV"]
    assert displayed(alla.dataframe[0])["Av"].tolist() == ["Anna Andersson", "Anna Andersson", "Bo Berg"]

    at.multiselect(key="fritext_fragor").set_value([reviewed.fraga_id])
    at.multiselect(key="_w_kommuner").set_value([reviewed.kommunkod]).run()
    shown = [displayed(e.dataframe[0]) for e in at.expander if e.label == "Historik" and e.dataframe]
    assert len(shown) == 1
    assert shown[0]["Av"].tolist() == ["Anna Andersson", "Anna Andersson", "Bo Berg"]
    assert shown[0]["Åtgärd"].tolist() == ["Lade till", "Tog bort", "Lade till"]
    assert shown[0]["Ordning"].tolist() == ["1", "–", "2"]


def test_a_reviewers_order_of_teman_is_kept_through_the_page(workspace):
    """The reviewer puts the model's second tema first and saves: it becomes the main tema everywhere, and a quote
    of the answer is offered under it first."""
    from tests.conftest import tema_choice

    svar = queries.fritextsvar_med_teman(queries.FritextUrval((2025,)))
    ko = queries.granskningsko(svar)
    row = ko[ko["teman"].map(len) > 1].iloc[0]
    reordered = [row.teman[1], row.teman[0]]
    at = AppTest.from_file(page_path("fritext.py"), default_timeout=120)
    at.session_state["_w_kommuner"] = [row.kommunkod]
    on_tab(at, "Granska").run()
    at.multiselect(key="fritext_fragor").set_value([row.fraga_id]).run()
    at.multiselect(key=f"granska-{row.svar_id}").set_value(reordered).run()
    at.button(key=f"spara-{row.svar_id}").click().run()
    assert not at.exception
    saved = queries.fritextsvar_med_teman(queries.FritextUrval((2025,))).set_index("svar_id").loc[row.svar_id]
    assert saved.teman == reordered and saved.kallor == ["manuell", "manuell"]
    labels = queries.tema_etiketter()
    on_tab(at, "Svar").run()
    assert tema_choice(at, f"citat-{row.svar_id}").options == [labels[t] for t in reordered]
    assert tema_choice(at, f"citat-{row.svar_id}").value == labels[reordered[0]]
