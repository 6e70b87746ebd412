"""The figure registry: every figure renders on the demo data with its one title, source line and file name."""

import pandas as pd
import pytest

from dashboard import figures, queries
from dashboard.alt_text import view_rows
from dashboard.queries import scenarier as scenarier_queries
from dashboard.export import chart_to_bytes

KOMMUNER = {"2401": "Nordmaling", "2418": "Malå", "2422": "Sorsele", "2460": "Vännäs", "2480": "Umeå"}


def urval(**val) -> figures.Urval:
    """All kommuner, utvärdering 2025 compared with 2024, plus page choices."""
    names = dict(zip(queries.kommuner()["kommunkod"], queries.kommuner()["kommun"]))
    return figures.Urval(2025, (2024, 2025), (), names, val)


def page_choices(figure_id: str) -> dict:
    """Representative page choices for each page's figures."""
    fritext = queries.FritextUrval((2025,))
    return {
        "utvardering": {"grupp_namn": "Syften"},
        "utmaningar": {"delstrategi_nr": 3, "delstrategi": "Främja miljödriven utveckling",
                       "svar_koder": tuple(KOMMUNER)},
        "fritext": {"fritext": fritext, "svar": queries.fritextsvar_med_teman(fritext)},
        "finansiering": {"ar": 2026, "per_invanare": False},
        "budget": {"enhet": "Beredningen", "ar": 2024, "manad": 7, "troskel": 0.02},
        "kommunprofil": {"kommunkod": "2460", "kommun": "Vännäs", "ar": 2026, "per_invanare": True},
        "scenarier": scenario_choices(),
    }.get(figure_id.split(".")[0], {})


def scenario_choices() -> dict:
    """A computed scenario and two saved ones compared, as the Förhandlingsscenarier page passes them."""
    parametrar = {"namn": "x", "modell": "per_invanare", "kostnad_2027_kr": 9_094_000, "upprakning_procent": 2.0}
    scenario, resultat = queries.scenario_berakning(parametrar)
    jamforelse, _ = queries.scenario_jamforelse(queries.sparade_scenarier())
    return {"modellnamn": "Per invånare", "resultat": resultat, "ar": 2027, "per_invanare": False,
            "bas": queries.scenario_bas(queries.scenariounderlag()), "forra": 2024, "jamforelse": jamforelse}


@pytest.fixture
def saved_scenarios(monkeypatch, tmp_path):
    """Two saved scenarios in a users' store of this test's own."""
    monkeypatch.setenv("UTV_USER_DIR", str(tmp_path / "user"))
    lager = scenarier_queries.LAGER
    parametrar = {"namn": "x", "modell": "per_invanare", "kostnad_2027_kr": 9_094_000, "upprakning_procent": 2.0}
    for namn, modell in (("A", "per_invanare"), ("B", "skattekraft")):
        lager.spara(namn, {**parametrar, "modell": modell}, "a1", "Anna")
    return lager


@pytest.mark.parametrize("figure_id", sorted(figures.FIGURES))
def test_every_figure_renders_with_title_source_and_file_name(demo_env, saved_scenarios, figure_id):
    drawn = figures.render(figure_id, urval(**page_choices(figure_id)))
    assert drawn.title and drawn.source.startswith("Källa: ") and drawn.filename
    assert drawn.filename == drawn.filename.lower() and " " not in drawn.filename
    if drawn.is_chart:
        assert drawn.built.to_dict()["title"] == drawn.title
    else:
        assert isinstance(drawn.built, pd.DataFrame) and len(drawn.built.columns)


def _created(node: dict) -> set[str]:
    """Fields a view's transforms create (calculate, aggregate, window, fold, lookup, ...)."""
    made: set[str] = set()
    for transform in node.get("transform") or []:
        for key in ("as", "calculate"):
            value = transform.get("as") if key == "as" else None
            if isinstance(value, str):
                made.add(value)
            elif isinstance(value, list):
                made.update(v for v in value if isinstance(v, str))
        for part in ("aggregate", "window", "joinaggregate"):
            made.update(a.get("as") for a in transform.get(part) or [] if isinstance(a, dict))
        if "fold" in transform:
            made.update(transform.get("as") or ["key", "value"])
        if "lookup" in transform:
            made.update((transform.get("from") or {}).get("fields") or [])
    return made


def _missing_fields(spec: dict, node: dict, rows, created: frozenset = frozenset()) -> list[str]:
    """Encoded fields of the view and its sub-views that are neither in the rows they draw nor made by a transform."""
    rows = view_rows(spec, node, rows)
    created = created | _created(node)
    missing = []
    encoding = node.get("encoding") or {}
    if rows is not None and encoding:
        columns = set().union(*(row.keys() for row in rows)) if rows else set()
        for channel, definition in encoding.items():
            for d in definition if isinstance(definition, list) else [definition]:
                for candidate in (d, (d or {}).get("condition") if isinstance(d, dict) else None):
                    field = candidate.get("field") if isinstance(candidate, dict) else None
                    if isinstance(field, str) and rows and field not in columns and field not in created:
                        missing.append(f"{channel}: {field}")
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for child in node.get(key) or []:
            missing += _missing_fields(spec, child, rows, created)
    if isinstance(node.get("spec"), dict):
        missing += _missing_fields(spec, node["spec"], rows, created)
    return missing


