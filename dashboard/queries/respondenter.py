"""Queries: respondenter — utvärderingar where several people per kommun answered (flera_per_kommun).

County figures weigh every kommun equally by default (the mean of the kommuner's means); the figure where
every respondent weighs equally is available beside it. A kommun's figure is the mean over its respondents.
Every figure carries its n: kommuner and svarande. Breakdowns by role within a kommun pass through the
small-group protection (dashboard.smagrupper). For en_per_kommun utvärderingar both weightings give the same
figure, since every kommun has one response.
"""

from __future__ import annotations

import pandas as pd

from dashboard.db import query
from dashboard.smagrupper import skydda

__all__: list[str] = [
    "ROLLER", "ROLL_PLURAL", "VIKTNINGAR", "svarsmodell", "roller", "likert_viktat", "likert_kommun_roll", "svarsfrekvens_roll",
    "ej_svarat_roll", "vikt_text", "fritext_roller",
]

# Role filter choices: label → role in enkatsvar.roll (None: every role).
ROLLER: dict[str, str | None] = {"Alla": None, "Förtroendevalda": "förtroendevald",
                                 "Tjänstepersoner": "tjänsteperson"}
# Weighting choices: label → column of likert_viktat.
VIKTNINGAR: dict[str, str] = {"Varje kommun väger lika": "medel_kommun", "Varje svarande väger lika": "medel_svarande"}
# Role → its name in running text ("2 av 6 förtroendevalda"), from the filter's labels.
ROLL_PLURAL: dict[str, str] = {roll: label.lower() for label, roll in ROLLER.items() if roll}


def svarsmodell(utvardering: int) -> str:
    """The utvärdering's response model: en_per_kommun or flera_per_kommun (en_per_kommun when unknown)."""
    df = query("select svarsmodell from utvardering where utvardering = ?", (int(utvardering),))
    return str(df["svarsmodell"].iloc[0]) if len(df) and df["svarsmodell"].notna().iloc[0] else "en_per_kommun"


def roller(utvardering: int) -> list[str]:
    """The roles among the utvärdering's counting responses (empty when the export had no role column)."""
    df = query("select distinct roll from enkatsvar where utvardering = ? and galler and roll is not null "
               "order by roll", (int(utvardering),))
    return list(df["roll"])


_SVAR_SQL = """
select l.fraga_id, f.kort_text, f.ordning, l.kommunkod, l.svars_id, l.roll, l.varde
from likertsvar l
join fraga f using (fraga_id)
where l.utvardering = ? and l.kommunkod in (select unnest(?)) and f.grupp = ?
  and (?::varchar is null or l.roll = ?)
  and l.varde is not null
"""


def likert_viktat(utvardering: int, kommunkoder, grupp: str, roll: str | None = None) -> pd.DataFrame:
    """Per question over the chosen kommuner (and role): both county means and their n.

    Columns: fraga_id, kort_text, ordning, medel_kommun (mean of the kommuner's means: every kommun weighs
    equally), medel_svarande (every respondent weighs equally), antal_kommuner, antal_svarande (respondents
    with a position 1–5). In question order.
    """
    return query(
        f"""
        with svar as ({_SVAR_SQL}),
        per_kommun as (
            select fraga_id, kort_text, ordning, kommunkod, avg(varde) as medel, count(*) as antal
            from svar group by all
        )
        select fraga_id, kort_text, ordning, avg(medel) as medel_kommun,
               sum(medel * antal) / sum(antal) as medel_svarande,
               count(*) as antal_kommuner, cast(sum(antal) as integer) as antal_svarande
        from per_kommun
        group by all
        order by ordning
        """,
        (int(utvardering), [str(k) for k in kommunkoder], grupp, roll, roll),
    )


