"""Importing raw files: refusals, recognition, catalogue mapping, dry run, publish and rollback (pipelines.imports)."""

from __future__ import annotations

import hashlib

import duckdb
import pytest

from pipelines import imports
from pipelines.build import sha256
from pipelines.publish import published_file
from tests.importdata import RAW, UMEA_2025, anslag_with_umea, survey_with_header
from userstore import PUBLISH, ROLLBACK, import_log
from userstore.importfiles import archived_files

ADMIN = ("admin-1", "Anna Admin")
QUESTION_1 = ("I vilken grad har samverkan bidragit till att öka kvaliteten och effektiviteten i de kommunala "
              "och regionala uppdragen?")


@pytest.fixture
def import_env(private_env, tmp_path, monkeypatch):
    monkeypatch.setenv("UTV_IMPORT_DIR", str(tmp_path / "imports"))
    return {**private_env, "imports": tmp_path / "imports"}


def umea_2025(db) -> int:
    with duckdb.connect(str(published_file(db)), read_only=True) as con:
        return int(con.execute("select sum(belopp_kr) from anslag where ar = 2025 and part = 'kommun' "
                               "and kommunkod = '2480'").fetchone()[0])


def raw_digest() -> str:
    return hashlib.sha256(b"".join(sha256(p).encode() for p in sorted(RAW.iterdir()))).hexdigest()


