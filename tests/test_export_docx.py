"""build_rapportunderlag: the Word document built from the basket."""

import datetime as dt
import io

import docx
from PIL import Image

from dashboard import basket
from dashboard.rapport_docx import build_rapportunderlag

SPEC = {
    "data": {"values": [{"kommun": "Umeå", "utfall": 1539}, {"kommun": "Malå", "utfall": 3}]},
    "mark": "bar",
    "encoding": {"x": {"field": "utfall", "type": "quantitative"}, "y": {"field": "kommun", "type": "nominal"}},
}


def items():
    out = [
        basket.chart_item(name="a", title="Utfall per kommun", source="Källa: budgetuppföljning", spec=SPEC),
        basket.chart_item(name="b", title="Svarsfrekvens", source="Källa: enkät 2025", spec={**SPEC, "mark": "point"}),
        basket.quote_item(text="Vi saknar en tydlig kontaktperson.", kommun="Malå", utvardering=2025, fraga="Syfte 4", tema="Samverkan och organisation"),
        basket.quote_item(text="**Inte fet** <b>ingen html</b> =1+2", kommun="Umeå", utvardering=2024, tema="Digitalisering"),
    ]
    return out


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def stub_png(*_args, **_kw) -> bytes:
    """A small white PNG, so most tests don't spend time rendering charts."""
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def build(**kw):
    return build_rapportunderlag(items(), date=dt.date(2026, 11, 23), render=stub_png, **kw)


def test_heading_and_date():
    texts = paragraphs(build(title="Rapport till regionfullmäktige"))
    assert texts[0] == "Rapport till regionfullmäktige" and "23 november 2026" in texts


def test_intro_mentions_utvarderingarna():
    assert any("utvärderingarna" in t for t in paragraphs(build()))


def test_figure_captions_numbered():
    texts = paragraphs(build())
    assert "Figur 1. Utfall per kommun" in texts and "Figur 2. Svarsfrekvens" in texts


def test_source_lines():
    texts = paragraphs(build())
    assert "Källa: budgetuppföljning" in texts and "Källa: enkät 2025" in texts


def test_quotes_inserted_as_plain_text():
    texts = paragraphs(build())
    assert "”Vi saknar en tydlig kontaktperson.”" in texts
    assert "”**Inte fet** <b>ingen html</b> =1+2”" in texts


def test_quote_followed_by_kommun_utvardering_question_and_theme():
    texts = paragraphs(build())
    i = texts.index("”Vi saknar en tydlig kontaktperson.”")
    assert texts[i + 1] == "– Malå, Utvärdering 2025, Syfte 4, tema: Samverkan och organisation"


def test_quotes_grouped_by_theme():
    texts = paragraphs(build())
    assert texts.index("Digitalisering") < texts.index("Samverkan och organisation")
    assert texts.index("Samverkan och organisation") < texts.index("”Vi saknar en tydlig kontaktperson.”")


def test_quotes_grouped_by_question():
    texts = paragraphs(build(group_quotes_by="fraga"))
    assert "Syfte 4" in texts and "Övriga citat" in texts


def test_images_embedded_with_real_renderer():
    data = build_rapportunderlag(items()[:1], date=dt.date(2026, 11, 23))
    assert len(docx.Document(io.BytesIO(data)).inline_shapes) == 1


def test_empty_basket_still_builds():
    assert "Rapportunderlaget är tomt." in paragraphs(build_rapportunderlag([], render=stub_png))


def test_control_characters_do_not_break_the_document():
    item = basket.quote_item(text="a\x00b\x1fc", kommun="Umeå", utvardering=2025)
    assert "”abc”" in paragraphs(build_rapportunderlag([item], render=stub_png))
