"""Build the rapportunderlag as a Word document (.docx) from the basket's items.

The document has a heading, the date, a short introduction, one section per
chart (image, caption "Figur N. <titel>" and the source line) and the quotes
grouped by theme (or by question), each followed by kommun and utvärdering.
All free text is inserted as plain text runs; nothing is interpreted.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
from collections.abc import Callable, Iterable, Mapping
from typing import Literal

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from dashboard import svenska
from dashboard.basket import quote_attribution
from dashboard.export import chart_to_bytes

INTRO = (
    "Underlaget är hämtat ur utvärderingarna av överenskommelsen om samverkan för "
    "regional utveckling mellan Region Västerbotten och länets 15 kommuner. "
    "Diagrammen bygger på enkätsvaren och citaten är kommunernas egna fritextsvar, "
    "återgivna som de skrevs."
)

CONTENT_WIDTH_CM = 16.0
NO_THEME = "Utan tema"
NO_QUESTION = "Övriga citat"

# Characters XML 1.0 does not allow (python-docx refuses them).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def plain(text: object) -> str:
    """Text made safe for a Word run: no XML-illegal control characters."""
    return _XML_ILLEGAL.sub("", "" if text is None else str(text))


def _png_size(png: bytes) -> tuple[int, int]:
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        return 0, 0
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _set_language(document, lang: str = "sv-SE") -> None:
    """Mark the document's text as Swedish (spelling and hyphenation in Word)."""
    document.core_properties.language = lang
    rpr_default = document.styles.element.find(qn("w:docDefaults"))
    if rpr_default is None:
        return
    rpr = rpr_default.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr is None:
        return
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = OxmlElement("w:lang")
        rpr.append(lang_el)
    lang_el.set(qn("w:val"), lang)


def _a4(document) -> None:
    for section in document.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.5)


def _add_seq_field(paragraph, name: str, number: int) -> None:
    """Append a Word SEQ field (so Word can renumber and list the figures)."""

    def fld_char(kind: str):
        run = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)

    fld_char("begin")
    instr_run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" SEQ {name} \\* ARABIC "
    instr_run._r.append(instr)
    fld_char("separate")
    paragraph.add_run(str(number))
    fld_char("end")


def _add_caption(document, number: int, title: str):
    paragraph = document.add_paragraph(style="Caption")
    paragraph.add_run("Figur ")
    _add_seq_field(paragraph, "Figur", number)
    paragraph.add_run(". " + plain(title))
    return paragraph


def _add_source(document, source: str):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(plain(source))
    run.italic = True
    run.font.size = Pt(9)
    run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    return paragraph


def _add_chart(document, number: int, item: Mapping, render: Callable[..., bytes]) -> None:
    title = item.get("title") or item.get("name") or f"Diagram {number}"
    try:
        png = render(item["spec"], "png", title="", source="")
    except Exception as exc:  # a broken spec must not stop the whole report
        document.add_paragraph(plain(f"[Diagrammet kunde inte ritas: {exc}]"))
    else:
        px_width, _ = _png_size(png)
        natural_cm = px_width / 2 / 96 * 2.54 if px_width else CONTENT_WIDTH_CM
        document.add_picture(io.BytesIO(png), width=Cm(min(natural_cm, CONTENT_WIDTH_CM)))
        document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.LEFT
    _add_caption(document, number, title)
    if item.get("source"):
        _add_source(document, item["source"])


def _attribution(item: Mapping) -> str:
    return "– " + plain(quote_attribution(item))


def _group_quotes(quotes: Iterable[Mapping], group_by: str) -> dict[str, list[Mapping]]:
    fallback = NO_THEME if group_by == "tema" else NO_QUESTION
    groups: dict[str, list[Mapping]] = {}
    for quote in quotes:
        key = plain(quote.get(group_by)).strip() or fallback
        groups.setdefault(key, []).append(quote)
    # Named groups alphabetically (Swedish letters last), the catch-all group last.
    order = sorted((k for k in groups if k != fallback), key=_swedish_sort_key)
    if fallback in groups:
        order.append(fallback)
    return {key: groups[key] for key in order}


def _swedish_sort_key(text: str) -> tuple:
    alphabet = "abcdefghijklmnopqrstuvwxyzåäö"
    return tuple(alphabet.index(c) if c in alphabet else 100 + ord(c) for c in text.lower())


def _add_quote(document, item: Mapping) -> None:
    paragraph = document.add_paragraph(style="Quote")
    paragraph.add_run("”" + plain(item.get("text")).strip() + "”")
    attribution = document.add_paragraph()
    run = attribution.add_run(_attribution(item))
    run.font.size = Pt(9)
    run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    attribution.paragraph_format.space_after = Pt(10)


def build_rapportunderlag(
    items: Iterable[Mapping],
    *,
    title: str = "Rapportunderlag",
    date: dt.date | None = None,
    group_quotes_by: Literal["tema", "fraga"] = "tema",
    note: str | None = None,
    render: Callable[..., bytes] = chart_to_bytes,
) -> bytes:
    """Build the rapportunderlag (.docx) from basket items and return its bytes.

    items: basket items (see dashboard.basket), charts and quotes in any order.
    group_quotes_by: "tema" (theme label) or "fraga" (question or delstrategi).
    note: an extra paragraph after the introduction, e.g. that the data are synthetic.
    render: the chart renderer (chart_to_bytes); tests may pass a stub.
    """
    items = list(items)
    chart_items = [i for i in items if i.get("kind") == "chart"]
    quote_items = [i for i in items if i.get("kind") == "quote"]

    document = Document()
    _a4(document)
    _set_language(document)
    document.core_properties.title = plain(title)

    document.add_heading(plain(title), level=0)
    document.add_paragraph(svenska.date(date or dt.date.today()))
    document.add_paragraph(INTRO)
    if note:
        document.add_paragraph(plain(note))
    if not chart_items and not quote_items:
        document.add_paragraph("Rapportunderlaget är tomt.")

    if chart_items:
        document.add_heading("Diagram", level=1)
        for number, item in enumerate(chart_items, start=1):
            _add_chart(document, number, item, render)

    if quote_items:
        document.add_heading("Citat ur fritextsvaren", level=1)
        for group, group_items in _group_quotes(quote_items, group_quotes_by).items():
            document.add_heading(group, level=2)
            for item in group_items:
                _add_quote(document, item)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
