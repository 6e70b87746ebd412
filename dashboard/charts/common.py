"""Shared chart look: palettes, the Swedish locale on every chart, empty-state detection."""

from __future__ import annotations

import altair as alt

from dashboard.formatting import VEGA_FORMAT_LOCALE, VEGA_TIME_LOCALE

__all__ = ["LIKERT_ORDER", "LIKERT_COLOURS", "CATEGORY_COLOURS", "DIVERGING_SCHEME", "FONT",
           "swedish", "likert_scale"]

FONT = "Source Sans Pro, Arial, sans-serif"
LIKERT_ORDER = ["Instämmer inte alls", "Instämmer i liten grad", "Instämmer delvis",
                "Instämmer till stor del", "Instämmer helt", "Vet ej"]
# ColorBrewer PuOr (colour-blind safe, ordered), Vet ej in neutral grey.
LIKERT_COLOURS = ["#b35806", "#f1a340", "#d9d9d9", "#998ec3", "#542788", "#9e9e9e"]
# Okabe–Ito: distinguishable for the common forms of colour blindness.
CATEGORY_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
DIVERGING_SCHEME = "purpleorange"


def likert_scale() -> alt.Scale:
    """Colour scale mapping the Likert labels to ordered colour-blind-safe colours."""
    return alt.Scale(domain=LIKERT_ORDER, range=LIKERT_COLOURS)


def swedish(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Set the sv-SE number and time locale and the shared look on the chart itself."""
    return chart.configure(
        locale={"number": VEGA_FORMAT_LOCALE, "time": VEGA_TIME_LOCALE},
        font=FONT,
        range={"category": CATEGORY_COLOURS},
    ).configure_title(anchor="start", fontSize=15).configure_axis(labelFontSize=12, titleFontSize=12)
