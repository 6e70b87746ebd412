"""Finansiering: kommunala anslag per kommun and year — kronor, per invånare, share, purpose, region vs kommuner."""

import streamlit as st

from dashboard import figures, queries
from dashboard.components import show_figure
from dashboard.formatting import fmt_kr, fmt_pct
from dashboard.layout import page_setup

VISNINGAR = ["Kronor", "Kronor per invånare"]

filters = page_setup(
    "Finansiering",
    "Vad varje kommun och regionen betalar in till samverkan för regional utveckling: anslag i kronor, "
    "kronor per invånare och andel av kommunernas sammanlagda anslag, per ändamål och år. "
    "Invånare avser den 31 december året före anslagsåret.",
)

ar_lista = queries.anslag_ar()
if not ar_lista:
    st.info("Det finns inga anslag i databasen. Lägg in anslagsfilen i rådata och bygg om databasen.")
    st.stop()

with st.container(horizontal=True, gap="medium"):
    ar = st.segmented_control("År", ar_lista, default=max(ar_lista), required=True, key="finansiering_ar")
    visning = st.segmented_control("Visa", VISNINGAR, default=VISNINGAR[0], required=True,
                                   key="finansiering_visning")
urval = filters.urval(ar=ar, per_invanare=visning == VISNINGAR[1])
valda = filters.kommunkoder

# --- Key figures -------------------------------------------------------------------
summa = queries.anslag_summering(ar, valda)
with st.container(horizontal=True, gap="large"):
    st.metric(f"Anslag {ar}, {'valda kommuner' if valda else 'kommunerna'}", fmt_kr(summa["belopp_kr"]),
              help=f"Summa för {urval.kommun_text}, alla ändamål.", width="content")
    st.metric("Kronor per invånare", fmt_kr(summa["kr_per_invanare"], 1), width="content")
    st.metric("Andel av kommunernas anslag", fmt_pct(summa["andel"], 1), width="content")
    st.metric(f"Regionens anslag {ar}", fmt_kr(summa["region_kr"]), width="content")

# --- All kommuner compared, the chosen ones highlighted ------------------------------
anslag = figures.get("finansiering.anslag")
per_kommun = anslag.load(urval)
if per_kommun.empty:
    st.info(f"Det finns inga kommunala anslag för {ar}.")
    st.stop()

st.subheader("Kommunerna jämförda")
show_figure(anslag.render(urval, per_kommun))
show_figure(figures.render("finansiering.anslag_tabell", urval, per_kommun))
st.caption("Andel = kommunens andel av samtliga kommuners anslag det året. Summa-raden gäller de visade kommunerna.")

st.subheader("Anslag per invånare på kartan")
show_figure(figures.render("finansiering.karta", urval, per_kommun))

# --- By purpose and region versus kommuner -------------------------------------------
st.subheader("Fördelning på ändamål")
show_figure(figures.render("finansiering.per_andamal", urval))

st.subheader("Regionen och kommunerna")
show_figure(figures.render("finansiering.region_kommuner", urval))
st.caption("Regionen och kommunerna delar kostnaderna för administration och förtroendemannaorganisation, beredning "
           "och samordning av samverkansområden; jämförelsen gäller alla kommuner oavsett urval.")

# --- Development over the years --------------------------------------------------------
st.subheader(f"Utveckling {min(ar_lista)}–{max(ar_lista)}")
if valda:
    show_figure(figures.render("finansiering.utveckling_kommuner", urval))
else:
    show_figure(figures.render("finansiering.utveckling_totalt", urval))
    st.caption("Välj kommuner i sidopanelen för att se utvecklingen kommun för kommun. "
               "Per invånare avser här hela länets befolkning.")
