"""Fritext: answers without content are marked and can be (un)marked by a reviewer; earlier answers side by side;
a quote is filed under the tema of the filter in use."""

from streamlit.testing.v1 import AppTest

import userstore
from dashboard import queries
from dashboard.auth import LOCAL_USER
from tests.conftest import page_path, tema_choice

GRANSKARE = {"is_logged_in": True, "sub": "anna-1", "name": "Anna Andersson", "roles": ["granskare"]}
SE_TIDIGARE = "2025-2-ds1_utmaning"  # Bjurholm 2025: "Se tidigare svar."


def bjurholm_ds1(user: dict | None = None) -> AppTest:
    at = AppTest.from_file(page_path("fritext.py"), default_timeout=60)
    if user:
        at.user = user
    at.run()
    at.sidebar.multiselect(key="_w_kommuner").set_value(["2403"])
    at.multiselect(key="fritext_fragor").set_value(["ds1_utmaning"]).run()
    return at


def test_see_earlier_answer_is_marked_and_shows_the_earlier_answer(private_env):
    at = bjurholm_ds1()
    assert not at.exception
    assert "Se tidigare svar." in [t.value for t in at.text]
    assert any(c.value.startswith("**Inget sakinnehåll**") for c in at.caption)
    earlier = queries.tidigare_svar("2403", "ds1_utmaning", 2025)
    assert earlier["text"].iloc[0] in [t.value for t in at.text]  # the 2024 answer, shown beside it
    assert any(e.label.startswith("Tidigare svar: Bjurholm") for e in at.expander)
    # not in the review queue
    assert f"granska-{SE_TIDIGARE}" not in [m.key for m in at.multiselect]


def test_reviewer_clears_and_sets_the_mark_in_the_users_store(private_env):
    at = bjurholm_ds1(GRANSKARE)
    at.button(key=f"sakinnehall-{SE_TIDIGARE}").click().run()
    assert not at.exception
    assert queries.sakinnehall_markeringar() == {SE_TIDIGARE: False}
    assert not any(c.value.startswith("**Inget sakinnehåll**") for c in at.caption)
    at.button(key=f"sakinnehall-{SE_TIDIGARE}").click().run()
    assert queries.sakinnehall_markeringar() == {SE_TIDIGARE: True}


def test_reader_cannot_mark(private_env):
    at = bjurholm_ds1({"is_logged_in": True, "sub": "l-1", "name": "Lisa Läsare", "roles": ["lasare"]})
    assert f"sakinnehall-{SE_TIDIGARE}" not in [b.key for b in at.button]


def test_quote_is_filed_under_the_chosen_tema(private_env):
    svar = queries.fritextsvar_med_teman(queries.FritextUrval((2025,)))
    row = svar[svar["teman"].map(len) > 1].iloc[0]
    second = row["teman"][1]
    at = AppTest.from_file(page_path("fritext.py"), default_timeout=60).run()
    at.sidebar.multiselect(key="_w_kommuner").set_value([row["kommunkod"]])
    at.multiselect(key="fritext_fragor").set_value([row["fraga_id"]])
    at.multiselect(key="fritext_teman").set_value([second]).run()
    label = queries.teman().set_index("tema_id").loc[second, "etikett"]
    # the filter's tema is preselected in the choice, and the attribution shows it
    assert tema_choice(at, f"citat-{row['svar_id']}").value == label
    assert any(c.value.replace("\\", "").endswith(f", tema: {label}") for c in at.caption)
    at.button(key=f"citat-{row['svar_id']}").click().run()
    # the basket in the users' store files the quote under the chosen tema, not the model's top one
    assert row["teman"][0] != second
    assert userstore.basket_items(LOCAL_USER.id)[-1]["tema"] == label


def test_quote_tema_is_chosen_when_adding(private_env):
    """Without a tema filter, an answer with several teman asks which one the quote is filed under."""
    svar = queries.fritextsvar_med_teman(queries.FritextUrval((2025,)))
    row = svar[svar["teman"].map(len) > 1].iloc[0]
    labels = queries.tema_etiketter()
    at = AppTest.from_file(page_path("fritext.py"), default_timeout=60).run()
    at.sidebar.multiselect(key="_w_kommuner").set_value([row["kommunkod"]])
    at.multiselect(key="fritext_fragor").set_value([row["fraga_id"]]).run()
    choice = tema_choice(at, f"citat-{row['svar_id']}")
    assert choice.options == [labels[t] for t in row["teman"]]
    assert choice.value == labels[row["teman"][0]]  # the main tema is offered first
    choice.set_value(labels[row["teman"][-1]]).run()
    at.button(key=f"citat-{row['svar_id']}").click().run()
    item = userstore.basket_items(LOCAL_USER.id)[-1]
    assert (item["text"], item["tema"]) == (row["text"], labels[row["teman"][-1]])
    assert at.button(key=f"citat-{row['svar_id']}").label == "I rapportunderlaget"
