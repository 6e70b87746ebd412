"""The contribution models on a three-kommun example computed by hand, and their properties for random inputs.

The example: kommuner A, B and C with 1 000, 3 000 and 6 000 invånare, anslag 2026 of 100 000, 250 000
and 650 000 kr (shares 10, 25 and 65 %), skattekraft 200 000, 250 000 and 220 000 kr per invånare, and a
cost of 1 100 000 kr in 2027 raised by 2 % a year.
"""

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from pipelines.scenarier.modeller import (
    AR,
    MODELLER,
    Scenario,
    ScenarioFel,
    Underlag,
    avrunda,
    berakna,
    las_scenario,
    total,
)

KOMMUNER = {"0001": "A", "0002": "B", "0003": "C"}
INVANARE = {"0001": 1_000, "0002": 3_000, "0003": 6_000}
EXEMPEL = Underlag(
    kommuner=KOMMUNER,
    anslag_bas={"0001": 100_000.0, "0002": 250_000.0, "0003": 650_000.0},
    invanare={(k, ar): v for k, v in INVANARE.items() for ar in (2026, *AR)},
    skattekraft={("0001", 2025): 150_000.0, ("0002", 2025): 150_000.0, ("0003", 2025): 150_000.0,
                 ("0001", 2026): 200_000.0, ("0002", 2026): 250_000.0, ("0003", 2026): 220_000.0},
)


def scenario(modell: str, **extra) -> Scenario:
    return las_scenario({"namn": "Exempel", "modell": modell, "kostnad_2027_kr": 1_100_000,
                         "upprakning_procent": 2.0, **extra})


def amounts(result, ar: int) -> dict[str, int]:
    rows = result[result["ar"] == ar]
    return dict(zip(rows["kommun"], rows["belopp_kr"]))


def test_total_is_raised_by_the_upprakning_and_rounded_to_whole_kronor():
    s = scenario("per_invanare")
    assert [total(s, ar) for ar in AR] == [1_100_000, 1_122_000, 1_144_440, 1_167_329]  # 1 167 328,8 → 329


def test_oforandrad_keeps_the_2026_shares():
    result = berakna(scenario("oforandrad"), EXEMPEL)
    assert amounts(result, 2027) == {"A": 110_000, "B": 275_000, "C": 715_000}
    assert amounts(result, 2028) == {"A": 112_200, "B": 280_500, "C": 729_300}


def test_largest_remainder_gives_the_missing_kronor_to_the_largest_fractions():
    # 2030: 10 % of 1 167 329 = 116 732,9; 25 % = 291 832,25; 65 % = 758 763,85. Floors sum to 1 167 327,
    # the two missing kronor go to A (,9) and C (,85).
    result = berakna(scenario("oforandrad"), EXEMPEL)
    assert amounts(result, 2030) == {"A": 116_733, "B": 291_832, "C": 758_764}


def test_ties_go_in_kommunkod_order():
    third = Fraction(100, 3)
    assert avrunda(100, {"0001": third, "0002": third, "0003": third}) == {"0001": 34, "0002": 33, "0003": 33}


def test_per_invanare():
    result = berakna(scenario("per_invanare"), EXEMPEL)
    assert amounts(result, 2027) == {"A": 110_000, "B": 330_000, "C": 660_000}
    umea_like = result[(result["kommun"] == "C") & (result["ar"] == 2027)].iloc[0]
    assert umea_like["kr_per_invanare"] == 110.0
    assert umea_like["forandring_kr"] == 10_000  # 660 000 against 650 000 in 2026
    assert umea_like["forandring_procent"] == pytest.approx(10_000 / 650_000 * 100)


def test_fast_plus_per_invanare():
    # 30 % of 1 100 000 split equally (110 000 each), 770 000 per invånare (77 000, 231 000, 462 000).
    result = berakna(scenario("fast_plus_per_invanare", fast_andel=0.3), EXEMPEL)
    assert amounts(result, 2027) == {"A": 187_000, "B": 341_000, "C": 572_000}


def test_skattekraft_weights_invanare_by_the_latest_skattekraft_before_the_year():
    # Weights 1 000 × 200 000 : 3 000 × 250 000 : 6 000 × 220 000 = 2 : 7,5 : 13,2 (of 22,7), from 2026's figures.
    # Exact: 96 916,30; 363 436,12; 639 647,58 → floors sum to 1 099 999, the krona goes to C.
    result = berakna(scenario("skattekraft"), EXEMPEL)
    assert amounts(result, 2027) == {"A": 96_916, "B": 363_436, "C": 639_648}


def test_cap_holds_the_kommun_at_its_bound_and_spreads_the_rest_in_proportion():
    # Per invånare with a 20 % cap: B would go from 250 000 to 330 000 and is held at 300 000. The remaining
    # 800 000 goes to A and C in proportion 110 000 : 660 000 = 1 : 6, i.e. 114 285,71 and 685 714,29,
    # both within their caps; the rounding krona goes to A.
    result = berakna(scenario("per_invanare", tak_forandring_procent=20), EXEMPEL)
    assert amounts(result, 2027) == {"A": 114_286, "B": 300_000, "C": 685_714}


