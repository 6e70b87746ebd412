"""The page-wide styles Streamlit's theme options cannot express, in one place.

- Focus visible (WCAG 2.4.7): a clear outline on whatever the keyboard focuses.
- Reflow (1.4.10): a chart wider than a phone scrolls inside its own frame instead of the page.
- Swedish only: Streamlit's and Vega's own toolbars and widget texts are English ("Show data", "Download as
  PNG", "Search", "Fullscreen", "No results"). The toolbars are hidden (the app's own Swedish export buttons
  are the way to download) and the empty-search text of selectboxes and multiselects is replaced by Swedish.

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
[data-testid$="Dropdown"] div[role="option"][style*="contents"] > span:only-child { font-size: 0 !important; }
[data-testid$="Dropdown"] div[role="option"][style*="contents"] > span:only-child::after {
  content: "Inga träffar"; font-size: 1rem;
}
</style>
"""


def apply_styles() -> None:
    """Add the page-wide styles (call once per page run)."""
    st.html(STYLE)
