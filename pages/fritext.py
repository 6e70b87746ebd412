"""Fritextsvar och teman: filter the kommuner's free-text answers by tema, read, pick quotes, review and correct tags."""

import streamlit as st

from dashboard import auth, figures, queries, respondentvy, texts, urlstate
from dashboard.components import (
    escape_markdown,
    show_figure,
    show_quote,
    show_table,
    swedish_styler,
)
from dashboard.formatting import fmt_number, fmt_pct
from dashboard.layout import UPDATE_IN_PROGRESS, page_setup
from dashboard.sakinnehall import ETIKETT
from dashboard.svenska import count, swedish_list
from pipelines.settings import setting_int

PER_SIDA = setting_int("fritext_page_size")
GRANSKA_PER_SIDA = setting_int("fritext_review_page_size")
MEDDELANDE_KEY = "fritext_granska_meddelande"

filters = page_setup(
    "Fritextsvar och teman",
    "Kommunernas fritextsvar, taggade med teman av en maskininlärningsmodell och granskade av användarna. "
    "Filtrera på tema, kommun, delstrategi och fråga, sök i texten och lägg citat i rapportunderlaget.",
)

# --- filters -------------------------------------------------------------------
codebook = queries.teman()
etiketter = queries.tema_etiketter()
fragor = queries.fragor_fritext()
fraga_text = dict(zip(fragor["fraga_id"], fragor["kort_text"]))
delstrategier = queries.fritext_delstrategier()
delstrategi_text = dict(zip(delstrategier["delstrategi_nr"].astype(int), delstrategier["kort"]))

with st.container(border=True):
    rad1 = st.columns(3)
    valda_teman = rad1[0].multiselect("Tema", list(etiketter), format_func=etiketter.get, key="fritext_teman",
                                      placeholder="Alla teman")
    delstrategi_nr = rad1[1].selectbox("Delstrategi", [None, *delstrategi_text], key="fritext_delstrategi",
                                       format_func=lambda n: "Alla delstrategier" if n is None
                                       else f"{n}. {delstrategi_text[n]}")
    valda_fragor = rad1[2].multiselect("Fråga", list(fraga_text), format_func=fraga_text.get, key="fritext_fragor",
                                       placeholder="Alla frågor")
    rad2 = st.columns([3, 2])
    sok = rad2[0].text_input("Sök i svaren", key="fritext_sok", placeholder="t.ex. bredband",
                             help="Skiftlägesokänslig sökning; träffarna markeras i svaren.").strip()
    alla_ar = rad2[1].toggle("Alla utvärderingar", key="fritext_alla_ar",
                             help=f"På: utvärdering {swedish_list([str(u) for u in filters.utvarderingar])}. "
                                  f"Av: bara utvärdering {filters.utvardering} (vald i sidopanelen).")

roll = respondentvy.rollfilter("fritext", filters.utvardering)
utvarderingar = filters.utvarderingar if alla_ar else (filters.utvardering,)
fritext = queries.FritextUrval(utvarderingar, filters.kommunkoder, delstrategi_nr, tuple(valda_fragor),
                               tuple(valda_teman), sok)
svar, dolda = respondentvy.med_roll(queries.fritextsvar_med_teman(fritext), roll, utvarderingar)
respondentvy.visa_dolda(dolda)
urval = filters.urval(fritext=fritext, svar=svar)

med_svar = set(queries.fritextsvar_med_teman(queries.FritextUrval(utvarderingar, filters.kommunkoder))["kommunkod"]
               ) if filters.kommunkoder else set()
utan_svar = [filters.kommunnamn[k] for k in filters.kommunkoder if k not in med_svar]
if utan_svar:
    st.caption(escape_markdown(f"Inget svar inkommet (inga fritextsvar) från: {swedish_list(utan_svar)}."))

FLIKAR = ["Svar", "Antal per tema", "Granska", "Teman och modellens kvalitet"]
urlstate.url_default("fritext_flik", "flik", FLIKAR)
flik_svar, flik_antal, flik_granska, flik_teman = st.tabs(FLIKAR, key="fritext_flik", on_change="rerun")
flik = st.session_state.get("fritext_flik", FLIKAR[0])
urlstate.write("flik", None if flik == FLIKAR[0] else flik)


def citat_tema(teman: list[str]) -> str | None:
    """The tema a quote is filed under: the first tema of the filter in use that the answer has, else its main one."""
    valt = next((t for t in valda_teman if t in teman), None) or (teman[0] if teman else None)
    return etiketter.get(valt) if valt else None


