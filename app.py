"""Entry point: `streamlit run app.py`. Declares the pages; each page draws its own content."""

import streamlit as st

st.set_page_config(page_title="Utvärdering av samverkan – Region Västerbotten", page_icon="📊", layout="wide")

PAGES = [
    st.Page("pages/1_Oversikt.py", title="Översikt", icon="🏠", default=True),
    st.Page("pages/2_Utvardering.py", url_path="utvardering", title="Utvärdering", icon="📋"),
    st.Page("pages/3_Utmaningar.py", url_path="utmaningar", title="Utmaningar per delstrategi", icon="🧭"),
    st.Page("pages/4_Fritext.py", url_path="fritext", title="Fritextsvar och teman", icon="💬"),
    st.Page("pages/5_Finansiering.py", url_path="finansiering", title="Finansiering", icon="💰"),
    st.Page("pages/6_Budget.py", url_path="budget", title="Budgetuppföljning", icon="📈"),
    st.Page("pages/7_Kommunprofil.py", url_path="kommunprofil", title="Kommunprofil", icon="📍"),
]

st.navigation(PAGES).run()