@pytest.mark.parametrize("figure_id", sorted(f for f, d in figures.FIGURES.items() if d.kind == "chart"))
def test_every_chart_layer_draws_from_data_that_has_its_fields(demo_env, saved_scenarios, figure_id):
    """A layer that keeps an older frame than the one with its computed columns draws 'undefined' in the browser."""
    drawn = figures.render(figure_id, urval(**page_choices(figure_id)))
    assert _missing_fields(drawn.spec, drawn.spec, None) == []


def test_ids_are_unique_and_declaring_twice_fails():
    with pytest.raises(ValueError):
        figures.figure("oversikt.svarstider", "chart", title=None, load=None, build=None, source=None,
                       filename=None)


def test_anslag_titles_follow_the_choices(demo_env):
    kronor = figures.render("finansiering.anslag", urval(ar=2026, per_invanare=False))
    per_inv = figures.render("finansiering.anslag", urval(ar=2025, per_invanare=True))
    assert (kronor.title, kronor.filename) == ("Kommunernas anslag 2026", "finansiering-2026-anslag-kronor")
    assert per_inv.title == "Kommunernas anslag per invånare 2025"
    assert figures.render("finansiering.utveckling_totalt", urval(per_invanare=False)).title == \
        "Regionens och kommunernas anslag per år, 2023–2026"
    assert figures.render("finansiering.per_andamal", urval(ar=2026, per_invanare=True)).title == \
        "Kommunernas anslag per invånare fördelat på ändamål 2026"


def test_budget_title_names_enhet_and_year(demo_env):
    drawn = figures.render("budget.manadsvis", urval(**page_choices("budget.")))
    assert drawn.title == "Beredningen 2024: budget och ackumulerat utfall per månad"
    assert drawn.source == "Källa: Region Västerbotten, budgetuppföljning 2024 (syntetiska demodata)."


@pytest.mark.parametrize("kommun, expected", [("Vännäs", "Vännäs betyg"), ("Umeå", "Umeås betyg")])
def test_kommun_possessive_in_title(demo_env, kommun, expected):
    kod = {v: k for k, v in KOMMUNER.items()}[kommun]
    drawn = figures.render("kommunprofil.betyg", urval(kommunkod=kod, kommun=kommun))
    assert drawn.title.startswith(expected + " jämfört med länets medel")


def test_source_line_states_utvardering_and_who_answered(demo_env):
    alla = figures.render("utvardering.fordelning", urval(grupp_namn="Syften"))
    assert alla.source == "Källa: utvärdering 2025, 15 av 15 kommuner svarade (syntetiska demodata)."
    valda = figures.render("utvardering.jamforelse",
                           figures.Urval(2025, (2024, 2025), ("2418", "2422"), KOMMUNER, {"grupp_namn": "Syften"}))
    assert valda.source == ("Källa: utvärdering 2024, urval Malå och Sorsele: 1 av 2 svarade; "
                            "utvärdering 2025, urval Malå och Sorsele: 2 av 2 svarade (syntetiska demodata). "
                            "Jämförelsen gäller 1 kommun som svarat i både 2024 och 2025; Sorsele svarade inte "
                            "alla år och räknas inte med.")


def test_anslag_source_states_population_year_and_selection(demo_env):
    drawn = figures.render("finansiering.anslag_tabell",
                           figures.Urval(2025, (2025,), ("2480",), KOMMUNER, {"ar": 2026, "per_invanare": False}))
    assert drawn.title == "Anslag per kommun 2026, Umeå"
    assert drawn.source == ("Källa: Region Västerbotten, kommunala anslag 2026 och befolkning 31 december 2025 "
                            "(syntetiska demodata). Urval: Umeå.")


def test_export_carries_the_registry_title_and_source(demo_env):
    drawn = figures.render("oversikt.svarstider", urval())
    svg = chart_to_bytes(drawn.built, "svg", title=drawn.title, source=drawn.source).decode()
    assert svg.count(">Inskickade svar per kommun, utvärdering 2025<") == 1  # drawn once, not added again
    assert "15 av 15 kommuner svarade" in svg


def test_scenario_titles_and_source(demo_env):
    _, resultat = queries.scenario_berakning({"namn": "x", "modell": "per_invanare", "kostnad_2027_kr": 9_094_000,
                                              "upprakning_procent": 2.0})
    val = {"modellnamn": "Per invånare", "resultat": resultat, "ar": 2027, "per_invanare": False,
           "bas": None, "forra": 2024}
    drawn = figures.render("scenarier.forandring", urval(**val))
    assert drawn.title == "Förändring mot 2026 per kommun 2027: Per invånare"
    assert drawn.source.startswith("Källa: beräknat scenario på kommunala anslag 2026")
    assert figures.render("scenarier.forandring", urval(**{**val, "per_invanare": True})).title == \
        "Förändring i kronor per invånare mot 2026 per kommun 2027: Per invånare"


def test_compared_utvarderingar_are_the_latest_or_those_up_to_the_chosen_one():
    alla = range(2001, 2011)
    assert figures.jamforda(alla, 2010, 4) == (2007, 2008, 2009, 2010)
    assert figures.jamforda(alla, 2008, 4) == (2007, 2008, 2009, 2010)  # among the latest: the same four
    assert figures.jamforda(alla, 2005, 4) == (2002, 2003, 2004, 2005)
    assert figures.jamforda(alla, 2002, 4) == (2001, 2002)
    assert figures.jamforda([2023, 2024, 2025], 2024) == (2023, 2024, 2025)  # the demo: all three, as before