def markera(svar_id: str, inget: bool) -> None:
    """Store a reviewer's "Inget sakinnehåll" mark (set or cleared) for one answer."""
    anvandare = auth.current_user()
    if not auth.may(anvandare, auth.Action.CORRECT_THEMES):
        st.session_state[MEDDELANDE_KEY] = ("error", "Du har inte behörighet att markera svar.")
        return
    queries.markera_sakinnehall(svar_id, inget, anvandare.id, anvandare.name)


def visa_sakinnehall_och_tidigare(rad, over_tid) -> None:
    """The "Inget sakinnehåll" mark with the reviewer's set/clear button, and the kommun's answers over time.

    over_tid: queries.svar_over_tid for (at least) this answer's kommun and question.
    """
    if rad.inget_sakinnehall:
        st.caption(f"**{ETIKETT}** – räknas inte under något tema och finns inte i granskningskön.")
    if auth.may(auth.current_user(), auth.Action.CORRECT_THEMES):
        st.button("Har sakinnehåll" if rad.inget_sakinnehall else f"Markera: {ETIKETT.lower()}",
                  key=f"sakinnehall-{rad.svar_id}", type="tertiary", on_click=markera,
                  args=(rad.svar_id, not rad.inget_sakinnehall))
    over_tid = over_tid[(over_tid["kommunkod"] == rad.kommunkod) & (over_tid["fraga_id"] == rad.fraga_id)]
    if rad.hanvisar_tidigare or len(over_tid) > 1:
        rubrik = "Tidigare svar" if rad.hanvisar_tidigare else "Samma fråga i utvärderingarna"
        with st.expander(f"{rubrik}: {rad.kommun}, {rad.fraga_kort}", expanded=bool(rad.hanvisar_tidigare)):
            for kolumn, (_, tidigare) in zip(st.columns(len(over_tid)), over_tid.iterrows()):
                kolumn.markdown(f"**Utvärdering {int(tidigare['utvardering'])}**")
                kolumn.text(tidigare["text"])


# --- Svar ----------------------------------------------------------------------
with flik_svar:
    if flik_svar.open:  # only the chosen tab runs (st.tabs on_change="rerun")
        if svar.empty:
            st.info("Inga fritextsvar matchar filtren. Välj fler teman, kommuner eller frågor, "
                    "ta bort sökordet eller slå på 'Alla utvärderingar'.")
        else:
            antal = len(svar)
            st.markdown(f"**{count(antal, 'svar')}** från {count(svar['kommun'].nunique(), 'kommun', 'kommuner')}"
                        + (f" med sökordet *{escape_markdown(sok)}*" if sok else "") + ".")
            sidor = (antal - 1) // PER_SIDA + 1
            sida = st.number_input(f"Sida (av {sidor})", 1, sidor, 1, key="fritext_sida") if sidor > 1 else 1
            sidan = svar.iloc[(sida - 1) * PER_SIDA: sida * PER_SIDA]
            over_tid = queries.svar_over_tid(sidan["kommunkod"], sidan["fraga_id"], filters.utvarderingar)
            for rad in sidan.itertuples():
                st.markdown(f"**Teman:** {texts.markera_traffar(rad.taggar, '')}")
                show_quote(rad.text, kommun=rad.kommun, utvardering=rad.utvardering, fraga=rad.fraga_kort,
                           tema=citat_tema(rad.teman), teman=[etiketter.get(t, t) for t in rad.teman],
                           highlighted=texts.markera_traffar(rad.text, sok) if sok else None,
                           key=f"citat-{rad.svar_id}")
                visa_sakinnehall_och_tidigare(rad, over_tid)

# --- Antal per tema --------------------------------------------------------------
with flik_antal:
    if flik_antal.open:  # only the chosen tab runs (st.tabs on_change="rerun")
        if svar.empty:
            st.info("Inga fritextsvar matchar filtren, så det finns inget att räkna.")
        else:
            st.caption("Antal svar som har temat (ett svar kan ha flera teman). Filtren ovan gäller.")
            for per in ("kommun", "delstrategi"):
                diagram = figures.get(f"fritext.tema_per_{per}")
                matris = diagram.load(urval)
                st.subheader(f"Tema och {per}")
                if matris["antal"].sum() == 0:
                    st.info("Inga av de valda svaren hör till en delstrategi (prioriteringar och övriga synpunkter "
                            "räknas inte här)." if per == "delstrategi" else "Inga svar att räkna.")
                    continue
                show_figure(diagram.render(urval, matris))
                show_figure(figures.render(f"fritext.tema_per_{per}_tabell", urval, matris))

# --- Granska -------------------------------------------------------------------


