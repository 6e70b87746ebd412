"""Queries: utmaningar och möjligheter per RUS-delstrategi (the delstrategi free-text questions).

A kommun has reported a challenge (utmaning) or an opportunity (möjlighet) for a
delstrategi when it wrote a non-empty answer to that question in the utvärdering.
Empty kommunkoder tuples mean all kommuner.
"""

from __future__ import annotations

import pandas as pd

from dashboard.db import query
from dashboard.queries.fritext import FritextUrval, fritextsvar_med_teman, teman

__all__: list[str] = [
    "RIKTNINGAR",
    "delstrategier",
    "kommun_har_svarat",
    "utmaningar_per_delstrategi",
    "utmaningar_matris",
    "utmaningar_svar",
    "utmaningar_teman",
]

# riktning in the data -> plural label in the UI, in display order.
RIKTNINGAR = {"utmaning": "Utmaningar", "möjlighet": "Möjligheter"}



def _kommun_params(kommunkoder: tuple[str, ...] | list[str]) -> tuple[bool, list[str]]:
    """(all?, list) parameters for `(? or kommunkod in (select unnest(?)))`."""
    koder = [str(k) for k in kommunkoder]
    return not koder, koder


def delstrategier() -> pd.DataFrame:
    """The six RUS delstrategier: delstrategi_nr, delstrategi, kort."""
    return query("select delstrategi_nr, delstrategi, kort from delstrategi order by delstrategi_nr")


def kommun_har_svarat(utvardering: int, kommunkod: str) -> bool:
    """Whether the kommun's answer to the utvärdering has come in."""
    df = query("select har_svarat from deltagande where utvardering = ? and kommunkod = ?",
               (int(utvardering), str(kommunkod)))
    return bool(not df.empty and df["har_svarat"].fillna(False).iloc[0])


def utmaningar_per_delstrategi(utvardering: int, kommunkoder: tuple[str, ...] = ()) -> pd.DataFrame:
    """Per delstrategi and riktning: how many kommuner reported a challenge / an opportunity (every cell present).

    Columns: utvardering, delstrategi_nr, delstrategi, kort, riktning, riktning_namn, antal_kommuner,
    antal_svar, antal_svarande (kommuner among the chosen whose answer came in).
    """
    alla, koder = _kommun_params(kommunkoder)
    return query(
        """
        with riktningar as (
            select * from (values ('utmaning', 1), ('möjlighet', 2)) as r(riktning, r_ordning)
        ),
        svar as (
            select delstrategi_nr, riktning, count(distinct kommunkod) as antal_kommuner, count(*) as antal_svar
            from fritextsvar
            where grupp = 'delstrategi' and utvardering = ? and trim(coalesce(text, '')) <> ''
              and (? or kommunkod in (select unnest(?)))
            group by delstrategi_nr, riktning
        ),
        svarande as (
            select count(*) as antal_svarande
            from deltagande
            where utvardering = ? and har_svarat and (? or kommunkod in (select unnest(?)))
        )
        select ?::integer as utvardering, d.delstrategi_nr, d.delstrategi, d.kort, r.riktning,
               case r.riktning when 'utmaning' then 'Utmaningar' else 'Möjligheter' end as riktning_namn,
               coalesce(s.antal_kommuner, 0)::integer as antal_kommuner,
               coalesce(s.antal_svar, 0)::integer as antal_svar,
               n.antal_svarande::integer as antal_svarande
        from delstrategi d
        cross join riktningar r
        cross join svarande n
        left join svar s on s.delstrategi_nr = d.delstrategi_nr and s.riktning = r.riktning
        order by d.delstrategi_nr, r.r_ordning
        """,
        (int(utvardering), alla, koder, int(utvardering), alla, koder, int(utvardering)),
    )


