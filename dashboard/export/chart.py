"""Chart export: PNG, SVG and PDF rendered on the server by vl-convert in the sv-SE locale.

The title (when the chart has none) and the source line are drawn around the rendered SVG,
so they work the same for single, layered, concatenated and faceted charts.
"""

from __future__ import annotations

import copy
import json
import re
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Literal

import altair as alt
import vl_convert as vlc

from dashboard.formatting import VEGA_FORMAT_LOCALE
from dashboard.svenska import VEGA_TIME_LOCALE

ChartFormat = Literal["png", "svg", "pdf"]

# Width in pixels used for charts that ask for the container's width (there is
# no container when rendering on the server).
EXPORT_WIDTH = 640
EXPORT_HEIGHT = 320
PNG_SCALE = 2

# Title and source line drawn around the rendered chart.
_FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
_TITLE_SIZE = 15
_TITLE_COLOR = "#1f1f1f"
_SOURCE_SIZE = 11
_SOURCE_COLOR = "#555555"
_MARGIN = 8

_SVG_NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", _SVG_NS)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")


# Altair's default theme. Chart.to_dict() merges in the theme active at that moment, which is
# process-wide: Streamlit switches it to "none" while it converts a chart for the page. Merging the
# default theme here as well gives every spec the same config whatever another thread does.
_DEFAULT_THEME = {"config": {"view": {"continuousWidth": 300, "continuousHeight": 300}}}
_SUBCHART_KEYS = ("layer", "hconcat", "vconcat", "concat", "spec")


def _as_list(value: object) -> list:
    if isinstance(value, list):
        return value
    return [] if value is alt.Undefined or value is None else [value]


def _inline_data(node: object) -> None:
    """Replace every DataFrame in a chart, its sub-charts and lookups by inline values (modifies node).

    With the data inline, to_dict() never calls Altair's data transformer, which is
    process-wide (Streamlit switches it while it converts a chart for the page).
    """
    if not isinstance(node, alt.SchemaBase):
        return
    data = getattr(node, "data", alt.Undefined)
    if data is not alt.Undefined and not isinstance(data, dict) and alt.utils.data.is_data_type(data):
        node.data = alt.to_values(data)
    for key in _SUBCHART_KEYS:
        for child in _as_list(getattr(node, key, alt.Undefined)):
            _inline_data(child)
    for transform in _as_list(getattr(node, "transform", alt.Undefined)):
        _inline_data(getattr(transform, "from", alt.Undefined))  # transform_lookup(from_=alt.LookupData(df, ...))


def page_spec(chart: alt.TopLevelMixin, *, validate: bool = False) -> dict:
    """The chart's Vega-Lite spec with its data inline and without Altair's default theme, as Streamlit shows it.

    Safe from any thread: the data is made inline on a copy of the chart, so Altair's process-wide
    data transformer is never called. Not validated against the schema by default (a third of the time on a
    page); exports validate, and tests validate every registered figure.
    """
    chart = chart.copy(deep=True)
    _inline_data(chart)
    return chart.to_dict(validate=validate)


def chart_spec(chart: alt.TopLevelMixin | Mapping) -> dict:
    """Return the chart's Vega-Lite spec as a plain dict with its data inline and Altair's default theme applied.

    Changes no global Altair state and does not depend on it. A spec given as a dict (page_spec's or
    chart_spec's own) gets the default theme under its own config, so both give the same export.
    """
    spec = json.loads(json.dumps(chart, default=str)) if isinstance(chart, Mapping) else page_spec(chart, validate=True)
    return alt.utils.update_nested(copy.deepcopy(_DEFAULT_THEME), spec)


