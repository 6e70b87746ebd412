"""Swedish texts for the budget follow-up: the period, the arrow and the comment on a deviation."""

from __future__ import annotations

from dashboard.formatting import fmt_number, fmt_signed, fmt_tkr
from dashboard.queries.ekonomi import BUDGET_TROSKEL
from dashboard.svenska import SHORT_MONTHS

__all__: list[str] = [
    "budget_period",
    "budget_pil",
    "budget_kommentar",
]


def budget_period(manad: int) -> str:
    """The accumulated period up to a month in short lower-case Swedish: 'jan–jul' (just 'jan' for January)."""
    return SHORT_MONTHS[0] if int(manad) == 1 else f"{SHORT_MONTHS[0]}–{SHORT_MONTHS[int(manad) - 1]}"


def budget_pil(avvikelse: float) -> str:
    """Metric arrow for a deviation: 'down' below budget, 'up' above, 'off' when exactly on it."""
    return "down" if avvikelse < 0 else "up" if avvikelse > 0 else "off"


def budget_kommentar(avvikelse_tkr: float, avvikelse_andel: float, status: str, period: str,
                     troskel: float = BUDGET_TROSKEL) -> str:
    """One sentence (Markdown) on the deviation: 'Utfallet jan–jul är **3 tkr under budgeten** ...'."""
    if avvikelse_tkr < 0:
        lage = f"{fmt_tkr(abs(avvikelse_tkr))} under budgeten"
    elif avvikelse_tkr > 0:
        lage = f"{fmt_tkr(avvikelse_tkr)} över budgeten"
    else:
        lage = "exakt enligt budgeten"
    procent = troskel * 100
    grans = fmt_number(procent, 0 if float(procent).is_integer() else 1)
    return (f"Utfallet {period} är **{lage}** för perioden ({fmt_signed(avvikelse_andel * 100, 1, '%')}): "
            f"**{status}**. Avvikelser inom ±{grans} % räknas som enligt budget.")