def utmaningar_matris(utvardering: int, kommunkoder: tuple[str, ...] = ()) -> pd.DataFrame:
    """Kommun × delstrategi: number of challenges and opportunities reported, and a status (every cell present).

    status: 'Utmaning och möjlighet' | 'Endast utmaning' | 'Endast möjlighet' | 'Inget angivet' |
    'Inget svar inkommet' (the kommun has not answered the utvärdering).
    Columns: utvardering, kommunkod, kommun, delstrategi_nr, delstrategi, kort, har_svarat, antal_utmaningar,
    antal_mojligheter, antal_svar, status.
    """
    alla, koder = _kommun_params(kommunkoder)
    return query(
        """
        with valda as (
            select kommunkod, kommun from kommun where (? or kommunkod in (select unnest(?)))
        ),
        svar as (
            select kommunkod, delstrategi_nr,
                   count(*) filter (where riktning = 'utmaning') as antal_utmaningar,
                   count(*) filter (where riktning = 'möjlighet') as antal_mojligheter
            from fritextsvar
            where grupp = 'delstrategi' and utvardering = ? and trim(coalesce(text, '')) <> ''
            group by kommunkod, delstrategi_nr
        ),
        celler as (
            select v.kommunkod, v.kommun, d.delstrategi_nr, d.delstrategi, d.kort,
                   coalesce(dl.har_svarat, false) as har_svarat,
                   coalesce(s.antal_utmaningar, 0)::integer as antal_utmaningar,
                   coalesce(s.antal_mojligheter, 0)::integer as antal_mojligheter
            from valda v
            cross join delstrategi d
            left join deltagande dl on dl.kommunkod = v.kommunkod and dl.utvardering = ?
            left join svar s on s.kommunkod = v.kommunkod and s.delstrategi_nr = d.delstrategi_nr
        )
        select ?::integer as utvardering, *,
               antal_utmaningar + antal_mojligheter as antal_svar,
               case
                   when not har_svarat then 'Inget svar inkommet'
                   when antal_utmaningar > 0 and antal_mojligheter > 0 then 'Utmaning och möjlighet'
                   when antal_utmaningar > 0 then 'Endast utmaning'
                   when antal_mojligheter > 0 then 'Endast möjlighet'
                   else 'Inget angivet'
               end as status
        from celler
        order by kommunkod, delstrategi_nr
        """,
        (alla, koder, int(utvardering), int(utvardering), int(utvardering)),
    )


def utmaningar_svar(utvardering: int, delstrategi_nr: int, kommunkoder: tuple[str, ...] = ()) -> pd.DataFrame:
    """The answers for one delstrategi with their teman (users' corrections applied), utmaningar first.

    Columns as fritextsvar_med_teman plus riktning_namn; ordered by riktning then kommunkod.
    """
    svar = fritextsvar_med_teman(FritextUrval((int(utvardering),), tuple(str(k) for k in kommunkoder),
                                              int(delstrategi_nr)))
    svar = svar[svar["grupp"] == "delstrategi"].copy()
    svar["riktning_namn"] = svar["riktning"].map(RIKTNINGAR)
    order = {r: i for i, r in enumerate(RIKTNINGAR)}
    svar["_ordning"] = svar["riktning"].map(order)
    return svar.sort_values(["_ordning", "kommunkod", "svar_id"], kind="stable").drop(columns="_ordning") \
        .reset_index(drop=True)


def utmaningar_teman(utvardering: int, delstrategi_nr: int, kommunkoder: tuple[str, ...] = ()) -> pd.DataFrame:
    """The teman of one delstrategi's answers: number of answers per tema and riktning, most common tema first.

    Columns: tema_id, tema, riktning, riktning_namn, antal, totalt (answers with the tema, both riktningar).
    """
    columns = ["tema_id", "tema", "riktning", "riktning_namn", "antal", "totalt"]
    svar = utmaningar_svar(utvardering, delstrategi_nr, kommunkoder)
    exploded = svar[["svar_id", "riktning", "teman"]].explode("teman").dropna(subset=["teman"])
    if exploded.empty:
        return pd.DataFrame(columns=columns)
    counts = exploded.groupby(["teman", "riktning"]).size().rename("antal").reset_index()
    counts = counts.rename(columns={"teman": "tema_id"})
    labels = teman()[["tema_id", "etikett"]].rename(columns={"etikett": "tema"})
    counts = counts.merge(labels, on="tema_id", how="left")
    counts["tema"] = counts["tema"].fillna(counts["tema_id"])
    counts["riktning_namn"] = counts["riktning"].map(RIKTNINGAR)
    counts["totalt"] = counts.groupby("tema_id")["antal"].transform("sum")
    counts["antal"] = counts["antal"].astype("int64")
    counts["totalt"] = counts["totalt"].astype("int64")
    order = {r: i for i, r in enumerate(RIKTNINGAR)}
    counts["_ordning"] = counts["riktning"].map(order)
    counts = counts.sort_values(["totalt", "tema", "_ordning"], ascending=[False, True, True], kind="stable")
    return counts[columns].reset_index(drop=True)