def test_cap_that_cannot_be_met_is_a_swedish_error():
    too_much = las_scenario({"namn": "Dubbelt", "modell": "oforandrad", "kostnad_2027_kr": 2_000_000,
                             "upprakning_procent": 0, "tak_forandring_procent": 10})
    with pytest.raises(ScenarioFel) as error:
        berakna(too_much, EXEMPEL)
    assert error.value.falt == "tak_forandring_procent"
    assert "2027 omöjligt" in str(error.value)
    assert "900\u00a0000–1\u00a0100\u00a0000 kr" in str(error.value)


def test_missing_population_names_the_kommun_and_year():
    missing = Underlag(EXEMPEL.kommuner, EXEMPEL.anslag_bas,
                       {k: v for k, v in EXEMPEL.invanare.items() if k != ("0002", 2029)})
    with pytest.raises(ScenarioFel) as error:
        berakna(scenario("per_invanare"), missing)
    assert error.value.falt == "invanare"
    assert "B (0002) år 2029" in str(error.value)


def test_missing_skattekraft_is_an_error_for_that_model_only():
    without = Underlag(EXEMPEL.kommuner, EXEMPEL.anslag_bas, EXEMPEL.invanare, {})
    assert len(berakna(scenario("per_invanare"), without)) == 12
    with pytest.raises(ScenarioFel, match="skattekraft saknas för A"):
        berakna(scenario("skattekraft"), without)


@pytest.mark.parametrize("change, field", [
    ({"modell": "per_kommun"}, "modell"),
    ({"fast_andel": 1.5}, "fast_andel"),
    ({"fast_andel": -0.1}, "fast_andel"),
    ({"kostnad_2027_kr": -1}, "kostnad_2027_kr"),
    ({"kostnad_2027_kr": "9 mkr"}, "kostnad_2027_kr"),
    ({"upprakning_procent": True}, "upprakning_procent"),
    ({"tak_forandring_procent": -5}, "tak_forandring_procent"),
    ({"namn": "  "}, "namn"),
    ({"uppräkning": 2}, "uppräkning"),
])
def test_invalid_fields_are_named(change, field):
    fields = {"namn": "X", "modell": "fast_plus_per_invanare", "kostnad_2027_kr": 1, "upprakning_procent": 2,
              "fast_andel": 0.3, **change}
    with pytest.raises(ScenarioFel) as error:
        las_scenario(fields)
    assert error.value.falt == field
    assert f"fältet '{field}'" in str(error.value)


def test_a_model_needing_fast_andel_says_so():
    with pytest.raises(ScenarioFel, match="fast_andel.*saknas"):
        las_scenario({"namn": "X", "modell": "fast_plus_per_invanare", "kostnad_2027_kr": 1, "upprakning_procent": 2})


# --------------------------------------------------------------------------
# Properties for random inputs
# --------------------------------------------------------------------------


@st.composite
def underlag_och_scenario(draw, tak: bool):
    n = draw(st.integers(2, 15))
    koder = [f"{2400 + i}" for i in range(n)]
    anslag = {k: float(draw(st.integers(1, 5_000_000))) for k in koder}
    invanare = {(k, ar): draw(st.integers(1, 200_000)) for k in koder for ar in (2026, *AR)}
    skattekraft = {(k, 2026): float(draw(st.integers(150_000, 300_000))) for k in koder}
    faktor = draw(st.floats(0.85, 1.15)) if tak else draw(st.floats(0, 3))
    fields = {
        "namn": "Slump",
        "modell": draw(st.sampled_from(list(MODELLER))),
        "kostnad_2027_kr": round(sum(anslag.values()) * faktor, draw(st.integers(-3, 2))),
        "upprakning_procent": draw(st.sampled_from([0, 0.5, 1, 2, 2.5, 3, 7.25])),
        "fast_andel": draw(st.floats(0, 1)),
    }
    if tak:
        fields["tak_forandring_procent"] = draw(st.sampled_from([0.5, 2, 5, 10, 12.5, 25]))
    return Underlag({k: k for k in koder}, anslag, invanare, skattekraft), las_scenario(fields)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(underlag_och_scenario(tak=False))
def test_every_year_sums_exactly_to_the_total(case):
    underlag, s = case
    result = berakna(s, underlag)
    assert result.groupby("ar")["belopp_kr"].sum().to_dict() == {ar: total(s, ar) for ar in AR}
    assert (result["belopp_kr"] >= 0).all()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(underlag_och_scenario(tak=True))
def test_the_cap_is_never_exceeded_and_the_total_still_balances(case):
    underlag, s = case
    try:
        result = berakna(s, underlag)
    except ScenarioFel as error:
        assert error.falt == "tak_forandring_procent"
        event("taket kan inte uppfyllas")
        return
    event("taket uppfylls")
    tak = Fraction(repr(s.tak_forandring_procent))
    previous = {k: Fraction(repr(v)) for k, v in underlag.anslag_bas.items()}
    for ar in AR:
        rows = result[result["ar"] == ar]
        assert int(rows["belopp_kr"].sum()) == total(s, ar)
        for kod, belopp in zip(rows["kommunkod"], rows["belopp_kr"]):
            assert abs(int(belopp) - previous[kod]) * 100 <= tak * previous[kod], (ar, kod)
        previous = {k: Fraction(int(b)) for k, b in zip(rows["kommunkod"], rows["belopp_kr"])}
