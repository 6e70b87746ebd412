"""Every way people write a kommun resolves to its kommunkod; anything else does not."""

import pandas as pd
import pytest

from pipelines.kommuner import KommunResolver, fold
from tests.conftest import RAW_DIR


@pytest.fixture(scope="module")
def resolver() -> KommunResolver:
    return KommunResolver.from_reference(pd.read_csv(RAW_DIR / "kommuner.csv", dtype=str, keep_default_na=False))


@pytest.mark.parametrize("typed, kod", [
    ("Umeå", "2480"),
    ("Umeå kommun", "2480"),
    ("UMEÅ", "2480"),
    ("Umea", "2480"),
    ("2480", "2480"),
    (2480, "2480"),
    (2480.0, "2480"),
    ("  umeå   kommun ", "2480"),
    ("Bjurholms kommun", "2403"),
    ("Nordmalings kommun", "2401"),
    ("Vindelns kommun", "2404"),
    ("Robertsfors", "2409"),
    ("Robertsfors kommun", "2409"),
    ("Vännäs", "2460"),
    ("Vannäs", "2460"),
    ("Skelleftea", "2482"),
    ("Skellefteå kn", "2482"),
    ("Norsjo kommun", "2417"),
    ("Aasele", "2463"),
    ("Åsele kommun", "2463"),
    ("Malå", "2418"),
    ("Storumans kommun", "2421"),
    ("Doroteas kommun", "2425"),
    ("Lyksele", "2481"),
    ("Sorsele kommun ", "2422"),
])
def test_spelling_resolves_to_kommunkod(resolver, typed, kod):
    assert resolver.resolve(typed) == kod


@pytest.mark.parametrize("typed", ["Luleå", "Region Västerbotten", "9999", "", None, float("nan"), "Umeå stad län"])
def test_unknown_kommun_does_not_resolve(resolver, typed):
    assert resolver.resolve(typed) is None


def test_all_fifteen_kommuner_resolve_by_name_and_code(resolver):
    reference = pd.read_csv(RAW_DIR / "kommuner.csv", dtype=str)
    assert {resolver.resolve(n) for n in reference["kommun"]} == set(reference["kommunkod"])
    assert len(reference) == 15


def test_fold_strips_accents_and_case():
    assert fold("  SKELLEFTEÅ  Kommun") == "skelleftea kommun"
