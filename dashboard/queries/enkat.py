"""Queries: enkat — who answered the utvärdering, when, and how the kommuner rated syften and organisation.

Only the answer that counts (enkatsvar.galler, the latest per kommun) is in
likertsvar and fritextsvar; earlier submissions are visible in `inskick`.
Means and shares are over the answers that took a position (1–5); "Vet ej" is
counted separately and never silently dropped.
"""

from __future__ import annotations

import pandas as pd

from dashboard import statistik
from dashboard.db import query
from dashboard.smagrupper import FOR_FA_SVAR, MIN_GROUP

__all__: list[str] = [
    "FRAGEGRUPPER",
    "kommun_syfte_medel",
    "deltagande",
    "inskick",
    "svarslage",
    "inlasning",
    "syfte_medel",
    "likert_fordelning",
    "likert_resultat",
    "likert_per_kommun",
    "kommun_fraga_varden",
    "likert_jamforelse",
    "jamforbara_kommuner",
    "likert_varden",
    "kommun_deltagande",
    "kommun_jamforelse",
]

# Question groups shown on the Utvärdering page: label → fraga.grupp.
FRAGEGRUPPER: dict[str, str] = {"Syften": "syfte", "Samverkansorganisationen": "organisation"}


def _resultat_sql(roll: str | None) -> str:
    """_RESULTAT_SQL weighing every kommun equally among all respondents, or among those of the role."""
    return _RESULTAT_SQL.format(vikt="l.vikt_roll" if roll else "l.vikt")


def _koder(kommunkoder) -> list[str]:
    """Kommunkoder as a plain list of strings for a list parameter."""
    return [str(k) for k in kommunkoder]


# --------------------------------------------------------------------------
# Deltagande
# --------------------------------------------------------------------------


def deltagande(utvardering: int) -> pd.DataFrame:
    """Per kommun for one utvärdering: har_svarat, sluttid of the answer that counts, antal_inskick, late or not.

    Columns: utvardering, kommunkod, kommun, har_svarat, sluttid, antal_inskick,
    efter_sista_svarsdag, sista_svarsdag. In kommunkod order.
    """
    return query(
        """
        select d.utvardering, d.kommunkod, d.kommun, d.har_svarat, d.sluttid, d.antal_inskick,
               d.efter_sista_svarsdag, u.sista_svarsdag
        from deltagande d
        join utvardering u using (utvardering)
        where d.utvardering = ?
        order by d.kommunkod
        """,
        (int(utvardering),),
    )


def inskick(utvardering: int) -> pd.DataFrame:
    """Every submission of one utvärdering plus a row per kommun without one, for the timeline.

    Columns: utvardering, kommunkod, kommun, sluttid (null: no answer), status
    ("I tid" | "Efter sista svarsdag" | "Ersatt av senare svar" | "Tidpunkt okänd" | "Inget svar inkommet";
    sluttid is null for the last two: "Tidpunkt okänd" is an answer whose time could not be read),
    galler, antal_inskick, ordning (kommun order by first submission, missing last),
    oppnade, sista_svarsdag, svarsdag_slut (end of the deadline day).
    """
    return query(
        """
        with svar as (
            select e.utvardering, e.kommunkod, e.sluttid, e.galler, e.antal_inskick,
                   case when not e.galler then 'Ersatt av senare svar'
                        when e.sluttid is null then 'Tidpunkt okänd'
                        when e.efter_sista_svarsdag then 'Efter sista svarsdag'
                        else 'I tid' end as status
            from enkatsvar e
            where e.utvardering = ?
        ),
        saknas as (
            select d.utvardering, d.kommunkod, null::timestamp as sluttid, false as galler,
                   0::bigint as antal_inskick, 'Inget svar inkommet' as status
            from deltagande d
            where d.utvardering = ? and not d.har_svarat
        ),
        alla as (select * from svar union all by name select * from saknas),
        forst as (
            select kommunkod, min(sluttid) as forsta from alla group by kommunkod
        ),
        final as (
            select a.utvardering, a.kommunkod, k.kommun, a.sluttid, a.status, a.galler, a.antal_inskick,
                   dense_rank() over (order by f.forsta nulls last, a.kommunkod) as ordning,
                   u.oppnade, u.sista_svarsdag,
                   u.sista_svarsdag::timestamp + interval 1 day - interval 1 second as svarsdag_slut
            from alla a
            join kommun k using (kommunkod)
            join forst f using (kommunkod)
            join utvardering u using (utvardering)
        )
        select * from final order by ordning, sluttid
        """,
        (int(utvardering), int(utvardering)),
    )


