"""Page sections for utvärderingar with several respondents per kommun (svarsmodell flera_per_kommun).

The role filter ("Roll": Alla / Förtroendevalda / Tjänstepersoner) is shown only where the selected
utvärdering has roles and is kept in the URL (`roll`). The weighting radio chooses whether every kommun or
every respondent weighs equally; every figure shows its n (kommuner and svarande).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import queries, tables, urlstate
from dashboard.components import show_table
from dashboard.smagrupper import FOR_FA_SVAR, MIN_GROUP

__all__: list[str] = ["ROLL_PARAM", "rollfilter", "antal_i_rollen", "med_roll", "visa_viktade_medel", "visa_kommun_roller", "visa_svarsfrekvens", "visa_dolda"]

ROLL_PARAM = "roll"


def rollfilter(page: str, utvardering: int) -> str | None:
    """The role filter of a page: the chosen role (None: all), drawn only when the utvärdering has roles."""
    if not queries.roller(utvardering):
        return None
    key = f"{page}_roll"
    choices = list(queries.ROLLER)
    urlstate.url_default(key, ROLL_PARAM, choices)
    st.session_state.setdefault(key, "Alla")
    label = st.segmented_control("Roll", choices, required=True, key=key,
                                 help="Visa svaren från alla svarande eller bara från en roll.") or "Alla"
    urlstate.write(ROLL_PARAM, None if label == "Alla" else label)
    return queries.ROLLER[label]


def antal_i_rollen(utvardering: int, kommunkoder, roll: str | None) -> int | None:
    """How many respondents of the role answered among the kommuner; None when no role is chosen."""
    if roll is None:
        return None
    data = queries.svarsfrekvens_roll(utvardering, kommunkoder)
    return int(data.loc[data["roll"] == roll, "antal_svarande"].sum())


def visa_viktade_medel(utvardering: int, kommunkoder, grupp: str, grupp_namn: str, roll: str | None) -> None:
    """Länets medelvärde per fråga with the chosen weighting and its n (kommuner and svarande).

    Call it after the section's heading and role filter (rollfilter), which it follows.
    """
    urlstate.url_default("utvardering_vikt", "vikt", list(queries.VIKTNINGAR))
    st.session_state.setdefault("utvardering_vikt", "Varje kommun väger lika")
    vikt = st.radio("Viktning", list(queries.VIKTNINGAR), key="utvardering_vikt", horizontal=True)
    urlstate.write("vikt", None if vikt == "Varje kommun väger lika" else vikt)
    kolumn = queries.VIKTNINGAR[vikt]
    data = queries.likert_viktat(utvardering, kommunkoder, grupp, roll)
    if data.empty:
        st.info("Inga svar att visa för de valda kommunerna och rollen.")
        return
    show_table(tables.viktat_tabell(data, kolumn), name=f"medel-{grupp}-{utvardering}",
               title=f"{grupp_namn} – medelvärde {utvardering} ({vikt.lower()})")
    st.caption(queries.vikt_text(kolumn) + " Kommuner och Svarande anger hur många som tagit ställning (1–5).")


def visa_kommun_roller(utvardering: int, kommunkod: str, kommun: str, grupp: str) -> None:
    """Per question and role within one kommun, with groups under MIN_GROUP suppressed."""
    data = queries.likert_kommun_roll(utvardering, kommunkod, grupp)
    if data.empty:
        return
    st.subheader(f"{kommun} per roll {utvardering}")
    show_table(tables.kommun_roll_tabell(data), name=f"roller-{kommunkod}-{utvardering}",
               title=f"{kommun} – medelvärde per roll {utvardering}")
    st.caption(f"Grupper med färre än {MIN_GROUP} svarande visas inte, så att ingen enskild svarande kan pekas ut.")


def visa_svarsfrekvens(utvardering: int, kommunkoder=None) -> None:
    """Who has not answered, per kommun and role, and the response rate against the invitation list."""
    saknas = queries.ej_svarat_roll(utvardering, kommunkoder)
    data = queries.svarsfrekvens_roll(utvardering, kommunkoder)
    if data["antal_inbjudna"].isna().all():
        return
    st.subheader(f"Svarsfrekvens per kommun och roll {utvardering}")
    if not saknas.empty:
        st.markdown("**Inte alla inbjudna har svarat:** " + "; ".join(saknas["text"]) + ".")
    show_table(tables.svarsfrekvens_tabell(data), name=f"svarsfrekvens-roll-{utvardering}",
               title=f"Svarsfrekvens per kommun och roll {utvardering}")


def med_roll(svar: pd.DataFrame, roll: str | None, utvarderingar) -> tuple[pd.DataFrame, int]:
    """Free-text answers (with svar_id) of the chosen role; answers from a role group under MIN_GROUP in their
    kommun are left out (they would point out a person). Returns (answers, how many were left out)."""
    if roll is None or svar.empty:
        return svar, 0
    roller = queries.fritext_roller(utvarderingar)
    roller = roller[roller["roll"] == roll]
    ratt_roll = svar["svar_id"].isin(roller["svar_id"])
    visas = svar["svar_id"].isin(roller.loc[roller["visas"], "svar_id"])
    return svar[ratt_roll & visas].reset_index(drop=True), int((ratt_roll & ~visas).sum())


def visa_dolda(antal: int) -> None:
    """The notice that answers of small role groups are not shown."""
    if antal:
        st.info(f"{FOR_FA_SVAR}: {antal} svar från kommuner där färre än {MIN_GROUP} i rollen har svarat visas "
                "inte, så att ingen enskild svarande kan pekas ut.")
