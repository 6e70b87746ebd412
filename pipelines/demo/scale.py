"""Write a SYNTHETIC raw folder N times the demo data, for benchmarks: `python -m pipelines.demo --scale N`.

With en_per_kommun only one response per kommun counts, so the surveys scale by more utvärderingar: N copies
of each demo survey, each with its own utvardering id, file and free texts recombined from the demo's sentences
(so the answers are not all identical). The budget follow-up scales by N times the enheter. The reference files
and the anslag workbook are the demo's.

`--respondenter M --utvarderingar U` writes the multi-respondent case instead of the scaled copies: U
utvärderingar with svarsmodell flera_per_kommun and M respondents per kommun, each with their own e-mail address,
a role (förtroendevald / tjänsteperson) and a forum.
"""

from __future__ import annotations

import re
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.demo import generate
from pipelines.respondents import ROLLER
from pipelines.settings import setting, setting_str

DEMO_UTVARDERINGAR = (2024, 2025)
DEMO_DATES = {2024: ("2024-09-16", "2024-10-11"), 2025: ("2025-09-15", "2025-10-10")}
# Scaled copies and multi-respondent utvärderingar get ids from here on (an id is four digits).
FIRST_EXTRA_ID = 3000
COPIED_FILES = ("kommuner_file", "befolkning_file", "fragekatalog_file", "befolkningsprognos_file",
                "skattekraft_file")
FORUM = {"förtroendevald": ("PKD", "Verksamhetsdelegation"), "tjänsteperson": ("Nätverk", "Strategiråd")}
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def sentence_pools(fritext: pd.DataFrame) -> dict[str, list[str]]:
    """Per question, every sentence any demo answer to it holds."""
    pools: dict[str, list[str]] = {}
    for fraga_id, text in fritext[["fraga_id", "text"]].itertuples(index=False):
        if text:
            pools.setdefault(fraga_id, []).extend(s for s in SENTENCE.split(text.strip()) if s)
    return pools


def recombined(pool: list[str], rng: np.random.Generator) -> str:
    """A new answer: one to three sentences drawn from the question's pool."""
    picks = rng.choice(len(pool), size=min(len(pool), int(rng.integers(1, 4))), replace=False)
    return " ".join(pool[i] for i in picks)


def varied(fritext: pd.DataFrame, pools: dict[str, list[str]], rng: np.random.Generator) -> pd.DataFrame:
    """The demo's answers with each non-empty text replaced by a recombination of its question's sentences."""
    return fritext.assign(text=[recombined(pools[f], rng) if t else t
                                for f, t in fritext[["fraga_id", "text"]].itertuples(index=False)])


def copy_reference(out: Path, source: Path) -> None:
    """The reference files the scaled data shares with the demo."""
    for key in COPIED_FILES:
        shutil.copyfile(source / setting_str(key), out / setting_str(key))


def write_budget(out: Path, n: int, rng: np.random.Generator) -> int:
    """N times the demo's enheter (each copy's follow-up drawn anew); returns the number of rows."""
    frames = []
    for k in range(n):
        frame = generate.budget_frame(rng)
        frames.append(frame if k == 0 else frame.assign(Enhet=frame["Enhet"] + f" {k + 1}"))
    budget = pd.concat(frames, ignore_index=True)
    budget.to_excel(out / setting_str("budget_file"), sheet_name=setting_str("budget_sheet"), index=False)
    return len(budget)


def scaled_surveys(out: Path, n: int, rng: np.random.Generator) -> list[dict]:
    """N copies of each demo survey, with varied texts; returns their rows of utvarderingar.csv."""
    fritext = generate.demo_fritext()
    pools = sentence_pools(fritext)
    rows, next_id = [], FIRST_EXTRA_ID
    for k in range(n):
        for year in DEMO_UTVARDERINGAR:
            if k == 0:
                utvardering, texts = year, fritext
            else:
                utvardering, texts, next_id = next_id, varied(fritext, pools, rng), next_id + 1
            fil = f"utvardering_{utvardering}.xlsx"
            generate.survey_frame(year, texts, rng).to_excel(out / fil, sheet_name="Svar", index=False)
            rows.append({"utvardering": utvardering, "fil": fil, "blad": "Svar", "oppnade": DEMO_DATES[year][0],
                         "sista_svarsdag": DEMO_DATES[year][1]})
    return rows


def multi_survey(utvardering: int, respondenter: int, pools: dict[str, list[str]],
                 rng: np.random.Generator) -> pd.DataFrame:
    """One export with several respondents per kommun: each with an own e-mail address, role and forum."""
    headers = generate.question_headers(2025)
    start = datetime(2025, 9, 16, 9, 0)
    rows = []
    for i, (kommun, domain) in enumerate(generate.DOMAINS.items()):
        mean = 2.6 + (i % 5) * 0.35
        for j in range(respondenter):
            roll = ROLLER[j % 2]
            end = start + timedelta(minutes=int(rng.integers(0, 60 * 24 * 20)))
            row: dict = {"ID": len(rows) + 1, "Starttid": end - timedelta(minutes=int(rng.integers(12, 95))),
                         "Slutförandetid": end, "E-post": f"respondent{j + 1}@{domain}",
                         "Namn": f"Respondent {j + 1} {kommun}", "Kommun": kommun, "Roll": roll,
                         "Forum": FORUM[roll][(j // 2) % 2]}
            for fraga_id, header in headers:
                if fraga_id.startswith(("syfte_", "org_")):
                    row[header] = generate.likert_label(rng, mean)
                else:
                    row[header] = recombined(pools[fraga_id], rng) if rng.random() < 0.5 else None
            rows.append(row)
    return pd.DataFrame(rows)


def multi_surveys(out: Path, respondenter: int, utvarderingar: int, rng: np.random.Generator) -> list[dict]:
    """U utvärderingar in the flera_per_kommun model; returns their rows of utvarderingar.csv."""
    pools = sentence_pools(generate.demo_fritext())
    rows = []
    for k in range(utvarderingar):
        utvardering = FIRST_EXTRA_ID + k
        fil = f"utvardering_{utvardering}.xlsx"
        multi_survey(utvardering, respondenter, pools, rng).to_excel(out / fil, sheet_name="Svar", index=False)
        rows.append({"utvardering": utvardering, "fil": fil, "blad": "Svar", "oppnade": "2025-09-15",
                     "sista_svarsdag": "2025-10-10", "svarsmodell": "flera_per_kommun"})
    return rows


def write_scaled(out: Path, n: int = 1, *, respondenter: int | None = None, utvarderingar: int | None = None,
                 source: Path | None = None, seed: int = 20241011) -> Path:
    """Write a complete raw folder: the demo's reference files and anslag, N× budget and surveys (or multi)."""
    source = source or setting("raw_dir")
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    copy_reference(out, source)
    shutil.copyfile(source / setting_str("anslag_file"), out / setting_str("anslag_file"))
    write_budget(out, n, rng)
    if respondenter is not None:
        rows = multi_surveys(out, respondenter, utvarderingar or 1, rng)
    else:
        rows = scaled_surveys(out, n, rng)
    pd.DataFrame(rows).to_csv(out / setting_str("utvarderingar_file"), index=False)
    return out