def svarslage(utvardering: int) -> pd.DataFrame:
    """One row for one utvärdering: answered of all, sista svarsdag and which kommuner are missing, late or resent.

    Columns: utvardering, antal_svarande, antal_kommuner, svarsfrekvens, oppnade,
    sista_svarsdag, forsta_svar, sista_svar, saknas, sena, flera_inskick (names,
    comma-separated in kommunkod order; '' when none).
    """
    return query(
        """
        select u.utvardering, u.antal_svarande, u.antal_kommuner, u.svarsfrekvens, u.oppnade,
               u.sista_svarsdag, u.forsta_svar, u.sista_svar,
               coalesce(string_agg(d.kommun, ', ' order by d.kommunkod) filter (where not d.har_svarat), '')
                   as saknas,
               coalesce(string_agg(d.kommun, ', ' order by d.kommunkod) filter (where d.efter_sista_svarsdag), '')
                   as sena,
               coalesce(string_agg(d.kommun, ', ' order by d.kommunkod) filter (where d.antal_inskick > 1), '')
                   as flera_inskick
        from utvardering u
        left join deltagande d using (utvardering)
        where u.utvardering = ?
        group by all
        """,
        (int(utvardering),),
    )


def inlasning() -> pd.DataFrame:
    """One row: when the data was last loaded, how many files and rows, and what was not read.

    Columns: inlast (latest load time), antal_filer, rader_inlasta, rader_avvisade (lines in rejected_rows),
    varden_avvisade (rejected values), blad_ej_lasta (sheets reported as not read: row 0, no column),
    kolumner_ej_lasta (columns with values outside the file contract: row 0 with the column named),
    personuppgifter_maskerade (personal data masked in free text and rejected values).
    """
    return query(
        """
        select (select max(inlast) from load_manifest) as inlast,
               (select count(*) from load_manifest) as antal_filer,
               (select coalesce(sum(rader_inlasta), 0)::bigint from load_manifest) as rader_inlasta,
               (select count(*) from rejected_rows) as rader_avvisade,
               (select count(*) from rejected_rows where rad > 0) as varden_avvisade,
               (select count(*) from rejected_rows where rad = 0 and coalesce(kolumn, '') = '') as blad_ej_lasta,
               (select count(*) from rejected_rows where rad = 0 and coalesce(kolumn, '') <> '')
                   as kolumner_ej_lasta,
               (select coalesce(sum(personuppgifter_maskerade), 0)::bigint from load_manifest)
                   as personuppgifter_maskerade
        """
    )


# --------------------------------------------------------------------------
# Likert results
# --------------------------------------------------------------------------

# Per question and utvärdering over the chosen kommuner: counts, mean, share positive, Vet ej.
_RESULTAT_SQL = """
select l.utvardering, f.fraga_id, f.kort_text, f.fraga, f.grupp, f.syfte_nr, f.ordning,
       count(*) as antal_svar,
       count(l.varde) as antal_stallning,
       count(*) filter (where l.vet_ej) as antal_vet_ej,
       count(*) filter (where l.vet_ej) / count(*) as andel_vet_ej,
       sum(l.varde * {vikt}) / sum({vikt}) as medel,
       coalesce(sum({vikt}) filter (where l.varde >= 4), 0) / nullif(sum({vikt}), 0) as andel_positiv
from likertsvar l
join fraga f using (fraga_id)
where l.utvardering in (select unnest(?))
  and l.kommunkod in (select unnest(?))
  and f.grupp = ?
  and (?::varchar is null or l.roll = ?)
group by all
order by l.utvardering, f.ordning
"""


