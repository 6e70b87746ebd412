"""Write the SYNTHETIC demo raw files: survey exports, kommunala anslag, budget follow-up,
befolkningsprognos and skattekraft.

Everything here is invented. The free-text answers come from fritextsvar.csv
beside this file; Likert answers, respondents, amounts and follow-ups are drawn
from a fixed seed so the files are reproducible. The files are committed to
data/raw; run this only to regenerate them after changing the generator.
"""

from __future__ import annotations

import argparse
import csv
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.settings import setting, setting_str

HERE = Path(__file__).parent
LIKERT_LABELS = {
    5: "Instämmer helt",
    4: "Instämmer till stor del",
    3: "Instämmer delvis",
    2: "Instämmer i liten grad",
    1: "Instämmer inte alls",
}
VET_EJ = "Vet ej"

# How respondents typed their kommun, per utvärdering (the pipeline must resolve all of them).
TYPED_KOMMUN = {
    2024: {
        "Nordmaling": "Nordmalings kommun", "Bjurholm": "Bjurholm", "Vindeln": "Vindelns kommun",
        "Robertsfors": "Robertsfors kommun", "Norsjö": "NORSJÖ", "Malå": "Malå kommun",
        "Storuman": "Storumans kommun", "Dorotea": "Dorotea", "Vännäs": "Vännäs kommun",
        "Vilhelmina": "Vilhelmina", "Åsele": "Åsele kommun", "Umeå": "Umeå kommun",
        "Lycksele": "lycksele", "Skellefteå": "Skellefteå kommun",
    },
    2025: {
        "Nordmaling": "Nordmaling", "Bjurholm": "Bjurholms kommun", "Vindeln": "Vindeln",
        "Robertsfors": "Robertsfors", "Norsjö": "Norsjo kommun", "Malå": "2418",
        "Storuman": "Storuman", "Sorsele": "Sorsele kommun ", "Dorotea": "Doroteas kommun",
        "Vännäs": "Vannäs", "Vilhelmina": "Vilhelmina kommun", "Åsele": "Aasele",
        "Umeå": "UMEÅ", "Lycksele": "Lycksele kommun", "Skellefteå": "Skelleftea",
    },
}
DOMAINS = {
    "Nordmaling": "nordmaling.se", "Bjurholm": "bjurholm.se", "Vindeln": "vindeln.se",
    "Robertsfors": "robertsfors.se", "Norsjö": "norsjo.se", "Malå": "mala.se",
    "Storuman": "storuman.se", "Sorsele": "sorsele.se", "Dorotea": "dorotea.se",
    "Vännäs": "vannas.se", "Vilhelmina": "vilhelmina.se", "Åsele": "asele.se",
    "Umeå": "umea.se", "Lycksele": "lycksele.se", "Skellefteå": "skelleftea.se",
}
FIRST_NAMES = ["Anna", "Erik", "Maria", "Johan", "Karin", "Lars", "Sara", "Per", "Linnea", "Mikael",
               "Eva", "Anders", "Helena", "Jonas", "Sofia", "Magnus"]
LAST_NAMES = ["Lindqvist", "Nilsson", "Öberg", "Holmström", "Lundberg", "Sjöberg", "Forsgren",
              "Westerlund", "Marklund", "Burman", "Lindgren", "Åström", "Nyström", "Berglund"]

