"""Queries: ekonomi — the kommunala anslag and the budget follow-up (budgetutfall).

Kronor per invånare use the population on 31 December the year before the
anslag year (befolkning.ar = ar - 1), capped at the latest year available.
"""

from __future__ import annotations

import pandas as pd

from dashboard.db import query
from dashboard.formatting import MONTHS

__all__: list[str] = [
    "BUDGET_TROSKEL",
    "anslag_ar",
    "anslag_per_kommun",
    "anslag_per_kommun_post",
    "anslag_per_part",
    "anslag_utveckling",
    "anslag_totalt_per_ar",
    "budget_enheter",
    "budget_ar",
    "budget_manader",
    "budget_manadsserie",
    "budget_oversikt",
    "budget_status",
]

# Default threshold for marking a deviation: ±2 % of the budget for the period.
BUDGET_TROSKEL = 0.02

# The population year for an anslag year: 31 December the year before, capped at the latest year loaded.
_BEFOLKNING_AR = "(select least(?::integer - 1, max(ar)) from befolkning)"


# --------------------------------------------------------------------------
# Anslag
# --------------------------------------------------------------------------


def anslag_ar() -> list[int]:
    """The years the anslag table covers, oldest first."""
    df = query("select distinct ar from anslag order by ar")
    return [int(a) for a in df["ar"]]


def anslag_per_kommun(ar: int) -> pd.DataFrame:
    """Per kommun for one year: anslag (kr, all posts), invånare, kr per invånare and share of the kommuner's total.

    Columns: ar, kommunkod, kommun, belopp_kr, invanare, kr_per_invanare, andel. Kommun part only.
    """
    return query(
        f"""
        with summa as (
            select kommunkod, sum(belopp_kr) as belopp_kr
            from anslag
            where part = 'kommun' and ar = ?
            group by kommunkod
        )
        select ?::integer as ar, k.kommunkod, k.kommun, s.belopp_kr, b.invanare,
               s.belopp_kr / nullif(b.invanare, 0) as kr_per_invanare,
               s.belopp_kr / nullif(sum(s.belopp_kr) over (), 0) as andel
        from summa s
        join kommun k using (kommunkod)
        left join befolkning b on b.kommunkod = s.kommunkod and b.ar = {_BEFOLKNING_AR}
        order by k.kommunkod
        """,
        (int(ar), int(ar), int(ar)),
    )


def anslag_per_kommun_post(ar: int) -> pd.DataFrame:
    """Per kommun and post for one year: anslag (kr) and kr per invånare.

    Columns: ar, kommunkod, kommun, post, belopp_kr, invanare, kr_per_invanare. Kommun part only.
    """
    return query(
        f"""
        select a.ar, a.kommunkod, k.kommun, a.post, sum(a.belopp_kr) as belopp_kr, b.invanare,
               sum(a.belopp_kr) / nullif(b.invanare, 0) as kr_per_invanare
        from anslag a
        join kommun k using (kommunkod)
        left join befolkning b on b.kommunkod = a.kommunkod and b.ar = {_BEFOLKNING_AR}
        where a.part = 'kommun' and a.ar = ?
        group by a.ar, a.kommunkod, k.kommun, a.post, b.invanare
        order by a.kommunkod, a.post
        """,
        (int(ar), int(ar)),
    )


def anslag_per_part(ar: int) -> pd.DataFrame:
    """Region versus kommuner for one year, per post.

    Columns: ar, part ('region' | 'kommun'), part_namn ('Regionen' | 'Kommunerna'), post, belopp_kr, andel
    (share of the year's total for the post).
    """
    return query(
        """
        select ar, part,
               case part when 'region' then 'Regionen' else 'Kommunerna' end as part_namn,
               post, sum(belopp_kr) as belopp_kr,
               sum(belopp_kr) / nullif(sum(sum(belopp_kr)) over (partition by post), 0) as andel
        from anslag
        where ar = ?
        group by ar, part, post
        order by post, part desc
        """,
        (int(ar),),
    )


