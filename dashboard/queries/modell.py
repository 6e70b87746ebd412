"""The tema model's quality: reliability of its confidence and agreement between reviewers."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from dashboard.statistik import cohens_kappa
from dashboard.queries.fritext import tema_korrigeringar, teman

__all__ = ["granskare_kappa", "granskarnas_overensstammelse", "tillforlitlighet"]

ADD = "lagg_till"


def tillforlitlighet(utvardering: dict) -> pd.DataFrame:
    """The reliability table behind the calibration error: one row per confidence interval with answers.

    Columns: intervall ('0,3–0,4'), fran, till, konfidens (mean), andel_ratt (share whose top tema was
    right), antal. Empty when the evaluation has no reliability table.
    """
    rows = utvardering.get("reliability") or []
    frame = pd.DataFrame(rows, columns=["bin_from", "bin_to", "n", "confidence", "accuracy"])
    frame = frame.rename(columns={"bin_from": "fran", "bin_to": "till", "n": "antal", "confidence": "konfidens",
                                  "accuracy": "andel_ratt"})
    frame["intervall"] = [f"{a:.1f}–{b:.1f}".replace(".", ",") for a, b in zip(frame["fran"], frame["till"])]
    return frame.astype({"fran": float, "till": float, "antal": int, "konfidens": float, "andel_ratt": float})[
        ["intervall", "fran", "till", "konfidens", "andel_ratt", "antal"]]


def reviewer_sets(korrigeringar: pd.DataFrame) -> dict[tuple[str, str], frozenset[str]]:
    """(svar_id, anvandar_id) → the teman the reviewer left on the answer at their last save.

    Replays the log in order: a save records every chosen tema as ``lagg_till`` and every
    dropped one as ``ta_bort``, so the manual set right after a reviewer's last row is
    exactly what that reviewer chose.
    """
    state: dict[str, dict[str, str]] = {}
    sets: dict[tuple[str, str], frozenset[str]] = {}
    for row in korrigeringar.itertuples(index=False):
        answer = state.setdefault(str(row.svar_id), {})
        answer[row.tema_id] = row.atgard
        sets[(str(row.svar_id), str(row.anvandar_id))] = frozenset(t for t, a in answer.items() if a == ADD)
    return sets


def granskare_kappa(korrigeringar: pd.DataFrame, tema_ids: list[str]) -> pd.DataFrame:
    """Cohen's kappa per tema over answers that two reviewers have both tagged (every pair of reviewers pooled).

    Columns: tema_id, kappa (NaN when neither reviewer used the tema on those answers, or all agreed
    on a single value), par (answer-reviewer pairs compared), overens (pairs agreeing on the tema).
    """
    ordered = korrigeringar.sort_values("tidpunkt", kind="stable") if len(korrigeringar) else korrigeringar
    sets = reviewer_sets(ordered)
    by_answer: dict[str, list[str]] = {}
    for svar_id, reviewer in sets:
        by_answer.setdefault(svar_id, []).append(reviewer)
    pairs = [(sets[(s, a)], sets[(s, b)]) for s, reviewers in by_answer.items()
             for a, b in combinations(sorted(reviewers), 2)]
    rows = []
    for tema in tema_ids:
        first = np.array([tema in a for a, _ in pairs], dtype=int)
        second = np.array([tema in b for _, b in pairs], dtype=int)
        varied = len(pairs) and len(set(first) | set(second)) > 1
        kappa = cohens_kappa(first, second) if varied else float("nan")
        rows.append((tema, kappa, len(pairs), int((first == second).sum())))
    return pd.DataFrame(rows, columns=["tema_id", "kappa", "par", "overens"])


def granskarnas_overensstammelse() -> pd.DataFrame:
    """Kappa per tema for the stored corrections, with the tema's label (column tema), codebook order."""
    codebook = teman()
    kappa = granskare_kappa(tema_korrigeringar(), codebook["tema_id"].tolist())
    return kappa.merge(codebook[["tema_id", "etikett"]], on="tema_id").rename(columns={"etikett": "tema"})
