"""Utmaningar per delstrategi: challenges and opportunities the kommuner report for the six RUS delstrategier."""

import streamlit as st

from dashboard import figures, queries
from dashboard.components import escape_markdown, show_figure, show_quote
from dashboard.layout import page_setup
from dashboard.svenska import swedish_list

filters = page_setup(
    "Utmaningar per delstrategi",
    "Vilka utmaningar och möjligheter kommunerna ser inom den regionala utvecklingsstrategins (RUS) sex "
    "delstrategier, och vad de har skrivit. Svaren är taggade med teman (maskininlärningsmodell med "
    "användarnas rättelser).",
)
utvardering = filters.utvardering
koder = filters.valda_kommuner
urval = filters.urval()

# --- Counts per delstrategi -----------------------------------------------------------
st.subheader("Per delstrategi")
per_delstrategi = figures.get("utmaningar.per_delstrategi").load(urval)
antal_svarande = int(per_delstrategi["antal_svarande"].max()) if not per_delstrategi.empty else 0
if antal_svarande == 0:
    st.info(f"Inget svar inkommet från de valda kommunerna i utvärdering {utvardering}, "
            "så det finns inga utmaningar eller möjligheter att visa.")
else:
    show_figure(figures.render("utmaningar.per_delstrategi", urval, per_delstrategi))
    st.caption(f"Antal kommuner av de {antal_svarande} som svarat som skrivit något om utmaningar respektive "
               "möjligheter inom delstrategin.")

# --- Kommun x delstrategi ---------------------------------------------------------------
st.subheader("Per kommun och delstrategi")
kommun_delstrategi = figures.render("utmaningar.kommun_delstrategi", urval)
show_figure(kommun_delstrategi)
matris = kommun_delstrategi.data
utan_svar = list(dict.fromkeys(matris.loc[~matris["har_svarat"], "kommun"]))
if utan_svar:
    st.caption(escape_markdown(f"Inget svar inkommet i utvärdering {utvardering} från: {swedish_list(utan_svar)}."))

# --- The answers for one delstrategi ------------------------------------------------------
st.subheader("Svaren per delstrategi")
delstrategier = queries.delstrategier()
namn = dict(zip(delstrategier["delstrategi_nr"].astype(int), delstrategier["delstrategi"]))
val = st.columns(2)
delstrategi_nr = val[0].selectbox("Delstrategi", list(namn), format_func=lambda n: f"{n}. {namn[n]}",
                                  key="utmaningar_delstrategi")
kommunkod = val[1].selectbox("Kommun", [None, *koder], key="utmaningar_kommun",
                             format_func=lambda k: "Alla valda kommuner" if k is None else filters.kommunnamn[k])
delstrategi = namn[delstrategi_nr]
svar_koder = (kommunkod,) if kommunkod else koder
urval_text = filters.kommunnamn[kommunkod] if kommunkod else "de valda kommunerna"

if kommunkod and not queries.kommun_har_svarat(utvardering, kommunkod):
    st.info(f"{filters.kommunnamn[kommunkod]}: Inget svar inkommet i utvärdering {utvardering}.")
else:
    svar = queries.utmaningar_svar(utvardering, delstrategi_nr, svar_koder)
    urval_teman = urval.med(delstrategi_nr=delstrategi_nr, delstrategi=delstrategi, svar_koder=svar_koder)
    teman = figures.get("utmaningar.teman")
    data = teman.load(urval_teman)
    if not data.empty:
        show_figure(teman.render(urval_teman, data))
    tema_namn = queries.tema_etiketter()
    for kolumn, (riktning, rubrik) in zip(st.columns(2, gap="medium"), queries.RIKTNINGAR.items()):
        rader = svar[svar["riktning"] == riktning]
        with kolumn:
            st.markdown(f"#### {rubrik} ({len(rader)})")
            if rader.empty:
                st.caption(escape_markdown(f"Inga {rubrik.lower()} angivna för {delstrategi} av {urval_text} "
                                           f"i utvärdering {utvardering}."))
            for rad in rader.itertuples():
                show_quote(rad.text, kommun=rad.kommun, utvardering=rad.utvardering,
                           fraga=f"Delstrategi {delstrategi_nr}: {rubrik.lower()}",
                           teman=[tema_namn.get(t, t) for t in rad.teman],
                           key=f"utmaningar-citat-{rad.svar_id}")
