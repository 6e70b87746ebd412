"""Answers without content: recognised by rule, marked by reviewers in the users' store, left out of counts and queue."""

import pytest

from dashboard import queries
from dashboard.sakinnehall import hanvisar_till_tidigare, saknar_sakinnehall


@pytest.mark.parametrize("text", ["Inget att tillägga", "inget att tillägga.", "-", "–", " Se tidigare svar! ",
                                  "Nej", "", "Samma som förra året"])
def test_recognised_as_without_content(text):
    assert saknar_sakinnehall(text)


@pytest.mark.parametrize("text", ["Inget samarbete kring bredband", "Se över kollektivtrafiken",
                                  "Vi har inget att tillägga om vägarna men bostäderna saknas"])
def test_real_answers_have_content(text):
    assert not saknar_sakinnehall(text)


def test_points_to_an_earlier_answer():
    assert hanvisar_till_tidigare("Se tidigare svar.") and hanvisar_till_tidigare("samma som förra året")
    assert not hanvisar_till_tidigare("Inget att tillägga")


def test_reviewer_mark_is_stored_and_wins(private_env):
    svar = queries.fritextsvar_med_teman(queries.FritextUrval())
    first = svar.iloc[0]
    assert not first["inget_sakinnehall"]
    queries.markera_sakinnehall(first["svar_id"], True, "u1", "Granskare Ett")
    marked = queries.fritextsvar_med_teman(queries.FritextUrval()).set_index("svar_id")
    assert marked.loc[first["svar_id"], "inget_sakinnehall"]
    # left out of the review queue and of the theme counts
    assert first["svar_id"] not in set(queries.granskningsko(marked.reset_index())["svar_id"])
    urval = queries.FritextUrval()
    before = queries.tema_matris(svar, urval)["antal"].sum()
    after = queries.tema_matris(marked.reset_index(), urval)["antal"].sum()
    assert after == before - len(first["teman"])
    queries.markera_sakinnehall(first["svar_id"], False, "u1", "Granskare Ett")
    cleared = queries.fritextsvar_med_teman(queries.FritextUrval()).set_index("svar_id")
    assert not cleared.loc[first["svar_id"], "inget_sakinnehall"]


def test_earlier_answer_to_the_same_question(demo_env):
    svar = queries.fritextsvar_med_teman(queries.FritextUrval(utvarderingar=(2025,)))
    row = svar.iloc[0]
    earlier = queries.tidigare_svar(row["kommunkod"], row["fraga_id"], 2025)
    assert (earlier["utvardering"] < 2025).all()