# Header texts as each year's form exported them (2025 reworded some of them).
SYFTEN = [
    "Öka kvaliteten och effektiviteten i de kommunala och regionala uppdragen",
    "Utveckla det långsiktiga strategiska arbetet med regional utveckling",
    "Höja den gemensamma kunskapen om länets utvecklingsförutsättningar",
    "Skapa tillit och förståelse för parternas uppdrag, ansvar och förutsättningar",
    "Stärka sammanhållningen och samarbetet för länets utveckling",
]
DELSTRATEGIER = [
    "Utveckla samhällen som inkluderar och utvecklar människor",
    "Skapa strukturer för innovation",
    "Främja miljödriven utveckling",
    "Bidra till investeringar i utbildning och kompetens",
    "Stödja platsbaserad näringslivsutveckling",
    "Skapa en tillgänglig och utåtriktad region",
]
ORG_2024 = [
    ("org_samrad", "Samrådet mellan RUN och primärkommunala delegationen fungerar som ett bra forum för dialog"),
    ("org_pkd", "Primärkommunala delegationen (PKD) för fram kommunernas intressen på ett bra sätt"),
    ("org_delegationer", "Verksamhetsdelegationerna bidrar till utvecklingen inom sina områden"),
    ("org_beredning", "Beredningen förbereder ärendena på ett sätt som underlättar beslut"),
    ("org_information", "Vi får tillräcklig information om vad som händer inom samverkan"),
    ("org_aterkoppling", "Våra synpunkter tas tillvara och vi får återkoppling på dem"),
]
ORG_2025_REWORDED = {
    "org_samrad": "Samrådet mellan regionala utvecklingsnämnden och PKD är ett bra forum för dialog",
    "org_delegationer": "Verksamhetsdelegationerna och strategiråden bidrar till utvecklingen inom sina områden",
    "org_information": "Vi får tillräcklig och tydlig information om vad som händer inom samverkan",
}


def question_headers(utvardering: int) -> list[tuple[str, str]]:
    """(fraga_id, header) for the likert and fritext columns of one year's export."""
    headers: list[tuple[str, str]] = []
    for n, text in enumerate(SYFTEN, start=1):
        if utvardering == 2024:
            headers.append((f"syfte_{n}", f"I vilken utsträckning har samverkan bidragit till att: {text}?"))
        else:
            headers.append((f"syfte_{n}", f"I vilken grad har samverkan bidragit till att {text[0].lower() + text[1:]}?"))
    for fraga_id, text in ORG_2024:
        if utvardering == 2025:
            text = ORG_2025_REWORDED.get(fraga_id, text)
        headers.append((fraga_id, f"Påstående om samverkansorganisationen: {text}"))
    for n, text in enumerate(DELSTRATEGIER, start=1):
        if utvardering == 2024:
            headers.append((f"ds{n}_utmaning", f'Vilka är de största utmaningarna för er kommun inom delstrategin "{text}"?'))
            headers.append((f"ds{n}_mojlighet", f'Vilka möjligheter ser ni för er kommun inom delstrategin "{text}"?'))
        else:
            headers.append((f"ds{n}_utmaning", f"Utmaningar inom delstrategin {text}: vilka är de största för er kommun?"))
            headers.append((f"ds{n}_mojlighet", f"Möjligheter inom delstrategin {text}: vilka ser ni för er kommun?"))
    if utvardering == 2024:
        headers.append(("prio_samverkan", "Vilka områden bör prioriteras för att förbättra samverkan de kommande två åren?"))
        headers.append(("ovriga_behov", "Finns det andra behov eller synpunkter ni vill lyfta?"))
    else:
        headers.append(("prio_samverkan", "Vilka områden bör prioriteras för att samverkan ska bli bättre under de kommande två åren?"))
        headers.append(("ovriga_behov", "Har ni andra behov eller synpunkter som ni vill lyfta?"))
    return headers


def likert_label(rng: np.random.Generator, mean: float) -> str:
    """Draw one Likert label around a kommun's mean disposition; about 6 % answer Vet ej."""
    if rng.random() < 0.06:
        return VET_EJ
    value = int(np.clip(round(rng.normal(mean, 0.8)), 1, 5))
    return LIKERT_LABELS[value]


def responses_plan() -> list[dict]:
    """Who answered when: 2024 Sorsele missing; 2025 Vindeln twice, Dorotea after the deadline."""
    plan = []
    start_2024 = datetime(2024, 9, 17, 8, 30)
    kommuner_2024 = [k for k in TYPED_KOMMUN[2024]]
    for i, kommun in enumerate(kommuner_2024):
        plan.append({"utvardering": 2024, "kommun": kommun, "version": 1,
                     "end": start_2024 + timedelta(days=int(i * 1.7), hours=(i * 5) % 9)})
    start_2025 = datetime(2025, 9, 16, 9, 5)
    for i, kommun in enumerate(TYPED_KOMMUN[2025]):
        end = start_2025 + timedelta(days=int(i * 1.5), hours=(i * 7) % 8)
        if kommun == "Dorotea":
            end = datetime(2025, 10, 20, 14, 12)
        if kommun == "Vindeln":
            plan.append({"utvardering": 2025, "kommun": kommun, "version": 1, "end": datetime(2025, 9, 22, 10, 40)})
            end = datetime(2025, 10, 6, 15, 55)
            plan.append({"utvardering": 2025, "kommun": kommun, "version": 2, "end": end})
            continue
        plan.append({"utvardering": 2025, "kommun": kommun, "version": 1, "end": end})
    return sorted(plan, key=lambda r: (r["utvardering"], r["end"]))


