"""Dataimport (administrators): upload a source file, preview a dry run, map new headers, publish, roll back.

The upload lives in session state under UPLOAD as (file name, bytes): the file uploader puts it there, and a
test can put it there directly (AppTest cannot drive st.file_uploader). The logic is in pipelines.imports.
"""

import hashlib

import streamlit as st

from dashboard import auth, texts
from dashboard.components import show_table
from dashboard.formatting import fmt_number
from dashboard.layout import page_setup
from dashboard.markdown import escape_markdown
from dashboard.svenska import count
from dashboard.queries.dataimport import aterstallningsval, arkiv_tabell, importlogg_tabell
from pipelines import imports, sources
from pipelines.build import WAITING, BuildError
from pipelines.settings import setting_int
from userstore import StoreError, import_log

UPLOAD, PREVIEW, CATALOGUE, ROUND, DONE, FROM_UPLOADER = (
    "dataimport_fil", "dataimport_forhandsgranskning", "dataimport_katalog", "dataimport_omgang", "dataimport_klart",
    "dataimport_fran_uppladdaren")
CHOOSE = "Välj …"

page_setup("Dataimport", "Ladda upp en ny enkätexport, anslagsarbetsbok, budgetuppföljning eller referensfil, se vad "
           "som skulle ändras och publicera. Filerna i data/raw är demodata och ändras aldrig.", kommun_filter=False)

user = auth.current_user()
if not auth.may(user, auth.Action.IMPORT_DATA):
    st.info("Bara en administratör kan importera data, publicera och återställa tidigare versioner. Har du nya "
            "filer som ska in i dashboarden, skicka dem till en administratör i Region Västerbotten.")
    st.stop()

if DONE in st.session_state:
    st.success(st.session_state.pop(DONE))


def failed(what: str, error: Exception, tail: str = "Inget sparades och inget publicerades.") -> None:
    """A Swedish message for a failure: what failed, why, and that nothing was stored or published."""
    st.error(f"{what}: {escape_markdown(error)} {tail}")


try:
    entries = import_log()
    base = imports.overlay_of(entries[0]) if entries else {}
except StoreError as error:
    st.error(f"Importloggen kunde inte läsas: {escape_markdown(error)}")
    st.stop()

# --- Upload ---------------------------------------------------------------------------
st.header("Ladda upp en fil")
omgang = st.session_state.setdefault(ROUND, 0)
fil = st.file_uploader("Fil att importera (.xlsx eller .csv)", type=["xlsx", "csv"], key=f"dataimport_uppladdare_{omgang}",
                       help="Enkätexport, kommunala anslag, budgetuppföljning eller en referensfil. Högst "
                            f"{setting_int('import_max_mb')} MB.")
if fil is not None:
    st.session_state[UPLOAD], st.session_state[FROM_UPLOADER] = (fil.name, fil.getvalue()), True
elif st.session_state.pop(FROM_UPLOADER, False):  # the administrator removed the file from the uploader
    st.session_state.pop(UPLOAD, None)
upload = st.session_state.get(UPLOAD)

