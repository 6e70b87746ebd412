"""`python -m dashboard.rapport --out FILE.docx [--utvardering 2025]`: a standard rapportunderlag without the UI.

Collects the main figures of every main page (Översikt, Utvärdering, Utmaningar per delstrategi,
Fritextsvar och teman, Finansiering, Budgetuppföljning) from the figure registry, with the same
titles and source lines the pages show, and a selection of quotes per theme into the same .docx
the dashboard's basket builds. Reads the published database (built first if missing).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path


import duckdb
import streamlit  # noqa: F401 - creates Streamlit's loggers, quietened before the queries declare their caches


def quiet_streamlit_logs() -> None:
    """Keep Streamlit's own log lines (e.g. that st.cache_data caches in memory outside an app) out of the output."""
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)


quiet_streamlit_logs()

from dashboard import basket, figures, queries  # noqa: E402
from dashboard.export import chart_spec  # noqa: E402
from dashboard.rapport_docx import build_rapportunderlag  # noqa: E402
from pipelines.build import BuildError, run  # noqa: E402
from pipelines.imports import active_raw_dir  # noqa: E402
from pipelines.settings import setting, setting_str  # noqa: E402

QUOTES_PER_THEME = 2


def chart_item(figure_id: str, urval: figures.Urval) -> dict:
    """A basket chart item for a registered figure drawn for the selection."""
    drawn = figures.render(figure_id, urval)
    return basket.chart_item(name=drawn.filename, title=drawn.title, source=drawn.source, spec=chart_spec(drawn.spec))


def standard_urval(utvardering: int) -> figures.Urval:
    """All kommuner, the chosen utvärdering and the ones compared with it (figures.jamforda)."""
    kommuner = queries.kommuner()
    utvarderingar = figures.jamforda(queries.utvarderingar()["utvardering"], utvardering)
    return figures.Urval(utvardering, utvarderingar, (), dict(zip(kommuner["kommunkod"], kommuner["kommun"])))


def main_charts(utvardering: int) -> list[dict]:
    """One or more charts per main page for the chosen utvärdering, as basket items."""
    urval = standard_urval(utvardering)
    items = [chart_item("oversikt.svarstider", urval)]
    for grupp_namn in queries.FRAGEGRUPPER:
        gruppval = urval.med(grupp_namn=grupp_namn)
        items.append(chart_item("utvardering.fordelning", gruppval))
        if len(urval.utvarderingar) > 1:
            items.append(chart_item("utvardering.jamforelse", gruppval))
    items.append(chart_item("utmaningar.per_delstrategi", urval))
    fritext = queries.FritextUrval((utvardering,))
    items.append(chart_item("fritext.tema_per_delstrategi",
                            urval.med(fritext=fritext, svar=queries.fritextsvar_med_teman(fritext))))
    ar = max(queries.anslag_ar())
    for per_invanare in (False, True):
        items.append(chart_item("finansiering.anslag", urval.med(ar=ar, per_invanare=per_invanare)))
    for enhet in queries.budget_enheter()[:1]:
        budget_ar = max(queries.budget_ar(enhet))
        items.append(chart_item("budget.manadsvis", urval.med(enhet=enhet, ar=budget_ar,
                                                               troskel=queries.BUDGET_TROSKEL)))
    return items


def quote_selection(utvardering: int, per_theme: int = QUOTES_PER_THEME) -> list[dict]:
    """Per theme the answers tagged with it most confidently, from different kommuner."""
    svar = queries.fritextsvar_med_teman(queries.FritextUrval((utvardering,)))
    if svar.empty:
        return []
    labels = queries.tema_etiketter()
    top = svar.assign(tema_id=svar["teman"].map(lambda t: t[0] if t else None)).dropna(subset=["tema_id"])
    top = top[top["text"].str.len().between(60, 600)].sort_values(["tema_id", "konfidens"], ascending=[True, False])
    chosen = top.drop_duplicates(["tema_id", "kommunkod"]).groupby("tema_id", sort=False).head(per_theme)
    return [basket.quote_item(text=row.text, kommun=row.kommun, utvardering=utvardering, fraga=row.fraga_kort,
                              tema=labels.get(row.tema_id, row.tema_id))
            for row in chosen.itertuples(index=False)]


def data_note() -> str | None:
    """The report's note on the data, from the settings registry's notice (None when it is empty)."""
    notice = setting_str("synthetic_notice")
    return f"Underlaget bygger på {notice} och är endast ett exempel." if notice else None


def build(utvardering: int | None = None) -> bytes:
    """The standard rapportunderlag for an utvärdering (the latest when None) as .docx bytes."""
    tillgangliga = [int(u) for u in queries.utvarderingar()["utvardering"]]
    valt = utvardering or max(tillgangliga)
    if valt not in tillgangliga:
        raise ValueError(f"Utvärdering {valt} finns inte i databasen (finns: {', '.join(map(str, tillgangliga))}).")
    items = main_charts(valt) + quote_selection(valt)
    return build_rapportunderlag(items, title=f"Rapportunderlag – utvärdering {valt}", note=data_note())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.rapport",
                                     description="Bygg ett standardrapportunderlag (.docx) utan gränssnittet.")
    parser.add_argument("--out", type=Path, required=True, help="fil att skriva, t.ex. rapportunderlag.docx")
    parser.add_argument("--utvardering", type=int, default=None, help="utvärdering (år); standard: den senaste")
    args = parser.parse_args(argv)
    try:
        run(active_raw_dir(), setting("db_path"))  # a no-op when the published database is current
        data = build(args.utvardering)
    except (BuildError, ValueError) as error:
        print(f"FEL: {error}", file=sys.stderr)
        return 1
    except duckdb.Error as error:
        print(f"FEL: databasen {setting('db_path')} kunde inte läsas ({error}). Bygg om den med "
              "`python -m pipelines --force` och försök igen.", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"Skrev {args.out} ({len(data) // 1024} kB).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
