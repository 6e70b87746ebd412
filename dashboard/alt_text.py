"""Text alternatives for charts (WCAG 1.1.1): a short Swedish description and the chart's data as a table.

Both are read from the chart's own Vega-Lite spec, so they say exactly what the chart
shows: the table has one column per encoded field, headed by the title the chart gives
it (the tooltip's titles first, as they are the most complete), and the description
names the title, what the table holds and the highest and lowest value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pandas as pd

from dashboard.formatting import fmt_number
from dashboard.svenska import count, swedish_list

_CHANNELS = ("y", "x", "row", "column", "facet", "color", "theta", "shape", "size", "text", "detail")
_SUBSPECS = ("layer", "hconcat", "vconcat", "concat")


def _views(spec: Mapping) -> Iterator[Mapping]:
    """The spec and every view nested in it (layers, concatenations, facet/repeat specs)."""
    yield spec
    for key in _SUBSPECS:
        for child in spec.get(key) or []:
            if isinstance(child, Mapping):
                yield from _views(child)
    if isinstance(spec.get("spec"), Mapping):
        yield from _views(spec["spec"])


def _field_defs(encoding: Mapping) -> Iterator[Mapping]:
    """Encoding definitions with a field: tooltips first, then the position and mark channels."""
    tooltip = encoding.get("tooltip")
    for definition in tooltip if isinstance(tooltip, list) else [tooltip]:
        if isinstance(definition, Mapping) and isinstance(definition.get("field"), str):
            yield definition
    for channel in _CHANNELS:
        definition = encoding.get(channel)
        if isinstance(definition, Mapping) and isinstance(definition.get("field"), str):
            yield definition


def view_rows(spec: Mapping, view: Mapping, inherited: list | None = None) -> list | None:
    """The inline rows a view draws: its own data (values or a dataset of the spec), else `inherited`."""
    data = view.get("data")
    if isinstance(data, Mapping):
        if isinstance(data.get("values"), list):
            return data["values"]
        if data.get("name") in (spec.get("datasets") or {}):
            return spec["datasets"][data["name"]]
        return None  # generated or external data: no inline rows
    return inherited


def _values(spec: Mapping, view: Mapping) -> list | None:
    """The inline rows a view draws (its own data, else the top level's)."""
    return view_rows(spec, view, view_rows(spec, spec))


def chart_table(spec: Mapping) -> pd.DataFrame:
    """The data behind a chart as a table: encoded fields only, headed by the chart's own titles.

    Fields without a title keep their name; rows repeated by layers appear once.
    """
    for view in _views(spec):
        rows = _values(spec, view)
        encoding = view.get("encoding")
        if not rows or not isinstance(encoding, Mapping):
            continue
        headers: dict[str, str] = {}
        for definition in _field_defs(encoding):
            title = definition.get("title")
            headers.setdefault(definition["field"], title if isinstance(title, str) and title else definition["field"])
        frame = pd.DataFrame(rows)
        fields = [f for f in headers if f in frame.columns]
        if fields:
            table = frame[fields].rename(columns=headers)
            return table.loc[:, ~table.columns.duplicated()].drop_duplicates().reset_index(drop=True)
    return pd.DataFrame()


def describe(title: str, table: pd.DataFrame) -> str:
    """A one-paragraph Swedish description of a chart: title, the table's contents, highest and lowest value."""
    if table.empty:
        return f"Diagram: {title}. Diagrammet har inga värden att visa."
    text = (f"Diagram: {title}. Tabellen med diagrammets data har {count(len(table), 'rad', 'rader')} "
            f"med kolumnerna {swedish_list([str(c) for c in table.columns])}.")
    numbers = [c for c in table.columns if pd.api.types.is_numeric_dtype(table[c]) and table[c].notna().any()]
    labels = [c for c in table.columns if c not in numbers]
    if numbers and labels and len(table) > 1:
        value, label = numbers[0], labels[0]
        high, low = table.loc[table[value].idxmax()], table.loc[table[value].idxmin()]
        text += (f" Högst {str(value).lower()}: {high[label]} ({_number(high[value])}); "
                 f"lägst: {low[label]} ({_number(low[value])}).")
    return text


def _number(value: float) -> str:
    """A value the Swedish way, whole numbers without decimals ('3 807 000', '3,8')."""
    return fmt_number(value, 0 if float(value).is_integer() else 1)