@pytest.mark.parametrize("name, data, words", [
    ("rapport.pdf", b"%PDF-1.4", "fel typ"),
    ("anslag.xlsx", b"", "tom"),
    ("anslag.csv", b"  \n", "tom"),
    ("anslag.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "lösenordsskyddad"),
    ("anslag.xlsx", b"inte en arbetsbok", "kan inte läsas som Excel-fil"),
])
def test_bad_uploads_are_refused_in_swedish(name, data, words):
    with pytest.raises(imports.UploadRefused, match=words):
        imports.check_upload(name, data)


def test_too_large_upload_is_refused(monkeypatch):
    monkeypatch.setenv("UTV_IMPORT_MAX_MB", "1")
    with pytest.raises(imports.UploadRefused, match="för stor"):
        imports.check_upload("befolkning.csv", b"kommunkod,ar,invanare\n" + b"2480,2024,1\n" * 200_000)


@pytest.mark.parametrize("name, expected", [
    ("kommunala_anslag.xlsx", ["anslag"]),
    ("budgetuppfoljning.xlsx", ["budget"]),
    ("utvardering_2024.xlsx", ["enkat"]),
    ("kommuner.csv", ["kommuner"]),
    ("befolkning.csv", ["befolkning", "befolkningsprognos"]),
    ("befolkningsprognos.csv", ["befolkningsprognos", "befolkning"]),
    ("skattekraft.csv", ["skattekraft"]),
    ("fragekatalog.csv", ["fragekatalog"]),
    ("utvarderingar.csv", ["utvarderingar"]),
    ("utskick.csv", ["utskick"]),
    ("utvardering_2023.xlsx", ["enkat"]),
])
def test_recognises_every_demo_source(name, expected):
    assert [k.id for k in imports.recognise(name, (RAW / name).read_bytes(), RAW)] == expected


def test_an_unknown_source_is_not_recognised():
    assert imports.recognise("lista.csv", "namn;telefon\nAnna;070\n".encode(), RAW) == []


def test_unknown_header_is_found_and_mapped_to_an_existing_question(tmp_path):
    data = survey_with_header(QUESTION_1, "Har samverkan gjort uppdragen bättre?")
    assert imports.unknown_headers(data, "utvardering_2025.xlsx", RAW) == ["Har samverkan gjort uppdragen bättre?"]
    katalog = imports.extended_catalogue(RAW, {"Har samverkan gjort uppdragen bättre?": "syfte_1"})
    (tmp_path / "fragekatalog.csv").write_bytes(katalog)
    assert imports.unknown_headers(data, "utvardering_2025.xlsx", tmp_path) == []
    last = katalog.decode().strip().splitlines()[-1]
    assert last.startswith("Har samverkan gjort uppdragen bättre?,syfte_1,likert,syfte,")


def test_new_question_and_personal_data_rows_are_valid_catalogue_rows():
    from pipelines import sources

    katalog = sources.read_fragekatalog(RAW)
    new = imports.catalogue_row("Övriga synpunkter på året", imports.NEW_QUESTION, katalog)
    personal = imports.catalogue_row("Telefonnummer", imports.PERSONAL, katalog)
    assert (new["fraga_id"], new["typ"], new["personuppgift"]) == ("ny_ovriga_synpunkter_pa_aret", "fritext", "nej")
    assert (personal["fraga_id"], personal["typ"], personal["personuppgift"]) == ("meta_telefonnummer", "meta", "ja")


def test_dry_run_shows_the_changed_figure_and_publishes_nothing(import_env):
    before = sha256(published_file(import_env["db"]))
    preview = imports.dry_run({}, {"kommunala_anslag.xlsx": anslag_with_umea(3_900_000)})
    row = preview.anslag.set_index(["ar", "kommunkod"]).loc[(2025, "2480")]
    assert (row["kommun"], row["fore_kr"], row["efter_kr"]) == ("Umeå", UMEA_2025, 3_900_000)
    assert len(preview.anslag) == 1
    assert list(preview.tables["tabell"]) == ["anslag", "anslag_per_invanare"]
    assert preview.manifest.set_index("fil").loc["kommunala_anslag.xlsx", "rader_inlasta"] > 0
    assert sha256(published_file(import_env["db"])) == before
    assert import_log() == [] and archived_files() == []


def test_an_uploaded_invitation_list_changes_the_response_rate_in_the_dry_run(import_env):
    text = (RAW / "utskick.csv").read_text(encoding="utf-8")
    assert "2023,Sorsele,förtroendevald,3" in text
    preview = imports.dry_run({}, {"utskick.csv": text.replace("2023,Sorsele,förtroendevald,3",
                                                                "2023,Sorsele,förtroendevald,5").encode("utf-8")})
    assert "utskick" in list(preview.tables["tabell"])
    assert imports.target_name(imports.KIND_BY_ID["utskick"], RAW) == "utskick.csv"


def test_archive_keeps_the_bytes_unchanged_with_who_and_when(import_env):
    data = anslag_with_umea(3_900_000)
    sha = imports.archive(data, "Anslag ny.xlsx", "anslag", *ADMIN)
    assert imports.archive_path(sha).read_bytes() == data and sha == hashlib.sha256(data).hexdigest()
    [row] = archived_files()
    assert (row["sha256"], row["filnamn"], row["anvandare"], row["storlek_byte"]) == (sha, "Anslag ny.xlsx",
                                                                                       "Anna Admin", len(data))


def test_publish_then_rollback_is_logged_and_never_touches_data_raw(import_env):
    raw_before = raw_digest()
    data = anslag_with_umea(3_900_000)
    imports.publish_overlay({}, *ADMIN, log=lambda _m: None,
                            pending={"kommunala_anslag.xlsx": (data, "Anslag 2025 rättad.xlsx", "anslag")})
    sha = hashlib.sha256(data).hexdigest()
    assert umea_2025(import_env["db"]) == 3_900_000
    assert imports.active_raw_dir() != RAW
    assert (imports.active_raw_dir() / "kommunala_anslag.xlsx").read_bytes() == imports.archive_path(sha).read_bytes()
    [entry] = import_log()
    assert (entry["atgard"], entry["anvandare"]) == (PUBLISH, "Anna Admin")
    files = {f["fil"]: f for f in entry["filer"]}
    assert files["kommunala_anslag.xlsx"] == {"fil": "kommunala_anslag.xlsx", "sha256": sha, "kalla": "arkiv"}
    assert files["kommuner.csv"]["kalla"] == "demo" and entry["antal"]["rader_inlasta"] > 0

    imports.rollback(None, *ADMIN, log=lambda _m: None)
    assert umea_2025(import_env["db"]) == UMEA_2025
    assert imports.active_raw_dir() == RAW
    newest, first = import_log()
    assert newest["atgard"] == ROLLBACK and imports.overlay_of(newest) == {}
    imports.rollback(first["id"], *ADMIN, log=lambda _m: None)
    assert umea_2025(import_env["db"]) == 3_900_000
    assert [p.name for p in (import_env["imports"] / "arbete").iterdir()] == [imports.active_raw_dir().name]
    assert raw_digest() == raw_before


def test_missing_archived_file_stops_with_a_swedish_message(import_env):
    with pytest.raises(imports.BuildError, match="saknas i arkivet"):
        imports.materialise({"kommunala_anslag.xlsx": "0" * 64})


def test_a_later_build_reads_the_active_set_not_the_demo_alone(import_env, capsys):
    from pipelines.__main__ import main

    data = anslag_with_umea(3_900_000)
    imports.publish_overlay({}, *ADMIN, log=lambda _m: None, pending={"kommunala_anslag.xlsx": (data, "a.xlsx", "anslag")})
    assert main(["--force"]) == 0  # the command line without --raw: the active set
    assert umea_2025(import_env["db"]) == 3_900_000
    assert main(["--force", "--raw", str(RAW)]) == 0  # an explicit folder still wins
    assert umea_2025(import_env["db"]) == UMEA_2025


def test_a_publish_against_an_outdated_preview_is_refused(import_env):
    preview_base = imports.active_overlay()  # {}: what this administrator previewed against
    other = anslag_with_umea(3_800_000)
    imports.publish_overlay({}, "admin-2", "Bo Admin", log=lambda _m: None,
                            pending={"kommunala_anslag.xlsx": (other, "b.xlsx", "anslag")})
    with pytest.raises(imports.UploadRefused, match="En annan administratör har publicerat"):
        imports.publish_overlay(preview_base, *ADMIN, log=lambda _m: None, expected=preview_base,
                                pending={"budgetuppfoljning.xlsx": ((RAW / "budgetuppfoljning.xlsx").read_bytes(),
                                                                    "budget.xlsx", "budget")})
    assert umea_2025(import_env["db"]) == 3_800_000 and len(import_log()) == 1
    assert [f["filnamn"] for f in archived_files()] == ["b.xlsx"]  # the refused file was not stored


def test_a_header_marked_as_personal_data_is_never_loaded(import_env, tmp_path):
    data = survey_with_header("Ditt namn", "Namn på den som svarar")
    assert imports.unknown_headers(data, "utvardering_2025.xlsx", RAW) == ["Namn på den som svarar"]
    catalogue = imports.extended_catalogue(RAW, {"Namn på den som svarar": imports.PERSONAL})
    preview = imports.dry_run({}, {"utvardering_2025.xlsx": data, "fragekatalog.csv": catalogue})
    assert preview.tables.empty and preview.anslag.empty  # the answers load exactly as before, without the names
    assert preview.manifest.set_index("fil").loc["utvardering_2025.xlsx", "rader_avvisade"] == 0


def test_an_utvarderingar_file_without_the_optional_svarsmodell_is_recognised():
    text = (RAW / "utvarderingar.csv").read_text(encoding="utf-8")
    without = "\n".join(",".join(line.split(",")[:5]) for line in text.strip().splitlines()) + "\n"
    assert "svarsmodell" not in without
    assert [k.id for k in imports.recognise("utvarderingar.csv", without.encode("utf-8"), RAW)] == ["utvarderingar"]
