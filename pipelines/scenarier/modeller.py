"""Contribution models for the 2027–2030 agreement: what each kommun would pay, year by year.

Notation: N is a year 2027–2030, k a kommun, n the number of kommuner (15 in the county),
A_k the kommun's real anslag in 2026 (all posts), I_k(N) its invånare on 31 December N − 1
(the outcome where there is one, else the befolkningsprognos), S_k(N) its skattekraft in kr per
invånare for the latest year before N.

    T(N) = kostnad_2027_kr × (1 + upprakning_procent / 100)^(N − 2027), rounded to whole kronor

Each model gives a kommun's exact amount a_k(N), which sums to T(N) over the kommuner:

    oforandrad              a_k(N) = T(N) × A_k / Σ A
    per_invanare            a_k(N) = T(N) × I_k(N) / Σ I(N)
    fast_plus_per_invanare  a_k(N) = T(N) × f / n + T(N) × (1 − f) × I_k(N) / Σ I(N)     (f = fast_andel)
    skattekraft             a_k(N) = T(N) × I_k(N) × S_k(N) / Σ I(N) × S(N)

With a cap p = tak_forandring_procent / 100 no amount may move more than p from the kommun's
amount the year before (2026: the real anslag). The capped amount is

    x_k(N) = clamp(λ × a_k(N), ⌈(1 − p) × b_k(N − 1)⌉, ⌊(1 + p) × b_k(N − 1)⌋)

with the one λ that makes Σ x(N) = T(N): the kommuner held at a bound pay the bound and the rest of
T(N) is spread over the others in proportion to their model amounts. When T(N) lies outside
[Σ lower bounds, Σ upper bounds] no such λ exists and ScenarioFel says so.

Finally the exact amounts are rounded to whole kronor by the largest-remainder method: every
kommun gets ⌊x_k⌋, and the kronor still missing to T(N) go one each to the largest fractional
parts (ties in kommunkod order). So Σ_k b_k(N) = T(N) exactly, and a capped amount stays within
its bounds (the bounds are whole kronor). All arithmetic is exact (fractions), never floating point.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from fractions import Fraction

import pandas as pd

__all__ = [
    "AR",
    "BASAR",
    "FORSTA_AR",
    "SISTA_AR",
    "MODELLER",
    "FALT",
    "METOD",
    "Scenario",
    "ScenarioFel",
    "Underlag",
    "avrunda",
    "berakna",
    "bas",
    "las_scenario",
    "med_tak",
    "total",
    "vikter",
]

BASAR = 2026
FORSTA_AR = 2027
SISTA_AR = 2030
AR: tuple[int, ...] = tuple(range(FORSTA_AR, SISTA_AR + 1))

# Model id → label shown to users.
MODELLER: dict[str, str] = {
    "oforandrad": "Oförändrade andelar",
    "per_invanare": "Per invånare",
    "fast_plus_per_invanare": "Fast del + per invånare",
    "skattekraft": "Skattekraftsviktad per invånare",
}

# The scenario's fields (as in S.toml) → what they mean, in Swedish.
FALT: dict[str, str] = {
    "namn": "scenariots namn",
    "modell": f"fördelningsmodell ({', '.join(MODELLER)})",
    "kostnad_2027_kr": "kommunernas sammanlagda kostnad 2027 i kronor",
    "upprakning_procent": "årlig uppräkning i procent",
    "fast_andel": "den fasta delens andel 0–1 (modellen fast_plus_per_invanare)",
    "tak_forandring_procent": "högsta tillåtna förändring mot året före, i procent (valfritt)",
}

# The method in Swedish, for the page and the förhandlingsbilaga.
METOD: tuple[str, ...] = (
    f"Kommunernas sammanlagda kostnad år N är T(N) = kostnaden {FORSTA_AR} × (1 + uppräkningen)^(N − {FORSTA_AR}), "
    "avrundad till hela kronor.",
    "Oförändrade andelar: varje kommun betalar samma andel av T(N) som av kommunernas sammanlagda anslag "
    f"{BASAR}.",
    "Per invånare: varje kommun betalar T(N) × kommunens invånare / länets invånare.",
    "Fast del + per invånare: den fasta andelen av T(N) delas lika mellan kommunerna, resten fördelas per "
    "invånare.",
    "Skattekraftsviktad: varje kommun betalar T(N) × (invånare × skattekraft) / summan av (invånare × "
    "skattekraft) för alla kommuner. Skattekraften är kronor per invånare det senaste året före år N.",
    "Invånare för år N är folkmängden den 31 december år N − 1: utfall där det finns, annars "
    "befolkningsprognosen.",
    "Tak för förändring: inget belopp får ändras mer än taket mot kommunens belopp året före "
    f"({BASAR} det verkliga anslaget). Kommuner som når taket betalar taket, och resten fördelas på de övriga i "
    "proportion till modellens belopp tills summan stämmer. Går det inte att nå T(N) inom taket anges det.",
    "Beloppen avrundas till hela kronor med största-restmetoden, så att kommunernas belopp varje år summerar "
    "exakt till T(N).",
)


class ScenarioFel(ValueError):
    """An invalid scenario or one the data cannot satisfy; `falt` names the field, the message is Swedish."""

    def __init__(self, falt: str, meddelande: str):
        super().__init__(f"fältet '{falt}': {meddelande}")
        self.falt = falt
        self.meddelande = meddelande


@dataclass(frozen=True)
class Scenario:
    """One negotiation scenario, with the fields of S.toml."""

    namn: str
    modell: str
    kostnad_2027_kr: float
    upprakning_procent: float
    fast_andel: float | None = None
    tak_forandring_procent: float | None = None

    def parametrar(self) -> dict[str, object]:
        """The scenario as S.toml's fields (optional ones left out when not set)."""
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True)
class Underlag:
    """What the models read, keyed by kommunkod (in the kommuner's order).

    anslag_bas: the real anslag in BASAR (kr). invanare: (kommunkod, year N) → invånare on
    31 December N − 1. skattekraft: (kommunkod, data year) → kr per invånare.
    """

    kommuner: dict[str, str]
    anslag_bas: dict[str, float]
    invanare: dict[tuple[str, int], int]
    skattekraft: dict[tuple[str, int], float] = field(default_factory=dict)