def syfte_medel(utvardering: int, forra: int | None = None) -> pd.DataFrame:
    """Headline per syfte for all kommuner: mean 1–5 this utvärdering, the previous one's and the change.

    Columns: syfte_nr, fraga_id, kort (short syfte name), syfte, medel (every kommun weighs equally),
    antal_stallning (answers 1–5), antal_vet_ej, antal_kommuner (with a position), forra_medel, and like for
    like (dashboard.statistik): forandring (mean paired difference of the kommuner with a position in both),
    n_par, bedomning (null without a previous).
    """
    df = query(
        """
        with medel as (
            select l.utvardering, f.fraga_id, f.syfte_nr, sum(l.varde * l.vikt) / sum(l.vikt) as medel,
                   count(l.varde) as antal_stallning, count(*) filter (where l.vet_ej) as antal_vet_ej,
                   count(distinct l.kommunkod) filter (where l.varde is not null) as antal_kommuner
            from likertsvar l
            join fraga f using (fraga_id)
            where f.grupp = 'syfte' and l.utvardering in (?, ?)
            group by all
        )
        select s.syfte_nr, n.fraga_id, s.kort, s.syfte, n.medel, n.antal_stallning, n.antal_vet_ej, n.antal_kommuner,
               p.medel as forra_medel, n.medel - p.medel as forandring
        from syfte s
        join medel n on n.syfte_nr = s.syfte_nr and n.utvardering = ?
        left join medel p on p.syfte_nr = s.syfte_nr and p.utvardering = ?
        order by s.syfte_nr
        """,
        (int(utvardering), forra, int(utvardering), forra),
    )
    df["forandring"], df["n_par"], df["bedomning"] = float("nan"), pd.NA, None
    if forra is not None and not df.empty:
        alla = list(query("select kommunkod from kommun")["kommunkod"])
        verdicts = statistik.bedom_per_grupp(likert_varden((forra, utvardering), alla, "syfte"),
                                             int(forra), int(utvardering)).set_index("fraga_id")
        for column, source in (("forandring", "forandring"), ("n_par", "n_par"), ("bedomning", "bedomning")):
            df[column] = df["fraga_id"].map(verdicts[source])
        df["bedomning"] = df["bedomning"].fillna(statistik.FOR_FA)
    return df


def likert_resultat(utvardering: int, kommunkoder, grupp: str, roll: str | None = None) -> pd.DataFrame:
    """Per question for one utvärdering and the chosen kommuner (and role): mean, share positive (4–5) and Vet ej.

    Columns: utvardering, fraga_id, kort_text, fraga, grupp, syfte_nr, ordning, antal_svar,
    antal_stallning (answers 1–5), antal_vet_ej, andel_vet_ej (of all answers), medel,
    andel_positiv (of antal_stallning). Every kommun weighs equally (within the role when one is given).
    """
    return query(_resultat_sql(roll), ([int(utvardering)], _koder(kommunkoder), grupp, roll, roll))


def likert_fordelning(utvardering: int, kommunkoder, grupp: str, roll: str | None = None) -> pd.DataFrame:
    """Per question and answer option (including Vet ej, zeros kept) for one utvärdering, the chosen kommuner and
    role (None: all respondents).

    Columns: fraga_id, kort_text, ordning, svar (label), varde (1–5, null for Vet ej),
    antal, andel (of the question's answers 1–5; null for Vet ej), andel_alla (of all
    answers). Empty when none of the chosen kommuner answered.
    """
    return query(
        """
        with fragor as (
            select distinct f.fraga_id, f.kort_text, f.ordning
            from likertsvar l join fraga f using (fraga_id)
            where l.utvardering = ? and l.kommunkod in (select unnest(?)) and f.grupp = ?
        ),
        rutnat as (
            select q.fraga_id, q.kort_text, q.ordning, s.etikett as svar, s.varde
            from fragor q cross join likertskala s
        ),
        antal as (
            select l.fraga_id, l.svar, count(*) as antal
            from likertsvar l
            where l.utvardering = ? and l.kommunkod in (select unnest(?)) and (?::varchar is null or l.roll = ?)
            group by all
        ),
        final as (
            select r.fraga_id, r.kort_text, r.ordning, r.svar, r.varde, coalesce(a.antal, 0) as antal
            from rutnat r left join antal a using (fraga_id, svar)
        )
        select *,
               case when varde is not null then
                   antal / nullif(sum(antal) filter (where varde is not null) over (partition by fraga_id), 0)
               end as andel,
               antal / nullif(sum(antal) over (partition by fraga_id), 0) as andel_alla
        from final
        order by ordning, coalesce(varde, 0)
        """,
        (int(utvardering), _koder(kommunkoder), grupp, int(utvardering), _koder(kommunkoder), roll, roll),
    )


