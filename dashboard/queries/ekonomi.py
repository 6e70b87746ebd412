"""Queries: ekonomi — the kommunala anslag and the budget follow-up (budgetutfall).

Kronor per invånare come from the curated table anslag_per_invanare, the one
place of the rule which population year counts for an anslag year.
"""

from __future__ import annotations

import pandas as pd

from dashboard.db import query
from dashboard.svenska import month_name
from pipelines.settings import setting_int, setting_ints

__all__: list[str] = [
    "BUDGET_TROSKEL",
    "BUDGET_TROSKLAR_PCT",
    "anslag_ar",
    "anslag_per_kommun",
    "befolkning_ar",
    "anslag_summering",
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

# Default threshold for marking a deviation, as a share of the budget for the period (settings: 2 %).
BUDGET_TROSKEL = setting_int("budget_threshold_pct") / 100
# The thresholds (in %) the user can choose between on the page (settings: 1, 2, 5, 10).
BUDGET_TROSKLAR_PCT = list(setting_ints("budget_threshold_choices_pct"))


# --------------------------------------------------------------------------
# Anslag
# --------------------------------------------------------------------------


def anslag_ar() -> list[int]:
    """The years the anslag table covers, oldest first."""
    df = query("select distinct ar from anslag order by ar")
    return [int(a) for a in df["ar"]]


def befolkning_ar(ar: int) -> int | None:
    """The population year used for kronor per invånare in an anslag year (from anslag_per_invanare)."""
    df = query("select max(befolkning_ar) as befolkning_ar from anslag_per_invanare where ar = ?", (int(ar),))
    value = df["befolkning_ar"].iloc[0]
    return None if pd.isna(value) else int(value)


def anslag_per_kommun(ar: int) -> pd.DataFrame:
    """Per kommun for one year: anslag (kr, all posts), invånare, kr per invånare and share of the kommuner's total.

    Columns: ar, kommunkod, kommun, belopp_kr, invanare, kr_per_invanare, andel. Kommun part only.
    """
    return query(
        """
        select ar, kommunkod, kommun, belopp_kr, invanare, kr_per_invanare, andel
        from anslag_per_invanare
        where ar = ? and belopp_kr is not null
        order by kommunkod
        """,
        (int(ar),),
    )


def anslag_per_kommun_post(ar: int, kommunkoder: tuple[str, ...] = ()) -> pd.DataFrame:
    """Per kommun and post for one year: anslag (kr) and kr per invånare (empty kommunkoder = all kommuner).

    Columns: ar, kommunkod, kommun, post, belopp_kr, invanare, kr_per_invanare. Kommun part only.
    """
    return query(
        """
        select a.ar, a.kommunkod, p.kommun, a.post, sum(a.belopp_kr) as belopp_kr, p.invanare,
               sum(a.belopp_kr) / nullif(p.invanare, 0) as kr_per_invanare
        from anslag a
        join anslag_per_invanare p on p.ar = a.ar and p.kommunkod = a.kommunkod
        where a.part = 'kommun' and a.ar = ? and (? or a.kommunkod in (select unnest(?)))
        group by a.ar, a.kommunkod, p.kommun, a.post, p.invanare
        order by a.kommunkod, a.post
        """,
        (int(ar), not kommunkoder, [str(k) for k in kommunkoder]),
    )


def anslag_summering(ar: int, kommunkoder: tuple[str, ...] = ()) -> dict:
    """Totals for one year over the chosen kommuner (empty = all): belopp_kr, invanare, kr_per_invanare, andel, antal.

    andel is the chosen kommuner's share of all kommuners' anslag; region_kr is the region's anslag that year.
    """
    df = query(
        """
        with valda as (
            select sum(belopp_kr) as belopp_kr, count(belopp_kr) as antal, sum(invanare) as invanare,
                   sum(andel) as andel
            from anslag_per_invanare
            where ar = ? and (? or kommunkod in (select unnest(?)))
        )
        select belopp_kr, antal, invanare, belopp_kr / nullif(invanare, 0) as kr_per_invanare, andel,
               (select sum(belopp_kr) from anslag where part = 'region' and ar = ?) as region_kr
        from valda
        """,
        (int(ar), not kommunkoder, [str(k) for k in kommunkoder], int(ar)),
    )
    row = df.iloc[0]
    result = {k: (None if pd.isna(row[k]) else float(row[k])) for k in df.columns}
    result["antal"] = int(result["antal"] or 0)
    return result


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
        select ar, kommunkod, kommun, belopp_kr, invanare, kr_per_invanare
        from anslag_per_invanare
        where belopp_kr is not null and list_contains(?, kommunkod)
        order by ar, kommunkod
        """,
        (list(kommunkoder),),
    )


def anslag_totalt_per_ar() -> pd.DataFrame:
    """Total anslag per year and part (region / kommuner), with kr per invånare in the county.

    Columns: ar, part, part_namn, belopp_kr, invanare, kr_per_invanare.
    """
    return query(
        """
        with lan as (select ar, sum(invanare) as invanare from anslag_per_invanare group by ar)
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


_BUDGET_SQL = """
    select ar, manad, enhet, budget_helar_tkr, budget_period_tkr, utfall_ack_tkr, prognos_helar_tkr,
           avvikelse_tkr, avvikelse_andel, prognos_avvikelse_tkr
    from budgetutfall
"""


def budget_manadsserie(enhet: str, ar: int, troskel: float = BUDGET_TROSKEL) -> pd.DataFrame:
    """Month by month for an enhet and year: budget for the period, accumulated utfall, prognos and deviation.

    Columns: ar, manad, manad_namn (lower-case Swedish), enhet, budget_helar_tkr, budget_period_tkr,
    utfall_ack_tkr, prognos_helar_tkr, avvikelse_tkr, avvikelse_andel, prognos_avvikelse_tkr, status.
    """
    df = query(f"{_BUDGET_SQL} where enhet = ? and ar = ? order by manad", (enhet, int(ar)))
    return _with_labels(df, troskel)


def budget_oversikt(ar: int, manad: int, troskel: float = BUDGET_TROSKEL) -> pd.DataFrame:
    """Every enhet at one month of a year: budget, utfall, deviation, prognos and a status.

    Columns as budget_manadsserie, one row per enhet.
    """
    df = query(f"{_BUDGET_SQL} where ar = ? and manad = ? order by enhet", (int(ar), int(manad)))
    return _with_labels(df, troskel)


def _with_labels(df: pd.DataFrame, troskel: float) -> pd.DataFrame:
    """Add the Swedish month name and the deviation status to budget rows."""
    df = df.copy()
    df.insert(2, "manad_namn", [month_name(m) for m in df["manad"]])
    df["status"] = [budget_status(a, troskel) for a in df["avvikelse_andel"]]
    return df
