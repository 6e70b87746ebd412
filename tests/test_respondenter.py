"""Several respondents per kommun (svarsmodell flera_per_kommun): respondent key, roles, weighting, suppression.

Unit tests run on three-row frames; the integration tests compute the 2023 demo utvärdering's figures
independently from the raw export (pandas on data/raw/utvardering_2023.xlsx), not from the pipeline's output.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import queries, tables
from dashboard.smagrupper import FOR_FA_SVAR, MIN_GROUP, skydda, visas
from pipelines import respondents, sources
from pipelines.build import run
from pipelines.errors import BuildError
from tests.conftest import RAW_DIR, displayed, page_path

QUIET = {"log": lambda _m: None}
SCORES = {"Instämmer helt": 5, "Instämmer till stor del": 4, "Instämmer delvis": 3, "Instämmer i liten grad": 2,
          "Instämmer inte alls": 1}
SYFTE_1 = "I vilken utsträckning har samverkan bidragit till att: Öka kvaliteten och effektiviteten i de kommunala " \
          "och regionala uppdragen?"


# --- unit: respondent key, roles, suppression, weighting -------------------------------------------------------


def test_respondent_key_is_hmac_of_the_normalised_address():
    secret = b"hemlig"
    frame = pd.DataFrame({"epost": ["Anna.Berg@umea.se", "  anna.berg@UMEA.se ", "per@umea.se"]})
    keys = frame["epost"].map(lambda v: respondents.respondent_key(v, secret))
    assert keys[0] == keys[1] != keys[2]
    assert keys[0] == hmac.new(secret, b"anna.berg@umea.se", hashlib.sha256).hexdigest()
    assert respondents.respondent_key(None, secret) is None and respondents.respondent_key("  ", secret) is None
    assert respondents.respondent_key("per@umea.se", b"annan") != keys[2]  # the secret matters


def test_generated_secret_is_stable_and_private(tmp_path, monkeypatch):
    monkeypatch.setenv("UTV_USER_DIR", str(tmp_path))
    monkeypatch.delenv("UTV_RESPONDENT_SECRET", raising=False)
    first = respondents.respondent_secret()
    path = tmp_path / respondents.SECRET_FILE
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600 and len(first) == 64
    assert respondents.respondent_secret() == first
    monkeypatch.setenv("UTV_RESPONDENT_SECRET", "från-inställningen")
    assert respondents.respondent_secret() == b"fr\xc3\xa5n-inst\xc3\xa4llningen"


def test_roles_are_normalised_through_the_seed():
    mapping = respondents.read_role_mapping()
    frame = pd.DataFrame({"roll": ["Politiker", " TJÄNSTEMAN ", "Ordförande"]})
    read = frame["roll"].map(lambda v: respondents.normalise_role(v, mapping))
    assert list(read) == [("förtroendevald", True), ("tjänsteperson", True), (None, False)]
    assert respondents.normalise_role(None, mapping) == (None, True)


def test_suppression_rule():
    assert MIN_GROUP == 3 and not visas(2) and visas(3) and not visas(None)
    frame = pd.DataFrame({"roll": ["förtroendevald", "tjänsteperson", "förtroendevald"], "antal": [2, 3, 1],
                          "medel": [3.5, 4.0, 2.0]})
    out = skydda(frame, "antal", ["medel"])
    assert list(out["visas"]) == [False, True, False]
    assert out["medel"].tolist() == [None, 4.0, None]
    assert list(out["skyddad"]) == [FOR_FA_SVAR, "", FOR_FA_SVAR]
    shown = tables.kommun_roll_tabell(out.assign(kort_text="Syfte 1", antal_svarande=out["antal"]))
    assert shown["Medelvärde (1–5)"].tolist() == [FOR_FA_SVAR, "4,0", FOR_FA_SVAR]
    assert shown["Svarande"].tolist() == ["färre än 3", "3", "färre än 3"]


def weighted(frame: pd.DataFrame) -> tuple[float, float]:
    """(every kommun equal, every respondent equal) of a frame with kommunkod and varde."""
    return frame.groupby("kommunkod")["varde"].mean().mean(), frame["varde"].mean()


def test_equal_kommun_and_respondent_weighting_differ_with_uneven_kommuner(tmp_path):
    rows = pd.DataFrame({"kommunkod": ["2480", "2480", "2482"], "varde": [5, 5, 2]})
    assert weighted(rows) == (3.5, 4.0)
    # the same rule in SQL, as likertsvar.vikt and the queries apply it
    with duckdb.connect() as con:
        con.register("l", rows)
        kommun, svarande = con.execute(
            "with v as (select *, 1.0 / count(varde) over (partition by kommunkod) as vikt from l) "
            "select sum(varde * vikt) / sum(vikt), avg(varde) from v").fetchone()
    assert (kommun, svarande) == (3.5, 4.0)


# --- reading: svarsmodell and roles reported in Swedish -----------------------------------------------------------


def copy_raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in RAW_DIR.iterdir():
        (raw / path.name).write_bytes(path.read_bytes())
    return raw


def test_unknown_svarsmodell_is_reported_with_file_row_column_and_value(tmp_path):
    raw = copy_raw(tmp_path)
    path = raw / "utvarderingar.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2024-10-11,en_per_kommun", "2024-10-11,många"),
                    encoding="utf-8")
    with pytest.raises(BuildError) as error:
        sources.read_utvarderingar(raw)
    assert error.value.fil == "utvarderingar.csv"
    assert "rad 3, kolumn svarsmodell, värde 'många'" in error.value.message
    assert "en_per_kommun, flera_per_kommun" in error.value.message


def test_missing_svarsmodell_column_means_one_per_kommun(tmp_path):
    raw = copy_raw(tmp_path)
    path = raw / "utvarderingar.csv"
    frame = pd.read_csv(path).drop(columns="svarsmodell")
    frame.to_csv(path, index=False)
    assert set(sources.read_utvarderingar(raw)["svarsmodell"]) == {"en_per_kommun"}


# --- integration: the 2023 demo utvärdering, figures computed from the raw export -----------------------------------


@pytest.fixture(scope="module")
def export_2023() -> pd.DataFrame:
    """The raw 2023 export with the counting response per respondent, worked out here with pandas."""
    frame = pd.read_excel(RAW_DIR / "utvardering_2023.xlsx", engine="calamine")
    kommuner = pd.read_csv(RAW_DIR / "kommuner.csv", dtype=str)
    kod = dict(zip(kommuner["kommun"], kommuner["kommunkod"]))
    frame["kommunkod"] = frame["Vilken kommun svarar du för?"].map(kod)
    frame["vem"] = frame["E-post"].str.strip().str.casefold().fillna("svar-" + frame["ID"].astype(str))
    frame["roll"] = frame["Roll"].str.strip().str.casefold().map(
        lambda r: "förtroendevald" if r.startswith(("förtroende", "politi")) else "tjänsteperson")
    latest = frame.sort_values("Slutförandetid").groupby(["kommunkod", "vem"]).tail(1)
    return latest.assign(varde=latest[SYFTE_1].map(SCORES))


def test_2023_counts_every_respondent_once(demo_db, export_2023):
    with duckdb.connect(str(demo_db), read_only=True) as con:
        counted = con.execute("select count(*) from enkatsvar where utvardering = 2023 and galler").fetchone()[0]
        total = con.execute("select count(*) from enkatsvar where utvardering = 2023").fetchone()[0]
        model = con.execute("select svarsmodell from utvardering where utvardering = 2023").fetchone()[0]
        replaced = con.execute("select count(*) from enkatsvar where utvardering = 2023 and not galler "
                               "and ersatt_av is not null").fetchone()[0]
        email_columns = con.execute("select count(*) from information_schema.columns "
                                    "where column_name ilike '%e_post%' or column_name ilike '%epost%'").fetchone()[0]
        keys = con.execute("select respondent from enkatsvar where utvardering = 2023 and respondent is not null"
                           ).df()["respondent"]
    raw = pd.read_excel(RAW_DIR / "utvardering_2023.xlsx", engine="calamine")
    assert model == "flera_per_kommun"
    assert counted == len(export_2023) and total == len(raw) and replaced == len(raw) - len(export_2023) > 0
    assert email_columns == 0
    assert keys.str.fullmatch(r"[0-9a-f]{64}").all()  # hex HMAC-SHA256, not the address


def test_2023_county_figures_both_weightings(demo_db, export_2023):
    alla = list(queries.kommuner()["kommunkod"])
    df = queries.likert_viktat(2023, alla, "syfte").set_index("fraga_id").loc["syfte_1"]
    with_position = export_2023.dropna(subset=["varde"])
    kommun, svarande = weighted(with_position)
    assert df["medel_kommun"] == pytest.approx(kommun)
    assert df["medel_svarande"] == pytest.approx(svarande)
    assert df["antal_kommuner"] == with_position["kommunkod"].nunique()
    assert df["antal_svarande"] == len(with_position)
    # the standard result table of the page weighs every kommun equally too
    resultat = queries.likert_resultat(2023, alla, "syfte").set_index("fraga_id").loc["syfte_1"]
    assert resultat["medel"] == pytest.approx(kommun)


def test_2023_role_breakdown_is_suppressed_below_three(demo_db, export_2023):
    skelleftea = export_2023[export_2023["kommunkod"] == "2482"].dropna(subset=["varde"])
    df = queries.likert_kommun_roll(2023, "2482", "syfte").set_index(["fraga_id", "roll"])
    for roll, group in skelleftea.groupby("roll"):
        row = df.loc[("syfte_1", roll)]
        assert row["antal_svarande"] == len(group)
        if len(group) >= MIN_GROUP:
            assert row["visas"] and row["medel"] == pytest.approx(group["varde"].mean())
        else:
            assert not row["visas"] and row["medel"] is None and row["skyddad"] == FOR_FA_SVAR
    assert not df["visas"].all()  # the demo has a group under three here


def test_2023_response_rate_per_kommun_and_role(demo_db, export_2023):
    utskick = pd.read_csv(RAW_DIR / "utskick.csv")
    skel = utskick[(utskick["kommun"] == "Skellefteå") & (utskick["roll"] == "förtroendevald")]
    svarat = len(export_2023[(export_2023["kommunkod"] == "2482") & (export_2023["roll"] == "förtroendevald")])
    texts = list(queries.ej_svarat_roll(2023)["text"])
    assert f"Skellefteå: {svarat} av {int(skel['antal_inbjudna'].item())} förtroendevalda" in texts
    assert "Sorsele: 0 av 3 förtroendevalda" in texts


def test_one_per_kommun_figures_are_the_same_under_both_weightings(demo_db):
    alla = list(queries.kommuner()["kommunkod"])
    for year in (2024, 2025):
        df = queries.likert_viktat(year, alla, "syfte")
        assert (df["medel_kommun"] - df["medel_svarande"]).abs().max() < 1e-12
        assert (df["antal_kommuner"] == df["antal_svarande"]).all()
        resultat = queries.likert_resultat(year, alla, "syfte")
        assert list(resultat["medel"]) == pytest.approx(list(df["medel_kommun"]))


# --- pages ------------------------------------------------------------------------------------------------------


def test_role_filter_only_where_the_utvardering_has_roles(demo_env):
    at = AppTest.from_file(page_path("utvardering.py"), default_timeout=60)
    at.query_params["utvardering"] = "2025"
    at.run()
    assert not at.exception
    assert "Roll" not in [s.label for s in at.get("segmented_control")]
    at = AppTest.from_file(page_path("utvardering.py"), default_timeout=60)
    at.query_params["utvardering"] = "2023"
    at.query_params["roll"] = "Förtroendevalda"
    at.run()
    assert not at.exception
    roll = next(s for s in at.get("segmented_control") if s.label == "Roll")
    assert roll.value == "Förtroendevalda"
    assert at.query_params["roll"] == "Förtroendevalda"
    medel = next(displayed(d) for d in at.dataframe if "Kommuner" in d.value.columns)
    alla = list(queries.kommuner()["kommunkod"])
    expected = queries.likert_viktat(2023, alla, "syfte", "förtroendevald")["antal_svarande"].astype(str).tolist()
    assert medel["Svarande"].tolist() == expected
    assert "Varje kommun väger lika" in [r.value for r in at.radio]


def test_2023_role_filter_on_the_county_figures(demo_db, export_2023):
    """The role's county mean weighs every kommun equally within the role; the distribution counts its answers."""
    alla = list(queries.kommuner()["kommunkod"])
    roll = export_2023[export_2023["roll"] == "förtroendevald"]
    kommun, _ = weighted(roll.dropna(subset=["varde"]))
    resultat = queries.likert_resultat(2023, alla, "syfte", "förtroendevald").set_index("fraga_id").loc["syfte_1"]
    assert resultat["medel"] == pytest.approx(kommun)
    assert resultat["antal_svar"] == roll[SYFTE_1].notna().sum()
    fordelning = queries.likert_fordelning(2023, alla, "syfte", "förtroendevald")
    assert fordelning[fordelning["fraga_id"] == "syfte_1"]["antal"].sum() == roll[SYFTE_1].notna().sum()


