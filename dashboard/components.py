"""Rendering components shared by every page: a chart or a table with its exports.

Pages call `show_chart` and `show_table` instead of `st.altair_chart` /
`st.dataframe`, so every chart and table gets the same download and
rapportunderlag controls. Tables hold real numbers: `show_table` shows them in
Swedish through a pandas Styler (the kinds declared with
`dashboard.formatting.with_formats`) and exports the numbers themselves with
matching Excel number formats. `show_quote` shows a free-text answer (always as plain
text) with a button that puts it in the rapportunderlag; `show_basket_sidebar`
shows the basket in the sidebar with the .docx download.

Exports are generated lazily: the download buttons get a callable that Streamlit
runs only when the user clicks, so showing a page renders no images or workbooks.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Mapping, Sequence

import altair as alt
import pandas as pd
import streamlit as st

import userstore
from dashboard import auth, basket
from dashboard.export import (
    MIME_TYPES,
    chart_spec,
    chart_to_bytes,
    column_kinds,
    export_filename,
    table_export,
)
from dashboard.figures import Rendered
from dashboard.markdown import escape_markdown
from dashboard.formatting import COLUMN_FORMATS, MISSING, VEGA_FORMAT_LOCALE, declared_cell_styles
from dashboard.rapport_docx import build_rapportunderlag
from dashboard.svenska import VEGA_TIME_LOCALE

LOGGER = logging.getLogger(__name__)
SWEDISH_LOCALE = {"number": VEGA_FORMAT_LOCALE, "time": VEGA_TIME_LOCALE}


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def with_swedish_locale(chart: alt.TopLevelMixin | Mapping) -> alt.TopLevelMixin | dict:
    """Return a copy of the chart with the sv-SE number and time locale in its config.

    In st.altair_chart the locale only works when set on the chart itself. Any other
    config the chart has (configure_axis, ...) is kept; a locale it already has wins.
    """
    if isinstance(chart, Mapping):
        spec = dict(chart)
        config = dict(spec.get("config") or {})
        config.setdefault("locale", SWEDISH_LOCALE)
        spec["config"] = config
        return spec
    chart = chart.copy(deep=["config"])
    if chart.config is alt.Undefined:
        chart.config = alt.Config(locale=SWEDISH_LOCALE)
    elif isinstance(chart.config, dict):
        chart.config = {"locale": SWEDISH_LOCALE, **chart.config}
    elif getattr(chart.config, "locale", alt.Undefined) is alt.Undefined:
        chart.config["locale"] = SWEDISH_LOCALE
    return chart


def _spec(chart: alt.TopLevelMixin | Mapping) -> dict:
    """The chart's Vega-Lite spec with inline data, safe to call from any thread."""
    return chart_spec(chart)


def _download_buttons(key: str, stem: str, downloads: list[tuple[str, str, str, Callable[[], bytes]]]) -> None:
    """One download button per (extension, label, help, exporter); the file is made only when clicked."""
    for ext, label, help_text, exporter in downloads:
        st.download_button(label, data=exporter, file_name=f"{stem}.{ext}", mime=MIME_TYPES[ext], key=f"{key}-{ext}",
                           on_click="ignore", icon=":material/download:", help=help_text)


def _stem(name: str) -> str:
    return export_filename(name, ext="")


def _toast_added(added: bool, what: str) -> None:
    if added:
        st.toast(f"{what} ligger nu i rapportunderlaget.", icon=":material/playlist_add_check:")
    else:
        st.toast(f"{what} finns redan i rapportunderlaget.", icon=":material/info:")


# --------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------


def _chart_exporter(chart, fmt: str, title: str, source: str) -> Callable[[], bytes]:
    def make() -> bytes:
        return chart_to_bytes(_spec(chart), fmt, title=title, source=source)

    return make


def _add_chart_to_basket(chart, name: str, title: str, source: str) -> None:
    item = basket.chart_item(name=name, title=title, source=source, spec=_spec(chart))
    _add_to_basket(item, "Diagrammet")


