"""Entry point: `streamlit run app.py`. Declares the pages; each page draws its own content."""

import streamlit as st

st.set_page_config(page_title="Utvärdering av samverkan – Region Västerbotten", page_icon="📊", layout="wide")

PAGES = [
    st.Page("pages/1_Oversikt.py", title="Översikt", icon="🏠", default=True),
    st.Page("pages/2_Utvardering.py", title="Utvärdering", icon="📋"),
    st.Page("pages/3_Utmaningar.py", title="Utmaningar per delstrategi", icon="🧭"),
    st.Page("pages/4_Fritext.py", title="Fritextsvar och teman", icon="💬"),
    st.Page("pages/5_Finansiering.py", title="Finansiering", icon="💰"),
    st.Page("pages/6_Budget.py", title="Budgetuppföljning", icon="📈"),
    st.Page("pages/7_Kommunprofil.py", title="Kommunprofil", icon="📍"),
]

st.navigation(PAGES).run()
