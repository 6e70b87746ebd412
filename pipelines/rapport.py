"""`python -m pipelines.rapport --out FILE.docx [--utvardering 2025]`: a standard rapportunderlag without the UI.

Collects the main chart of every main page (Översikt, Utvärdering, Utmaningar per delstrategi,
Fritextsvar och teman, Finansiering, Budgetuppföljning) and a selection of quotes per theme into
the same .docx the dashboard's basket builds. Reads the published database (built first if missing).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

# The queries' st.cache_data warns outside a running app that it caches in memory; expected here.
logging.getLogger("streamlit.runtime.caching.cache_data_api").addFilter(
    lambda record: "No runtime found" not in record.getMessage())

from dashboard import basket, charts, queries  # noqa: E402
from dashboard.export import chart_spec  # noqa: E402
from dashboard.rapport_docx import build_rapportunderlag  # noqa: E402
from dashboard.svenska import swedish_list  # noqa: E402
from pipelines.build import BuildError, run  # noqa: E402
from pipelines.settings import setting  # noqa: E402

QUOTES_PER_THEME = 2
SYNTHETIC_NOTE = "Underlaget bygger på syntetiska demodata och är endast ett exempel."


def chart(name: str, title: str, source: str, built) -> dict:
    """A basket chart item from a built Altair chart."""
    return basket.chart_item(name=name, title=title, source=source, spec=chart_spec(built))


def main_charts(utvardering: int) -> list[dict]:
    """One or more charts per main page for the chosen utvärdering, as basket items."""
    alla = tuple(queries.kommuner()["kommunkod"])
    utvarderingar = tuple(int(u) for u in queries.utvarderingar()["utvardering"] if u <= utvardering)
    kalla = queries.source_line(utvardering)
    items = []
    titel = f"Inskickade svar per kommun, utvärdering {utvardering}"
    items.append(chart(f"oversikt-{utvardering}-svarstider", titel, kalla,
                       charts.svarstider(queries.inskick(utvardering), titel)))
    for grupp, namn in (("syfte", "Syften"), ("organisation", "Samverkansorganisationen")):
        titel = f"{namn}: svarsfördelning per fråga, utvärdering {utvardering}"
        items.append(chart(f"utvardering-{utvardering}-{grupp}-fordelning", titel, kalla,
                           charts.likert_diverging(queries.likert_fordelning(utvardering, alla, grupp), titel)))
        if len(utvarderingar) > 1:
            titel = f"{namn}: medelvärde per fråga, {swedish_list(utvarderingar)}"
            items.append(chart(f"utvardering-jamforelse-{grupp}", titel, queries.kallrad_jamforelse(utvarderingar),
                               charts.likert_forandring(queries.likert_jamforelse(utvarderingar, alla, grupp), titel)))
    titel = f"Antal kommuner som angett utmaningar och möjligheter per delstrategi {utvardering}"
    items.append(chart(f"utmaningar-{utvardering}-per-delstrategi", titel, kalla,
                       charts.utmaningar_staplar(queries.utmaningar_per_delstrategi(utvardering, alla))))
    titel = f"Fritextsvar per tema och delstrategi, utvärdering {utvardering}"
    items.append(chart(f"fritext-{utvardering}-tema-per-delstrategi", titel, kalla,
                       charts.tema_heatmap(queries.tema_matris((utvardering,), per="delstrategi"), "delstrategi")))
    ar = max(queries.anslag_ar())
    anslag_kalla = "Källa: Region Västerbotten, kommunala anslag och befolkning (syntetiska demodata)."
    for per_invanare, suffix in ((False, ""), (True, " per invånare")):
        titel = f"Kommunernas anslag{suffix} {ar}"
        items.append(chart(f"finansiering-{ar}-anslag{'-per-invanare' if per_invanare else ''}", titel, anslag_kalla,
                           charts.anslag_jamforelse(queries.anslag_per_kommun(ar), per_invanare=per_invanare)))
    for enhet in queries.budget_enheter()[:1]:
        budget_ar = max(queries.budget_ar(enhet))
        titel = f"{enhet} {budget_ar}: budget och ackumulerat utfall per månad"
        items.append(chart(f"budget-{budget_ar}-{enhet}-manadsvis", titel,
                           f"Källa: Region Västerbotten, budgetuppföljning {budget_ar} (syntetiska demodata).",
                           charts.budget_linjer(queries.budget_manadsserie(enhet, budget_ar), enhet=enhet)))
    return items


def quote_selection(utvardering: int, per_theme: int = QUOTES_PER_THEME) -> list[dict]:
    """Per theme the answers tagged with it most confidently, from different kommuner."""
    svar = queries.fritextsvar_med_teman((utvardering,))
    if svar.empty:
        return []
    labels = dict(zip(queries.teman()["tema_id"], queries.teman()["etikett"]))
    top = svar.assign(tema_id=svar["teman"].map(lambda t: t[0] if t else None)).dropna(subset=["tema_id"])
    top = top[top["text"].str.len().between(60, 600)].sort_values(["tema_id", "konfidens"], ascending=[True, False])
    chosen = top.drop_duplicates(["tema_id", "kommunkod"]).groupby("tema_id", sort=False).head(per_theme)
    return [basket.quote_item(text=row.text, kommun=row.kommun, utvardering=utvardering, fraga=row.fraga_kort,
                              tema=labels.get(row.tema_id, row.tema_id))
            for row in chosen.itertuples(index=False)]


def build(utvardering: int | None = None) -> bytes:
    """The standard rapportunderlag for an utvärdering (the latest when None) as .docx bytes."""
    tillgangliga = [int(u) for u in queries.utvarderingar()["utvardering"]]
    valt = utvardering or max(tillgangliga)
    if valt not in tillgangliga:
        raise ValueError(f"Utvärdering {valt} finns inte i databasen (finns: {', '.join(map(str, tillgangliga))}).")
    items = main_charts(valt) + quote_selection(valt)
    return build_rapportunderlag(items, title=f"Rapportunderlag – utvärdering {valt}", note=SYNTHETIC_NOTE)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.rapport",
                                     description="Bygg ett standardrapportunderlag (.docx) utan gränssnittet.")
    parser.add_argument("--out", type=Path, required=True, help="fil att skriva, t.ex. rapportunderlag.docx")
    parser.add_argument("--utvardering", type=int, default=None, help="utvärdering (år); standard: den senaste")
    args = parser.parse_args(argv)
    try:
        if not setting("db_path").exists():
            run(setting("raw_dir"), setting("db_path"))
        data = build(args.utvardering)
    except (BuildError, ValueError) as error:
        print(f"FEL: {error}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"Skrev {args.out} ({len(data) // 1024} kB).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
