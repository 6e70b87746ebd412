"""Queries: free-text answers (fritextsvar) with their teman, users' corrections applied at read time.

The pipeline stores the model's tags in fritext_tema (corrections applied at build
time). Users' corrections made since then live only in the users' store (userstore),
so every read applies them again: a correction shows at once, without a rebuild,
and always wins over the model.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

import pipelines.themes
import userstore
from dashboard.db import query
from dashboard.sakinnehall import hanvisar_till_tidigare, saknar_sakinnehall
from dashboard.formatting import fmt_pct
from pipelines.settings import setting
from userstore import StoreError
from pipelines.themes.corrections import COLUMNS as CORRECTION_COLUMNS
from pipelines.themes.corrections import (
    ADD,
    REMOVE,
    add_corrections,
    apply_corrections,
    corrections_version,
    load_corrections,
    store_url,
)

__all__: list[str] = [
    "FritextUrval",
    "fritextsvar_med_teman",
    "granskningsko",
    "sakinnehall_markeringar",
    "markera_sakinnehall",
    "tidigare_svar",
    "svar_over_tid",
    "teman",
    "tema_etiketter",
    "fragor_fritext",
    "fritext_delstrategier",
    "MANUELL",
    "tema_matris",
    "tema_korrigeringar",
    "spara_teman",
    "modellutvardering",
    "tema_f1",
    "trana_om_temamodellen",
]

ANSWER_COLUMNS = ["svar_id", "utvardering", "kommunkod", "kommun", "fraga_id", "fraga_kort", "grupp",
                  "delstrategi_nr", "delstrategi", "riktning", "text", "teman", "tema_etiketter", "konfidens",
                  "kalla", "konfidenser", "kallor", "taggar", "inget_sakinnehall", "hanvisar_tidigare"]
MANUELL = "manuell"

_ANSWERS_SQL = """
select f.svar_id, f.utvardering, f.kommunkod, k.kommun, f.fraga_id, q.kort_text as fraga_kort, f.grupp,
       f.delstrategi_nr, d.delstrategi, f.riktning, f.text
from fritextsvar f
join kommun k using (kommunkod)
left join fraga q using (fraga_id)
left join delstrategi d on d.delstrategi_nr = f.delstrategi_nr
where (? or f.utvardering in (select unnest(?)))
  and (? or f.kommunkod in (select unnest(?)))
  and (? or f.delstrategi_nr = ?)
  and (? or f.fraga_id in (select unnest(?)))
  and (? or strpos(lower(f.text), lower(?)) > 0)
order by f.utvardering, k.kommunkod, q.ordning, f.svar_id
"""


# --- corrections --------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=8)
def _corrections_cached(user_dir: str, store: str, version: tuple[int, int]) -> pd.DataFrame:
    return load_corrections(Path(user_dir))


def tema_korrigeringar() -> pd.DataFrame:
    """Users' corrections (svar_id, tema_id, atgard, anvandare, tidpunkt, anvandar_id, rang), re-read on every change.

    When the users' store cannot be read, no corrections (the stored tags, corrected at
    the last build, still apply); korrigeringar_status() says so on the page.
    """
    user_dir = setting("user_dir")
    try:
        return _corrections_cached(str(user_dir), store_url(user_dir), corrections_version(user_dir))
    except StoreError:
        return pd.DataFrame({column: pd.Series(dtype=str) for column in CORRECTION_COLUMNS})


def spara_teman(svar_id: str, fore: list[str], efter: list[str], anvandar_id: str, anvandar_namn: str,
                manuella: tuple[str, ...] = ()) -> list[dict]:
    """Record a signed-in user's reviewed teman for an answer in one transaction; returns the rows written.

    Every chosen tema not already manual is recorded as ``lagg_till`` (the user has
    confirmed it, so it becomes 'manuell') with its rang in the user's order, every
    tema in ``fore`` no longer chosen as ``ta_bort``. ``manuella``: the answer's teman
    that are already manual. Who: the signed-in user's stable id and display name.
    """
    if not str(anvandar_id).strip():
        raise ValueError("Användaren saknar id: logga in och spara igen.")
    namn = str(anvandar_namn).strip() or anvandar_id.strip()
    chosen = list(dict.fromkeys(efter))
    added = [(t, ADD, chosen.index(t) + 1) for t in chosen if t not in fore or t not in manuella]
    removed = [(t, REMOVE, None) for t in dict.fromkeys(fore) if t not in efter]
    return add_corrections(setting("user_dir"), svar_id, added + removed, namn, anvandar_id=anvandar_id.strip())


# --- answers and their teman ----------------------------------------------------


def _answers(utvarderingar, kommunkoder, delstrategi_nr, fraga_ids, sok) -> pd.DataFrame:
    """The answers matching the filters (no teman yet); empty tuples mean all."""
    params = (
        not utvarderingar, [int(u) for u in utvarderingar],
        not kommunkoder, [str(k) for k in kommunkoder],
        delstrategi_nr is None, None if delstrategi_nr is None else int(delstrategi_nr),
        not fraga_ids, [str(f) for f in fraga_ids],
        not sok.strip(), sok.strip(),
    )
    return query(_ANSWERS_SQL, params)


def _tags_for(svar_ids: pd.Series) -> pd.DataFrame:
    """Stored tags of the given answers with the current corrections applied, ranked per answer."""
    stored = query("select svar_id, tema_id, konfidens, kalla, rang from fritext_tema order by svar_id, rang")
    wanted = set(svar_ids)
    return apply_corrections(stored[stored["svar_id"].isin(wanted)], tema_korrigeringar(), svar_ids=wanted)


def tag_label(label: str, konfidens: float, kalla: str) -> str:
    """One tag as shown: 'Digitalisering (87 %)', or 'Digitalisering (manuell)' for a user's tag."""
    return f"{label} ({MANUELL if kalla == MANUELL else fmt_pct(konfidens)})"


