"""Entry point: `streamlit run app.py`. Declares the pages, one line each; each page draws its own content.

The sign-in gate (dashboard.auth.gate) decides which pages a visitor may open.
"""

from dashboard.navigation import Sida, run_app

SIDOR = (
    Sida("pages/oversikt.py", "Översikt", "", ":material/home:"),
    Sida("pages/utvardering.py", "Utvärdering", "utvardering", ":material/checklist:"),
    Sida("pages/utmaningar.py", "Utmaningar per delstrategi", "utmaningar", ":material/explore:"),
    Sida("pages/fritext.py", "Fritextsvar och teman", "fritext", ":material/forum:"),
    Sida("pages/finansiering.py", "Finansiering", "finansiering", ":material/payments:"),
    Sida("pages/budget.py", "Budgetuppföljning", "budget", ":material/monitoring:"),
    Sida("pages/scenarier.py", "Förhandlingsscenarier", "scenarier", ":material/balance:"),
    Sida("pages/kommunprofil.py", "Kommunprofil", "kommunprofil", ":material/location_on:"),
    Sida("pages/dataimport.py", "Dataimport", "dataimport", ":material/upload_file:"),
    Sida("pages/tillganglighet.py", "Tillgänglighet", "tillganglighet", ":material/accessibility:"),
)

if __name__ == "__main__":
    import streamlit as st

    st.set_page_config(page_title="Utvärdering av samverkan – Region Västerbotten",
                       page_icon=":material/analytics:", layout="wide")
    run_app(SIDOR)