if upload is not None:
    name, data = upload
    upload_sha = hashlib.sha256(data).hexdigest()
    saved_for, catalogue_sha = st.session_state.get(CATALOGUE, (None, None))
    draft = {**base, **({"fragekatalog.csv": catalogue_sha} if saved_for == upload_sha else {})}
    try:
        folder = imports.materialise(draft)
        kinds = imports.recognise(name, data, folder)
    except imports.UploadRefused as error:
        st.error(f"{escape_markdown(error)} Inget sparades och inget publicerades.")
        st.stop()
    except (BuildError, OSError) as error:
        failed("Filen kunde inte kontrolleras", error)
        st.stop()
    if not kinds:
        st.error(f"Filen {escape_markdown(name)} känns inte igen som någon av dashboardens källor (enkätexport, "
                 "kommunala anslag, budgetuppföljning eller referensfilerna i data/raw). Kontrollera att det är rätt "
                 "fil och att rubrikerna är oförändrade. Inget sparades och inget publicerades.")
        st.stop()
    kind = st.radio("Vilken källa är filen?", kinds, format_func=lambda k: k.label, key="dataimport_kalla",
                    horizontal=True) if len(kinds) > 1 else kinds[0]
    if len(kinds) == 1:
        st.markdown(f"**{escape_markdown(name)}** känns igen som **{kind.label.lower()}**.")
    utvardering = None
    try:
        if kind.id == "enkat":
            years = sorted(imports.survey_years(folder), reverse=True)
            named = [y for y in years if str(y) in name]
            utvardering = st.selectbox("Vilken utvärdering gäller exporten?", years, key="dataimport_utvardering",
                                       index=years.index(named[0]) if named else 0,
                                       help="En ny utvärdering läggs till genom att först importera en ny "
                                            "utvarderingar.csv med dess rad.")
        target = imports.target_name(kind, folder, utvardering)
        unknown = imports.unknown_headers(data, name, folder) if kind.id == "enkat" else []
    except (imports.UploadRefused, BuildError) as error:
        failed("Filen kunde inte läsas", error)
        st.stop()
    st.caption(f"Filen läses som {target} i bygget; den ersätter den nuvarande filen med det namnet.")

    # --- Headers not in the question catalogue ------------------------------------------
    if unknown:
        st.header("Nya kolumnrubriker")
        st.warning(f"{count(len(unknown), 'kolumnrubrik', 'kolumnrubriker')} finns inte i frågekatalogen. "
                   "Koppla var och en till en befintlig fråga, eller markera den som ny fråga eller personuppgift. "
                   "Kopplingen sparas som en ny version av frågekatalogen.")
        katalog = sources.read_fragekatalog(folder)
        questions = katalog[katalog["typ"] != "meta"].drop_duplicates("fraga_id")
        options = [CHOOSE, *questions["fraga_id"], imports.NEW_QUESTION, imports.PERSONAL]
        labels = {**dict(zip(questions["fraga_id"], questions["fraga_id"] + " – " + questions["kort_text"])),
                  CHOOSE: CHOOSE, imports.NEW_QUESTION: "Ny fråga (fritext, övrigt)",
                  imports.PERSONAL: "Personuppgift (läses inte in)"}
        mapping = {header: st.selectbox(f"”{header}”", options, format_func=labels.get, key=f"dataimport_rubrik_{i}")
                   for i, header in enumerate(unknown)}
        if st.button("Spara i frågekatalogen", key="dataimport_spara_katalog", icon=":material/save:"):
            if CHOOSE in mapping.values():
                st.error("Välj en fråga, ny fråga eller personuppgift för varje rubrik innan du sparar.")
            else:
                try:
                    catalogue = imports.extended_catalogue(folder, mapping)
                    st.session_state[CATALOGUE] = (upload_sha, imports.archive(
                        catalogue, "fragekatalog.csv", "fragekatalog", user.id, user.name))
                except (StoreError, OSError, BuildError) as error:
                    st.error(f"Frågekatalogen kunde inte sparas: {escape_markdown(error)}")
                else:
                    st.session_state.pop(PREVIEW, None)
                    st.rerun()
        st.stop()

    # --- Dry run and preview --------------------------------------------------------------
    key = (upload_sha, target, tuple(sorted(draft.items())))
    if st.session_state.get(PREVIEW, (None,))[0] != key:
        with st.spinner("Provbygger databasen med filen … inget publiceras"):
            try:
                st.session_state[PREVIEW] = (key, imports.dry_run(draft, {target: data},
                                                                  on_wait=lambda: st.info(WAITING)))
            except BuildError as error:
                failed("Provbygget med filen misslyckades", error)
                st.stop()
    preview = st.session_state[PREVIEW][1]

    st.header("Förhandsgranskning")
    manifest = preview.manifest.rename(columns={"fil": "Fil", "rader_lasta": "Rader lästa",
                                                "rader_inlasta": "Rader inlästa", "rader_avvisade": "Rader avvisade",
                                                "varden_avvisade": "Värden avvisade"})
    rad = manifest[manifest["Fil"] == target]
    if not rad.empty:
        c1, c2, c3 = st.columns(3)
        c1.metric("Rader lästa", fmt_number(rad.iloc[0]["Rader lästa"]), border=True)
        c2.metric("Rader inlästa", fmt_number(rad.iloc[0]["Rader inlästa"]), border=True)
        c3.metric("Rader avvisade", fmt_number(rad.iloc[0]["Rader avvisade"]), border=True)
    avvisade = preview.rejected[preview.rejected["fil"] == target]
    if avvisade.empty:
        st.success(f"Inga värden i {target} avvisades.")
    else:
        st.subheader(f"Avvisade värden i {target}")
        show_table(avvisade.rename(columns={"fil": "Fil", "blad": "Blad", "rad": "Rad", "kolumn": "Kolumn",
                                            "varde": "Värde", "orsak": "Orsak"}), name="dataimport-avvisade")
    with st.expander("Alla filer i bygget"):
        show_table(manifest, name="dataimport-filer")

    st.subheader("Det här ändras i de publicerade siffrorna")
    lines = texts.andringar(preview.anslag, preview.svarsfrekvens, preview.tables)
    changed = [line for line in lines if not line.endswith("(oförändrad)")]
    if changed:
        st.markdown("\n".join(f"- {escape_markdown(line)}" for line in lines))
    else:
        st.info("Inga publicerade siffror ändras med den här filen.")

    if st.button("Publicera", type="primary", key="dataimport_publicera", icon=":material/publish:"):
        with st.status("Sparar filen och bygger om databasen …", expanded=True) as status:
            try:
                result = imports.publish_overlay(draft, user.id, user.name, log=st.write,
                                                 on_wait=lambda: st.write(WAITING),
                                                 pending={target: (data, name, kind.id)}, expected=base)
            except (BuildError, StoreError, imports.UploadRefused) as error:
                st.session_state.pop(PREVIEW, None)
                status.update(label="Publiceringen misslyckades", state="error")
                failed("Publiceringen misslyckades", error, "Den publicerade databasen är oförändrad.")
                st.stop()
            status.update(label="Publicerad", state="complete")
        for state in (UPLOAD, PREVIEW, CATALOGUE, FROM_UPLOADER):
            st.session_state.pop(state, None)
        st.session_state[ROUND] = omgang + 1
        st.session_state[DONE] = (f"{name} är publicerad som {target} "
                                  f"({count(result.rows, 'rad', 'rader')} i de kurerade tabellerna). "
                                  "Översikt visar den nya inläsningstiden.")
        st.rerun()

