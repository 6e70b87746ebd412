"""Page-wide styles for WCAG 2.1 AA that Streamlit's theme options cannot express.

- Focus visible (2.4.7): a clear outline on whatever the keyboard focuses.
- Reflow (1.4.10): a chart wider than a phone scrolls inside its own frame instead of the page.
"""

from __future__ import annotations

import streamlit as st

STYLE = """
<style>
:focus-visible { outline: 3px solid #005A8C !important; outline-offset: 2px !important; }
[data-testid="stVegaLiteChart"] { max-width: 100%; overflow-x: auto; }
</style>
"""


def apply_styles() -> None:
    """Add the page-wide accessibility styles (call once per page run)."""
    st.html(STYLE)