def show_chart(chart: alt.TopLevelMixin | Mapping, *, name: str, title: str, source: str) -> None:
    """Render a chart with downloads (PNG/SVG/PDF) and an 'add to rapportunderlag' control.

    name: file-name stem saying what is shown, e.g. "utvardering-2025-syften".
    title: the chart's title in Swedish. source: the source line ("Källa: ...").
    """
    displayed = with_swedish_locale(chart)
    if isinstance(displayed, Mapping):
        st.vega_lite_chart(displayed, width="stretch")
    else:
        st.altair_chart(displayed, width="stretch")
    if source:
        st.caption(source)

    stem = _stem(name)
    key = f"chart-{stem}"
    with st.container(horizontal=True, gap="small", key=f"{key}-actions"):
        _download_buttons(key, stem, [(fmt, fmt.upper(), f"Ladda ned diagrammet som {fmt.upper()}",
                                       _chart_exporter(chart, fmt, title, source)) for fmt in ("png", "svg", "pdf")])
        st.button(
            "Lägg i rapportunderlag",
            key=f"{key}-basket",
            on_click=_add_chart_to_basket,
            args=(chart, name, title, source),
            icon=":material/playlist_add:",
            help="Spara diagrammet för rapporten till regionfullmäktige",
        )


# --------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------


def _table_exporter(df: pd.DataFrame, column_config, formats, fmt: str, title: str | None = None,
                    source: str | None = None) -> Callable[[], bytes]:
    def make() -> bytes:
        return table_export(df, fmt, column_config=column_config, formats=formats, title=title, source=source)

    return make


def swedish_styler(df: pd.DataFrame, formats: Mapping[str, str] | None = None):
    """A pandas Styler showing each numeric column in Swedish ("1 539 tkr", "3,8", "67 %"), or df when none.

    The columns' kinds are resolved as for the exports (export.column_kinds); missing values show "–".
    Cell styles declared with `formatting.with_cell_styles` (a colour beside a symbol) are applied too.
    """
    kinds = column_kinds(df, formats)
    formatters = {column: COLUMN_FORMATS[kind].display for column, kind in kinds.items()}
    styles = {c: v for c, v in declared_cell_styles(df).items() if c in df.columns}
    simple = df.columns.is_unique and not isinstance(df.columns, pd.MultiIndex)
    if not (formatters or styles) or not simple or df.size > pd.get_option("styler.render.max_elements"):
        return df
    styler = df.style.format(formatters, na_rep=MISSING)
    for column, by_value in styles.items():
        styler = styler.map(lambda value, by_value=by_value: by_value.get(value, ""), subset=[column])
    return styler


FULL_HEIGHT_ROWS = 40


def table_height(df: pd.DataFrame) -> str:
    """"content" (every row in view, so a Summa row is never hidden below a scroll) for tables up to
    FULL_HEIGHT_ROWS rows; longer ones scroll inside their frame ("auto")."""
    return "content" if len(df) <= FULL_HEIGHT_ROWS else "auto"


def pinned_first_column(df: pd.DataFrame, column_config: dict | None) -> dict | None:
    """The column config with the first column pinned, so it stays in view when a table scrolls sideways."""
    if df.columns.empty or not isinstance(df.columns[0], str):
        return column_config
    config = dict(column_config or {})
    first = df.columns[0]
    current = config.get(first)
    if current is None or isinstance(current, str):
        config[first] = st.column_config.Column(current if isinstance(current, str) else None, pinned=True)
    elif isinstance(current, dict):
        config[first] = {**current, "pinned": True}
    return config


TABLE_DOWNLOADS = (
    ("xlsx", "Ladda ned Excel", "Excel-fil med svenska rubriker och talformat"),
    ("csv", "Ladda ned CSV", "Semikolonseparerad med decimalkomma, för svenskt Excel"),
)


