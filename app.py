"""Entry point: `streamlit run app.py`. Declares the pages; each page draws its own content."""

import streamlit as st

st.set_page_config(page_title="Utvärdering av samverkan – Region Västerbotten", page_icon=":material/analytics:", layout="wide")

PAGES = [
    st.Page("pages/oversikt.py", title="Översikt", icon=":material/home:", default=True),
    st.Page("pages/utvardering.py", url_path="utvardering", title="Utvärdering", icon=":material/checklist:"),
    st.Page("pages/utmaningar.py", url_path="utmaningar", title="Utmaningar per delstrategi", icon=":material/explore:"),
    st.Page("pages/fritext.py", url_path="fritext", title="Fritextsvar och teman", icon=":material/forum:"),
    st.Page("pages/finansiering.py", url_path="finansiering", title="Finansiering", icon=":material/payments:"),
    st.Page("pages/budget.py", url_path="budget", title="Budgetuppföljning", icon=":material/monitoring:"),
    st.Page("pages/scenarier.py", url_path="scenarier", title="Förhandlingsscenarier", icon=":material/balance:"),
    st.Page("pages/kommunprofil.py", url_path="kommunprofil", title="Kommunprofil", icon=":material/location_on:"),
]

st.navigation(PAGES).run()
