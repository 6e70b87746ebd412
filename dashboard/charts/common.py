"""Shared chart look: ordered Likert colours and colour-blind-safe palettes.

Builders return charts without `.configure(...)`: `components.show_chart` sets the
sv-SE locale on the chart itself for display, and the exporter for files.
"""

from __future__ import annotations

import altair as alt

from dashboard.smagrupper import FOR_FA_SVAR


__all__ = ["LIKERT_ORDER", "LIKERT_COLOURS", "CATEGORY_COLOURS", "FONT", "MISSING_ANSWERS",
           "likert_scale"]

FONT = "Source Sans Pro, Arial, sans-serif"
LIKERT_ORDER = ["Instämmer inte alls", "Instämmer i liten grad", "Instämmer delvis",
                "Instämmer till stor del", "Instämmer helt", "Vet ej"]
# ColorBrewer PuOr (colour-blind safe, ordered), Vet ej in neutral grey.
LIKERT_COLOURS = ["#b35806", "#f1a340", "#d9d9d9", "#998ec3", "#542788", "#9e9e9e"]
# Okabe–Ito: distinguishable for the common forms of colour blindness.
CATEGORY_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


# Answers that are missing, shown (not left out) in charts that list kommuner: light grey, labelled in words.
MISSING_ANSWERS = ["Inget svar på frågan", "Inget svar inkommet"]
MISSING_COLOURS = ["#f0f0f0", "#bdbdbd"]
NO_ANSWER, NO_ANSWER_COLOUR, NO_ANSWER_SYMBOL = MISSING_ANSWERS[1], MISSING_COLOURS[1], "–"
# A group too small to show (dashboard.smagrupper): pale yellow, with its own symbol in the cell.
SUPPRESSED_COLOUR, SUPPRESSED_SYMBOL = "#fff7bc", "×"


def likert_scale(suppressed: bool = False) -> alt.Scale:
    """Colour scale mapping the Likert labels (and the missing answers) to ordered colour-blind-safe colours.

    suppressed: also the label of a group too small to show (only where the chart has one, so legends
    elsewhere do not list it).
    """
    extra = [FOR_FA_SVAR] if suppressed else []
    return alt.Scale(domain=LIKERT_ORDER + MISSING_ANSWERS + extra,
                     range=LIKERT_COLOURS + MISSING_COLOURS + [SUPPRESSED_COLOUR] * len(extra))