def likert_per_kommun(utvardering: int, kommunkoder, grupp: str, roll: str | None = None) -> pd.DataFrame:
    """Each chosen kommun's answer per question for one utvärdering (and role); every chosen kommun is present.

    A kommun that did not answer the utvärdering (or has no respondent of the role) has svar 'Inget svar
    inkommet' on every question; one that answered but left a question blank has 'Inget svar på frågan' (varde
    null for both). Where several people per kommun answered, varde is the mean over them and svar the label of
    the rounded mean. With a role, a kommun with fewer than MIN_GROUP respondents of that role is suppressed:
    svar FOR_FA_SVAR, varde null (dashboard.smagrupper).
    Columns: kommunkod, kommun, fraga_id, kort_text, ordning, svar, varde, vet_ej.
    """
    return query(
        """
        with fragor as (
            select distinct f.fraga_id, f.kort_text, f.ordning
            from likertsvar l join fraga f using (fraga_id)
            where l.utvardering = ? and f.grupp = ?
        ),
        rollgrupp as (
            select kommunkod, count(*) as antal from enkatsvar
            where utvardering = ? and galler and (?::varchar is null or roll = ?)
            group by kommunkod
        ),
        kommuner as (
            select d.kommunkod, d.kommun, d.har_svarat and coalesce(g.antal, 0) > 0 as har_svarat,
                   ?::varchar is not null and coalesce(g.antal, 0) between 1 and ? - 1 as for_fa
            from deltagande d left join rollgrupp g using (kommunkod)
            where d.utvardering = ? and d.kommunkod in (select unnest(?))
        ),
        -- several respondents (flera_per_kommun): the kommun's mean, labelled by the rounded mean
        svar as (
            select l.kommunkod, l.fraga_id, avg(l.varde) as varde, bool_and(l.vet_ej) as vet_ej,
                   case when count(*) = 1 then any_value(l.svar)
                        when avg(l.varde) is null then 'Vet ej'
                        else (select s.etikett from likertskala s where s.varde = round(avg(l.varde))) end as svar
            from likertsvar l where l.utvardering = ? and (?::varchar is null or l.roll = ?)
            group by all
        )
        select k.kommunkod, k.kommun, f.fraga_id, f.kort_text, f.ordning,
               case when k.for_fa then ?
                    else coalesce(l.svar, case when k.har_svarat then 'Inget svar på frågan'
                                               else 'Inget svar inkommet' end) end as svar,
               case when k.for_fa then null else l.varde end as varde,
               not k.for_fa and coalesce(l.vet_ej, false) as vet_ej
        from kommuner k
        cross join fragor f
        left join svar l on l.kommunkod = k.kommunkod and l.fraga_id = f.fraga_id
        order by k.kommunkod, f.ordning
        """,
        (int(utvardering), grupp, int(utvardering), roll, roll, roll, MIN_GROUP, int(utvardering),
         _koder(kommunkoder), int(utvardering), roll, roll, FOR_FA_SVAR),
    )


