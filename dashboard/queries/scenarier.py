"""Queries: scenarier — the negotiation scenarios 2027–2030, saved scenarios and money against value.

The models live in pipelines.scenarier.modeller (pure, shared with the CLI); their input is read
here through the cached `db.query`. Saved scenarios go through a ScenarioLager (see below): every
read and write of saved scenarios, and the check of who may save, is in this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import duckdb
import pandas as pd

import userstore
from dashboard.db import query
from pipelines.scenarier.modeller import (
    MODELLER,
    Scenario,
    ScenarioFel,
    Underlag,
    bas,
    berakna,
    las_scenario,
    total,
)
from pipelines.scenarier.underlag import las_underlag

__all__: list[str] = [
    "Anvandare",
    "UserstoreLager",
    "UnderlagSaknas",
    "scenario_bas",
    "SparatScenario",
    "ScenarioLager",
    "anvandare_som_far_spara",
    "kommun_i_scenarier",
    "pengar_mot_varde",
    "scenario_berakning",
    "scenario_jamforelse",
    "scenario_summor",
    "scenariounderlag",
    "sparade_scenarier",
    "spara_scenario",
    "standardkostnad",
]


class UnderlagSaknas(RuntimeError):
    """The published database lacks the scenario tables (built before they existed)."""


# --------------------------------------------------------------------------
# The models' input and results
# --------------------------------------------------------------------------


def scenariounderlag() -> Underlag:
    """Kommuner, anslag 2026, invånare per year and skattekraft from the published database (cached per file)."""
    try:
        return las_underlag(query)
    except duckdb.CatalogException as error:
        raise UnderlagSaknas("Databasen saknar befolkningsprognos eller skattekraft. Bygg om den "
                             "(python -m pipelines) och ladda om sidan.") from error


def scenario_bas(underlag: Underlag) -> pd.DataFrame:
    """The real year 2026 per kommun: kommunkod, kommun, ar, invanare, belopp_kr, kr_per_invanare."""
    return bas(underlag)


def standardkostnad(upprakning_procent: float = 2.0) -> int:
    """A starting cost for 2027: the kommuner's anslag 2026 raised by one year's uppräkning, in whole thousands."""
    summa = sum(scenariounderlag().anslag_bas.values())
    return int(round(summa * (1 + upprakning_procent / 100), -3))


def scenario_berakning(parametrar: Mapping[str, object]) -> tuple[Scenario, pd.DataFrame]:
    """Check a scenario's fields and compute it on the published data (modeller.berakna's columns).

    Raises ScenarioFel (Swedish message naming the field) when the scenario is invalid or cannot be met.
    """
    scenario = las_scenario(parametrar)
    return scenario, berakna(scenario, scenariounderlag())


def scenario_summor(scenario: Scenario, resultat: pd.DataFrame) -> pd.DataFrame:
    """Per year: the cost T(N) to finance and the sum of the kommuner's amounts (equal to the krona).

    Columns: ar, kostnad_kr, summa_kr, differens_kr.
    """
    summor = resultat.groupby("ar", as_index=False)["belopp_kr"].sum().rename(columns={"belopp_kr": "summa_kr"})
    summor.insert(1, "kostnad_kr", [total(scenario, int(a)) for a in summor["ar"]])
    summor["differens_kr"] = summor["summa_kr"] - summor["kostnad_kr"]
    return summor


# --------------------------------------------------------------------------
# Table builders (numbers, Swedish display through with_formats)
# --------------------------------------------------------------------------



# --------------------------------------------------------------------------
# Money against value
# --------------------------------------------------------------------------


def pengar_mot_varde(resultat: pd.DataFrame, ar: int, utvardering: int, forra: int | None) -> pd.DataFrame:
    """Per kommun: the change in kr per invånare (year `ar` against 2026) beside its mean rating and its change.

    The mean rating is the kommun's mean score 1–5 over every Likert question (syften and
    samverkansorganisationen) in the utvärdering, from the answer that counts; Vet ej is left out.
    Columns: kommunkod, kommun, forandring_kr_per_invanare, forandring_mot_bas_procent, medel, forra_medel,
    medel_forandring (null when the kommun did not answer one of them).
    """
    betyg = query(
        """
        select l.kommunkod, l.utvardering, avg(l.varde) as medel
        from likertsvar l join fraga f using (fraga_id)
        where f.grupp in ('syfte', 'organisation') and l.utvardering in (?, ?)
        group by all
        """,
        (int(utvardering), forra),
    )
    nu = betyg[betyg["utvardering"] == int(utvardering)].set_index("kommunkod")["medel"]
    fore = betyg[betyg["utvardering"] == forra].set_index("kommunkod")["medel"] if forra else pd.Series(dtype=float)
    rows = resultat[resultat["ar"] == int(ar)].set_index("kommunkod")
    out = pd.DataFrame({
        "kommunkod": rows.index,
        "kommun": rows["kommun"].to_numpy(),
        "forandring_kr_per_invanare": rows["forandring_kr_per_invanare"].to_numpy(),
        "forandring_mot_bas_procent": rows["forandring_mot_bas_procent"].to_numpy(),
        "medel": nu.reindex(rows.index).to_numpy(dtype="float64"),
        "forra_medel": fore.reindex(rows.index).to_numpy(dtype="float64"),
    })
    out["medel_forandring"] = out["medel"] - out["forra_medel"]
    return out


# --------------------------------------------------------------------------
# Saved scenarios: the store, who may save
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Anvandare:
    """Who is working: a stable id and the name shown."""

    id: str
    namn: str


@dataclass(frozen=True)
class SparatScenario:
    """A saved scenario: its fields as in S.toml (plain values, no JSON), who saved it and when."""

    id: str
    namn: str
    parametrar: dict[str, object]
    anvandare_id: str
    anvandare_namn: str
    sparad: dt.datetime

    def sparad_text(self) -> str:
        """Who saved it and when: 'Anna Lind, 2026-11-23 14:05'."""
        return f"{self.anvandare_namn}, {self.sparad:%Y-%m-%d %H:%M}"

    def etikett(self) -> str:
        """'Per invånare 10 % (Anna Lind, 2026-11-23 14:05)'."""
        return f"{self.namn} ({self.sparad_text()})"

    def scenario(self) -> Scenario:
        """The saved fields checked again as a Scenario (ScenarioFel if they are no longer valid)."""
        return las_scenario({**self.parametrar, "namn": self.namn})


class ScenarioLager(Protocol):
    """Where saved scenarios live. `spara` records who and when; `lista` returns them oldest first."""

    def spara(self, namn: str, parametrar: dict[str, object], anvandare_id: str,
              anvandare_namn: str) -> SparatScenario: ...

    def lista(self) -> list[SparatScenario]: ...


class UserstoreLager:
    """Saved scenarios in the users' store (userstore, SQLite or PostgreSQL): who and when recorded, every rebuild
    survived."""

    def spara(self, namn: str, parametrar: dict[str, object], anvandare_id: str,
              anvandare_namn: str) -> SparatScenario:
        ny = userstore.save_scenario(namn, parametrar, anvandare_id, anvandare_namn)
        return next(s for s in self.lista() if s.id == str(ny))

    def lista(self) -> list[SparatScenario]:
        return [SparatScenario(str(rad["id"]), rad["namn"], dict(rad["parametrar"]), rad["anvandar_id"],
                               rad["anvandare"], rad["tidpunkt"].astimezone().replace(tzinfo=None, microsecond=0))
                for rad in reversed(userstore.list_scenarios())]


LAGER: ScenarioLager = UserstoreLager()


def anvandare_som_far_spara() -> Anvandare | None:
    """The signed-in user if their role may save scenarios (granskare, administrator), else None.

    Without sign-in the dashboard runs as one local user with every role (dashboard.auth).
    """
    from dashboard import auth

    user = auth.current_user()
    return Anvandare(user.id, user.name) if auth.may(user, auth.Action.SAVE_SCENARIOS) else None


def sparade_scenarier() -> list[SparatScenario]:
    """Every saved scenario, oldest first."""
    return LAGER.lista()


def spara_scenario(scenario: Scenario, namn: str, anvandare: Anvandare) -> SparatScenario:
    """Save a checked scenario under a name, recording who saved it and when; ScenarioFel for a blank name."""
    if not namn.strip():
        raise ScenarioFel("namn", "ge scenariot ett namn innan du sparar det.")
    parametrar = {**scenario.parametrar(), "namn": namn.strip()}
    return LAGER.spara(namn.strip(), parametrar, anvandare.id, anvandare.namn)


# --------------------------------------------------------------------------
# Comparing saved scenarios
# --------------------------------------------------------------------------


def scenario_jamforelse(sparade: Sequence[SparatScenario]) -> tuple[pd.DataFrame, list[str]]:
    """Every kommun and year under each saved scenario, computed on today's data.

    Returns (rows, problems): rows have modeller.berakna's columns plus scenario_id, scenario (its name, or its
    label with who and when if two chosen scenarios share a name) and modell (label); problems are Swedish
    messages for scenarios that cannot be computed now.
    """
    if not sparade:
        return pd.DataFrame(), []
    try:
        underlag = scenariounderlag()
    except UnderlagSaknas as error:
        return pd.DataFrame(), [str(error)]
    namn = [s.namn for s in sparade]
    frames, problem = [], []
    for sparat in sparade:
        try:
            scenario = sparat.scenario()
            resultat = berakna(scenario, underlag)
        except ScenarioFel as error:
            problem.append(f"Scenariot '{sparat.namn}' kan inte beräknas på dagens data: {error.meddelande}")
            continue
        visat = sparat.namn if namn.count(sparat.namn) == 1 else sparat.etikett()
        frames.append(resultat.assign(scenario_id=sparat.id, scenario=visat, modell=MODELLER[scenario.modell]))
    return (pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()), problem


# --------------------------------------------------------------------------
# Kommunprofil: one kommun under every saved scenario
# --------------------------------------------------------------------------


def kommun_i_scenarier(kommunkod: str) -> tuple[pd.DataFrame, list[str]]:
    """One kommun's rows (every year) under every saved scenario; (rows, problems) as scenario_jamforelse."""
    jamforelse, problem = scenario_jamforelse(sparade_scenarier())
    if jamforelse.empty:
        return jamforelse, problem
    return jamforelse[jamforelse["kommunkod"] == str(kommunkod)].reset_index(drop=True), problem