# --------------------------------------------------------------------------
# Reading and checking a scenario
# --------------------------------------------------------------------------


def _sv(value: float, decimals: int = 0) -> str:
    """A number in Swedish style for messages: '1 234 567', '2,5'."""
    return f"{value:,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")


def _number(parametrar: Mapping[str, object], falt: str) -> float:
    value = parametrar[falt]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ScenarioFel(falt, f"måste vara ett tal (är {value!r}).")
    return float(value)


def las_scenario(parametrar: Mapping[str, object]) -> Scenario:
    """Check a scenario's fields (as read from S.toml) and return it; ScenarioFel names the first wrong field."""
    okanda = sorted(set(parametrar) - set(FALT))
    if okanda:
        raise ScenarioFel(okanda[0], f"okänt fält. Tillåtna fält: {', '.join(FALT)}.")
    for falt in ("namn", "modell", "kostnad_2027_kr", "upprakning_procent"):
        if falt not in parametrar:
            raise ScenarioFel(falt, f"saknas ({FALT[falt]}).")
    namn = parametrar["namn"]
    if not isinstance(namn, str) or not namn.strip():
        raise ScenarioFel("namn", "måste vara en text som inte är tom.")
    modell = parametrar["modell"]
    if modell not in MODELLER:
        raise ScenarioFel("modell", f"okänd modell {modell!r}; välj en av {', '.join(MODELLER)}.")
    kostnad = _number(parametrar, "kostnad_2027_kr")
    if kostnad < 0:
        raise ScenarioFel("kostnad_2027_kr", f"kostnaden får inte vara negativ (är {_sv(kostnad)}).")
    upprakning = _number(parametrar, "upprakning_procent")
    if not -100 < upprakning <= 100:
        raise ScenarioFel("upprakning_procent", f"måste vara större än −100 och högst 100 (är {_sv(upprakning, 1)}).")
    fast_andel = None
    if "fast_andel" in parametrar:
        fast_andel = _number(parametrar, "fast_andel")
        if not 0 <= fast_andel <= 1:
            raise ScenarioFel("fast_andel", f"måste vara mellan 0 och 1 (är {_sv(fast_andel, 2)}).")
    elif modell == "fast_plus_per_invanare":
        raise ScenarioFel("fast_andel", "saknas; modellen fast_plus_per_invanare behöver den fasta andelen 0–1.")
    tak = None
    if "tak_forandring_procent" in parametrar:
        tak = _number(parametrar, "tak_forandring_procent")
        if tak < 0:
            raise ScenarioFel("tak_forandring_procent", f"får inte vara negativt (är {_sv(tak, 1)}).")
    return Scenario(namn.strip(), str(modell), kostnad, upprakning, fast_andel, tak)


# --------------------------------------------------------------------------
# The models
# --------------------------------------------------------------------------


def _exact(value: float | int) -> Fraction:
    """A number as an exact fraction, taking a float by its shortest decimal form (2.5 → 5/2, 0.1 → 1/10)."""
    return Fraction(value) if isinstance(value, int) else Fraction(repr(float(value)))


