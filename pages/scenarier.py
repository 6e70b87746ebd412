"""Förhandlingsscenarier: what each kommun would pay 2027–2030 under each contribution model, saved and compared."""

import streamlit as st

from dashboard import basket, figures, queries
from dashboard.components import show_figure
from dashboard.export import MIME_TYPES, chart_spec, export_filename
from dashboard.forhandlingsbilaga import BilagaScenario, bilaga_exporter
from dashboard.formatting import fmt_kr
from dashboard.layout import page_setup
from pipelines.scenarier.modeller import AR, BASAR, METOD, MODELLER, ScenarioFel
from pipelines.settings import setting_str

filters = page_setup(
    "Förhandlingsscenarier",
    f"Vad varje kommun skulle betala {AR[0]}–{AR[-1]} enligt de fördelningsmodeller som diskuteras inför den nya "
    f"överenskommelsen, i kronor och kronor per invånare, jämfört med det verkliga anslaget {BASAR} och med vad "
    "kommunen svarade i utvärderingen.",
    kommun_filter=False,
)
try:
    underlag = queries.scenariounderlag()
    standard = queries.standardkostnad()
except (queries.UnderlagSaknas, ScenarioFel) as error:
    st.error(f"Scenarierna kan inte visas: {error}")
    st.stop()

# --- Controls ---------------------------------------------------------------------------
st.header("Bygg ett scenario")
left, middle, right = st.columns(3)
modell = left.selectbox("Fördelningsmodell", list(MODELLER), format_func=MODELLER.get, key="scenario_modell")
kostnad = middle.number_input(f"Kommunernas kostnad {AR[0]} (kr)", min_value=0, value=standard, step=10_000,
                              key="scenario_kostnad",
                              help=f"Förvalt: kommunernas anslag {BASAR} uppräknat med 2 %.")
middle.caption(fmt_kr(kostnad))
upprakning = right.number_input("Uppräkning per år (%)", min_value=-10.0, max_value=10.0, value=2.0, step=0.5,
                                format="%.1f",
                                key="scenario_upprakning", help="Historiskt har anslagen räknats upp 0–3 % per år.")
parametrar: dict[str, object] = {"namn": "Aktuellt scenario", "modell": modell, "kostnad_2027_kr": int(kostnad),
                                 "upprakning_procent": float(upprakning)}
if modell == "fast_plus_per_invanare":
    fast = left.slider("Fast del (%)", 0, 100, 30, step=5, key="scenario_fast_andel",
                       help="Den andel av kostnaden som delas lika mellan kommunerna; resten fördelas per invånare.")
    parametrar["fast_andel"] = fast / 100
if right.toggle("Tak för förändring", key="scenario_tak_pa",
                help="Inget belopp får ändras mer än taket mot kommunens belopp året före."):
    parametrar["tak_forandring_procent"] = float(
        right.number_input("Högsta förändring per år (%)", min_value=0.0, max_value=100.0, value=10.0, step=1.0,
                           format="%.1f",
                           key="scenario_tak"))
with st.expander("Så räknas scenariot"):
    for stycke in METOD:
        st.markdown(f"- {stycke}")

try:
    scenario, resultat = queries.scenario_berakning(parametrar)
except ScenarioFel as error:
    st.error(f"Scenariot kan inte beräknas: {error.meddelande}")
    scenario, resultat = None, None