def spara(svar_id: str, fore: list[str], manuella: tuple[str, ...], nyckel: str) -> None:
    """Store the reviewed teman of one answer as corrections by the signed-in user (granskare or administratör)."""
    anvandare = auth.current_user()
    efter = list(st.session_state.get(nyckel, []))
    if not auth.may(anvandare, auth.Action.CORRECT_THEMES):
        st.session_state[MEDDELANDE_KEY] = ("error", "Du har inte behörighet att rätta teman.")
    elif not efter:
        st.session_state[MEDDELANDE_KEY] = ("error", "Ett svar måste ha minst ett tema. Välj ett tema och spara igen.")
    else:
        rader = queries.spara_teman(svar_id, fore, efter, anvandare.id, anvandare.name, manuella)
        st.session_state[MEDDELANDE_KEY] = (
            "success", f"Sparat: {count(len(rader), 'ändring', 'ändringar')} för svar {svar_id} av "
                       f"{anvandare.name}. Temana är nu markerade som manuella och gäller före modellen.")


with flik_granska:
    if flik_granska.open:  # only the chosen tab runs (st.tabs on_change="rerun")
        st.markdown("Kön är ordnad efter var en granskning mest sannolikt ändrar något: **lägst kalibrerad konfidens "
                    "för huvudtemat först**. Den konfidensen är den uppmätta chansen att huvudtemat är rätt, så svaren "
                    "överst är de som modellen oftast har fel på. Välj de teman som stämmer och klicka **Spara**. Sparade teman markeras som *manuella*, gäller direkt i alla vyer och före "
                    "modellen, och sparas utanför databasen så att de finns kvar när den byggs om.")
        kan_ratta = auth.may(auth.current_user(), auth.Action.CORRECT_THEMES)
        if not kan_ratta:
            st.info("Du kan läsa granskningskön men inte ändra teman: det gör granskare och administratörer.")
        meddelande = st.session_state.pop(MEDDELANDE_KEY, None)
        if meddelande:
            (st.error if meddelande[0] == "error" else st.success)(meddelande[1])
        if fel := queries.korrigeringar_status():
            st.warning(fel)
        ko = queries.granskningsko(svar)
        if ko.empty:
            st.info("Inga svar att granska med de valda filtren.")
        else:
            sidor = (len(ko) - 1) // GRANSKA_PER_SIDA + 1
            sida = st.number_input(f"Sida i granskningskön (av {sidor})", 1, sidor, 1,
                                   key="fritext_granska_sida") if sidor > 1 else 1
            sidan = ko.iloc[(sida - 1) * GRANSKA_PER_SIDA: sida * GRANSKA_PER_SIDA]
            historiker = queries.korrigeringshistorik(sidan["svar_id"])
            for rad in sidan.itertuples():
                with st.container(border=True):
                    st.text(rad.text)
                    st.caption(texts.markera_traffar(f"{rad.kommun}, utvärdering {rad.utvardering}, {rad.fraga_kort}"
                                                       f" · nu: {rad.taggar}", ""))
                    if kan_ratta:
                        nyckel = f"granska-{rad.svar_id}"
                        manuella = tuple(t for t, k in zip(rad.teman, rad.kallor) if k == queries.MANUELL)
                        kolumner = st.columns([5, 1], vertical_alignment="bottom")
                        kolumner[0].multiselect("Teman", list(etiketter), default=rad.teman, format_func=etiketter.get,
                                                key=nyckel, label_visibility="collapsed")
                        kolumner[1].button("Spara", key=f"spara-{rad.svar_id}", on_click=spara,
                                           args=(rad.svar_id, list(rad.teman), manuella, nyckel), icon=":material/save:")
                    with st.expander("Historik"):
                        historik = historiker[historiker["svar_id"] == rad.svar_id]
                        if historik.empty:
                            st.caption("Ingen har rättat svarets teman ännu.")
                        else:
                            st.dataframe(swedish_styler(queries.historik_tabell(historik)), hide_index=True,
                                         key=f"historik-{rad.svar_id}")

        with st.expander("Alla rättelser – vem och när"):
            st.caption("Varje sparad rättelse med tidpunkt och vem som gjorde den. Den senaste rättelsen per svar och "
                       "tema är den som gäller.")
            show_table(queries.korrigeringar_tabell(queries.alla_korrigeringar()), name="fritext-temakorrigeringar",
                       title="Temakorrigeringar", source="Källa: granskarnas rättelser av teman i användardatabasen.")

        st.divider()
        st.subheader("Träna om modellen")
        korrigeringar = queries.tema_korrigeringar()
        st.caption(f"{count(len(korrigeringar), 'rättelse', 'rättelser')} för "
                   f"{count(korrigeringar['svar_id'].nunique(), 'svar')} är sparade. Omträningen använder dem som extra "
                   "träningsexempel och taggar sedan om alla svar med den nya modellen. Dina rättelser gäller fortfarande "
                   "före modellen.")
        if not auth.may(auth.current_user(), auth.Action.RETRAIN):
            st.info("Modellen tränas om av en administratör.")
        elif st.button("Träna om modellen med rättelserna", key="fritext_trana_om", icon=":material/model_training:"):
            with st.spinner("Tränar om modellen och taggar om svaren … (några sekunder)"):
                try:
                    resultat = queries.trana_om_temamodellen(on_wait=lambda: st.info(UPDATE_IN_PROGRESS))
                except Exception as fel:  # noqa: BLE001 - show any failure to the user in words
                    st.error(f"Omträningen misslyckades: {escape_markdown(fel)}")
                else:
                    st.success(resultat)