def show_table(
    df: pd.DataFrame,
    *,
    name: str,
    column_config: dict | None = None,
    formats: Mapping[str, str] | None = None,
    title: str | None = None,
    source: str | None = None,
) -> None:
    """Render a table with downloads as Excel (.xlsx) and CSV for Swedish Excel.

    The exports start with the title row and end with the source line (shown under the table too).

    Numeric columns are shown in Swedish and exported as numbers with a matching Excel
    number format. Their kinds come from `formatting.with_formats` on the table, then
    `formats` ({"Anslag": "kr"}); undeclared numeric columns are inferred ("int" or
    "decimal1"). See formatting.COLUMN_FORMATS.
    """
    stem = _stem(name)
    key = f"table-{stem}"
    shown = swedish_styler(df, formats)
    if shown is not df:
        shown.set_uuid(re.sub(r"\W", "_", key))  # stable between reruns (pandas picks a random one)
    # placeholder: the browser draws missing cells itself ("None"), ignoring the Styler's "–".
    st.dataframe(shown, hide_index=True, width="stretch", column_config=pinned_first_column(df, column_config),
                 placeholder=MISSING, height=table_height(df))
    if source:
        st.caption(escape_markdown(source))
    frozen = df.copy(deep=False)  # later column assignments on the page don't leak in
    with st.container(horizontal=True, gap="small", key=f"{key}-actions"):
        _download_buttons(key, stem, [(kind, label, help_text,
                                       _table_exporter(frozen, column_config, formats, kind, title, source))
                                      for kind, label, help_text in TABLE_DOWNLOADS])


def show_figure(figure: Rendered) -> None:
    """Render a registered figure (dashboard.figures) with its title, source line and exports.

    Widget keys come from the figure's file name, so each figure appears once per page.
    """
    if figure.is_chart:
        show_chart(figure.spec, name=figure.filename, title=figure.title, source=figure.source)
        show_chart_data(figure)
    else:
        st.markdown(f"**{escape_markdown(figure.title)}**")
        show_table(figure.built, name=figure.filename, title=figure.title, source=figure.source)
        st.caption(escape_markdown(figure.source))


def show_chart_data(figure: Rendered) -> None:
    """The chart's text alternative one click away: its description and its data as a table."""
    with st.expander("Diagrammets data i tabellform", icon=":material/table_view:"):
        st.markdown(escape_markdown(figure.description))
        if figure.table is not None and not figure.table.empty:
            # st.table is a real HTML table (read by screen readers), unlike the canvas grid of st.dataframe.
            st.table(swedish_styler(figure.table), hide_index=True, alt=f"Data för diagrammet {figure.title}")


# --------------------------------------------------------------------------
# Quotes and the basket
# --------------------------------------------------------------------------


def _basket_call(action: Callable[..., object], *args: object) -> object:
    """Run a users'-store call for the signed-in user's basket; a store failure becomes a Swedish message."""
    try:
        return action(*args)
    except userstore.StoreError as error:
        LOGGER.exception("Rapportunderlaget i användarnas databas kunde inte användas")
        st.error(f"Rapportunderlaget kunde inte läsas eller sparas: {error} Försök igen om en stund; "
                 "kvarstår felet, kontakta den som driftar dashboarden.")
        return None


def basket_items() -> list[dict]:
    """The signed-in user's rapportunderlag, kept in the users' store (survives reloads and new sessions)."""
    user = auth.current_user()
    return (_basket_call(userstore.basket_items, user.id) or []) if user else []


def _add_to_basket(item: Mapping, what: str) -> None:
    user = auth.current_user()
    added = _basket_call(userstore.add_basket_item, user.id, user.name, dict(item))
    if added is not None:
        _toast_added(bool(added), what)


def add_quote_to_basket(item: Mapping) -> None:
    """Button callback: put a quote item (basket.quote_item) in the signed-in user's rapportunderlag."""
    _add_to_basket(item, "Citatet")


