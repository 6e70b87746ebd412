"""Shared modules for the Streamlit pages: queries, charts, formatting, components."""