# --- Versions -----------------------------------------------------------------------
st.header("Versioner")
st.caption("Varje publicering och återställning med filerna den byggdes av. Uppladdade filer sparas oförändrade i "
           "ett arkiv där filens sha256 är dess namn.")
if entries:
    show_table(importlogg_tabell(entries), name="dataimport-importlogg")
else:
    st.info("Inga filer har importerats ännu; dashboarden visar demodata från data/raw.")
with st.expander("Arkiverade filer"):
    show_table(arkiv_tabell(), name="dataimport-arkiv")

choices = aterstallningsval(entries)
if choices:
    st.subheader("Återställ en tidigare version")
    val = st.selectbox("Bygg att återställa", list(choices), key="dataimport_aterstall_val")
    if st.button("Återställ", key="dataimport_aterstall", icon=":material/history:"):
        with st.status("Bygger om databasen med den tidigare versionens filer …", expanded=True) as status:
            try:
                imports.rollback(choices[val], user.id, user.name, log=st.write, on_wait=lambda: st.write(WAITING))
            except (BuildError, StoreError, imports.UploadRefused) as error:
                status.update(label="Återställningen misslyckades", state="error")
                st.error(f"Återställningen misslyckades: {escape_markdown(error)} Den publicerade databasen är "
                         "oförändrad.")
                st.stop()
            status.update(label="Återställd", state="complete")
        st.session_state[DONE] = f"{val} är återställd och publicerad."
        st.rerun()
