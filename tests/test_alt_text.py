"""Text alternatives for charts and the Swedish document language (pure functions)."""

import asyncio

import altair as alt
import pandas as pd

from dashboard.alt_text import chart_table, describe
from dashboard.export import chart_spec
from dashboard.serve import SwedishDocument, with_language


def bars() -> alt.Chart:
    df = pd.DataFrame({"kommun": ["Umeå", "Malå"], "kommunkod": ["2480", "2418"], "medel": [3.8, 2.5]})
    return alt.Chart(df).mark_bar().encode(
        y=alt.Y("kommun:N", title="Kommun"), x=alt.X("medel:Q", title="Medelvärde"),
        tooltip=[alt.Tooltip("kommun:N", title="Kommun"), alt.Tooltip("medel:Q", title="Medelvärde")])


def test_chart_table_has_the_encoded_fields_under_the_charts_titles():
    table = chart_table(chart_spec(bars()))
    assert list(table.columns) == ["Kommun", "Medelvärde"]  # kommunkod is not shown, so not in the table
    assert table.to_dict("records") == [{"Kommun": "Umeå", "Medelvärde": 3.8}, {"Kommun": "Malå", "Medelvärde": 2.5}]


def test_description_names_title_contents_and_extremes():
    text = describe("Medelvärde per kommun", chart_table(chart_spec(bars())))
    assert text == ("Diagram: Medelvärde per kommun. Tabellen med diagrammets data har 2 rader med kolumnerna "
                    "Kommun och Medelvärde. Högst medelvärde: Umeå (3,8); lägst: Malå (2,5).")
    assert describe("Tomt", pd.DataFrame()) == "Diagram: Tomt. Diagrammet har inga värden att visa."


def test_with_language_sets_or_adds_the_attribute():
    assert with_language(b'<!doctype html><html lang="en"><head>') == b'<!doctype html><html lang="sv"><head>'
    assert with_language(b"<html><body>") == b'<html lang="sv"><body>'


def test_middleware_rewrites_html_only():
    async def app(scope, receive, send):
        kind = b"text/html; charset=utf-8" if scope["path"] == "/" else b"application/json"
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", kind)]})
        await send({"type": "http.response.body", "body": b'<html lang="en">x</html>'})

    def call(path):
        sent = []

        async def send(message):
            sent.append(message)

        async def receive():
            return {}
        asyncio.run(SwedishDocument(app)({"type": "http", "path": path, "headers": []}, receive, send))
        return sent

    html = call("/")
    assert html[1]["body"] == b'<html lang="sv">x</html>'
    assert (b"content-length", b"24") in html[0]["headers"]
    assert call("/data")[1]["body"] == b'<html lang="en">x</html>'


def test_page_styles_are_in_the_head_from_the_first_byte():
    from dashboard.a11y import STYLE
    from dashboard.serve import with_styles

    html = with_styles(b"<html><head><title>x</title></head><body></body></html>", STYLE)
    assert html.index(b":focus-visible") < html.index(b"</head>")