def test_2023_role_filter_per_kommun_suppresses_small_groups(demo_db, export_2023):
    alla = list(queries.kommuner()["kommunkod"])
    df = queries.likert_per_kommun(2023, alla, "syfte", "förtroendevald")
    syfte_1 = df[df["fraga_id"] == "syfte_1"].set_index("kommunkod")
    counts = export_2023[export_2023["roll"] == "förtroendevald"].groupby("kommunkod").size()
    for kod, row in syfte_1.iterrows():
        n = int(counts.get(kod, 0))
        if n == 0:
            assert row["svar"] == "Inget svar inkommet"
        elif n < MIN_GROUP:
            assert row["svar"] == FOR_FA_SVAR and pd.isna(row["varde"])
        else:
            group = export_2023[(export_2023["kommunkod"] == kod) & (export_2023["roll"] == "förtroendevald")]
            assert row["varde"] == pytest.approx(group["varde"].mean())
    assert (syfte_1["svar"] == FOR_FA_SVAR).any() and syfte_1["varde"].notna().any()
    # without a role nothing is suppressed: every kommun's mean over all its respondents
    assert FOR_FA_SVAR not in set(queries.likert_per_kommun(2023, alla, "syfte")["svar"])


def test_utvardering_role_filter_applies_to_the_main_figures(demo_env, export_2023):
    at = AppTest.from_file(page_path("utvardering.py"), default_timeout=60)
    at.query_params["utvardering"] = "2023"
    at.query_params["roll"] = "Förtroendevalda"
    at.run()
    assert not at.exception
    markdown = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "Syften: svarsfördelning per fråga, utvärdering 2023, förtroendevalda" in markdown
    assert "Syften: varje kommuns svar, utvärdering 2023, förtroendevalda" in markdown
    captions = [c.value for c in at.caption]
    assert any("Bara svar från förtroendevalda." in c for c in captions)
    assert any(FOR_FA_SVAR in c and "färre än 3 svarande med den valda rollen" in c for c in captions)
    assert any("Rollfiltret gäller utvärdering 2023" in i.value for i in at.info)
    resultat = next(displayed(d) for d in at.dataframe if "Andel positiva" in " ".join(d.value.columns))
    assert len(resultat)


