"""The held-out hard cases and the demo answers never leak into the training data."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from pipelines.themes import TRAINING_PATH
from pipelines.themes.evaluation import HARD_CASES_PATH
from pipelines.themes.features import fold

DEMO_ANSWERS = TRAINING_PATH.parents[1] / "demo" / "fritextsvar.csv"
MAX_JACCARD = 0.7  # stricter than "near-equal" (0,8)


def tokens(text: str) -> frozenset[str]:
    """Lower-cased words without diacritics: "Vägar i ÖP" and "vagar i op" share all of them."""
    return frozenset(re.findall(r"\w+", fold(text.lower())))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / max(len(a | b), 1)


def near_copies(training: list[str], others: list[str]) -> list[tuple[float, str, str]]:
    """Pairs (similarity, training text, other text) whose token Jaccard reaches MAX_JACCARD."""
    other_tokens = [(tokens(o), o) for o in dict.fromkeys(others) if o.strip()]
    found = []
    for text in training:
        mine = tokens(text)
        for theirs, other in other_tokens:
            similarity = jaccard(mine, theirs)
            if similarity >= MAX_JACCARD:
                found.append((round(similarity, 2), text, other))
    return found


@pytest.fixture(scope="module")
def training_texts() -> list[str]:
    return pd.read_csv(TRAINING_PATH, dtype=str, keep_default_na=False)["text"].tolist()


def test_no_training_text_is_a_near_copy_of_a_hard_case(training_texts):
    hard = pd.read_csv(HARD_CASES_PATH, dtype=str, keep_default_na=False)["text"].tolist()
    assert near_copies(training_texts, hard) == []


def test_no_training_text_is_a_near_copy_of_a_demo_answer(training_texts):
    demo = pd.read_csv(DEMO_ANSWERS, dtype=str, keep_default_na=False)["text"].tolist()
    assert near_copies(training_texts, demo) == []


def test_the_check_finds_a_near_copy_without_diacritics():
    assert near_copies(["Vägen till kusten är i dåligt skick"], ["vagen till kusten ar i daligt skick!"])
    assert not near_copies(["Vägen till kusten är i dåligt skick"], ["Bussen går för sällan"])
