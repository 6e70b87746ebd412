"""AppTest of the Dataimport page: refusals, preview of an upload, mapping a new header, publish and rollback.

AppTest cannot drive st.file_uploader, so the tests put the upload where the uploader puts it (session state
UPLOAD); the browser test (tests/test_dataimport_browser.py) uploads through the real widget.
"""

from __future__ import annotations

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import svenska
from pipelines import imports
from pipelines.publish import published_file
from tests.conftest import RAW_DIR, page_path
from tests.importdata import UMEA_2025, anslag_with_umea, survey_with_header
from tests.test_auth import signed_in
from tests.test_imports import QUESTION_1, raw_digest
from userstore import import_log
from userstore.importfiles import archived_files

UPLOAD = "dataimport_fil"


@pytest.fixture
def env(workspace, tmp_path, monkeypatch):
    monkeypatch.setenv("UTV_IMPORT_DIR", str(tmp_path / "imports"))
    return workspace


def page(upload: tuple[str, bytes] | None = None, user: dict | None = None) -> AppTest:
    at = AppTest.from_file(page_path("dataimport.py"), default_timeout=120)
    if user is not None:
        at.user = user
    if upload is not None:
        at.session_state[UPLOAD] = upload
    return at.run()


def texts(elements) -> list[str]:
    """Element texts as a reader sees them: Markdown escapes removed, no-break spaces as spaces."""
    return [e.value.replace("\\", "").replace("\u00a0", " ") for e in elements]


def umea_2025(db) -> int:
    with duckdb.connect(str(published_file(db)), read_only=True) as con:
        return int(con.execute("select sum(belopp_kr) from anslag where ar = 2025 and part = 'kommun' "
                               "and kommunkod = '2480'").fetchone()[0])


@pytest.mark.parametrize("roles", [["lasare"], ["granskare"]])
def test_non_administrators_get_an_explanation_and_no_controls(env, roles):
    at = page(user=signed_in("u-1", "Lena Läsare", *roles))
    assert not at.exception
    assert any("Bara en administratör kan importera data" in t for t in texts(at.info))
    assert not at.main.button and not at.main.selectbox


