"""Honest verdicts on changes between two utvärderingar for small samples (15 kommuner at most).

A change 2024→2025 is only compared like with like: the kommuner that answered (took a
position on) the question in both utvärderingar. Each such kommun gives one paired
difference. Under "no change" every difference is as likely to have the opposite sign,
so the exact two-sided p-value is the share of all 2^n sign flips whose mean is at least
as far from zero as the observed mean (a paired sign-flip permutation test; exact for
n ≤ 20, 20 000 seeded random flips above). The verdict in plain Swedish:

- "tydlig förbättring" / "tydlig försämring": p below the significance level
  (setting `change_significance_pct`, default 5 %);
- "ingen säker skillnad": the change is within what chance gives;
- "för få kommuner för att bedöma": even all differences in one direction could not
  reach the level (fewer than 6 pairs at 5 %).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.formatting import fmt_signed
from dashboard.svenska import count
from pipelines.settings import setting_int

__all__: list[str] = [
    "TYDLIG_FORBATTRING",
    "TYDLIG_FORSAMRING",
    "INGEN_SAKER_SKILLNAD",
    "FOR_FA",
    "METOD",
    "Bedomning",
    "sign_flip_p",
    "bedom",
    "parvisa_skillnader",
    "bedom_per_grupp",
]

TYDLIG_FORBATTRING = "tydlig förbättring"
TYDLIG_FORSAMRING = "tydlig försämring"
INGEN_SAKER_SKILLNAD = "ingen säker skillnad"
FOR_FA = "för få kommuner för att bedöma"
EXACT_MAX_N = 20
RANDOM_FLIPS = 20_000

METOD = ("Förändringen jämför samma kommuner: de som tagit ställning till frågan i båda utvärderingarna. "
         "Bedömningen kommer från ett exakt parat teckenbytestest: om det inte fanns någon verklig förändring "
         "vore varje kommuns skillnad lika trolig med omvänt tecken, och vi räknar hur ofta alla sådana "
         "teckenbyten ger en minst lika stor medelförändring. Är det mer sällan än {niva} % av gångerna står "
         "det ”tydlig förbättring” eller ”tydlig försämring”, annars ”ingen säker skillnad”. Med färre än "
         "{minsta} kommuner kan ingen förändring visas säkert.")


def _alpha() -> float:
    return setting_int("change_significance_pct") / 100


def minsta_antal(alpha: float | None = None) -> int:
    """The fewest pairs with which an all-same-sign change can reach the level (6 at 5 %)."""
    alpha = _alpha() if alpha is None else alpha
    n = 1
    while 2 / 2**n > alpha:
        n += 1
    return n


def metod_text() -> str:
    """METOD with the level and the minimum number of kommuner filled in."""
    return METOD.format(niva=setting_int("change_significance_pct"), minsta=minsta_antal())


def sign_flip_p(differences) -> float:
    """Exact two-sided p-value of a paired sign-flip test on the mean of the differences (1.0 when empty)."""
    d = np.asarray([float(x) for x in differences if pd.notna(x)], dtype=float)
    if len(d) == 0 or not np.any(d):
        return 1.0
    observed = abs(d.mean()) - 1e-12
    if len(d) <= EXACT_MAX_N:
        signs = np.array(list(itertools.product((1.0, -1.0), repeat=len(d))))
    else:
        signs = np.random.default_rng(0).choice((1.0, -1.0), size=(RANDOM_FLIPS, len(d)))
    means = np.abs(signs @ d) / len(d)
    return float(np.mean(means >= observed))


@dataclass(frozen=True)
class Bedomning:
    """A change's verdict: pairs n, mean change, p-value and the plain-Swedish verdict."""

    n: int
    forandring: float
    p: float
    text: str

    @property
    def kort(self) -> str:
        """'+0,4 (tydlig förbättring, 12 kommuner)' style summary for captions."""
        change = fmt_signed(self.forandring, 1) if pd.notna(self.forandring) else "–"
        return f"{change} ({self.text}, {count(self.n, 'kommun', 'kommuner')} i båda)"


def bedom(differences, alpha: float | None = None) -> Bedomning:
    """The verdict on a set of paired differences (one per kommun that answered both utvärderingar)."""
    alpha = _alpha() if alpha is None else alpha
    d = [float(x) for x in differences if pd.notna(x)]
    n = len(d)
    change = float(np.mean(d)) if n else float("nan")
    p = sign_flip_p(d)
    if n < minsta_antal(alpha):
        text = FOR_FA
    elif p < alpha:
        text = TYDLIG_FORBATTRING if change > 0 else TYDLIG_FORSAMRING
    else:
        text = INGEN_SAKER_SKILLNAD
    return Bedomning(n, change, p, text)


def parvisa_skillnader(per_kommun: pd.DataFrame, fore: int, efter: int, key: str = "fraga_id") -> pd.DataFrame:
    """Per key and kommun that took a position in both utvärderingar: the two values and the difference.

    per_kommun: rows with columns utvardering, kommunkod, `key` and varde (null = Vet ej).
    Columns out: key, kommunkod, fore, efter, skillnad.
    """
    data = per_kommun.dropna(subset=["varde"])
    a = data[data["utvardering"] == fore][[key, "kommunkod", "varde"]].rename(columns={"varde": "fore"})
    b = data[data["utvardering"] == efter][[key, "kommunkod", "varde"]].rename(columns={"varde": "efter"})
    pairs = a.merge(b, on=[key, "kommunkod"], how="inner")
    pairs["skillnad"] = pairs["efter"].astype(float) - pairs["fore"].astype(float)
    return pairs


def bedom_per_grupp(per_kommun: pd.DataFrame, fore: int, efter: int, key: str = "fraga_id") -> pd.DataFrame:
    """Per key: like-for-like n, mean of both years over the pairs, change, p and verdict.

    Columns: key, n_par, medel_fore, medel_efter, forandring, p, bedomning.
    """
    pairs = parvisa_skillnader(per_kommun, fore, efter, key)
    rows = []
    for value, group in pairs.groupby(key, sort=False):
        verdict = bedom(group["skillnad"])
        rows.append({key: value, "n_par": verdict.n, "medel_fore": group["fore"].mean(),
                     "medel_efter": group["efter"].mean(), "forandring": verdict.forandring,
                     "p": verdict.p, "bedomning": verdict.text})
    return pd.DataFrame(rows, columns=[key, "n_par", "medel_fore", "medel_efter", "forandring", "p", "bedomning"])


def cohens_kappa(first: np.ndarray, second: np.ndarray) -> float:
    """Cohen's kappa of two raters' labels for the same items: (observed − chance agreement) / (1 − chance).

    Same figure as sklearn.metrics.cohen_kappa_score (unweighted), written out because importing scikit-learn
    would add about 0,6 s to the first run of Fritext. NaN when chance agreement is 1 (a single label in all).
    """
    first, second = np.asarray(first), np.asarray(second)
    labels = np.union1d(first, second)
    observed = float(np.mean(first == second))
    chance = float(sum(np.mean(first == label) * np.mean(second == label) for label in labels))
    return float("nan") if chance == 1 else (observed - chance) / (1 - chance)
