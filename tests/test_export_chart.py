"""Chart exports: PNG/SVG/PDF rendered server-side in the Swedish locale."""

import struct
import xml.etree.ElementTree as ET

import altair as alt
import pandas as pd
import pytest

from dashboard.export import EXPORT_WIDTH, chart_spec, chart_to_bytes, prepare_export_spec

NBSP = "\u00a0"
SOURCE = "Källa: syntetiska exempeldata"


def bar_chart(**props):
    df = pd.DataFrame({"kommun": ["Umeå", "Malå"], "utfall": [1539, 3]})
    base = alt.Chart(df).encode(
        x=alt.X("utfall:Q", axis=alt.Axis(format=",d")), y=alt.Y("kommun:N")
    )
    return (base.mark_bar() + base.mark_text(dx=3, align="left").encode(text=alt.Text("utfall:Q", format=",d"))).properties(**props)


def svg_of(chart, **kw):
    kw = {"title": "Utfall per kommun", "source": SOURCE, **kw}
    return chart_to_bytes(chart, "svg", **kw).decode("utf-8")


def svg_size(svg: str) -> tuple[float, float]:
    root = ET.fromstring(svg)
    return float(root.get("width")), float(root.get("height"))


def png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


def test_png_has_png_signature():
    assert chart_to_bytes(bar_chart(), "png", title="T", source=SOURCE)[:8] == b"\x89PNG\r\n\x1a\n"


def test_png_is_rendered_at_twice_the_svg_size():
    chart = bar_chart()
    width, height = svg_size(svg_of(chart))
    assert png_size(chart_to_bytes(chart, "png", title="Utfall per kommun", source=SOURCE)) == (
        round(width * 2),
        round(height * 2),
    )


def test_svg_is_valid_xml():
    assert ET.fromstring(svg_of(bar_chart())).tag.endswith("svg")


def test_svg_uses_swedish_thousands_separator():
    # vl-convert emits the d3 locale's thousands separator, a no-break space, as is.
    assert f"1{NBSP}539" in svg_of(bar_chart())


def test_svg_decimal_comma():
    df = pd.DataFrame({"x": ["a"], "v": [3.5]})
    chart = alt.Chart(df).mark_text().encode(text=alt.Text("v:Q", format=".1f"))
    assert ">3,5<" in svg_of(chart)


def test_pdf_starts_with_pdf_header():
    assert chart_to_bytes(bar_chart(), "pdf", title="T", source=SOURCE).startswith(b"%PDF")


def test_title_added_when_chart_has_none():
    assert "Utfall per kommun" in svg_of(bar_chart())


def test_own_title_kept_and_not_duplicated():
    svg = svg_of(bar_chart(title="Eget namn"), title="Annat namn")
    assert "Eget namn" in svg and "Annat namn" not in svg


def test_source_line_drawn_under_chart():
    assert SOURCE in svg_of(bar_chart())


def test_empty_title_and_source_add_nothing():
    svg = svg_of(bar_chart(), title="", source="")
    assert "Källa" not in svg and "Utfall per kommun" not in svg


def test_title_text_is_escaped():
    svg = svg_of(bar_chart(), title="<script>alert(1)</script> & co")
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_white_background():
    root = ET.fromstring(svg_of(bar_chart()))
    assert root[0].get("fill") == "white"


def test_container_width_gets_fixed_export_width():
    spec = prepare_export_spec(chart_spec(bar_chart(width="container")))
    assert spec["width"] == EXPORT_WIDTH


def test_lowercase_swedish_months():
    df = pd.DataFrame({"d": pd.date_range("2024-01-01", periods=3, freq="MS"), "v": [1, 2, 3]})
    chart = alt.Chart(df).mark_line().encode(x=alt.X("d:T", axis=alt.Axis(format="%B")), y="v:Q")
    svg = svg_of(chart)
    assert "januari" in svg and "Januari" not in svg


@pytest.mark.parametrize(
    "make",
    [
        lambda c: c | c,
        lambda c: c & c,
        lambda c: alt.Chart(pd.DataFrame({"k": ["a", "b"], "v": [1, 2], "ar": [2024, 2025]}))
        .mark_bar()
        .encode(x="v:Q", y="k:N")
        .facet(column="ar:O"),
    ],
    ids=["hconcat", "vconcat", "facet"],
)
def test_compound_charts_render(make):
    chart = make(alt.Chart(pd.DataFrame({"k": ["a"], "v": [1539]})).mark_bar().encode(x="v:Q", y="k:N").properties(width="container"))
    assert SOURCE in svg_of(chart)


def test_accepts_vega_lite_dict():
    spec = chart_spec(bar_chart())
    assert f"1{NBSP}539" in svg_of(spec)


def test_unknown_format_rejected():
    with pytest.raises(ValueError):
        chart_to_bytes(bar_chart(), "gif", title="T", source=SOURCE)