def show_quote(
    text: str,
    *,
    kommun: str,
    utvardering: str | int,
    fraga: str | None = None,
    tema: str | None = None,
    teman: Sequence[str] = (),
    highlighted: str | None = None,
    key: str | None = None,
) -> None:
    """Show a free-text answer with its attribution and a button to add it to the rapportunderlag.

    fraga: the question or delstrategi; tema: the theme label the quote is filed under (the user's filter,
    else the main theme); teman: all the answer's theme labels, main theme first — with two or more the user
    chooses the theme when adding. The text is shown as plain text, never interpreted as Markdown or HTML;
    highlighted: the same text already escaped as Markdown with search hits marked, shown instead.
    """
    choices = list(dict.fromkeys(t for t in (*teman, tema) if t))
    item = basket.quote_item(text=text, kommun=kommun, utvardering=utvardering, fraga=fraga,
                             tema=tema or (choices[0] if choices else None))
    with st.container(border=True):
        if highlighted is None:
            st.text(item["text"])
        else:
            st.markdown(highlighted)
        st.caption(escape_markdown(basket.quote_attribution(item)))
        _quote_button(item, choices, key or item["id"])


def _quote_button(item: Mapping, choices: list[str], key: str) -> None:
    """The add button; for an answer with several teman a popover that asks which tema to file it under."""
    if basket.contains(basket_items(), item["id"]):
        st.button("I rapportunderlaget", key=key, disabled=True, icon=":material/check:", type="tertiary")
        return
    if len(choices) < 2:
        st.button("Lägg i rapportunderlag", key=key, on_click=add_quote_to_basket, args=(item,),
                  icon=":material/playlist_add:", type="tertiary")
        return
    with st.popover("Lägg i rapportunderlag", icon=":material/playlist_add:", type="tertiary"):
        default = choices.index(item["tema"]) if item["tema"] in choices else 0
        # The key names the preselected tema, so a new tema filter or a reviewer's new main tema preselects it.
        valt = st.radio("Under vilket tema ska citatet stå i rapportunderlaget?", choices, index=default,
                        key=f"{key}-tema-{choices[default]}")
        st.button("Lägg till", key=key, on_click=add_quote_to_basket, args=({**item, "tema": valt},),
                  type="primary")


def _docx_exporter(items: list[dict], day: dt.date) -> Callable[[], bytes]:
    snapshot = [dict(item) for item in items]

    def make() -> bytes:
        return build_rapportunderlag(snapshot, date=day)

    return make


def _remove_from_basket(item_id: str) -> None:
    _basket_call(userstore.remove_basket_item, auth.current_user().id, item_id)


def _clear_basket() -> None:
    _basket_call(userstore.clear_basket, auth.current_user().id)


def show_basket_sidebar() -> None:
    """Show the rapportunderlag in the sidebar: its size, its items and the .docx download.

    Call once per script run (e.g. from the app's entry point, before pg.run()).
    """
    items = basket_items()
    today = dt.date.today()
    with st.sidebar:
        st.subheader("Rapportunderlag")
        st.caption(escape_markdown(basket.summary(items)))
        st.download_button(
            "Ladda ned (.docx)",
            data=_docx_exporter(items, today),
            file_name=export_filename("rapportunderlag", today.isoformat(), ext="docx"),
            mime=MIME_TYPES["docx"],
            key="basket-docx",
            on_click="ignore",
            icon=":material/description:",
            disabled=not items,
            width="stretch",
        )
        if items:
            with st.expander("Innehåll"):
                for item in items:
                    with st.container(horizontal=True, vertical_alignment="center", gap="small", wrap=False):
                        st.text(basket.label(item), width="stretch")
                        st.button(
                            "",
                            key=f"basket-remove-{item['id']}",
                            on_click=_remove_from_basket,
                            args=(item["id"],),
                            icon=":material/close:",
                            help="Ta bort ur rapportunderlaget",
                            type="tertiary",
                        )
                st.button(
                    "Töm rapportunderlaget",
                    key="basket-clear",
                    on_click=_clear_basket,
                    icon=":material/delete:",
                )