def total(scenario: Scenario, ar: int) -> int:
    """T(N) = kostnad_2027_kr × (1 + upprakning_procent/100)^(N − 2027), rounded half up to whole kronor."""
    exact = _exact(scenario.kostnad_2027_kr) * (1 + _exact(scenario.upprakning_procent) / 100) ** (ar - FORSTA_AR)
    return math.floor(exact + Fraction(1, 2))


def _invanare(underlag: Underlag, ar: int) -> dict[str, int]:
    """Every kommun's invånare for year N; ScenarioFel when one is missing."""
    out = {}
    for kod, namn in underlag.kommuner.items():
        value = underlag.invanare.get((kod, ar))
        if value is None or value <= 0:
            raise ScenarioFel("invanare", f"befolkning saknas för {namn} ({kod}) år {ar} (folkmängden 31 december "
                                          "året före, utfall eller befolkningsprognos). Lägg in den och bygg om.")
        out[kod] = int(value)
    return out


def _skattekraft(underlag: Underlag, kod: str, ar: int) -> Fraction:
    """The kommun's skattekraft for year N: the latest year before N that has a value."""
    years = [y for (k, y) in underlag.skattekraft if k == kod and y < ar]
    if not years:
        raise ScenarioFel("skattekraft", f"skattekraft saknas för {underlag.kommuner[kod]} ({kod}) före år {ar}. "
                                         "Lägg in den i skattekraft.csv och bygg om.")
    return _exact(underlag.skattekraft[(kod, max(years))])


def _proportional(weights: Mapping[str, Fraction], falt: str, vad: str) -> dict[str, Fraction]:
    summa = sum(weights.values())
    if summa <= 0:
        raise ScenarioFel(falt, f"{vad} summerar till noll; modellen kan inte fördela kostnaden.")
    return {k: w / summa for k, w in weights.items()}


def vikter(scenario: Scenario, underlag: Underlag, ar: int) -> dict[str, Fraction]:
    """Each kommun's share of T(N) under the scenario's model (exact; the shares sum to 1). See the module doc."""
    if scenario.modell == "oforandrad":
        return _proportional({k: _exact(underlag.anslag_bas[k]) for k in underlag.kommuner}, "anslag",
                             f"anslagen {BASAR}")
    invanare = _invanare(underlag, ar)
    per_invanare = _proportional({k: Fraction(v) for k, v in invanare.items()}, "invanare", "invånarna")
    if scenario.modell == "per_invanare":
        return per_invanare
    if scenario.modell == "fast_plus_per_invanare":
        fast = _exact(scenario.fast_andel or 0)
        return {k: fast / len(invanare) + (1 - fast) * w for k, w in per_invanare.items()}
    if scenario.modell == "skattekraft":
        return _proportional({k: v * _skattekraft(underlag, k, ar) for k, v in invanare.items()}, "skattekraft",
                             "invånare × skattekraft")
    raise ScenarioFel("modell", f"okänd modell {scenario.modell!r}.")


def _clamped(lam: Fraction, onskat: Mapping[str, Fraction], granser: Mapping[str, tuple[int, int]]) -> Fraction:
    return sum(min(max(lam * a, granser[k][0]), granser[k][1]) for k, a in onskat.items())


def med_tak(summa: int, onskat: Mapping[str, Fraction], foregaende: Mapping[str, int], tak_procent: float,
            ar: int) -> dict[str, Fraction]:
    """Cap every amount within ±tak_procent of the year before, spreading the rest in proportion (see module doc).

    onskat: the model's exact amounts (sum = summa). foregaende: each kommun's amount the year before.
    Returns exact amounts within the whole-krona bounds that sum to summa; ScenarioFel when impossible.
    """
    p = _exact(tak_procent) / 100
    granser = {k: (max(0, math.ceil((1 - p) * foregaende[k])), math.floor((1 + p) * foregaende[k])) for k in onskat}
    lagst = sum(lo for lo, _ in granser.values())
    hogst = sum(hi if onskat[k] > 0 else lo for k, (lo, hi) in granser.items())
    if not lagst <= summa <= hogst:
        riktning = "höjas" if summa > hogst else "sänkas"
        raise ScenarioFel("tak_forandring_procent", (
            f"taket ±{_sv(tak_procent, 1)} % gör {ar} omöjligt: kommunerna ska betala {_sv(summa)} kr, men inom taket "
            f"kan de tillsammans betala {_sv(lagst)}–{_sv(hogst)} kr. Taket behöver {riktning} eller kostnaden "
            "ändras."))
    brytpunkter = sorted({Fraction(0)} | {Fraction(b) / a for k, a in onskat.items() if a > 0 for b in granser[k]})
    forra = brytpunkter[0]
    for punkt in brytpunkter:
        varde = _clamped(punkt, onskat, granser)
        if varde >= summa:
            if varde == summa or punkt == forra:
                lam = punkt
            else:
                start = _clamped(forra, onskat, granser)
                lam = forra + (summa - start) * (punkt - forra) / (varde - start)
            break
        forra = punkt
    else:  # pragma: no cover - excluded by the bounds check above
        raise AssertionError("no λ found")
    return {k: min(max(lam * a, granser[k][0]), granser[k][1]) for k, a in onskat.items()}