if scenario is not None:
    namn = MODELLER[scenario.modell]
    # --- Totals that balance --------------------------------------------------------------
    st.subheader("Kostnad och kommunernas summa per år")
    for column, rad in zip(st.columns(len(AR)), queries.scenario_summor(scenario, resultat).itertuples()):
        column.metric(f"Kostnad {rad.ar}", fmt_kr(rad.kostnad_kr), border=True)
        column.caption(f"Kommunerna tillsammans: {fmt_kr(rad.summa_kr)} (skillnad {fmt_kr(rad.differens_kr)})")

    # --- Who pays more, who pays less ------------------------------------------------------
    st.subheader(f"Vem betalar mer och vem betalar mindre än {BASAR}")
    with st.container(horizontal=True, gap="medium"):
        ar = st.segmented_control("År", AR, default=AR[0], required=True, key="scenario_ar")
        per_invanare = st.toggle("Kronor per invånare", key="scenario_per_invanare")
    urval = filters.urval(modellnamn=namn, resultat=resultat, ar=ar, per_invanare=per_invanare,
                          bas=queries.scenario_bas(underlag), forra=filters.forra)
    show_figure(figures.render("scenarier.forandring", urval))
    show_figure(figures.render("scenarier.ar_tabell", urval))
    show_figure(figures.render("scenarier.belopp_tabell", urval))
    st.caption("Summa-raden är varje år lika med kostnaden: beloppen avrundas till hela kronor med "
               "största-restmetoden.")

    # --- Money against value ------------------------------------------------------------------
    st.subheader("Pengar mot värde")
    pengar_mot_varde = figures.render("scenarier.pengar_mot_varde", urval)
    show_figure(pengar_mot_varde)
    st.caption("Medelbetyget är kommunens medelvärde (1–5) över utvärderingens alla påståenden om syften och "
               "samverkansorganisationen; Vet ej räknas inte. Längst ned till höger finns kommuner som betalar mer "
               "och är minst nöjda. Den streckade linjen är kommunernas medelbetyg; grå punkter saknar betyg från "
               "den förra utvärderingen.")
    show_figure(figures.render("scenarier.pengar_mot_varde_tabell", urval, pengar_mot_varde.data))

    # --- Save -------------------------------------------------------------------------------------
    st.subheader("Spara scenariot")
    anvandare = queries.anvandare_som_far_spara()
    if anvandare is None:
        st.caption("Scenarier sparas av granskare och administratörer.")
    else:
        with st.container(horizontal=True, vertical_alignment="bottom", gap="small"):
            sparnamn = st.text_input("Namn på scenariot", key="scenario_namn",
                                     placeholder="t.ex. Per invånare, tak 10 %")
            if st.button("Spara scenario", key="scenario_spara", icon=":material/save:"):
                try:
                    sparat = queries.spara_scenario(scenario, sparnamn, anvandare)
                except ScenarioFel as error:
                    st.error(error.meddelande)
                else:
                    st.success(f"Scenariot '{sparat.namn}' är sparat av {sparat.anvandare_namn}.")

# --- Compare saved scenarios --------------------------------------------------------------------
st.header("Jämför sparade scenarier")
sparade = {s.id: s for s in queries.sparade_scenarier()}
if not sparade:
    st.info("Inga scenarier är sparade ännu. Bygg ett scenario ovan och spara det under ett namn.")
    st.stop()
valda = st.multiselect("Scenarier att jämföra (två till fyra)", list(sparade),
                       format_func=lambda i: sparade[i].etikett(), max_selections=4, key="scenario_jamfor",
                       placeholder="Välj sparade scenarier")
jamforelse, problem = queries.scenario_jamforelse([sparade[i] for i in valda])
for text in problem:
    st.warning(text)
if jamforelse.empty:
    st.caption("Välj två till fyra sparade scenarier för att se dem sida vid sida per kommun.")
    st.stop()
with st.container(horizontal=True, gap="medium"):
    jamfor_ar = st.segmented_control("År", AR, default=AR[0], required=True, key="scenario_jamfor_ar")
    jamfor_per_inv = st.toggle("Kronor per invånare", key="scenario_jamfor_per_invanare")
if jamforelse["scenario_id"].nunique() < 2:
    st.caption("Välj minst ett scenario till för att jämföra.")
jamforelse_urval = filters.urval(ar=jamfor_ar, per_invanare=jamfor_per_inv, jamforelse=jamforelse)
jamforelse_diagram = figures.render("scenarier.jamforelse", jamforelse_urval)
show_figure(jamforelse_diagram)
show_figure(figures.render("scenarier.jamforelse_tabell", jamforelse_urval))

bilaga_scenarier = [BilagaScenario(i, sparade[i].scenario(), sparade[i].sparad_text())
                    for i in valda if i in set(jamforelse["scenario_id"])]
diagram = basket.chart_item(name=jamforelse_diagram.filename, title=jamforelse_diagram.title,
                            source=jamforelse_diagram.source, spec=chart_spec(jamforelse_diagram.spec))
notice = setting_str("synthetic_notice")
st.download_button("Ladda ned förhandlingsbilaga (.docx)",
                   data=bilaga_exporter(bilaga_scenarier, jamforelse, diagram,
                                        note=f"Beräkningen bygger på {notice} och är endast ett exempel."
                                        if notice else None),
                   file_name=export_filename("forhandlingsbilaga", "-".join(valda), ext="docx"),
                   mime=MIME_TYPES["docx"], key="scenario_bilaga", on_click="ignore",
                   icon=":material/description:",
                   help="Scenarierna jämförda per kommun, med metoden beskriven, som Word-dokument.")