# --- Teman och modellens kvalitet -------------------------------------------------
with flik_teman:
    if flik_teman.open:  # only the chosen tab runs (st.tabs on_change="rerun")
        st.subheader("Kodbok")
        show_figure(figures.render("fritext.kodbok", urval, codebook))
        st.subheader("Hur mycket kan man lita på en tagg?")
        utvardering = queries.modellutvardering()
        if utvardering is None:
            st.info("Modellens kvalitetsmått finns inte ännu. De tas fram med `python -m pipelines.themes evaluate` "
                    "och visas här därefter. Tills dess: granska taggar med låg konfidens innan du använder dem.")
        else:
            modell, baslinje = utvardering.get("model", {}), utvardering.get("baseline", {})
            st.caption(f"Korsvalidering på {fmt_number(utvardering.get('n_cv_examples'))} egna märkta exempel "
                       f"(daterad {utvardering.get('date', 'okänt datum')}), jämfört med en nyckelordsbaslinje byggd "
                       "från kodboken. Konfidensen vid huvudtemat är kalibrerad: den uppmätta chansen att huvudtemat "
                       "är rätt. Övriga teman visar modellens sannolikhet för temat.")
            m1, m2, m3 = st.columns(3)
            m1.metric("Träffsäkerhet, huvudtema", fmt_pct(modell.get("top1_accuracy_mean")),
                      help=f"Baslinje: {fmt_pct(baslinje.get('top1_accuracy_mean'))}")
            m1.caption(f"Nyckelordsbaslinje: {fmt_pct(baslinje.get('top1_accuracy_mean'))}")
            m2.metric("Makro-F1", fmt_number(modell.get("macro_f1_mean"), 2),
                      help=f"Baslinje: {fmt_number(baslinje.get('macro_f1_mean'), 2)}")
            m2.caption(f"Nyckelordsbaslinje: {fmt_number(baslinje.get('macro_f1_mean'), 2)}")
            if "holdout_top1_accuracy" in utvardering:
                m3.metric("Träffsäkerhet på testdel", fmt_pct(utvardering["holdout_top1_accuracy"]),
                          help="Exempel som aldrig används för träning.")
                m3.caption(f"{fmt_number(utvardering.get('holdout_n'))} exempel; baslinje "
                           f"{fmt_pct(utvardering.get('holdout_top1_accuracy_baseline'))}")
            f1 = queries.tema_f1(utvardering)
            if f1.empty:
                st.info("Utvärderingen saknar F1 per tema.")
            else:
                show_figure(figures.render("fritext.modell_f1", urval, f1))
                show_figure(figures.render("fritext.modell_f1_tabell", urval, f1))
            st.subheader("Stämmer konfidensen?")
            tillforlitlighet = queries.tillforlitlighet(utvardering)
            if tillforlitlighet.empty:
                st.info("Utvärderingen saknar kalibreringsmått. Kör `python -m pipelines.themes evaluate` igen.")
            else:
                st.caption(f"Kalibreringsfel (ECE) i korsvalideringen: {fmt_number(modell.get('ece_pooled'), 2)} "
                           "över alla svar utanför träningsdelen (0 är perfekt). Punkter nära den streckade linjen "
                           "betyder att konfidensen stämmer.")
                show_figure(figures.render("fritext.modell_tillforlitlighet", urval, tillforlitlighet))
                show_figure(figures.render("fritext.modell_tillforlitlighet_tabell", urval, tillforlitlighet))
        st.subheader("Granskarnas överensstämmelse")
        kappa = queries.granskarnas_overensstammelse()
        if kappa.empty or kappa["par"].max() == 0:
            st.info("Inga svar har taggats av två granskare ännu. När två granskare har sparat teman för samma svar "
                    "visas hur väl de är överens (Cohens kappa per tema).")
        else:
            st.caption("Cohens kappa per tema för svar som två granskare båda har taggat: 1 är full överensstämmelse, "
                       "0 inte bättre än slumpen. Streck: temat användes inte, eller alla var överens om ett enda värde.")
            show_figure(figures.render("fritext.granskare_kappa", urval, kappa))
