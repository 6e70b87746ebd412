"""Verdicts on changes for small samples: the exact paired sign-flip test and its plain-Swedish verdict."""
import math

import pandas as pd
import pytest

from dashboard import statistik


def test_sign_flip_p_is_exact():
    # 6 kommuner all +1: only the all-plus and all-minus flips are as extreme → 2/64.
    assert statistik.sign_flip_p([1, 1, 1, 1, 1, 1]) == pytest.approx(2 / 64)
    assert statistik.sign_flip_p([1, -1, 1, -1]) == 1.0
    assert statistik.sign_flip_p([]) == 1.0


@pytest.mark.parametrize(("differences", "verdict"), [
    ([1, 1, 1, 1, 1, 1, 1], statistik.TYDLIG_FORBATTRING),
    ([-1, -2, -1, -1, -1, -1, 0], statistik.TYDLIG_FORSAMRING),
    ([1, -1, 1, 0, 1, -1, 0, 1], statistik.INGEN_SAKER_SKILLNAD),
    ([2, 2, 2, 2, 2], statistik.FOR_FA),  # 5 kommuner can never reach 5 %
])
def test_verdicts(differences, verdict):
    assert statistik.bedom(differences).text == verdict


def test_minimum_pairs_follow_the_setting(monkeypatch):
    assert statistik.minsta_antal(0.05) == 6
    monkeypatch.setenv("UTV_CHANGE_SIGNIFICANCE_PCT", "10")
    assert statistik.minsta_antal() == 5
    assert "10 %" in statistik.metod_text()


def test_pairs_only_kommuner_with_a_position_both_years():
    per_kommun = pd.DataFrame({
        "utvardering": [2024, 2025, 2024, 2025, 2025],
        "kommunkod": ["A", "A", "B", "B", "C"],
        "fraga_id": ["q"] * 5,
        "varde": [3, 4, None, 5, 1],  # B said Vet ej in 2024; C did not answer 2024
    })
    verdicts = statistik.bedom_per_grupp(per_kommun, 2024, 2025).set_index("fraga_id")
    assert verdicts.loc["q", "n_par"] == 1
    assert verdicts.loc["q", "forandring"] == 1.0
    assert verdicts.loc["q", "bedomning"] == statistik.FOR_FA


@pytest.mark.parametrize("seed", range(20))
def test_cohens_kappa_equals_scikit_learns(seed):
    import numpy as np
    from sklearn.metrics import cohen_kappa_score

    rng = np.random.default_rng(seed)
    first, second = rng.integers(0, 2, 12), rng.integers(0, 2, 12)
    if len(set(first) | set(second)) > 1:
        assert statistik.cohens_kappa(first, second) == pytest.approx(cohen_kappa_score(first, second))


def test_cohens_kappa_by_hand():
    # 10 items: both yes 4, both no 3, a yes b no 2, a no b yes 1 → po 0,7; pe 0,6·0,5 + 0,4·0,5 = 0,5; kappa 0,4
    first = [1] * 4 + [0] * 3 + [1] * 2 + [0]
    second = [1] * 4 + [0] * 3 + [0] * 2 + [1]
    assert statistik.cohens_kappa(first, second) == pytest.approx(0.4)
    assert math.isnan(statistik.cohens_kappa([1, 1], [1, 1]))
