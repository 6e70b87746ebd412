"""Swedish texts for the survey pages: who answered, what is missing, a kommun's key figures."""

from __future__ import annotations

import pandas as pd

from dashboard import svenska
from dashboard.formatting import fmt_kr, fmt_pct, fmt_signed

__all__: list[str] = [
    "kommun_names",
    "svarslage_texter",
    "saknas_text",
    "metric_delta",
    "syfte_n_text",
    "kommun_svar_text",
    "fritext_grupper",
    "anslag_nyckeltal",
    "inlasning_varning",
]


def kommun_names(row: pd.Series, column: str) -> str:
    """The kommuner in a svarslage column (comma-separated names) as a Swedish list ('' when none)."""
    return svenska.swedish_list(name.strip() for name in row[column].split(",") if name.strip())


def svarslage_texter(row: pd.Series) -> list[str]:
    """Sentences on who is missing, who was late and who answered more than once (one svarslage row)."""
    texts = []
    if row["saknas"]:
        texts.append(f"{kommun_names(row, 'saknas')} har inte svarat.")
    else:
        texts.append("Alla kommuner har svarat.")
    if row["sena"]:
        texts.append(f"{kommun_names(row, 'sena')} svarade efter sista svarsdag ({svenska.date(row['sista_svarsdag'])}).")
    if row["flera_inskick"]:
        texts.append(f"{kommun_names(row, 'flera_inskick')} svarade mer än en gång – senaste svaret gäller.")
    return texts


def saknas_text(deltagande: pd.DataFrame, kommunkoder, utvardering: int) -> str | None:
    """'Inget svar inkommet från Sorsele (utvärdering 2024).' for chosen kommuner without an answer, else None."""
    chosen = deltagande[deltagande["kommunkod"].isin(list(kommunkoder)) & ~deltagande["har_svarat"].astype(bool)]
    if chosen.empty:
        return None
    return f"Inget svar inkommet från {svenska.swedish_list(chosen['kommun'])} (utvärdering {utvardering})."


def metric_delta(forandring, forra: int | None, bedomning: str | None = None) -> dict:
    """st.metric keyword arguments for a change in mean score ('+0,3', '−0,2').

    With a verdict (dashboard.statistik) only a clear change is coloured (green up, red down);
    a change within chance is grey and says so in the description.
    """
    if forra is None or forandring is None or pd.isna(forandring):
        return {}
    rounded = round(float(forandring), 1)
    description = f"jämfört med {forra}" + (f": {bedomning}" if bedomning else "")
    if rounded == 0:
        return {"delta": "±0,0", "delta_color": "gray", "delta_arrow": "off", "delta_description": description}
    clear = bedomning is None or bedomning.startswith("tydlig")
    color = ("green" if rounded > 0 else "red") if clear else "gray"
    return {"delta": fmt_signed(forandring, 1), "delta_color": color,
            "delta_arrow": "up" if rounded > 0 else "down", "delta_description": description}


def syfte_n_text(row: pd.Series, forra: int | None) -> str:
    """'n = 14 svar. Förändring (13 kommuner i båda): ingen säker skillnad.' for one syfte_medel row."""
    text = f"n = {svenska.count(int(row['antal_stallning']), 'svar', 'svar')}."
    kommuner = row.get("antal_kommuner")
    if kommuner is not None and pd.notna(kommuner) and int(kommuner) != int(row["antal_stallning"]):
        # several respondents per kommun: both n
        text = (f"n = {svenska.count(int(kommuner), 'kommun', 'kommuner')} och "
                f"{svenska.count(int(row['antal_stallning']), 'svarande', 'svarande')}.")
    if forra is not None and pd.notna(row.get("bedomning")):
        n = int(row["n_par"]) if pd.notna(row["n_par"]) else 0
        text += f" Förändring ({svenska.count(n, 'kommun', 'kommuner')} i båda): {row['bedomning']}."
    return text


def kommun_svar_text(row: pd.Series) -> str:
    """Whether a kommun answered one utvärdering (one queries.kommun_deltagande row), in words."""
    if not bool(row["har_svarat"]):
        return "Inget svar inkommet"
    if pd.isna(row["sluttid"]):
        text = "Svarade (tidpunkten kunde inte läsas i exportfilen)"
    else:
        text = f"Svarade {svenska.datetime(row['sluttid'])}"
    if bool(row["efter_sista_svarsdag"]):
        text += f", efter sista svarsdag ({svenska.date(row['sista_svarsdag'])})"
    if int(row["antal_inskick"]) > 1:
        text += f". Skickade in {int(row['antal_inskick'])} gånger – senaste svaret gäller"
    return text + "."


