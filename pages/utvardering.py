"""Utvärdering: hur kommunerna bedömer samverkans syften och samverkansorganisationen, per fråga och kommun."""

import streamlit as st

from dashboard import charts, queries
from dashboard.components import show_chart, show_table
from dashboard.layout import page_setup
from dashboard.svenska import swedish_list

filters = page_setup(
    "Utvärdering",
    "Hur kommunerna bedömer samverkans syften och samverkansorganisationen. Välj utvärdering och kommuner i "
    "sidopanelen och frågegrupp nedan.",
)
valt = filters.utvardering
kommunkoder = filters.valda_kommuner

grupp_namn = st.segmented_control("Frågegrupp", list(queries.FRAGEGRUPPER), default="Syften", required=True,
                                  key="utvardering_fragegrupp") or "Syften"
grupp = queries.FRAGEGRUPPER[grupp_namn]
slug = "syften" if grupp == "syfte" else "organisation"
kallrad = queries.source_line(valt)
if filters.kommunkoder:
    kallrad += f" Urval: {len(filters.kommunkoder)} av {len(filters.kommunnamn)} kommuner."

saknas = charts.saknas_text(queries.deltagande(valt), kommunkoder, valt)
if saknas:
    st.caption(saknas)

st.header(f"{grupp_namn} – svarsfördelning {valt}")
fordelning = queries.likert_fordelning(valt, kommunkoder, grupp)
if fordelning.empty:
    st.info(f"Inget svar inkommet från de valda kommunerna i utvärdering {valt}, så det finns inget att visa. "
            "Välj fler kommuner eller en annan utvärdering i sidopanelen.")
else:
    titel = f"{grupp_namn}: svarsfördelning per fråga, utvärdering {valt}"
    show_chart(charts.likert_diverging(fordelning, titel), name=f"utvardering-{valt}-{slug}-fordelning",
               title=titel, source=kallrad)
    st.caption("Negativa svar till vänster om noll, positiva till höger; Instämmer delvis delas på mitten. "
               "Andelarna gäller dem som tagit ställning. Vet ej visas för sig i den grå stapeln till höger.")

    st.subheader("Medelvärde och andel positiva")
    show_table(charts.likert_tabell(queries.likert_resultat(valt, kommunkoder, grupp)),
               name=f"utvardering-{valt}-{slug}-resultat")

    st.header(f"{grupp_namn} – per kommun {valt}")
    titel = f"{grupp_namn}: varje kommuns svar, utvärdering {valt}"
    show_chart(charts.likert_heatmap(queries.likert_per_kommun(valt, kommunkoder, grupp), titel),
               name=f"utvardering-{valt}-{slug}-per-kommun", title=titel, source=kallrad)
    if saknas:
        st.caption(saknas)

jamforda = filters.utvarderingar
st.header(f"{grupp_namn} – {swedish_list(jamforda)} sida vid sida")
jamforelse = queries.likert_jamforelse(jamforda, kommunkoder, grupp)
if jamforelse.empty:
    st.info("Inget svar inkommet från de valda kommunerna i någon utvärdering.")
else:
    titel = f"{grupp_namn}: medelvärde per fråga, {swedish_list(jamforda)}"
    show_chart(charts.likert_forandring(jamforelse, titel), name=f"utvardering-jamforelse-{slug}",
               title=titel, source=queries.kallrad_jamforelse(jamforda))
    show_table(charts.jamforelse_tabell(jamforelse, jamforda), name=f"utvardering-jamforelse-{slug}")
    st.caption("Förändring: skillnaden i medelvärde mot föregående utvärdering. Medelvärdet räknas bland dem som "
               "tagit ställning (1–5); Vet ej anges som antal.")
