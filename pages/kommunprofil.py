"""Kommunprofil: allt om en kommun inför ett förhandlingsmöte – svar, betyg mot länet, fritextsvar och anslag."""

import streamlit as st

from dashboard import figures, queries, respondentvy, statistik, texts
from dashboard.components import escape_markdown, show_figure, show_quote
from dashboard.filters import KOMMUN_WIDGET, kommun_i_takt, valj_i_sidopanelen
from dashboard.layout import page_setup
from pipelines.settings import setting_str

filters = page_setup(
    "Kommunprofil",
    "En kommun på en sida inför ett förhandlingsmöte: hur den svarat på utvärderingarna jämfört med länet, "
    "vad den betalar i anslag jämfört med de andra kommunerna och dess fritextsvar.",
)
koder = list(filters.kommunnamn)
kommunkod = kommun_i_takt(filters, koder, setting_str("default_kommun"))
kommunkod = st.selectbox("Kommun", koder, format_func=filters.kommunnamn.get, key=KOMMUN_WIDGET,
                         on_change=valj_i_sidopanelen)
kommun = filters.kommunnamn[kommunkod]
utvarderingar = filters.utvarderingar

st.header(f"{kommun} i utvärderingarna")
deltagande = queries.kommun_deltagande(kommunkod)
deltagande = deltagande[deltagande["utvardering"].isin(utvarderingar)]
for column, (_, row) in zip(st.columns(len(deltagande)), deltagande.iterrows()):
    with column:
        st.metric(f"Utvärdering {int(row['utvardering'])}",
                  "Svarat" if bool(row["har_svarat"]) else "Inget svar inkommet", border=True)
        st.caption(texts.kommun_svar_text(row))

urval = filters.urval(kommunkod=kommunkod, kommun=kommun)
show_figure(figures.render("kommunprofil.karta", urval))

st.header("Betyg jämfört med länets medel")
betyg = figures.get("kommunprofil.betyg")
jamforelse = betyg.load(urval)
if jamforelse["svar"].notna().any():
    show_figure(betyg.render(urval, jamforelse))
    st.caption("Länets medel är medelvärdet (1–5) för alla kommuner som tagit ställning; Vet ej räknas inte in.")
    show_figure(figures.render("kommunprofil.betyg_tabell", urval, jamforelse))
    with st.expander("Så bedöms förändringen"):
        st.markdown(statistik.metod_text())
else:
    st.info(f"Inget svar inkommet från {kommun} i någon utvärdering, så det finns inga betyg att jämföra.")
if queries.roller(filters.utvardering):
    respondentvy.visa_kommun_roller(filters.utvardering, kommunkod, kommun, "syfte")

st.header("Anslag jämfört med de andra kommunerna")
ar_lista = queries.anslag_ar()
if not ar_lista:
    st.info("Det finns inga anslag inlästa.")
else:
    left, right = st.columns([1, 2])
    ar = left.selectbox("År", ar_lista, index=len(ar_lista) - 1, key="kommunprofil_anslag_ar")
    per_invanare = right.toggle("Kronor per invånare", key="kommunprofil_per_invanare")
    urval_anslag = urval.med(ar=ar, per_invanare=per_invanare)
    anslag_figur = figures.get("kommunprofil.anslag")
    anslag = anslag_figur.load(urval_anslag)
    nyckeltal = texts.anslag_nyckeltal(anslag, kommunkod)
    if nyckeltal is None:
        st.info(f"{kommun} har inget anslag registrerat för {ar}.")
    else:
        a, b, c = st.columns(3)
        a.metric(f"Anslag {ar}", nyckeltal["belopp"], border=True)
        b.metric("Kronor per invånare", nyckeltal["per_invanare"], border=True)
        c.metric("Andel av kommunernas anslag", nyckeltal["andel"], border=True)
        st.caption(nyckeltal["plats"])
        show_figure(anslag_figur.render(urval_anslag, anslag))
    show_figure(figures.render("kommunprofil.anslag_per_ar", urval))

st.header("Fritextsvar")
roll = respondentvy.rollfilter("kommunprofil", filters.utvardering)
tema_namn = queries.tema_etiketter()
svarat = dict(zip(deltagande["utvardering"].astype(int), deltagande["har_svarat"].astype(bool)))
# One utvärdering's quotes at a time (the latest by default): with many utvärderingar, drawing every one's
# quotes at once made the page slow.
valbara = list(reversed(utvarderingar))
utvardering = st.selectbox("Utvärdering", valbara, format_func=lambda u: f"Utvärdering {u}",
                           key="kommunprofil_fritext_utvardering") if valbara else None
if utvardering is not None and not svarat.get(int(utvardering), False):
    st.info(f"Inget svar inkommet från {kommun} i utvärdering {utvardering}.")
elif utvardering is not None:
    egna, dolda = respondentvy.med_roll(
        queries.fritextsvar_med_teman(queries.FritextUrval((int(utvardering),), (kommunkod,))), roll,
        (int(utvardering),))
    respondentvy.visa_dolda(dolda)
    grupper = texts.fritext_grupper(egna, tema_namn)
    if not grupper:
        st.info(f"{kommun} lämnade inga fritextsvar i utvärdering {utvardering}.")
    for rubrik, svar in grupper:
        st.subheader(escape_markdown(rubrik))
        for _, rad in svar.iterrows():
            show_quote(rad["text"], kommun=kommun, utvardering=utvardering, fraga=rad["fraga_text"],
                       teman=[tema_namn.get(t, t) for t in rad["teman"]],
                       key=f"kommunprofil-citat-{rad['svar_id']}")
            if ";" in rad["teman_text"]:
                st.caption(escape_markdown(f"Teman: {rad['teman_text']}"))

st.header("Förhandlingsscenarier")
scenariorader, scenarioproblem = queries.kommun_i_scenarier(kommunkod)
for text in scenarioproblem:
    st.warning(text)
if scenariorader.empty:
    st.info("Inga förhandlingsscenarier är sparade ännu. De byggs och sparas på sidan Förhandlingsscenarier.")
else:
    show_figure(figures.render("kommunprofil.scenarier", urval, scenariorader))