def test_utvardering_role_filter_on_one_small_kommun_says_too_few(demo_env, export_2023):
    counts = export_2023[export_2023["roll"] == "förtroendevald"].groupby("kommunkod").size()
    small = next(k for k, n in counts.items() if 0 < n < MIN_GROUP)
    at = AppTest.from_file(page_path("utvardering.py"), default_timeout=60)
    at.query_params["utvardering"] = "2023"
    at.query_params["roll"] = "Förtroendevalda"
    at.query_params["kommun"] = small
    at.run()
    assert not at.exception
    assert any(i.value.startswith(f"{FOR_FA_SVAR}: {counts[small]} svarande med den valda rollen") for i in at.info)
    markdown = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "svarsfördelning per fråga, utvärdering 2023" not in markdown


def test_kommunprofil_shows_the_suppression_message(demo_env):
    at = AppTest.from_file(page_path("kommunprofil.py"), default_timeout=60)
    at.query_params["utvardering"] = "2023"
    at.query_params["kommun"] = "2482"
    at.run()
    assert not at.exception
    assert "Skellefteå per roll 2023" in [h.value for h in at.subheader]
    roller = next(d.value for d in at.dataframe if "Roll" in d.value.columns)
    assert FOR_FA_SVAR in set(roller["Medelvärde (1–5)"])


