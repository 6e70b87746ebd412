"""Översikt: svarsfrekvens per utvärdering, när svaren kom in, betyg per syfte och datainläsningen."""

import streamlit as st

from dashboard import figures, queries, respondentvy, statistik, texts
from dashboard.components import show_figure
from dashboard.formatting import fmt_number, fmt_share_of
from dashboard.layout import page_setup
from dashboard.svenska import count, datetime

filters = page_setup(
    "Översikt",
    "Hur många kommuner som svarat på utvärderingarna av samverkan, när svaren kom in och hur kommunerna "
    "bedömer samverkans fem syften. Översikten gäller alla 15 kommuner.",
    kommun_filter=False,
)
valt = filters.utvardering

st.header("Svarsfrekvens")
svarslagen = [queries.svarslage(u) for u in filters.utvarderingar]
for column, svarslage in zip(st.columns(len(svarslagen)), svarslagen):
    row = svarslage.iloc[0]
    with column:
        st.metric(f"Utvärdering {int(row['utvardering'])}",
                  fmt_share_of(int(row["antal_svarande"]), int(row["antal_kommuner"])),
                  help="Antal kommuner som svarat av länets kommuner", border=True)
        for text in texts.svarslage_texter(row):
            st.markdown(text)

if queries.svarsmodell(valt) == "flera_per_kommun":
    respondentvy.visa_svarsfrekvens(valt, filters.kommunkoder or None)

urval = filters.urval()
st.header(f"Kommunerna på kartan – utvärdering {valt}")
show_figure(figures.render("oversikt.karta", urval))
st.caption("Medelbetyg för de fem syftena på skalan 1–5; grå kommuner har inte svarat eller svarat Vet ej på alla.")

st.header(f"När svaren kom in – utvärdering {valt}")
svarstider = figures.get("oversikt.svarstider")
inskick = svarstider.load(urval)
if inskick["sluttid"].notna().any():
    show_figure(svarstider.render(urval, inskick))
    st.caption("Streckad linje: sista svarsdag. Har en kommun svarat flera gånger gäller det senaste svaret; "
               "tidigare inskick visas som grå kryss.")
else:
    st.info(f"Inga svar har kommit in för utvärdering {valt} ännu.")

st.header(f"Betyg per syfte – utvärdering {valt}")
syften = queries.syfte_medel(valt, filters.forra)
if syften.empty:
    st.info(f"Det finns inga svar om syftena för utvärdering {valt}.")
else:
    st.caption("Medelvärde på skalan 1 (instämmer inte alls) till 5 (instämmer helt) bland kommuner som tagit "
               "ställning; svaret Vet ej räknas inte in. "
               + (f"Förändringen jämför samma kommuner: de som tagit ställning både {filters.forra} och {valt}."
                  if filters.forra else "Det finns ingen tidigare utvärdering att jämföra med."))
    for column, (_, syfte) in zip(st.columns(len(syften)), syften.iterrows()):
        with column:
            st.metric(f"Syfte {int(syfte['syfte_nr'])}", fmt_number(syfte["medel"], 1),
                      help=f"{syfte['syfte']}. {int(syfte['antal_stallning'])} svar, "
                           f"{int(syfte['antal_vet_ej'])} Vet ej.",
                      border=True, **texts.metric_delta(syfte["forandring"], filters.forra, syfte["bedomning"]))
            st.caption(syfte["kort"])
            st.caption(texts.syfte_n_text(syfte, filters.forra))
    with st.expander("Så bedöms förändringen"):
        st.markdown(statistik.metod_text())

st.header("Utvärderingarna sida vid sida")
show_figure(figures.render("oversikt.utvarderingar", urval, svarslagen))
show_figure(figures.render("oversikt.syften", urval))
st.caption("Medelvärde per syfte på skalan 1–5 bland alla kommuner som svarat och tagit ställning.")

st.header("Datainläsning")
inlasning = queries.inlasning().iloc[0]
left, middle, right = st.columns(3)
left.metric("Senast inläst", datetime(inlasning["inlast"]),
            help=f"{count(int(inlasning['antal_filer']), 'fil', 'filer')} med "
                 f"{count(int(inlasning['rader_inlasta']), 'rad', 'rader')} har lästs in")
middle.metric("Avvisade värden", fmt_number(inlasning["varden_avvisade"]),
              help="Värden i rådata som inte kunde läsas som det som menades, till exempel ett okänt kommunnamn "
                   "eller ett tvetydigt tal. Övriga värden på samma rad räknas. Rader som är dolda eller "
                   "bortfiltrerade i Excel läses inte och räknas också här.")
right.metric("Maskerade personuppgifter", fmt_number(inlasning["personuppgifter_maskerade"]),
             help="E-postadresser, telefonnummer och personnummer i fritextsvar och avvisade värden som "
                  "ersattes vid inläsningen och aldrig når databasen")
if int(inlasning["rader_avvisade"]) > 0:
    st.warning(texts.inlasning_varning(int(inlasning["varden_avvisade"]), int(inlasning["blad_ej_lasta"]),
                                       int(inlasning["kolumner_ej_lasta"])))
    show_figure(figures.render("oversikt.avvisade", urval))
else:
    st.caption("Alla värden och blad i rådata lästes in.")
