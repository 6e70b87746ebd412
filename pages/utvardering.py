"""Utvärdering: hur kommunerna bedömer samverkans syften och samverkansorganisationen, per fråga och kommun."""

import streamlit as st

from dashboard import figures, queries, texts
from dashboard.components import show_figure
from dashboard.layout import page_setup
from dashboard.svenska import swedish_list

filters = page_setup(
    "Utvärdering",
    "Hur kommunerna bedömer samverkans syften och samverkansorganisationen. Välj utvärdering och kommuner i "
    "sidopanelen och frågegrupp nedan.",
)
valt = filters.utvardering

grupp_namn = st.segmented_control("Frågegrupp", list(queries.FRAGEGRUPPER), default="Syften", required=True,
                                  key="utvardering_fragegrupp") or "Syften"
urval = filters.urval(grupp_namn=grupp_namn)

saknas = texts.saknas_text(queries.deltagande(valt), urval.valda_kommuner, valt)
if saknas:
    st.caption(saknas)

st.header(f"{grupp_namn} – svarsfördelning {valt}")
fordelning = figures.get("utvardering.fordelning")
data = fordelning.load(urval)
if data.empty:
    st.info(f"Inget svar inkommet från de valda kommunerna i utvärdering {valt}, så det finns inget att visa. "
            "Välj fler kommuner eller en annan utvärdering i sidopanelen.")
else:
    show_figure(fordelning.render(urval, data))
    st.caption("Negativa svar till vänster om noll, positiva till höger; Instämmer delvis delas på mitten. "
               "Andelarna gäller dem som tagit ställning. Vet ej visas för sig i den grå stapeln till höger.")

    st.subheader("Medelvärde och andel positiva")
    show_figure(figures.render("utvardering.resultat", urval))

    st.header(f"{grupp_namn} – per kommun {valt}")
    show_figure(figures.render("utvardering.per_kommun", urval))
    if saknas:
        st.caption(saknas)

st.header(f"{grupp_namn} – {swedish_list(filters.utvarderingar)} sida vid sida")
jamforelse = figures.get("utvardering.jamforelse")
data = jamforelse.load(urval)
if data.empty:
    st.info("Inget svar inkommet från de valda kommunerna i någon utvärdering.")
else:
    show_figure(jamforelse.render(urval, data))
    show_figure(figures.render("utvardering.jamforelse_tabell", urval, data))
    st.caption("Förändring: skillnaden i medelvärde mot föregående utvärdering. Medelvärdet räknas bland dem som "
               "tagit ställning (1–5); Vet ej anges som antal.")