def kommun_fraga_varden(utvarderingar, kommunkoder, grupp: str) -> pd.DataFrame:
    """Every chosen kommun's rating per question of a group in each given utvärdering; every kommun is present.

    medel is the mean over the kommun's answers 1–5 to the question (its only answer when one response per
    kommun counts); null when the kommun did not answer the utvärdering, skipped the question or said Vet ej.
    Columns: utvardering, kommunkod, kommun, har_svarat, fraga_id, kort_text, ordning, medel,
    antal_stallning, antal_vet_ej.
    """
    years = [int(u) for u in utvarderingar]
    return query(
        """
        with fragor as (
            select distinct f.fraga_id, f.kort_text, f.ordning
            from likertsvar l join fraga f using (fraga_id)
            where l.utvardering in (select unnest(?)) and f.grupp = ?
        ),
        kommuner as (
            select utvardering, kommunkod, kommun, har_svarat
            from deltagande
            where utvardering in (select unnest(?)) and kommunkod in (select unnest(?))
        ),
        varden as (
            select utvardering, kommunkod, fraga_id, avg(varde) as medel, count(varde) as antal_stallning,
                   count(*) filter (where vet_ej) as antal_vet_ej
            from likertsvar
            where utvardering in (select unnest(?)) and kommunkod in (select unnest(?))
            group by all
        )
        select k.utvardering, k.kommunkod, k.kommun, k.har_svarat, f.fraga_id, f.kort_text, f.ordning, v.medel,
               coalesce(v.antal_stallning, 0) as antal_stallning, coalesce(v.antal_vet_ej, 0) as antal_vet_ej
        from kommuner k
        cross join fragor f
        left join varden v using (utvardering, kommunkod, fraga_id)
        order by k.kommunkod, f.ordning, k.utvardering
        """,
        (years, grupp, years, _koder(kommunkoder), years, _koder(kommunkoder)),
    )


def jamforbara_kommuner(utvarderingar, kommunkoder) -> list[str]:
    """The chosen kommuner that answered every one of the given utvärderingar (like-for-like), in kommunkod order."""
    years = [int(u) for u in utvarderingar]
    df = query(
        """
        select kommunkod from deltagande
        where utvardering in (select unnest(?)) and kommunkod in (select unnest(?)) and har_svarat
        group by kommunkod having count(distinct utvardering) = ?
        order by kommunkod
        """,
        (years, _koder(kommunkoder), len(set(years))),
    )
    return list(df["kommunkod"])


def likert_varden(utvarderingar, kommunkoder, grupp: str | None = None) -> pd.DataFrame:
    """Every chosen kommun's value per question and utvärdering, for paired changes: the mean over the kommun's
    respondents (one answer in en_per_kommun; varde null = Vet ej or no position).

    Columns: utvardering, kommunkod, fraga_id, syfte_nr, varde. grupp None: all question groups.
    """
    return query(
        """
        select l.utvardering, l.kommunkod, l.fraga_id, any_value(f.syfte_nr) as syfte_nr, avg(l.varde) as varde
        from likertsvar l join fraga f using (fraga_id)
        where l.utvardering in (select unnest(?)) and l.kommunkod in (select unnest(?))
          and (? is null or f.grupp = ?)
        group by l.utvardering, l.kommunkod, l.fraga_id
        order by l.utvardering, l.kommunkod, any_value(f.ordning)
        """,
        ([int(u) for u in utvarderingar], _koder(kommunkoder), grupp, grupp),
    )


