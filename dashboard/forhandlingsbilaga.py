"""Build the förhandlingsbilaga (.docx): the negotiation scenarios compared per kommun, with the method.

Sections: the scenarios and their parameters; what the kommuner pay in total per year (equal to the
cost T(N)); optionally a chart; one section per kommun with its real anslag 2026 and what it would pay
2027–2030 under each scenario; the method written out in Swedish. Built on the rapportunderlag's
document helpers (A4, Swedish language, captions, source lines).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from dashboard.export import chart_to_bytes
from dashboard.formatting import fmt_kr, fmt_number, fmt_pct, fmt_signed
from dashboard.rapport_docx import _a4, _add_chart, _set_language, plain
from dashboard.svenska import date as swedish_date
from pipelines.scenarier.modeller import AR, BASAR, METOD, MODELLER, Scenario, total

TITEL = f"Förhandlingsbilaga – kommunernas anslag {AR[0]}–{AR[-1]}"
INTRO = (
    f"Bilagan visar vad varje kommun skulle betala {AR[0]}–{AR[-1]} enligt de scenarier som jämförs, i kronor "
    f"och kronor per invånare, och förändringen mot kommunens verkliga anslag {BASAR}. Kommunernas belopp "
    "summerar varje år exakt till den kostnad kommunerna ska finansiera."
)
TABELLSTIL = "Light Grid Accent 1"


@dataclass(frozen=True)
class BilagaScenario:
    """One scenario in the bilaga: its id in the comparison rows, the scenario and who saved it (None: unsaved)."""

    id: str
    scenario: Scenario
    sparad_av: str | None = None


def parameter_text(scenario: Scenario) -> str:
    """The scenario's parameters in one Swedish line: 'Per invånare; 9 100 000 kr 2027; uppräkning 2,0 % per år'."""
    delar = [MODELLER[scenario.modell], f"{fmt_kr(scenario.kostnad_2027_kr)} {AR[0]}",
             f"uppräkning {fmt_number(scenario.upprakning_procent, 1)}\u00a0% per år"]
    if scenario.modell == "fast_plus_per_invanare" and scenario.fast_andel is not None:
        delar.append(f"fast del {fmt_pct(scenario.fast_andel, 0)}")
    if scenario.tak_forandring_procent is not None:
        delar.append(f"tak ±{fmt_number(scenario.tak_forandring_procent, 1)}\u00a0% per år")
    return "; ".join(delar)


def _table(document, header: Sequence[str], rows: Sequence[Sequence[str]]):
    """A table with a bold header row; every column but the first right-aligned (numbers)."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = TABELLSTIL
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = plain(text)
    for row in rows:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row)):
            cell.text = plain(text)
            if i:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for i in range(1, len(header)):
        table.rows[0].cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph()
    return table


def _kommun_section(document, kommun: str, rows: pd.DataFrame, scenarier: Sequence[BilagaScenario]) -> None:
    forsta = rows.iloc[0]
    document.add_heading(plain(kommun), level=2)
    document.add_paragraph(
        f"Verkligt anslag {BASAR}: {fmt_kr(forsta['belopp_kr'] - forsta['forandring_mot_bas_kr'])} "
        f"({fmt_kr(forsta['kr_per_invanare_bas'], 1)} per invånare)."
    )
    header = ["Scenario", *map(str, AR), f"Kr per invånare {AR[-1]}", f"Förändring {BASAR}–{AR[-1]}"]
    body = []
    for item in scenarier:
        egna = rows[rows["scenario_id"] == item.id].set_index("ar")
        if egna.empty:
            continue
        sista = egna.loc[AR[-1]]
        andel = sista["forandring_mot_bas_procent"]
        body.append([item.scenario.namn, *(fmt_kr(egna.at[a, "belopp_kr"]) for a in AR),
                     fmt_kr(sista["kr_per_invanare"], 1),
                     f"{fmt_signed(sista['forandring_mot_bas_kr'], 0, 'kr')} "
                     f"({fmt_signed(andel, 1, '%') if pd.notna(andel) else '–'})"])
    _table(document, header, body)


def build_forhandlingsbilaga(
    scenarier: Sequence[BilagaScenario],
    jamforelse: pd.DataFrame,
    *,
    date: dt.date | None = None,
    chart: Mapping | None = None,
    note: str | None = None,
    render: Callable[..., bytes] = chart_to_bytes,
) -> bytes:
    """The förhandlingsbilaga as .docx bytes.

    scenarier: the compared scenarios, in order. jamforelse: their rows (modeller.berakna's columns plus
    scenario_id), every kommun and year. chart: an optional basket-style chart item (title, source, spec)
    drawn after the totals. note: an extra paragraph, e.g. that the data are synthetic. render: the chart
    renderer (tests may pass a stub).
    """
    document = Document()
    _a4(document)
    _set_language(document)
    document.core_properties.title = TITEL
    document.add_heading(TITEL, level=0)
    document.add_paragraph(swedish_date(date or dt.date.today()))
    document.add_paragraph(INTRO)
    if note:
        document.add_paragraph(plain(note))

    document.add_heading("Scenarier", level=1)
    _table(document, ["Scenario", "Modell och parametrar", "Sparat av"],
           [[s.scenario.namn, parameter_text(s.scenario), s.sparad_av or "Ej sparat"] for s in scenarier])

    document.add_heading("Kommunernas sammanlagda belopp per år", level=1)
    summor = jamforelse.groupby(["scenario_id", "ar"])["belopp_kr"].sum()
    rader = []
    for s in scenarier:
        belopp = [summor.get((s.id, a)) for a in AR]
        balanserar = all(b is not None and int(b) == total(s.scenario, a) for b, a in zip(belopp, AR))
        rader.append([s.scenario.namn, *(fmt_kr(b) for b in belopp), "Ja" if balanserar else "Nej"])
    _table(document, ["Scenario", *map(str, AR), "Lika med kostnaden T(N)"], rader)
    if chart:
        _add_chart(document, 1, chart, render)

    document.add_heading("Per kommun", level=1)
    for _, rows in jamforelse.groupby("kommunkod", sort=True):
        _kommun_section(document, str(rows["kommun"].iloc[0]), rows, scenarier)

    document.add_heading("Metod", level=1)
    for stycke in METOD:
        document.add_paragraph(stycke)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def bilaga_exporter(scenarier: Sequence[BilagaScenario], jamforelse: pd.DataFrame, chart: Mapping | None = None,
                    note: str | None = None) -> Callable[[], bytes]:
    """A callable that builds the bilaga when the user downloads it (nothing is rendered before)."""
    snapshot = (list(scenarier), jamforelse.copy(), dict(chart) if chart else None)

    def make() -> bytes:
        return build_forhandlingsbilaga(snapshot[0], snapshot[1], chart=snapshot[2], note=note)

    return make