def _summarise_tags(tags: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Per svar_id: teman (top first), labels, top konfidens and kalla, all konfidenser/kallor, tag text."""
    columns = ["teman", "tema_etiketter", "konfidens", "kalla", "konfidenser", "kallor", "taggar"]
    if tags.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="svar_id"))
    ordered = tags.sort_values(["svar_id", "rang"], kind="stable")
    grouped = ordered.groupby("svar_id", sort=False)
    summary = pd.DataFrame({
        "teman": grouped["tema_id"].agg(list),
        "konfidenser": grouped["konfidens"].agg(list),
        "kallor": grouped["kalla"].agg(list),
    })
    summary["tema_etiketter"] = summary["teman"].map(lambda ids: ", ".join(labels.get(t, t) for t in ids))
    summary["konfidens"] = summary["konfidenser"].map(lambda values: float(values[0]))
    summary["kalla"] = summary["kallor"].map(lambda values: values[0])
    summary["taggar"] = [
        ", ".join(tag_label(labels.get(t, t), k, c) for t, k, c in zip(ids, konf, kallor))
        for ids, konf, kallor in zip(summary["teman"], summary["konfidenser"], summary["kallor"])
    ]
    return summary[columns]


@dataclass(frozen=True)
class FritextUrval:
    """The Fritext filters, passed whole to every query that uses them; empty tuples mean all.

    tema_ids keeps answers with any of those teman; sok is a case-insensitive substring of the text.
    """

    utvarderingar: tuple[int, ...] = ()
    kommunkoder: tuple[str, ...] = ()
    delstrategi_nr: int | None = None
    fraga_ids: tuple[str, ...] = ()
    tema_ids: tuple[str, ...] = ()
    sok: str = ""


def fritextsvar_med_teman(urval: FritextUrval) -> pd.DataFrame:
    """Free-text answers matching the filters, with their teman (corrections applied).

    Columns: svar_id, utvardering, kommunkod, kommun, fraga_id, fraga_kort, grupp,
    delstrategi_nr, delstrategi, riktning, text, teman (tema ids, top first),
    tema_etiketter ("A, B"), konfidens and kalla of the top tema, and konfidenser /
    kallor (per tema, same order as teman), taggar ("A (87 %), B (manuell)"), inget_sakinnehall
    (no content: the reviewer's mark, else dashboard.sakinnehall's rule) and hanvisar_tidigare
    (the answer only points to an earlier one).
    """
    answers = _answers(urval.utvarderingar, urval.kommunkoder, urval.delstrategi_nr, urval.fraga_ids, urval.sok)
    labels = dict(zip(*[teman()[c] for c in ("tema_id", "etikett")]))
    summary = _summarise_tags(_tags_for(answers["svar_id"]), labels)
    result = answers.join(summary, on="svar_id")
    missing = result["teman"].isna()
    result.loc[missing, "tema_etiketter"] = ""
    result.loc[missing, "taggar"] = "Inget tema"
    for column in ("teman", "konfidenser", "kallor"):
        result[column] = [value if isinstance(value, list) else [] for value in result[column]]
    marks = sakinnehall_markeringar()
    result["inget_sakinnehall"] = [bool(marks.get(i, saknar_sakinnehall(t))) for i, t in
                                   zip(result["svar_id"], result["text"])]
    result["hanvisar_tidigare"] = [hanvisar_till_tidigare(t) for t in result["text"]]
    result["konfidens"] = result["konfidens"].astype("float64")
    if urval.tema_ids:
        wanted = set(urval.tema_ids)
        result = result[[bool(wanted & set(ids)) for ids in result["teman"]]]
    return result[ANSWER_COLUMNS].reset_index(drop=True)


def granskningsko(svar: pd.DataFrame) -> pd.DataFrame:
    """The review queue of answers (fritextsvar_med_teman output): where a review most likely changes something first.

    That is the lowest calibrated konfidens of the model's top tema (the measured chance it is right); answers
    whose teman a user has already set (kalla 'manuell') come last. Answers without content are not in the queue.
    """
    if "inget_sakinnehall" in svar:
        svar = svar[~svar["inget_sakinnehall"].astype(bool)]
    reviewed = svar["kalla"].eq(MANUELL) if "kalla" in svar else pd.Series(False, index=svar.index)
    ordered = svar.assign(_granskad=reviewed).sort_values(["_granskad", "konfidens", "svar_id"], kind="stable",
                                                          na_position="first")
    return ordered.drop(columns="_granskad").reset_index(drop=True)


def sakinnehall_markeringar() -> dict[str, bool]:
    """Reviewers' latest "Inget sakinnehåll" marks (svar_id -> bool); none when the users' store cannot be read."""
    try:
        return userstore.content_marks()
    except userstore.StoreError:
        return {}


def markera_sakinnehall(svar_id: str, inget: bool, anvandar_id: str, anvandar_namn: str) -> None:
    """Record a reviewer's mark: the answer has no content (True) or has content after all (False)."""
    userstore.mark_content(svar_id, inget, anvandar_id, anvandar_namn)


def svar_over_tid(kommunkoder, fraga_ids, utvarderingar=None) -> pd.DataFrame:
    """The kommuner's answers to the questions in the utvärderingar (all when None), oldest first.

    One query for a whole page of answers. Columns: kommunkod, fraga_id, utvardering, svar_id, text.
    """
    years = None if utvarderingar is None else [int(u) for u in utvarderingar]
    return query("select kommunkod, fraga_id, utvardering, svar_id, text from fritextsvar "
                 "where list_contains(?, kommunkod) and list_contains(?, fraga_id) "
                 "and (? is null or list_contains(?, utvardering)) order by utvardering, svar_id",
                 (sorted({str(k) for k in kommunkoder}), sorted({str(f) for f in fraga_ids}), years, years))


def tidigare_svar(kommunkod: str, fraga_id: str, utvardering: int) -> pd.DataFrame:
    """The kommun's answers to the same question in earlier utvärderingar, latest first."""
    df = svar_over_tid((kommunkod,), (fraga_id,))
    return df[df["utvardering"] < int(utvardering)].sort_values("utvardering", ascending=False).reset_index(drop=True)


def teman() -> pd.DataFrame:
    """The codebook: tema_id, etikett, beskrivning in codebook order."""
    return query("select tema_id, etikett, beskrivning from tema order by rowid")


def tema_etiketter() -> dict[str, str]:
    """tema_id → the tema's Swedish label, in codebook order."""
    codebook = teman()
    return dict(zip(codebook["tema_id"], codebook["etikett"]))


def fragor_fritext() -> pd.DataFrame:
    """The free-text questions: fraga_id, kort_text, grupp, delstrategi_nr, riktning in survey order."""
    return query("select fraga_id, kort_text, grupp, delstrategi_nr, riktning from fraga "
                 "where typ = 'fritext' order by ordning")


def fritext_delstrategier() -> pd.DataFrame:
    """The six delstrategier (delstrategi_nr, delstrategi, kort) in order."""
    return query("select delstrategi_nr, delstrategi, kort from delstrategi order by delstrategi_nr")


def tema_matris(svar: pd.DataFrame, urval: FritextUrval, *, per: str = "kommun") -> pd.DataFrame:
    """Number of answers per tema × kommun (per="kommun") or tema × delstrategi (per="delstrategi").

    svar: fritextsvar_med_teman(urval), computed once by the caller. Every cell of the grid is
    present (0 when no answer): teman are the chosen tema_ids (or all), kommuner the chosen
    kommunkoder (or all), delstrategier all six (or the chosen one). Answers outside a
    delstrategi (prioritering, övrigt) are not counted per delstrategi. Columns: tema_id, tema,
    then kommunkod, kommun or delstrategi_nr, delstrategi, delstrategi_kort, then antal.
    """
    if per not in ("kommun", "delstrategi"):
        raise ValueError(f"per ska vara 'kommun' eller 'delstrategi', inte {per!r}")
    answers = svar
    kommunkoder, delstrategi_nr = urval.kommunkoder, urval.delstrategi_nr
    codebook = teman().rename(columns={"etikett": "tema"})[["tema_id", "tema"]]
    if urval.tema_ids:
        codebook = codebook[codebook["tema_id"].isin(urval.tema_ids)]
    if per == "kommun":
        key = ["kommunkod"]
        axis = query("select k.kommunkod, k.kommun, coalesce(bool_or(d.har_svarat), false) as har_svarat "
                     "from kommun k left join deltagande d on d.kommunkod = k.kommunkod "
                     "and d.utvardering in (select unnest(?)) "
                     "where (? or k.kommunkod in (select unnest(?))) group by all order by k.kommunkod",
                     ([int(u) for u in urval.utvarderingar], not kommunkoder, [str(k) for k in kommunkoder]))
    else:
        key = ["delstrategi_nr"]
        axis = query("select delstrategi_nr, delstrategi, kort as delstrategi_kort from delstrategi "
                     "where (? or delstrategi_nr = ?) order by delstrategi_nr",
                     (delstrategi_nr is None, None if delstrategi_nr is None else int(delstrategi_nr)))
        answers = answers[answers["delstrategi_nr"].notna()]
    if "inget_sakinnehall" in answers:
        answers = answers[~answers["inget_sakinnehall"].astype(bool)]  # no content: not counted under any tema
    exploded = answers[["svar_id", *key, "teman"]].explode("teman").dropna(subset=["teman"])
    exploded = exploded.rename(columns={"teman": "tema_id"})
    if not exploded.empty:
        exploded[key[0]] = exploded[key[0]].astype(axis[key[0]].dtype)
    counts = exploded.groupby(["tema_id", *key]).size().rename("antal").reset_index()
    grid = codebook.merge(axis, how="cross")
    grid = grid.merge(counts, on=["tema_id", *key], how="left")
    grid["antal"] = grid["antal"].fillna(0).astype("int64")
    return grid.reset_index(drop=True)


# --- the model's quality --------------------------------------------------------


def modellutvardering(path: Path | None = None) -> dict | None:
    """The stored evaluation figures (pipelines/themes/evaluation.json), or None when not yet evaluated."""
    try:
        return json.loads(Path(path or pipelines.themes.EVALUATION_PATH).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def tema_f1(utvardering: dict) -> pd.DataFrame:
    """Per tema F1 of the model and the keyword baseline (long form: tema_id, tema, metod, f1), codebook order."""
    codebook = teman()
    rows = []
    for method, name in (("model", "Modellen"), ("baseline", "Nyckelord (baslinje)")):
        scores = (utvardering.get(method) or {}).get("f1_per_theme") or {}
        rows += [(tema_id, label, name, scores.get(tema_id))
                 for tema_id, label in zip(codebook["tema_id"], codebook["etikett"])]
    frame = pd.DataFrame(rows, columns=["tema_id", "tema", "metod", "f1"])
    return frame.dropna(subset=["f1"]).astype({"f1": "float64"}).reset_index(drop=True)


def trana_om_temamodellen(on_wait: Callable[[], None] | None = None) -> str:
    """Retrain the tema model on the training data plus users' corrections, then let the pipeline re-tag every answer.

    Same as `python -m pipelines.themes retrain` followed by `python -m pipelines`, under the build lock: the
    pipeline stays the only writer of the database and publishes the re-tagged one atomically. While another
    update runs it waits (calling on_wait once). Raises BuildError with a Swedish message on any failure.
    """
    from pipelines.themes.retraining import retrain_model

    result = retrain_model(rebuild=True, on_wait=on_wait)
    if not result.answers_available:
        return "Modellen tränades om på träningsdata (ingen databas fanns, så rättelserna kunde inte användas)."
    return (f"Modellen tränades om på träningsdata och rättelser för {result.corrected_answers} svar, "
            "och alla svar taggades om.")