def _fix_container_size(spec: dict, *, width: int, height: int) -> None:
    """Replace "container" sizes (meaningless without a browser) with fixed ones."""
    if spec.get("width") == "container":
        spec["width"] = width
    if spec.get("height") == "container":
        spec["height"] = height
    for key in ("hconcat", "vconcat", "concat", "layer"):
        children = spec.get(key)
        if isinstance(children, list):
            n = len(children) if key == "hconcat" else 1
            for child in children:
                if isinstance(child, dict):
                    _fix_container_size(child, width=max(width // max(n, 1), 150), height=height)
    if isinstance(spec.get("spec"), dict):  # facet and repeat
        _fix_container_size(spec["spec"], width=max(width // 3, 150), height=max(height // 2, 120))


def prepare_export_spec(spec: Mapping) -> dict:
    """Copy a Vega-Lite spec and make it fit for a static export: white, fixed size."""
    out = copy.deepcopy(dict(spec))
    is_single_view = "mark" in out or "layer" in out
    if is_single_view and "width" not in out:
        # Shown at container width in the app; exported at a readable fixed width.
        out["width"] = EXPORT_WIDTH
    _fix_container_size(out, width=EXPORT_WIDTH, height=EXPORT_HEIGHT)
    out["background"] = "white"
    return out


def _has_title(spec: Mapping) -> bool:
    title = spec.get("title")
    if isinstance(title, Mapping):
        title = title.get("text")
    return bool(title)


def _wrap(text: str, width_px: float, font_size: float, char_em: float) -> list[str]:
    """Wrap text to a pixel width, estimating the average character width."""
    chars = max(int(width_px / (font_size * char_em)), 20)
    lines: list[str] = []
    for paragraph in str(text).splitlines() or [""]:
        lines.extend(textwrap.wrap(paragraph, chars) or [""])
    return lines


def _svg_len(value: str | None) -> float:
    match = re.match(r"\s*([0-9.]+)", value or "")
    return float(match.group(1)) if match else 0.0


def _add_text(root: ET.Element, text: str, *, y: float, size: int, color: str, bold: bool = False) -> None:
    """Append one line of text to an SVG element, at the left margin."""
    attributes = {"x": str(_MARGIN), "y": f"{y:g}", "font-family": _FONT, "font-size": f"{size}px"}
    if bold:
        attributes["font-weight"] = "bold"
    attributes["fill"] = color
    ET.SubElement(root, f"{{{_SVG_NS}}}text", attributes).text = text


def decorate_svg(svg: str, *, title: str = "", source: str = "") -> str:
    """Add a title above and a source line below a rendered chart SVG, on white."""
    title, source = (title or "").strip(), (source or "").strip()
    if not title and not source:
        return svg

    root = ET.fromstring(svg)
    width = _svg_len(root.get("width"))
    height = _svg_len(root.get("height"))
    text_width = max(width - 2 * _MARGIN, 200)
    title_lines = _wrap(title, text_width, _TITLE_SIZE, 0.52) if title else []
    source_lines = _wrap(source, text_width, _SOURCE_SIZE, 0.52) if source else []

    title_line_h = round(_TITLE_SIZE * 1.3)
    source_line_h = round(_SOURCE_SIZE * 1.35)
    top = _MARGIN + len(title_lines) * title_line_h + 4 if title_lines else 0
    bottom = 6 + len(source_lines) * source_line_h + _MARGIN if source_lines else 0
    new_height = height + top + bottom

    def tag(name: str) -> str:
        return f"{{{_SVG_NS}}}{name}"

    body = ET.Element(tag("g"), {"transform": f"translate(0,{top})"})
    for child in list(root):
        is_background = (
            child.tag == tag("rect") and "transform" not in child.attrib and "x" not in child.attrib
        )
        root.remove(child)
        if not is_background:
            body.append(child)

    root.set("height", f"{new_height:g}")
    root.set("viewBox", f"0 0 {width:g} {new_height:g}")
    root.append(
        ET.Element(tag("rect"), {"width": f"{width:g}", "height": f"{new_height:g}", "fill": "white"})
    )
    for i, line in enumerate(title_lines):
        _add_text(root, line, y=_MARGIN + _TITLE_SIZE + i * title_line_h, size=_TITLE_SIZE, color=_TITLE_COLOR,
                  bold=True)
    root.append(body)
    for i, line in enumerate(source_lines):
        _add_text(root, line, y=top + height + 6 + _SOURCE_SIZE + i * source_line_h, size=_SOURCE_SIZE,
                  color=_SOURCE_COLOR)
    return ET.tostring(root, encoding="unicode")


def render_svg(spec: Mapping) -> str:
    """Render a Vega-Lite spec to SVG in the sv-SE number and time locale."""
    return vlc.vegalite_to_svg(
        dict(spec),
        format_locale=VEGA_FORMAT_LOCALE,
        time_format_locale=VEGA_TIME_LOCALE,
    )


def chart_to_bytes(
    chart: alt.TopLevelMixin | Mapping,
    fmt: ChartFormat,
    *,
    title: str,
    source: str,
) -> bytes:
    """Render a chart server-side as PNG (scale 2), SVG or PDF, white background.

    The title is added when the chart has none of its own; the source line is set
    under the chart. Pass title="" or source="" to leave one out. Numbers and dates
    use the Swedish locale ("1 539", "3,5", "november").
    """
    if fmt not in ("png", "svg", "pdf"):
        raise ValueError(f"Okänt bildformat: {fmt!r} (png, svg eller pdf)")
    spec = prepare_export_spec(chart_spec(chart))
    svg = render_svg(spec)
    svg = decorate_svg(svg, title="" if _has_title(spec) else (title or ""), source=source or "")
    if fmt == "svg":
        return svg.encode("utf-8")
    if fmt == "png":
        return vlc.svg_to_png(svg, scale=PNG_SCALE)
    return vlc.svg_to_pdf(svg)