def avrunda(summa: int, belopp: Mapping[str, Fraction]) -> dict[str, int]:
    """Whole kronor by the largest-remainder method: floors, then one krona each to the largest fractions.

    belopp must sum exactly to summa; ties go in the mapping's order (kommunkod order).
    """
    golv = {k: math.floor(v) for k, v in belopp.items()}
    kvar = summa - sum(golv.values())
    if not 0 <= kvar <= len(belopp):
        raise ValueError(f"beloppen summerar inte till {summa}")
    ordning = sorted(belopp, key=lambda k: -(belopp[k] - golv[k]))  # stable: ties keep kommunkod order
    for k in ordning[:kvar]:
        golv[k] += 1
    return golv


def _procent(andring: float, fran: float) -> float | None:
    return andring / fran * 100 if fran else None


def bas(underlag: Underlag) -> pd.DataFrame:
    """The real year BASAR per kommun: kommunkod, kommun, ar, invanare, belopp_kr, kr_per_invanare."""
    invanare = _invanare(underlag, BASAR)
    rows = []
    for kod, namn in underlag.kommuner.items():
        if kod not in underlag.anslag_bas:
            raise ScenarioFel("anslag", f"anslag {BASAR} saknas för {namn} ({kod}); det behövs som utgångsläge.")
        belopp = float(underlag.anslag_bas[kod])
        rows.append({"kommunkod": kod, "kommun": namn, "ar": BASAR, "invanare": invanare[kod], "belopp_kr": belopp,
                     "kr_per_invanare": belopp / invanare[kod]})
    return pd.DataFrame(rows)


def berakna(scenario: Scenario, underlag: Underlag) -> pd.DataFrame:
    """Every kommun's amount per year 2027–2030 under the scenario, in whole kronor summing to T(N).

    Columns: kommunkod, kommun, ar, invanare, belopp_kr (int), kr_per_invanare, forandring_kr and
    forandring_procent (against the year before; 2027 against the real anslag 2026), and against 2026:
    forandring_mot_bas_kr, forandring_mot_bas_procent, kr_per_invanare_bas, forandring_kr_per_invanare.
    Raises ScenarioFel when data is missing or the cap cannot be met.
    """
    utgang = bas(underlag).set_index("kommunkod")
    foregaende = {k: int(round(v)) for k, v in utgang["belopp_kr"].items()}
    rows = []
    for ar in AR:
        summa = total(scenario, ar)
        onskat = {k: summa * w for k, w in vikter(scenario, underlag, ar).items()}
        if scenario.tak_forandring_procent is not None:
            onskat = med_tak(summa, onskat, foregaende, scenario.tak_forandring_procent, ar)
        belopp = avrunda(summa, onskat)
        invanare = _invanare(underlag, ar)
        for kod, namn in underlag.kommuner.items():
            fore, basbelopp = foregaende[kod], float(utgang.at[kod, "belopp_kr"])
            per_inv = belopp[kod] / invanare[kod]
            rows.append({
                "kommunkod": kod, "kommun": namn, "ar": ar, "invanare": invanare[kod], "belopp_kr": belopp[kod],
                "kr_per_invanare": per_inv, "forandring_kr": belopp[kod] - fore,
                "forandring_procent": _procent(belopp[kod] - fore, fore),
                "forandring_mot_bas_kr": belopp[kod] - basbelopp,
                "forandring_mot_bas_procent": _procent(belopp[kod] - basbelopp, basbelopp),
                "kr_per_invanare_bas": float(utgang.at[kod, "kr_per_invanare"]),
                "forandring_kr_per_invanare": per_inv - float(utgang.at[kod, "kr_per_invanare"]),
            })
        foregaende = belopp
    frame = pd.DataFrame(rows)
    return frame.astype({"belopp_kr": "int64", "forandring_kr": "int64", "forandring_procent": "float64",
                         "forandring_mot_bas_procent": "float64"})
