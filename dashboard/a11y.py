"""The page-wide styles Streamlit's theme options cannot express, in one place.

- Focus visible (WCAG 2.4.7): a clear outline on whatever the keyboard focuses.
- Reflow (1.4.10): a chart wider than a phone scrolls inside its own frame instead of the page.
- Swedish only: Streamlit's and Vega's own toolbars are English ("Show data", "Download as PNG", "Search",
  "Fullscreen"). They are hidden; the app's own Swedish export buttons are the way to download. (The widgets'
  own texts, such as "No results", are served in Swedish by dashboard.serve.)

Pages add them with `apply_styles`; `dashboard.serve` also puts them in the page head from the first byte.
"""

from __future__ import annotations

import streamlit as st

STYLE = """
<style>
:focus-visible { outline: 3px solid #005A8C !important; outline-offset: 2px !important; }
[data-testid="stVegaLiteChart"] { max-width: 100%; overflow-x: auto; }
[data-testid="stElementToolbar"] { display: none !important; }
.vega-embed details, .vega-embed .vega-actions { display: none !important; }
</style>
"""


def apply_styles() -> None:
    """Add the page-wide styles (call once per page run)."""
    st.html(STYLE)