def test_fritext_role_filter_leaves_out_small_groups_and_says_so(demo_env):
    roller = queries.fritext_roller((2023,))
    fv = roller[roller["roll"] == "förtroendevald"]
    dolda = int((~fv["visas"]).sum())
    assert dolda > 0  # the demo has answers from kommuner with one or two förtroendevalda
    at = AppTest.from_file(page_path("fritext.py"), default_timeout=60)
    at.query_params["utvardering"] = "2023"
    at.query_params["roll"] = "Förtroendevalda"
    at.run()
    assert not at.exception
    assert any(i.value.startswith(f"{FOR_FA_SVAR}: {dolda} svar från kommuner där färre än 3") for i in at.info)


def test_unknown_role_is_reported_and_the_response_still_counts(tmp_path):
    import openpyxl

    raw = copy_raw(tmp_path)
    book = openpyxl.load_workbook(raw / "utvardering_2023.xlsx")
    sheet = book["Svar"]
    column = next(c.column_letter for c in sheet[1] if c.value == "Roll")
    sheet[f"{column}2"] = "Ordförande"
    book.save(raw / "utvardering_2023.xlsx")
    db = tmp_path / "curated" / "u.duckdb"
    run(raw, db, force=True, **QUIET)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("select rad, kolumn, varde, orsak from rejected_rows where fil = 'utvardering_2023.xlsx'"
                           ).fetchall()
        counted = con.execute("select count(*) from enkatsvar where utvardering = 2023 and svars_id = 1 "
                              "and roll is null").fetchone()[0]
    assert rows == [(2, "Roll", "Ordförande", sources.UNKNOWN_ROLE)]
    assert counted == 1


def test_oversikt_headline_gives_both_n_for_several_respondents(demo_env, export_2023):
    with_position = export_2023.dropna(subset=["varde"])
    at = AppTest.from_file(page_path("oversikt.py"), default_timeout=60)
    at.query_params["utvardering"] = "2023"
    at.run()
    assert not at.exception
    expected = f"n = {with_position['kommunkod'].nunique()} kommuner och {len(with_position)} svarande."
    assert expected in [c.value for c in at.caption]
    assert "Svarsfrekvens per kommun och roll 2023" in [h.value for h in at.subheader]


def test_another_secret_forces_a_rebuild(tmp_path, monkeypatch):
    from pipelines.build import inputs_fingerprint

    monkeypatch.setenv("UTV_RESPONDENT_SECRET", "en")
    first = inputs_fingerprint(RAW_DIR)
    assert inputs_fingerprint(RAW_DIR) == first
    monkeypatch.setenv("UTV_RESPONDENT_SECRET", "två")
    assert inputs_fingerprint(RAW_DIR) != first