def anslag_utveckling(kommunkoder: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """Per chosen kommun and year (all years): anslag (kr), invånare and kr per invånare.

    Columns: ar, kommunkod, kommun, belopp_kr, invanare, kr_per_invanare. Kommun part only.
    """
    return query(
        """
        with summa as (
            select ar, kommunkod, sum(belopp_kr) as belopp_kr
            from anslag
            where part = 'kommun' and list_contains(?, kommunkod)
            group by ar, kommunkod
        ),
        befolkningsar as (
            select distinct s.ar, least(s.ar - 1, (select max(ar) from befolkning)) as bef_ar from summa s
        )
        select s.ar, s.kommunkod, k.kommun, s.belopp_kr, b.invanare,
               s.belopp_kr / nullif(b.invanare, 0) as kr_per_invanare
        from summa s
        join kommun k using (kommunkod)
        join befolkningsar y on y.ar = s.ar
        left join befolkning b on b.kommunkod = s.kommunkod and b.ar = y.bef_ar
        order by s.ar, s.kommunkod
        """,
        (list(kommunkoder),),
    )


def anslag_totalt_per_ar() -> pd.DataFrame:
    """Total anslag per year and part (region / kommuner), with kr per invånare in the county.

    Columns: ar, part, part_namn, belopp_kr, invanare, kr_per_invanare.
    """
    return query(
        """
        with befolkningsar as (
            select distinct ar, least(ar - 1, (select max(ar) from befolkning)) as bef_ar from anslag
        ),
        lan as (
            select y.ar, sum(b.invanare) as invanare
            from befolkningsar y join befolkning b on b.ar = y.bef_ar
            group by y.ar
        )
        select a.ar, a.part,
               case a.part when 'region' then 'Regionen' else 'Kommunerna' end as part_namn,
               sum(a.belopp_kr) as belopp_kr, l.invanare,
               sum(a.belopp_kr) / nullif(l.invanare, 0) as kr_per_invanare
        from anslag a
        left join lan l on l.ar = a.ar
        group by a.ar, a.part, l.invanare
        order by a.ar, a.part desc
        """
    )


# --------------------------------------------------------------------------
# Budgetuppföljning
# --------------------------------------------------------------------------


def budget_status(avvikelse_andel: float | None, troskel: float = BUDGET_TROSKEL) -> str:
    """'Under budget', 'Över budget' or 'Enligt budget' for a deviation share against a ± threshold."""
    if avvikelse_andel is None or pd.isna(avvikelse_andel):
        return "–"
    if avvikelse_andel < -troskel:
        return "Under budget"
    if avvikelse_andel > troskel:
        return "Över budget"
    return "Enligt budget"


def budget_enheter() -> list[str]:
    """Every enhet in the budget follow-up, alphabetically."""
    return [str(e) for e in query("select distinct enhet from budgetutfall order by enhet")["enhet"]]


def budget_ar(enhet: str) -> list[int]:
    """The years the budget follow-up covers for an enhet, oldest first."""
    df = query("select distinct ar from budgetutfall where enhet = ? order by ar", (enhet,))
    return [int(a) for a in df["ar"]]


def budget_manader(enhet: str, ar: int) -> list[int]:
    """The months (1-12) with a follow-up for an enhet and year."""
    df = query("select distinct manad from budgetutfall where enhet = ? and ar = ? order by manad", (enhet, int(ar)))
    return [int(m) for m in df["manad"]]


def budget_manadsserie(enhet: str, ar: int, troskel: float = BUDGET_TROSKEL) -> pd.DataFrame:
    """Month by month for an enhet and year: budget for the period, accumulated utfall, prognos and deviation.

    Columns: ar, manad, manad_namn (lower-case Swedish), enhet, budget_helar_tkr, budget_period_tkr,
    utfall_ack_tkr, prognos_helar_tkr, avvikelse_tkr, avvikelse_andel, prognos_avvikelse_tkr, status.
    """
    df = query(
        """
        select ar, manad, enhet, budget_helar_tkr, budget_period_tkr, utfall_ack_tkr, prognos_helar_tkr,
               avvikelse_tkr, avvikelse_andel, prognos_avvikelse_tkr
        from budgetutfall
        where enhet = ? and ar = ?
        order by manad
        """,
        (enhet, int(ar)),
    )
    return _with_labels(df, troskel)


def budget_oversikt(ar: int, manad: int, troskel: float = BUDGET_TROSKEL) -> pd.DataFrame:
    """Every enhet at one month of a year: budget, utfall, deviation, prognos and a status.

    Columns as budget_manadsserie, one row per enhet.
    """
    df = query(
        """
        select ar, manad, enhet, budget_helar_tkr, budget_period_tkr, utfall_ack_tkr, prognos_helar_tkr,
               avvikelse_tkr, avvikelse_andel, prognos_avvikelse_tkr
        from budgetutfall
        where ar = ? and manad = ?
        order by enhet
        """,
        (int(ar), int(manad)),
    )
    return _with_labels(df, troskel)


def _with_labels(df: pd.DataFrame, troskel: float) -> pd.DataFrame:
    """Add the Swedish month name and the deviation status to budget rows."""
    df = df.copy()
    df.insert(2, "manad_namn", [MONTHS[int(m) - 1] for m in df["manad"]])
    df["status"] = [budget_status(a, troskel) for a in df["avvikelse_andel"]]
    return df