def likert_kommun_roll(utvardering: int, kommunkod: str, grupp: str) -> pd.DataFrame:
    """Per question and role within one kommun: mean over that role's respondents, suppressed below MIN_GROUP.

    Columns: fraga_id, kort_text, ordning, roll, medel (None where suppressed), antal_svarande, visas,
    skyddad ("För få svar för att visa" where suppressed).
    """
    df = query(
        f"""
        with svar as ({_SVAR_SQL})
        select fraga_id, kort_text, ordning, roll, avg(varde) as medel, cast(count(*) as integer) as antal_svarande
        from svar
        where roll is not null
        group by all
        order by ordning, roll
        """,
        (int(utvardering), [str(kommunkod)], grupp, None, None),
    )
    return skydda(df, "antal_svarande", ["medel"])


def svarsfrekvens_roll(utvardering: int, kommunkoder=None) -> pd.DataFrame:
    """Per kommun (all, or the given ones) and role: respondents who count, invited (utskick.csv) and the rate.

    Columns: kommunkod, kommun, roll, antal_svarande, antal_inbjudna (null without an invitation list),
    svarsfrekvens (null without invited). Kommuner and roles from the invitation list and the answers.
    """
    df = query(
        """
        with svarande as (
            select kommunkod, roll, count(*) as antal_svarande
            from enkatsvar where utvardering = ? and galler and roll is not null group by all
        ),
        inbjudna as (select kommunkod, roll, antal_inbjudna from utskick where utvardering = ?),
        nycklar as (select kommunkod, roll from svarande union select kommunkod, roll from inbjudna)
        select n.kommunkod, k.kommun, n.roll, cast(coalesce(s.antal_svarande, 0) as integer) as antal_svarande,
               i.antal_inbjudna, coalesce(s.antal_svarande, 0) / nullif(i.antal_inbjudna, 0) as svarsfrekvens
        from nycklar n
        join kommun k using (kommunkod)
        left join svarande s using (kommunkod, roll)
        left join inbjudna i using (kommunkod, roll)
        order by k.kommun, n.roll
        """,
        (int(utvardering), int(utvardering)),
    )
    if kommunkoder is not None:
        df = df[df["kommunkod"].isin([str(k) for k in kommunkoder])].reset_index(drop=True)
    return df


def ej_svarat_roll(utvardering: int, kommunkoder=None) -> pd.DataFrame:
    """Who has not (fully) answered, per kommun and role: groups with fewer respondents than invited.

    Columns: kommunkod, kommun, roll, antal_svarande, antal_inbjudna, text (for example
    "Skellefteå: 2 av 6 förtroendevalda").
    """
    df = svarsfrekvens_roll(utvardering, kommunkoder)
    df = df[df["antal_inbjudna"].notna() & (df["antal_svarande"] < df["antal_inbjudna"])].reset_index(drop=True)
    df["text"] = [f"{r.kommun}: {int(r.antal_svarande)} av {int(r.antal_inbjudna)} {ROLL_PLURAL.get(r.roll, r.roll)}"
                  for r in df.itertuples(index=False)]
    return df


def vikt_text(kolumn: str) -> str:
    """The named method of a weighting column, for captions."""
    if kolumn == "medel_svarande":
        return ("Varje svarande väger lika: medelvärdet över alla svarande, så kommuner med många svarande "
                "väger tyngre.")
    return "Varje kommun väger lika: först medelvärdet per kommun, sedan medelvärdet av kommunernas medelvärden."


def fritext_roller(utvarderingar) -> pd.DataFrame:
    """Per free-text answer of the given utvärderingar: its respondent's role and whether it may be attributed.

    Columns: svar_id, roll, antal_i_rollen (respondents of that role in the answer's kommun and utvärdering),
    visas (False below the small-group limit: the answer must not be shown as that role's).
    """
    df = query(
        """
        with roller as (
            select utvardering, svars_id, kommunkod, roll,
                   count(*) over (partition by utvardering, kommunkod, roll) as antal_i_rollen
            from enkatsvar where galler and roll is not null and utvardering in (select unnest(?))
        )
        select f.svar_id, r.roll, cast(r.antal_i_rollen as integer) as antal_i_rollen
        from fritextsvar f join roller r using (utvardering, svars_id)
        """,
        ([int(u) for u in utvarderingar],),
    )
    return skydda(df, "antal_i_rollen", [])
