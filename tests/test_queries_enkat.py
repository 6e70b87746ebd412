"""Queries of the enkät against the demo database: known figures of the 2024 and 2025 utvärderingar."""

import duckdb
import pytest

from dashboard import queries
from pipelines.build import raw_files
from tests.conftest import RAW_DIR

ALLA = [
    "2401", "2403", "2404", "2409", "2417", "2418", "2421", "2422",
    "2425", "2460", "2462", "2463", "2480", "2481", "2482",
]


def test_svarslage_2024_sorsele_missing(demo_db):
    row = queries.svarslage(2024).iloc[0]
    assert (row.antal_svarande, row.antal_kommuner) == (14, 15)
    assert (row.saknas, row.sena, row.flera_inskick) == ("Sorsele", "", "")


def test_svarslage_2025_dorotea_late_vindeln_twice(demo_db):
    row = queries.svarslage(2025).iloc[0]
    assert (row.antal_svarande, row.antal_kommuner) == (15, 15)
    assert (row.saknas, row.sena, row.flera_inskick) == ("", "Dorotea", "Vindeln")


def test_deltagande_one_row_per_kommun(demo_db):
    df = queries.deltagande(2024)
    assert list(df.kommunkod) == ALLA
    assert list(df.loc[~df.har_svarat, "kommun"]) == ["Sorsele"]


def test_inskick_shows_superseded_late_and_missing(demo_db):
    df = queries.inskick(2025)
    vindeln = df[df.kommun == "Vindeln"].sort_values("sluttid")
    assert list(vindeln.status) == ["Ersatt av senare svar", "I tid"]
    assert df.loc[df.kommun == "Dorotea", "status"].item() == "Efter sista svarsdag"
    assert len(df) == 16  # 15 answers that count + Vindeln's first submission
    missing = queries.inskick(2024)
    sorsele = missing[missing.kommun == "Sorsele"]
    assert sorsele.status.item() == "Inget svar inkommet" and sorsele.sluttid.isna().all()
    assert sorsele.ordning.item() == missing.ordning.max()
    assert str(missing.svarsdag_slut.iloc[0]) == "2024-10-11 23:59:59"


def test_inlasning_counts_files_and_rejected_rows(demo_db):
    row = queries.inlasning().iloc[0]
    assert row.antal_filer == len(raw_files(RAW_DIR))  # every raw file in the demo folder
    assert row.rader_avvisade == 0
    assert row.inlast is not None


def test_syfte_medel_matches_the_answers(demo_db):
    df = queries.syfte_medel(2025, 2024).set_index("syfte_nr")
    assert df.loc[1, "medel"] == pytest.approx(51 / 15)  # 3,4
    assert df.loc[2, "medel"] == pytest.approx(46 / 12)  # 3 Vet ej
    assert df.loc[2, "antal_vet_ej"] == 3
    assert df.loc[1, "forra_medel"] == pytest.approx(47 / 13)
    # like for like: mean of the paired differences of the kommuner with a position both years
    assert df.loc[2, "forandring"] == pytest.approx(0.6) and df.loc[2, "n_par"] == 10  # naive +0,8
    assert round(df.loc[1, "forandring"], 1) == -0.2 and df.loc[1, "n_par"] == 13
    assert set(df["bedomning"]) == {"ingen säker skillnad"}


def test_syfte_medel_against_the_database(demo_db):
    with duckdb.connect(str(demo_db), read_only=True) as con:
        expected = con.execute(
            "select avg(varde) from likertsvar where utvardering = 2025 and fraga_id like 'syfte_%' "
            "group by fraga_id order by fraga_id").fetchall()
    assert list(queries.syfte_medel(2025).medel) == pytest.approx([v for (v,) in expected])


def test_syfte_medel_without_previous(demo_db):
    df = queries.syfte_medel(2024)
    assert len(df) == 5 and df.forandring.isna().all()