def survey_frame(utvardering: int, fritext: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One year's export: one row per response, metadata first, then one column per question."""
    disposition = {k: 2.6 + (i % 5) * 0.35 for i, k in enumerate(DOMAINS)}
    rows = []
    plan = [p for p in responses_plan() if p["utvardering"] == utvardering]
    for response_id, p in enumerate(plan, start=1):
        first = FIRST_NAMES[rng.integers(len(FIRST_NAMES))]
        last = LAST_NAMES[rng.integers(len(LAST_NAMES))]
        start = p["end"] - timedelta(minutes=int(rng.integers(12, 95)))
        row: dict = {"ID": response_id, "Starttid": start, "Slutförandetid": p["end"]}
        if utvardering == 2024:
            row |= {"E-post": f"{first}.{last}@{DOMAINS[p['kommun']]}".lower().replace("ö", "o").replace("å", "a"),
                    "Namn": f"{first} {last}", "Vilken kommun svarar du för?": TYPED_KOMMUN[2024][p["kommun"]]}
        else:
            row |= {"Senast ändrad": p["end"],
                    "E-postadress": f"{first}.{last}@{DOMAINS[p['kommun']]}".lower().replace("ö", "o").replace("å", "a"),
                    "Ditt namn": f"{first} {last}", "Kommun": TYPED_KOMMUN[2025][p["kommun"]]}
        mean = disposition[p["kommun"]] + (0.3 if utvardering == 2025 else 0.0)
        texts = fritext[(fritext.utvardering == utvardering) & (fritext.kommun == p["kommun"])
                        & (fritext.svarsversion == p["version"])].set_index("fraga_id")["text"]
        for fraga_id, header in question_headers(utvardering):
            if fraga_id.startswith(("syfte_", "org_")):
                row[header] = likert_label(rng, mean - (0.4 if fraga_id == "org_aterkoppling" else 0.0))
            else:
                row[header] = texts.get(fraga_id)
        rows.append(row)
    return pd.DataFrame(rows)


# 2023: the flera_per_kommun model. Several people per kommun answered (förtroendevalda in PKD and the
# delegations, tjänstepersoner in the networks and strategy councils), some twice; Sorsele did not answer.
SEED_2023 = 20231013
START_2023, SISTA_SVARSDAG_2023 = datetime(2023, 9, 18, 8, 0), datetime(2023, 10, 13, 23, 59)
# Respondents per kommun: (förtroendevalda, tjänstepersoner); some groups have 1–2 so suppression shows.
RESPONDENTER_2023 = {
    "Umeå": (4, 5), "Skellefteå": (2, 4), "Lycksele": (3, 3), "Vännäs": (1, 3), "Vilhelmina": (3, 2),
    "Nordmaling": (2, 2), "Bjurholm": (1, 2), "Vindeln": (3, 3), "Robertsfors": (2, 3), "Norsjö": (3, 1),
    "Malå": (2, 1), "Storuman": (3, 4), "Dorotea": (1, 2), "Åsele": (2, 2),
}
# Invited per kommun and role (utskick.csv): at least as many as answered.
EXTRA_INBJUDNA_2023 = {"förtroendevald": 2, "tjänsteperson": 1}
ROLL_SKRIVSATT = {"förtroendevald": ["Förtroendevald", "Politiker", "förtroendevald", "Politiskt förtroendevald"],
                  "tjänsteperson": ["Tjänsteperson", "Tjänsteman", "tjänsteperson ", "Tjänstemän"]}
FORUM_2023 = {"förtroendevald": ["PKD", "Verksamhetsdelegation social välfärd", "Verksamhetsdelegation infrastruktur"],
              "tjänsteperson": ["Beredningen", "Nätverk kompetensförsörjning", "Strategiråd digitalisering"]}
# Respondents who submitted twice (kommun, role, index within the role); the second time their address was
# typed differently (case, spaces) – the pipeline must still see one respondent.
TVA_GANGER_2023 = {("Umeå", "tjänsteperson", 0), ("Vindeln", "förtroendevald", 1), ("Malå", "förtroendevald", 0)}
# One response without an e-mail address (it counts as its own respondent).
UTAN_EPOST_2023 = ("Storuman", "tjänsteperson", 3)


def survey_frame_2023(fritext: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """The 2023 export (flera_per_kommun): one row per submission, with e-mail, role and forum per respondent."""
    disposition = {k: 2.6 + (i % 5) * 0.35 for i, k in enumerate(DOMAINS)}
    role_shift = {"förtroendevald": 0.25, "tjänsteperson": -0.15}
    plan = []
    for k, (kommun, counts) in enumerate(RESPONDENTER_2023.items()):
        for roll, count in zip(("förtroendevald", "tjänsteperson"), counts):
            for i in range(count):
                first = FIRST_NAMES[rng.integers(len(FIRST_NAMES))]
                last = LAST_NAMES[rng.integers(len(LAST_NAMES))]
                email = (f"{first}.{last}.{k}{roll[0]}{i}@{DOMAINS[kommun]}".lower().replace("ö", "o").replace("å", "a")
                         .replace("ä", "a"))
                if (kommun, roll, i) == UTAN_EPOST_2023:
                    email = None
                end = START_2023 + timedelta(days=int(rng.integers(0, 24)), hours=int(rng.integers(0, 9)),
                                             minutes=int(rng.integers(0, 60)))
                person = {"kommun": kommun, "roll": roll, "email": email, "namn": f"{first} {last}",
                          "skrivsatt": ROLL_SKRIVSATT[roll][int(rng.integers(len(ROLL_SKRIVSATT[roll])))],
                          "forum": FORUM_2023[roll][int(rng.integers(len(FORUM_2023[roll])))]}
                plan.append(person | {"end": end})
                if (kommun, roll, i) in TVA_GANGER_2023:
                    again = f"  {email.upper()} " if i % 2 == 0 else email.capitalize()
                    plan.append(person | {"email": again, "end": end + timedelta(days=1, hours=2)})
    plan.sort(key=lambda p: p["end"])
    texts = list(fritext.itertuples(index=False))
    order = rng.permutation(len(texts))
    rows = []
    for response_id, p in enumerate(plan, start=1):
        start = p["end"] - timedelta(minutes=int(rng.integers(8, 60)))
        row: dict = {"ID": response_id, "Starttid": start, "Slutförandetid": p["end"], "E-post": p["email"],
                     "Namn": p["namn"], "Vilken kommun svarar du för?": p["kommun"], "Roll": p["skrivsatt"],
                     "Forum": p["forum"]}
        mean = disposition[p["kommun"]] + role_shift[p["roll"]]
        for fraga_id, header in question_headers(2024):
            if fraga_id.startswith(("syfte_", "org_")):
                row[header] = likert_label(rng, mean - (0.4 if fraga_id == "org_aterkoppling" else 0.0))
            else:
                row[header] = None
        if response_id <= len(texts):   # each invented answer is given once
            text = texts[order[response_id - 1]]
            row[dict(question_headers(2024))[text.fraga_id]] = text.text
        rows.append(row)
    return pd.DataFrame(rows)


def utskick_frame_2023() -> pd.DataFrame:
    """How many were invited per kommun and role in 2023 (Sorsele invited but did not answer)."""
    rows = []
    for kommun in DOMAINS:
        counts = RESPONDENTER_2023.get(kommun, (0, 0))
        for roll, count in zip(("förtroendevald", "tjänsteperson"), counts):
            rows.append({"utvardering": 2023, "kommun": kommun, "roll": roll,
                         "antal_inbjudna": max(count + EXTRA_INBJUDNA_2023[roll], 3)})
    return pd.DataFrame(rows)


def write_2023(out: Path) -> None:
    """Write the 2023 export and the invitation list (own seed: the other files are not affected)."""
    rng = np.random.default_rng(SEED_2023)
    fritext = pd.read_csv(HERE / "fritextsvar_2023.csv", dtype=str)
    survey_frame_2023(fritext, rng).to_excel(out / "utvardering_2023.xlsx", sheet_name="Svar", index=False)
    utskick_frame_2023().to_csv(out / setting_str("utskick_file"), index=False)


ANSLAG_POSTER = [
    ("Administration och förtroendemannaorganisation", 40_000, 12.0),
    ("Beredning", 0, 6.5),
    ("Samordning samverkansområden", 25_000, 8.0),
]
ANSLAG_NAMES = {
    "2480": "Umeå kommun", "2482": "Skellefteå kn", "2403": "Bjurholms kommun", "2463": "Åsele",
    "2422": "Sorsele", "2425": "Dorotea", "2404": "Vindeln", "2409": "Robertsfors", "2401": "Nordmaling",
    "2417": "Norsjö", "2418": "Malå", "2421": "Storuman", "2460": "Vännäs", "2462": "Vilhelmina",
    "2481": "Lycksele",
}


def anslag_sheets(befolkning: pd.DataFrame) -> dict[int, pd.DataFrame]:
    """Per year 2023-2026 the kommunala anslag in kr, as finance staff keep them, with the region's row."""
    sheets = {}
    increase = {2023: 1.0, 2024: 1.02, 2025: 1.045, 2026: 1.065}
    for ar, factor in increase.items():
        pop_year = min(ar - 1, 2025)  # the anslag uses the population of 31 December the year before
        pop = befolkning[befolkning.ar == pop_year].set_index("kommunkod")["invanare"]
        rows = []
        for kod, name in ANSLAG_NAMES.items():
            parts = [round((fixed + per_inv * pop[int(kod)]) * factor, -2) for _, fixed, per_inv in ANSLAG_POSTER]
            rows.append([name, *parts, sum(parts)])
        totals = [sum(r[i] for r in rows) for i in range(1, 5)]
        rows.append(["Summa kommuner", *totals])
        region = [round(t * 1.0, -3) for t in totals[:3]]
        rows.append(["Region Västerbotten", *region, sum(region)])
        sheets[ar] = pd.DataFrame(rows, columns=["Kommun", *[p for p, _, _ in ANSLAG_POSTER], "Summa"])
    return sheets


BUDGET_ENHETER = {
    "Beredningen": [2580, 2644, 2710],
    "RUN:s samverkan": [1850, 1900, 1950],
    "Samverkansområde kompetensförsörjning": [920, 950, 980],
    "Samverkansområde digitalisering": [780, 800, 830],
    "Samverkansområde samhällsbyggnad": [640, 660, 680],
    "Samverkansområde social välfärd och hälsa": [1120, 1150, 1190],
}
SEASON = np.array([0.8, 1.0, 1.1, 1.05, 1.0, 1.0, 0.45, 0.7, 1.15, 1.2, 1.25, 1.3])


def budget_frame(rng: np.random.Generator) -> pd.DataFrame:
    """Monthly follow-up 2023-2025 per enhet in tkr; beredningen 2024 Jan-Jul is 1 539 tkr (3 under)."""
    rows = []
    for enhet, budgets in BUDGET_ENHETER.items():
        for ar, helar in zip((2023, 2024, 2025), budgets):
            level = rng.normal(0.98, 0.05)
            monthly = helar / 12 * SEASON / SEASON.mean() * level * rng.normal(1, 0.08, 12)
            if enhet == "Beredningen" and ar == 2024:
                monthly[:7] *= 1539 / monthly[:7].sum()
            utfall = np.cumsum(monthly)
            for m in range(1, 13):
                budget_period = round(helar * m / 12)
                trend = utfall[m - 1] / max(budget_period, 1)
                prognos = round(helar * (1 + (trend - 1) * m / 12))
                rows.append({"Period": f"{ar}{m:02d}", "Enhet": enhet, "Budget helår": helar,
                             "Budget perioden": budget_period, "Utfall ack.": round(utfall[m - 1]),
                             "Prognos helår": prognos})
    return pd.DataFrame(rows)


# Synthetic population forecast: each kommun's average yearly change 2022-2025, damped as SCB-style
# projections are, carried forward from the latest outcome (31 December of each year).
PROGNOS_AR = range(2026, 2032)
PROGNOS_DAMPNING = 0.75

# Synthetic skattekraft (kr per invånare) 2023 and the yearly growth after it.
SKATTEKRAFT_2023 = {
    "2401": 207_300, "2403": 200_400, "2404": 205_900, "2409": 213_800, "2417": 209_600, "2418": 211_200,
    "2421": 212_700, "2422": 203_100, "2425": 200_800, "2460": 220_100, "2462": 206_500, "2463": 201_900,
    "2480": 231_000, "2481": 215_400, "2482": 227_500,
}
SKATTEKRAFT_TILLVAXT = {2024: 0.045, 2025: 0.040, 2026: 0.035}


def befolkningsprognos_frame(befolkning: pd.DataFrame) -> pd.DataFrame:
    """Forecast population 31 December 2026-2031 per kommun (whole people), from the outcomes in befolkning."""
    rows = []
    for kod, serie in befolkning.sort_values("ar").groupby("kommunkod"):
        first, last = serie.iloc[0], serie.iloc[-1]
        rate = ((last.invanare / first.invanare) ** (1 / (last.ar - first.ar)) - 1) * PROGNOS_DAMPNING
        for ar in PROGNOS_AR:
            invanare = round(last.invanare * (1 + rate) ** (ar - last.ar))
            rows.append({"kommunkod": str(kod), "ar": ar, "invanare": invanare})
    return pd.DataFrame(rows)


def skattekraft_frame() -> pd.DataFrame:
    """Skattekraft in kr per invånare 2023-2026 per kommun, rounded to 100 kr."""
    rows = []
    for kod, level in SKATTEKRAFT_2023.items():
        value = float(level)
        rows.append({"kommunkod": kod, "ar": 2023, "skattekraft": level})
        for ar, growth in SKATTEKRAFT_TILLVAXT.items():
            value *= 1 + growth
            rows.append({"kommunkod": kod, "ar": ar, "skattekraft": int(round(value, -2))})
    return pd.DataFrame(rows)


def write_anslag(path: Path, sheets: dict[int, pd.DataFrame]) -> None:
    """Write one sheet per year with a title row, a blank row and the table from row 3."""
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for ar, df in sheets.items():
            df.to_excel(writer, sheet_name=str(ar), index=False, startrow=2)
            writer.sheets[str(ar)]["A1"] = f"Kommunala anslag till samverkan för regional utveckling {ar} (kr)"


def demo_fritext() -> pd.DataFrame:
    """The demo's free-text answers (utvardering, kommun, svarsversion, fraga_id, text), as written in fritextsvar.csv."""
    with open(HERE / "fritextsvar.csv", encoding="utf-8", newline="") as f:
        frame = pd.DataFrame(list(csv.DictReader(f)))
    return frame.astype({"utvardering": int, "svarsversion": int})


def main(argv: list[str] | None = None) -> None:
    """Regenerate all synthetic demo files in the raw folder."""
    parser = argparse.ArgumentParser(description="Skriv syntetiska demofiler till data/raw.")
    parser.add_argument("--out", type=Path, default=setting("raw_dir"))
    parser.add_argument("--bara-2023", action="store_true",
                        help="Skriv bara utvärderingen 2023 och utskickslistan; övriga filer lämnas orörda.")
    args = parser.parse_args(argv)
    out = args.out
    write_2023(out)
    if args.bara_2023:
        print(f"Skrev syntetiska demofiler för 2023 till {out}")
        return
    rng = np.random.default_rng(20241011)
    fritext = demo_fritext()
    for utvardering in (2024, 2025):
        survey_frame(utvardering, fritext, rng).to_excel(out / f"utvardering_{utvardering}.xlsx", sheet_name="Svar", index=False)
    befolkning = pd.read_csv(out / setting_str("befolkning_file"))
    write_anslag(out / setting_str("anslag_file"), anslag_sheets(befolkning))
    budget_frame(rng).to_excel(out / setting_str("budget_file"), sheet_name=setting_str("budget_sheet"), index=False)
    befolkningsprognos_frame(befolkning).to_csv(out / setting_str("befolkningsprognos_file"), index=False)
    skattekraft_frame().to_csv(out / setting_str("skattekraft_file"), index=False)
    print(f"Skrev syntetiska demofiler till {out}")
