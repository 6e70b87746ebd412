"""Serve the dashboard with Swedish as the document language: `streamlit run serve.py`.

Streamlit runs this file as an ASGI app (st.App) with the SwedishDocument middleware in front
(dashboard/serve.py), so every page is served as `<html lang="sv">`.
"""

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from dashboard.serve import SwedishDocument

app = st.App(str(Path(__file__).with_name("app.py")), middleware=[Middleware(SwedishDocument)])