@pytest.mark.parametrize("upload, words", [
    (("rapport.pdf", b"%PDF-1.4"), "är av fel typ (.pdf)"),
    (("anslag.xlsx", b""), "är tom"),
    (("anslag.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "lösenordsskyddad"),
    (("lista.csv", "namn;telefon\nAnna;070\n".encode()), "känns inte igen"),
])
def test_bad_upload_gets_a_swedish_message_and_nothing_is_stored(env, upload, words):
    before = published_file(env["db"]).read_bytes()
    at = page(upload)
    assert not at.exception
    [error] = texts(at.error)
    assert words in error and "Inget sparades och inget publicerades." in error
    assert archived_files() == [] and import_log() == []
    assert published_file(env["db"]).read_bytes() == before


def test_a_file_the_build_refuses_stops_the_dry_run_with_a_swedish_message(env):
    text = (RAW_DIR / "befolkning.csv").read_text(encoding="utf-8") + "Gotham,2024,1000\n"
    at = page(("befolkning.csv", text.encode()))
    assert not at.exception
    [error] = texts(at.error)
    assert error.startswith("Provbygget med filen misslyckades: befolkning.csv: ")
    assert "Gotham" in error and error.endswith("Inget sparades och inget publicerades.")
    assert "Förhandsgranskning" not in texts(at.header)
    assert archived_files() == [] and import_log() == []


def loaded_at() -> str:
    """Översikt's "Senast inläst" as shown."""
    oversikt = AppTest.from_file(page_path("oversikt.py"), default_timeout=120).run()
    return {m.label: m.value for m in oversikt.metric}["Senast inläst"]


def test_upload_preview_publish_and_rollback(env):
    raw_before = raw_digest()
    at = page(("Anslag 2025 rättad.xlsx", anslag_with_umea(3_900_000)))
    assert not at.exception
    assert "**Anslag 2025 rättad.xlsx** känns igen som **kommunala anslag (arbetsbok)**." in texts(at.markdown)
    assert "Förhandsgranskning" in texts(at.header)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rader avvisade"] == "0" and int(metrics["Rader inlästa"].replace(" ", "")) > 0
    changes = "\n".join(texts(at.markdown))
    assert "- Umeå anslag 2025: 3 695 600 kr → 3 900 000 kr" in changes
    assert "Svarsfrekvens 2025: 15 av 15 (oförändrad)" in changes
    assert "- Tabellen anslag: 1 ny rad, 1 borttagen rad" in changes  # the Beredning post of Umeå 2025
    assert umea_2025(env["db"]) == UMEA_2025  # the preview published nothing

    at.button(key="dataimport_publicera").click().run()
    assert not at.exception
    assert any("är publicerad som kommunala_anslag.xlsx" in s and "Översikt visar den nya inläsningstiden" in s
               for s in texts(at.success))
    assert umea_2025(env["db"]) == 3_900_000
    with duckdb.connect(str(published_file(env["db"])), read_only=True) as con:
        inlast = con.execute("select max(inlast) from load_manifest").fetchone()[0]
    assert loaded_at() == svenska.datetime(inlast)  # the new build's load time (minutes shown)
    [entry] = import_log()
    assert entry["atgard"] == "publicera" and entry["anvandare"] == "Lokal användare"
    assert [f["filnamn"] for f in archived_files()] == ["Anslag 2025 rättad.xlsx"]
    logg = at.dataframe[0].value
    assert list(logg["Åtgärd"]) == ["Publicerad"]
    assert logg["Uppladdade filer"][0].startswith("kommunala_anslag.xlsx (från Anslag 2025 rättad.xlsx, ")

    at.selectbox(key="dataimport_aterstall_val").set_value("Endast demodata (inga uppladdade filer)").run()
    at.button(key="dataimport_aterstall").click().run()
    assert not at.exception
    assert umea_2025(env["db"]) == UMEA_2025
    assert [e["atgard"] for e in import_log()] == ["aterstall", "publicera"]
    assert list(at.dataframe[0].value["Åtgärd"]) == ["Återställd", "Publicerad"]
    assert raw_digest() == raw_before


def test_every_rejection_reason_is_shown_in_the_preview(env):
    at = page(("anslag.xlsx", anslag_with_umea(3_900_000, summa_row=False)))
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Rader avvisade"] == "1"
    assert "Avvisade värden i kommunala_anslag.xlsx" in texts(at.subheader)
    rejected = at.dataframe[0].value
    assert list(rejected.columns) == ["Fil", "Blad", "Rad", "Kolumn", "Värde", "Orsak"]
    assert rejected["Orsak"][0].startswith("Summaraden stämmer inte med summan av de inlästa kommunraderna")


def test_new_header_is_mapped_saved_to_a_new_catalogue_version_and_published(env):
    catalogue_before = (RAW_DIR / "fragekatalog.csv").read_bytes()
    header = "Har samverkan gjort uppdragen bättre?"
    at = page(("Enkät 2025.xlsx", survey_with_header(QUESTION_1, header)))
    assert not at.exception
    assert "Nya kolumnrubriker" in texts(at.header)
    assert any("1 kolumnrubrik finns inte i frågekatalogen" in w for w in texts(at.warning))
    assert "Förhandsgranskning" not in texts(at.header)  # no dry run before every header is mapped

    at.button(key="dataimport_spara_katalog").click().run()
    assert any("Välj en fråga" in e for e in texts(at.error))

    at.selectbox(key="dataimport_rubrik_0").set_value("syfte_1").run()
    at.button(key="dataimport_spara_katalog").click().run()
    assert not at.exception
    assert "Förhandsgranskning" in texts(at.header)
    assert "- Tabellen fraga: 1 ny rad, 1 borttagen rad" in "\n".join(texts(at.markdown))  # the new header text
    [saved] = archived_files()
    assert (saved["filnamn"], saved["kalla"]) == ("fragekatalog.csv", "fragekatalog")

    at.button(key="dataimport_publicera").click().run()
    assert not at.exception
    files = {f["fil"]: f for f in import_log()[0]["filer"]}
    assert files["fragekatalog.csv"]["kalla"] == "arkiv" and files["utvardering_2025.xlsx"]["kalla"] == "arkiv"
    assert (RAW_DIR / "fragekatalog.csv").read_bytes() == catalogue_before


def test_the_page_asks_when_the_columns_fit_two_sources(env):
    at = page(("invanare.csv", (RAW_DIR / "befolkningsprognos.csv").read_bytes()))
    assert not at.exception
    kalla = at.radio(key="dataimport_kalla")
    assert kalla.label == "Vilken källa är filen?"
    assert kalla.options == ["Referensfil: befolkning", "Referensfil: befolkningsprognos"]
    assert "Filen läses som befolkning.csv i bygget; den ersätter den nuvarande filen med det namnet." in texts(at.caption)
    kalla.set_value(imports.KIND_BY_ID["befolkningsprognos"]).run()
    assert not at.exception
    assert "Filen läses som befolkningsprognos.csv i bygget; den ersätter den nuvarande filen med det namnet." in \
        texts(at.caption)
    assert "Inga publicerade siffror ändras med den här filen." in texts(at.info)