def fritext_grupper(df: pd.DataFrame, tema_namn: dict[str, str]) -> list[tuple[str, pd.DataFrame]]:
    """Free-text answers grouped under a heading per delstrategi (utmaningar and möjligheter together) or question.

    df: queries.fritextsvar_med_teman for one kommun and utvärdering; tema_namn: tema_id → label.
    Adds `fraga_text` ('Delstrategi 1: Utmaningar' or the question), `tema_topp` (the top
    theme's label or None) and `teman_text` (all theme labels, '; '-separated).
    """
    if df.empty:
        return []
    data = df.copy()
    is_ds = data["delstrategi_nr"].notna()
    data["rubrik"] = data["fraga_kort"].fillna(data["fraga_id"]).astype(str)
    data.loc[is_ds, "rubrik"] = [f"Delstrategi {int(n)}: {d}" for n, d in
                                 zip(data.loc[is_ds, "delstrategi_nr"], data.loc[is_ds, "delstrategi"])]
    data["fraga_text"] = data["fraga_kort"].fillna(data["rubrik"]).astype(str)
    ids = [list(v) if isinstance(v, (list, tuple)) else [] for v in data["teman"]]
    data["tema_topp"] = pd.Series([tema_namn.get(t[0], t[0]) if t else None for t in ids],
                                  index=data.index, dtype=object)
    data["teman_text"] = ["; ".join(tema_namn.get(x, x) for x in t) for t in ids]
    data["sortering"] = data["delstrategi_nr"].fillna(99).astype(float)
    data["riktning_ordning"] = data["riktning"].map({"utmaning": 0, "möjlighet": 1}).fillna(2)
    data = data.sort_values(["sortering", "riktning_ordning"], kind="stable")
    return [(rubrik, group) for rubrik, group in data.groupby("rubrik", sort=False)]


def anslag_nyckeltal(df: pd.DataFrame, kommunkod: str) -> dict[str, str] | None:
    """One kommun's anslag as Swedish text: belopp, kr per invånare, andel and rank among the kommuner.

    df: queries.anslag_per_kommun(ar). None when the kommun has no anslag that year.
    """
    row = df[df["kommunkod"] == kommunkod]
    if row.empty:
        return None
    row = row.iloc[0]
    per_inv = df["kr_per_invanare"].rank(ascending=False, method="min")[row.name]
    belopp = df["belopp_kr"].rank(ascending=False, method="min")[row.name]
    return {
        "belopp": fmt_kr(row["belopp_kr"]),
        "per_invanare": fmt_kr(row["kr_per_invanare"], 1),
        "andel": fmt_pct(row["andel"], 1),
        "plats": (f"Plats {int(belopp)} av {len(df)} i kronor och plats {int(per_inv)} av {len(df)} "
                  "i kronor per invånare (1 = högst)." if pd.notna(per_inv) else
                  f"Plats {int(belopp)} av {len(df)} i kronor (1 = högst)."),
    }


def inlasning_varning(varden: int, blad: int, kolumner: int = 0) -> str:
    """The Översikt warning about what was not read: rejected values, sheets and columns not read, in plain Swedish."""
    parts = []
    if varden:
        parts.append(f"{svenska.count(varden, 'värde', 'värden')} i rådata kunde inte läsas som det som menades "
                     "och räknas inte; övriga värden på samma rader räknas")
    if blad:
        parts.append(f"{svenska.count(blad, 'blad', 'blad')} i arbetsböckerna lästes inte (till exempel dolda blad)")
    if kolumner:
        hidden = "dold" if kolumner == 1 else "dolda"
        parts.append(f"{svenska.count(kolumner, 'kolumn', 'kolumner')} är {hidden} i Excel eller ligger utanför "
                     "filkontraktet")
    text = svenska.swedish_list(parts)
    return (text[:1].upper() + text[1:] + ". Se tabellen nedan, rätta i källfilen och läs in den igen "
            "(sidan Dataimport).")
