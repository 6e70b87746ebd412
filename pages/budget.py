"""Budgetuppföljning: per enhet and year, budget for the period versus accumulated utfall, prognos and deviations."""

import streamlit as st

from dashboard import figures, queries, texts
from dashboard.components import escape_markdown, show_figure
from dashboard.formatting import fmt_number, fmt_signed, fmt_tkr
from dashboard.layout import page_setup
from dashboard.svenska import month_name
from pipelines.settings import setting_int

filters = page_setup(
    "Budgetuppföljning",
    "Budget för perioden mot ackumulerat utfall månad för månad, helårsbudget och prognos per enhet, "
    "i tusen kronor.",
    kommun_filter=False,
)

enheter = queries.budget_enheter()
if not enheter:
    st.info("Det finns ingen budgetuppföljning i databasen. "
            "Lägg in uppföljningsfilen i rådata och bygg om databasen.")
    st.stop()

kolumner = st.columns([2.4, 1, 1.3, 2.2])
enhet = kolumner[0].selectbox("Enhet", enheter, key="budget_enhet")
ar_lista = queries.budget_ar(enhet)
ar = kolumner[1].selectbox("År", ar_lista, index=len(ar_lista) - 1, key="budget_ar")
manader = queries.budget_manader(enhet, ar)
if not manader:
    st.info(escape_markdown(f"Det finns ingen uppföljning för {enhet} {ar}."))
    st.stop()
manad = kolumner[2].selectbox("Till och med", manader, index=len(manader) - 1,
                              format_func=month_name, key="budget_manad")
troskel_pct = kolumner[3].segmented_control("Gräns för avvikelse", queries.BUDGET_TROSKLAR_PCT,
                                           default=setting_int("budget_threshold_pct"),
                                           required=True, format_func=lambda p: f"±{p} %", key="budget_troskel",
                                           help="Avvikelser inom gränsen räknas som 'Enligt budget'.")
troskel = troskel_pct / 100
period = texts.budget_period(manad)
urval = filters.urval(enhet=enhet, ar=ar, manad=manad, troskel=troskel)

manadsvis = figures.get("budget.manadsvis")
serie = manadsvis.load(urval)
rad = serie[serie["manad"] == manad].iloc[0]

# --- Key figures for the chosen month ----------------------------------------------------
st.subheader(escape_markdown(f"{enhet} {ar}, {period}"))
with st.container(horizontal=True, gap="large"):
    st.metric("Budget helår", fmt_tkr(rad.budget_helar_tkr), width="content")
    st.metric(f"Budget {period}", fmt_tkr(rad.budget_period_tkr), width="content")
    st.metric(f"Utfall {period}", fmt_tkr(rad.utfall_ack_tkr), width="content")
    st.metric("Avvikelse", fmt_signed(rad.avvikelse_tkr, 0, "tkr"), width="content",
              delta=fmt_signed(rad.avvikelse_andel * 100, 1, "%"), delta_color="off",
              delta_arrow=texts.budget_pil(rad.avvikelse_tkr),
              help="Ackumulerat utfall minus budget för perioden.")
    st.metric("Prognos helår", fmt_tkr(rad.prognos_helar_tkr), width="content",
              delta=f"{fmt_signed(rad.prognos_avvikelse_tkr, 0, 'tkr')} mot budget", delta_color="off",
              delta_arrow=texts.budget_pil(rad.prognos_avvikelse_tkr))

st.markdown(texts.budget_kommentar(rad.avvikelse_tkr, rad.avvikelse_andel, rad.status, period, troskel))

# --- Month by month ------------------------------------------------------------------------
show_figure(manadsvis.render(urval, serie))
st.caption("Utfall och prognos visas till och med vald månad; budgeten för hela året.")

show_figure(figures.render("budget.manadsvis_tabell", urval, serie))
st.caption(f"Status med gränsen ±{fmt_number(troskel_pct)} %.")

# --- All enheter at the chosen month --------------------------------------------------------
st.subheader(f"Alla enheter {ar}, {period}")
alla_enheter = figures.get("budget.alla_enheter")
oversikt = alla_enheter.load(urval)
if oversikt.empty:
    st.info(f"Ingen enhet har uppföljning för {month_name(manad)} {ar}.")
else:
    show_figure(alla_enheter.render(urval, oversikt))
    markerade = oversikt[oversikt["status"] != "Enligt budget"]
    st.caption(f"{len(markerade)} av {len(oversikt)} enheter avviker mer än ±{fmt_number(troskel_pct)} % "
               "från budgeten för perioden (status 'Under budget' eller 'Över budget').")
