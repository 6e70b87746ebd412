"""Finansiering: kommunala anslag per kommun and year — kronor, per invånare, share, purpose, region vs kommuner."""

import streamlit as st

from dashboard import charts, queries
from dashboard.components import show_chart, show_table
from dashboard.formatting import fmt_kr, fmt_pct
from dashboard.layout import page_setup
from dashboard.svenska import swedish_list

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
per_invanare = visning == VISNINGAR[1]
per_inv_text = " per invånare" if per_invanare else ""
valda = filters.kommunkoder
valda_text = swedish_list(filters.kommunnamn[k] for k in valda) if valda else "alla kommuner"
kalla = "Källa: Region Västerbotten, kommunala anslag och befolkning (syntetiska demodata)."

# --- Key figures -------------------------------------------------------------------
summa = queries.anslag_summering(ar, valda)
with st.container(horizontal=True, gap="large"):
    st.metric(f"Anslag {ar}, {'valda kommuner' if valda else 'kommunerna'}", fmt_kr(summa["belopp_kr"]),
              help=f"Summa för {valda_text}, alla ändamål.", width="content")
    st.metric("Kronor per invånare", fmt_kr(summa["kr_per_invanare"], 1), width="content")
    st.metric("Andel av kommunernas anslag", fmt_pct(summa["andel"], 1), width="content")
    st.metric(f"Regionens anslag {ar}", fmt_kr(summa["region_kr"]), width="content")

# --- All kommuner compared, the chosen ones highlighted ------------------------------
per_kommun = queries.anslag_per_kommun(ar)
if per_kommun.empty:
    st.info(f"Det finns inga kommunala anslag för {ar}.")
    st.stop()

enhet_namn = "per-invanare" if per_invanare else "kronor"
st.subheader("Kommunerna jämförda")
show_chart(charts.anslag_jamforelse(per_kommun, valda or None, per_invanare=per_invanare),
           name=f"finansiering-{ar}-anslag-{enhet_namn}",
           title=f"Kommunernas anslag{per_inv_text} {ar}", source=kalla)

st.markdown(f"**Anslag per kommun {ar}** – {valda_text}")
show_table(queries.anslag_tabell(per_kommun, valda), name=f"finansiering-{ar}-anslag-per-kommun")
st.caption("Andel = kommunens andel av samtliga kommuners anslag det året. Summa-raden gäller de visade kommunerna.")

# --- By purpose and region versus kommuner -------------------------------------------
st.subheader("Fördelning på ändamål")
per_post = queries.anslag_per_kommun_post(ar, valda)
show_chart(charts.anslag_per_post(per_post, per_invanare=per_invanare),
           name=f"finansiering-{ar}-anslag-per-andamal-{enhet_namn}",
           title=f"Kommunernas anslag{per_inv_text} fördelat på ändamål {ar}", source=kalla)

st.subheader("Regionen och kommunerna")
show_chart(charts.anslag_region_kommuner(queries.anslag_per_part(ar)), name=f"finansiering-{ar}-region-och-kommuner",
           title=f"Regionens och kommunernas anslag per ändamål {ar}", source=kalla)
st.caption("Regionen och kommunerna delar kostnaderna för administration och förtroendemannaorganisation, beredning "
           "och samordning av samverkansområden; jämförelsen gäller alla kommuner oavsett urval.")

# --- Development over the years --------------------------------------------------------
st.subheader(f"Utveckling {min(ar_lista)}–{max(ar_lista)}")
if valda:
    utveckling = queries.anslag_utveckling(valda)
    show_chart(charts.anslag_utveckling_linjer(utveckling, per_invanare=per_invanare, serie="kommun"),
               name=f"finansiering-utveckling-valda-kommuner-{enhet_namn}",
               title=f"Anslag{per_inv_text} per kommun och år för de valda kommunerna", source=kalla)
else:
    utveckling = queries.anslag_totalt_per_ar()
    show_chart(charts.anslag_totalt_staplar(utveckling, per_invanare=per_invanare),
               name=f"finansiering-utveckling-totalt-{enhet_namn}",
               title=f"Regionens och kommunernas anslag{per_inv_text} per år", source=kalla)
    st.caption("Välj kommuner i sidopanelen för att se utvecklingen kommun för kommun. "
               "Per invånare avser här hela länets befolkning.")
