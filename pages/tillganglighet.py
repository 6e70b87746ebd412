"""Tillgänglighet: the tillgänglighetsredogörelse in the form DIGG prescribes (lagen om tillgänglighet till
digital offentlig service, 2018:1937): how accessible the dashboard is, known gaps, how to report a problem and
where to complain.
"""

import streamlit as st

from dashboard.layout import page_setup
from dashboard.markdown import escape_markdown
from pipelines.settings import setting_str

page_setup("Tillgänglighet", kommun_filter=False)
adress = setting_str("accessibility_contact").strip()
kontakt = f"[{escape_markdown(adress)}](mailto:{adress})"

st.markdown(
    "Region Västerbotten står bakom den här dashboarden för utvärderingen av samverkan mellan regionen och "
    "länets 15 kommuner. Vi vill att så många som möjligt ska kunna använda den. Här beskriver vi hur "
    "dashboarden uppfyller lagen om tillgänglighet till digital offentlig service, kända brister och hur du kan "
    "rapportera problem så att vi kan åtgärda dem."
)

st.header("Hur tillgänglig är dashboarden?")
st.markdown(
    "Vi vet att delar av dashboarden inte är helt tillgängliga. Se avsnittet om innehåll som inte är "
    "tillgängligt nedan."
)

st.header("Vad kan du göra om du inte kan använda delar av dashboarden?")
st.markdown(
    f"Om du behöver innehåll från dashboarden i ett annat format, till exempel diagrammens siffror som tabell "
    f"eller rapportunderlaget som Word-fil, kan du kontakta oss på {kontakt}. Varje diagram har också sina "
    "siffror i tabellform under rubriken *Diagrammets data i tabellform*, och alla tabeller kan laddas ned "
    "som Excel- och CSV-filer."
)

st.header("Rapportera brister i dashboardens tillgänglighet")
st.markdown(
    f"Vi strävar hela tiden efter att förbättra tillgängligheten. Om du upptäcker problem som inte är "
    f"beskrivna på den här sidan, eller om du anser att vi inte uppfyller lagens krav, meddela oss på "
    f"{kontakt} så att vi får veta att problemet finns. Beskriv gärna vilken sida och vilket hjälpmedel det "
    "gäller."
)

st.header("Tillsyn")
st.markdown(
    "Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn över lagen om tillgänglighet till "
    "digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du "
    "[kontakta Digg och påpeka det](https://www.digg.se/tdosanmalan)."
)

st.header("Teknisk information om dashboardens tillgänglighet")
st.markdown(
    "Dashboarden är delvis förenlig med lagen om tillgänglighet till digital offentlig service, på grund av de "
    "brister som beskrivs nedan."
)

st.subheader("Innehåll som inte är tillgängligt")
st.markdown(
    "- **Tabeller med många rader** visas i ett rutnät som skärmläsare läser cell för cell utan rubriker. "
    "Ladda ned tabellen som Excel- eller CSV-fil; diagrammens data finns som vanliga tabeller under varje "
    "diagram. (WCAG 1.3.1)\n"
    "- **Diagrammens verktygstips** visas bara när muspekaren vilar på ett värde. Samma värden finns i "
    "tabellen under diagrammet. (WCAG 1.4.13)\n"
    "- **Kartan över kommunerna**: namnen på små kommuner nära varandra kan överlappa vid smal skärm. "
    "Kommunernas värden finns i tabellen under kartan. (WCAG 1.4.10)\n"
    "- **Breda diagram på mobil**: svarsfördelningen på sidan Utvärdering kan behöva rullas i sidled inom sin "
    "ram på en smal telefonskärm. (WCAG 1.4.10)\n"
    "- **Staplade stapeldiagram** (svarsfördelningen på Utvärdering, anslagen per ändamål) skiljer delarna åt "
    "med färg och teckenförklaring. Samma uppgifter finns i tabellen under diagrammet. (WCAG 1.4.1)\n"
    "- **Exporterade bilder** (PNG, SVG och PDF) har titel och källa men ingen separat textbeskrivning; "
    "använd Excel-exporten av samma figur som textalternativ. (WCAG 1.1.1)"
)

st.subheader("Hur vi testat dashboarden")
st.markdown(
    "Vi testar dashboarden automatiskt vid varje ändring: verktyget axe-core granskar varje sida mot WCAG 2.1 "
    "nivå AA i webbläsaren Chromium, och ett test kontrollerar att inga sidor behöver rullas i sidled på en "
    "telefon (390 bildpunkter bred) eller surfplatta (768 bildpunkter bred). Vi har också testat att alla "
    "kontroller går att nå och använda med tangentbordet och att fokus syns.\n\n"
    "Redogörelsen uppdaterades senast den 23 november 2026."
)
