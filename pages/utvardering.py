"""Utvärdering: hur kommunerna bedömer samverkans syften och samverkansorganisationen, per fråga och kommun."""

import streamlit as st

from dashboard import figures, queries, respondentvy, statistik, texts, urlstate
from dashboard.components import show_figure
from dashboard.layout import page_setup
from dashboard.charts import common
from dashboard.smagrupper import FOR_FA_SVAR, MIN_GROUP, visas
from dashboard.svenska import count, swedish_list

filters = page_setup(
    "Utvärdering",
    "Hur kommunerna bedömer samverkans syften och samverkansorganisationen. Välj utvärdering och kommuner i "
    "sidopanelen och frågegrupp nedan.",
)
valt = filters.utvardering

urlstate.url_default("utvardering_fragegrupp", "fragegrupp", list(queries.FRAGEGRUPPER))
st.session_state.setdefault("utvardering_fragegrupp", "Syften")
grupp_namn = st.segmented_control("Frågegrupp", list(queries.FRAGEGRUPPER), required=True,
                                  key="utvardering_fragegrupp") or "Syften"
urlstate.write("fragegrupp", grupp_namn)
roll = respondentvy.rollfilter("utvardering", valt)
urval = filters.urval(grupp_namn=grupp_namn, roll=roll)

saknas = texts.saknas_text(queries.deltagande(valt), urval.valda_kommuner, valt)
if saknas:
    st.caption(saknas)

st.header(f"{grupp_namn} – svarsfördelning {valt}")
fordelning = figures.get("utvardering.fordelning")
data = fordelning.load(urval)
i_rollen = respondentvy.antal_i_rollen(valt, urval.valda_kommuner, roll)
if i_rollen is not None and not visas(i_rollen):
    st.info(f"{FOR_FA_SVAR}: {count(i_rollen, 'svarande')} med den valda rollen bland de valda kommunerna. "
            f"Grupper med färre än {MIN_GROUP} svarande visas inte, så att ingen enskild kan pekas ut. "
            "Välj fler kommuner eller alla roller.")
elif data.empty:
    st.info(f"Inget svar inkommet från de valda kommunerna i utvärdering {valt}, så det finns inget att visa. "
            "Välj fler kommuner eller en annan utvärdering i sidopanelen.")
else:
    show_figure(fordelning.render(urval, data))
    st.caption("Negativa svar till vänster om noll, positiva till höger; Instämmer delvis delas på mitten. "
               "Andelarna gäller dem som tagit ställning. Vet ej visas för sig i den grå stapeln till höger, som andel av alla svar och i samma skala.")

    st.subheader("Medelvärde och andel positiva")
    show_figure(figures.render("utvardering.resultat", urval))
    if queries.svarsmodell(valt) == "flera_per_kommun":
        st.subheader("Medelvärde för länet med antal kommuner och svarande")
        st.caption(f"I utvärdering {valt} svarade flera personer per kommun. Svarsfördelningen ovan räknar varje "
                   "svarande; medelvärdet och andelen positiva väger varje kommun lika.")
        respondentvy.visa_viktade_medel(valt, filters.valda_kommuner, queries.FRAGEGRUPPER[grupp_namn], grupp_namn,
                                        roll)

    st.header(f"{grupp_namn} – per kommun {valt}")
    show_figure(figures.render("utvardering.per_kommun", urval))
    if saknas:
        st.caption(saknas)
    if roll:
        st.caption(f"{common.SUPPRESSED_SYMBOL} {FOR_FA_SVAR}: kommunen har färre än {MIN_GROUP} svarande med den "
                   "valda rollen.")

if roll:
    st.info(f"Rollfiltret gäller utvärdering {valt}. Jämförelserna nedan gäller alla svarande, eftersom de andra "
            "utvärderingarna inte har roller.")

st.header(f"{grupp_namn} – {swedish_list(filters.utvarderingar)} sida vid sida")
urlstate.url_default("utvardering_lika", "lika", kind=bool)
st.session_state.setdefault("utvardering_lika", True)
lika = st.toggle("Jämför bara kommuner som svarat alla år", key="utvardering_lika",
                 help="På: förändringen jämför samma kommuner. Av: alla som svarat respektive år, så grupperna kan "
                      "skilja sig åt.")
urlstate.write("lika", None if lika else False)
urval = urval.med(lika=lika)
lika_not = figures.lika_text(urval)
if lika_not:
    st.info(lika_not)
jamforelse = figures.get("utvardering.jamforelse")
data = jamforelse.load(urval)
if data.empty:
    st.info("Ingen av de valda kommunerna har svarat i alla utvärderingarna, så det finns inget lika mot lika att "
            "jämföra. Slå av ”Jämför bara kommuner som svarat alla år” för att se varje års svar."
            if lika else "Inget svar inkommet från de valda kommunerna i någon utvärdering.")
else:
    show_figure(jamforelse.render(urval, data))
    show_figure(figures.render("utvardering.jamforelse_tabell", urval, data))
    st.caption("Förändring: medelförändringen mot föregående utvärdering för de kommuner som tagit ställning "
               "båda åren (Kommuner i båda). Medelvärdet räknas bland dem som tagit ställning (1–5); Svar 1–5 är "
               "antalet sådana svar och Vet ej anges som antal.")
    with st.expander("Så bedöms förändringen"):
        st.markdown(statistik.metod_text())

st.header(f"{grupp_namn} – varje kommun, {swedish_list(filters.utvarderingar)}")
st.caption("Klicka på en kolumnrubrik för att sortera, till exempel på Förändring för att se var betyget "
           "sjunkit mest. Alla valda kommuner visas, även de som inte svarat.")
show_figure(figures.render("utvardering.kommun_fraga_tabell", urval))