def test_likert_fordelning_keeps_vet_ej_and_zeros(demo_db):
    df = queries.likert_fordelning(2025, ALLA, "syfte")
    assert len(df) == 5 * 6  # every question × every option, zeros kept
    syfte_2 = df[df.fraga_id == "syfte_2"].set_index("svar")
    assert syfte_2.loc["Vet ej", "antal"] == 3
    assert syfte_2.antal.sum() == 15
    assert syfte_2.andel.sum() == pytest.approx(1.0)  # shares of the answers 1–5
    assert syfte_2.loc["Instämmer helt", "andel"] == pytest.approx(3 / 12)


def test_likert_fordelning_empty_without_answers(demo_db):
    assert queries.likert_fordelning(2024, ["2422"], "syfte").empty


def test_likert_resultat_respects_kommun_filter(demo_db):
    df = queries.likert_resultat(2025, ["2480", "2482"], "organisation")
    assert list(df.fraga_id) == ["org_samrad", "org_pkd", "org_delegationer", "org_beredning",
                                 "org_information", "org_aterkoppling"]
    assert (df.antal_svar == 2).all()


def test_likert_resultat_share_positive(demo_db):
    df = queries.likert_resultat(2025, ALLA, "organisation").set_index("fraga_id")
    assert df.loc["org_samrad", "medel"] == pytest.approx(53 / 15)
    assert df.loc["org_samrad", "andel_positiv"] == pytest.approx(7 / 15)
    assert df.loc["org_aterkoppling", "antal_vet_ej"] == 3


def test_likert_per_kommun_one_answer_per_question(demo_db):
    df = queries.likert_per_kommun(2025, ["2480", "2422"], "syfte")
    assert len(df) == 10
    assert set(df.kommun) == {"Umeå", "Sorsele"}


def test_likert_jamforelse_change(demo_db):
    df = queries.likert_jamforelse([2024, 2025], ALLA, "syfte")
    change = df[(df.fraga_id == "syfte_2") & (df.utvardering == 2025)].forandring.item()
    assert change == pytest.approx(0.6)  # paired over the 10 kommuner with a position both years
    naive = queries.likert_jamforelse([2024, 2025], ALLA, "syfte", lika=False)
    assert naive[(naive.fraga_id == "syfte_2") & (naive.utvardering == 2025)].n_par.item() == 10
    assert df[df.utvardering == 2024].forandring.isna().all()


def test_jamforelse_like_for_like_leaves_out_kommuner_missing_a_year(demo_db):
    assert queries.jamforbara_kommuner([2024, 2025], ["2422", "2480"]) == ["2480"]
    df = queries.likert_jamforelse([2024, 2025], ["2422", "2480"], "syfte")
    assert (df["antal_svar"] == 1).all()
    both = queries.likert_jamforelse([2024, 2025], ["2422", "2480"], "syfte", lika=False)
    assert both[both.utvardering == 2025]["antal_svar"].eq(2).all()


def test_kommun_jamforelse_sorsele_2024_has_no_answer(demo_db):
    df = queries.kommun_jamforelse("2422", [2024, 2025])
    assert len(df) == 2 * 11
    assert df[df.utvardering == 2024].svar.isna().all()
    lan = df[(df.utvardering == 2025) & (df.fraga_id == "syfte_1")].lan_medel.item()
    assert lan == pytest.approx(51 / 15)


def test_kommun_deltagande(demo_db):
    df = queries.kommun_deltagande("2422")
    # 2023 (several respondents per kommun): Sorsele was invited but nobody answered; 2024 missing; 2025 answered.
    assert list(df.utvardering) == [2023, 2024, 2025]
    assert list(df.har_svarat) == [False, False, True]


def test_likert_per_kommun_shows_a_kommun_that_did_not_answer(demo_db):
    df = queries.likert_per_kommun(2024, ["2480", "2422"], "syfte")
    sorsele = df[df["kommunkod"] == "2422"]
    assert len(sorsele) == len(df[df["kommunkod"] == "2480"]) == 5
    assert set(sorsele["svar"]) == {"Inget svar inkommet"} and sorsele["varde"].isna().all()
