"""Utmaningar per delstrategi: challenges and opportunities the kommuner report for the six RUS delstrategier."""

import streamlit as st

from dashboard import charts, queries
from dashboard.components import escape_markdown, show_chart, show_quote
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
kalla = queries.source_line(utvardering)

# --- Counts per delstrategi -----------------------------------------------------------
st.subheader("Per delstrategi")
per_delstrategi = queries.utmaningar_per_delstrategi(utvardering, koder)
antal_svarande = int(per_delstrategi["antal_svarande"].max()) if not per_delstrategi.empty else 0
if antal_svarande == 0:
    st.info(f"Inget svar inkommet från de valda kommunerna i utvärdering {utvardering}, "
            "så det finns inga utmaningar eller möjligheter att visa.")
else:
    show_chart(charts.utmaningar_staplar(per_delstrategi), name=f"utmaningar-{utvardering}-per-delstrategi",
               title=f"Antal kommuner som angett utmaningar och möjligheter per delstrategi {utvardering}",
               source=kalla)
    st.caption(f"Antal kommuner av de {antal_svarande} som svarat som skrivit något om utmaningar respektive "
               "möjligheter inom delstrategin.")

# --- Kommun x delstrategi ---------------------------------------------------------------
st.subheader("Per kommun och delstrategi")
matris = queries.utmaningar_matris(utvardering, koder)
show_chart(charts.utmaningar_heatmap(matris), name=f"utmaningar-{utvardering}-kommun-delstrategi",
           title=f"Vad varje kommun angett per delstrategi {utvardering}", source=kalla)
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
    teman = queries.utmaningar_teman(utvardering, delstrategi_nr, svar_koder)
    if not teman.empty:
        show_chart(charts.utmaningar_teman_staplar(teman, delstrategi),
                   name=f"utmaningar-{utvardering}-delstrategi-{delstrategi_nr}-teman",
                   title=f"Vanligaste teman i svaren om {delstrategi} {utvardering}", source=kalla)
    for kolumn, (riktning, rubrik) in zip(st.columns(2, gap="medium"), queries.RIKTNINGAR.items()):
        rader = svar[svar["riktning"] == riktning]
        with kolumn:
            st.markdown(f"#### {rubrik} ({len(rader)})")
            if rader.empty:
                st.caption(escape_markdown(f"Inga {rubrik.lower()} angivna för {delstrategi} av {urval_text} "
                                           f"i utvärdering {utvardering}."))
            for rad in rader.itertuples():
                show_quote(rad.text, kommun=rad.kommun, utvardering=rad.utvardering,
                           fraga=f"Delstrategi {delstrategi_nr}: {rubrik.lower()}", tema=rad.tema_etiketter or None,
                           key=f"utmaningar-citat-{rad.svar_id}")