def likert_jamforelse(utvarderingar, kommunkoder, grupp: str, lika: bool = True) -> pd.DataFrame:
    """Per question and utvärdering (all given) for the chosen kommuner: mean, share positive, Vet ej and change.

    lika (default): only the chosen kommuner that answered every given utvärdering, so the
    change compares the same kommuner. Same columns as likert_resultat, plus forandring
    (null for the first utvärdering; for the last, the mean of the paired differences of the
    kommuner with a position in both of the last two, else the difference in means), and for
    the last n_par (those kommuner), p and bedomning (dashboard.statistik's verdict).
    """
    koder = jamforbara_kommuner(utvarderingar, kommunkoder) if lika else list(_koder(kommunkoder))
    years = sorted(int(u) for u in utvarderingar)
    df = query(_resultat_sql(None), (years, koder, grupp, None, None))
    df = df.sort_values(["ordning", "utvardering"], kind="stable").reset_index(drop=True)
    df["forandring"] = df.groupby("fraga_id")["medel"].diff()
    df["n_par"], df["p"], df["bedomning"] = pd.NA, float("nan"), None
    if len(years) > 1 and not df.empty:
        verdicts = statistik.bedom_per_grupp(likert_varden(years[-2:], koder, grupp), years[-2], years[-1])
        last = df["utvardering"] == years[-1]
        by_id = verdicts.set_index("fraga_id")
        for column in ("forandring", "n_par", "p", "bedomning"):
            df.loc[last, column] = df.loc[last, "fraga_id"].map(by_id[column]).values
        df.loc[last & df["n_par"].isna(), "n_par"] = 0
        df.loc[last & df["bedomning"].isna(), "bedomning"] = statistik.FOR_FA
    return df


# --------------------------------------------------------------------------
# Kommunprofil
# --------------------------------------------------------------------------


def kommun_deltagande(kommunkod: str) -> pd.DataFrame:
    """Per utvärdering for one kommun: whether and when it answered, how often, late or not.

    Columns: utvardering, har_svarat, sluttid, antal_inskick, efter_sista_svarsdag, sista_svarsdag.
    """
    return query(
        """
        select d.utvardering, d.har_svarat, d.sluttid, d.antal_inskick, d.efter_sista_svarsdag, u.sista_svarsdag
        from deltagande d join utvardering u using (utvardering)
        where d.kommunkod = ?
        order by d.utvardering
        """,
        (str(kommunkod),),
    )


def kommun_jamforelse(kommunkod: str, utvarderingar) -> pd.DataFrame:
    """One kommun's rating per question (syften and organisation) against the county mean, per utvärdering.

    Columns: utvardering, fraga_id, kort_text, grupp, ordning, svar (the kommun's label,
    null when it did not answer), varde (null for Vet ej or no answer), lan_medel
    (mean of all kommuner that took a position), skillnad (varde − lan_medel).
    Only utvärderingar with at least one answer appear.
    """
    return query(
        """
        with lan as (
            select l.utvardering, l.fraga_id, sum(l.varde * l.vikt) / sum(l.vikt) as lan_medel
            from likertsvar l
            where l.utvardering in (select unnest(?))
            group by all
        ),
        egna as (
            -- several respondents (flera_per_kommun): the mean over them, the label only for a single answer
            select utvardering, fraga_id,
                   case when count(*) = 1 then any_value(svar) else 'medel av ' || count(*) || ' svarande' end as svar,
                   avg(varde) as varde
            from likertsvar where kommunkod = ?
            group by all
        )
        select n.utvardering, f.fraga_id, f.kort_text, f.grupp, f.ordning, e.svar, e.varde, n.lan_medel,
               e.varde - n.lan_medel as skillnad
        from lan n
        join fraga f using (fraga_id)
        left join egna e using (utvardering, fraga_id)
        where f.grupp in ('syfte', 'organisation')
        order by n.utvardering, f.ordning
        """,
        ([int(u) for u in utvarderingar], str(kommunkod)),
    )


def kommun_syfte_medel(utvardering: int) -> pd.DataFrame:
    """Per kommun of the län for one utvärdering: answered or not and the mean rating (1–5) over the syften.

    Columns: kommunkod, kommun, har_svarat, medel (null without an answer or only Vet ej), antal (ratings).
    """
    return query(
        """
        select d.kommunkod, d.kommun, d.har_svarat, avg(l.varde) as medel, count(l.varde) as antal
        from deltagande d
        left join likertsvar l on l.utvardering = d.utvardering and l.kommunkod = d.kommunkod
             and l.fraga_id in (select fraga_id from fraga where grupp = 'syfte')
        where d.utvardering = ?
        group by d.kommunkod, d.kommun, d.har_svarat
        order by d.kommunkod
        """,
        (int(utvardering),),
    )
