"""The rapportunderlag basket: charts and quotes picked for the yearly report.

Each user's basket lives in the users' store (userstore.basket_items and friends, called by
dashboard.components for the signed-in user), so it survives reloads, new sessions and rebuilds
and is emptied on purpose only. Items are plain dicts:

    chart: {"kind": "chart", "id", "name", "title", "source", "spec"}
    quote: {"kind": "quote", "id", "text", "kommun", "utvardering", "fraga", "tema"}

The item functions (`chart_item`, `quote_item`, `add`, `remove`, ...) are pure and work on lists.
Adding the same chart (same title, source and spec) or the same quote (same text,
kommun, utvärdering and question) twice keeps one item.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from dashboard.svenska import count


def _digest(*parts: Any) -> str:
    payload = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _utvardering_label(value: Any) -> str:
    """'2025' or 2025 -> 'Utvärdering 2025'; other labels are kept as given."""
    text = _text(value)
    return f"Utvärdering {text}" if text.isdigit() and len(text) == 4 else text


def chart_item(*, name: str, title: str, source: str, spec: Mapping) -> dict:
    """Make a basket item for a chart from its Vega-Lite spec (data inline)."""
    spec = json.loads(json.dumps(spec, default=str))
    return {
        "kind": "chart",
        "id": "chart-" + _digest("chart", _text(title), _text(source), spec),
        "name": _text(name),
        "title": _text(title),
        "source": _text(source),
        "spec": spec,
    }


def quote_item(
    *,
    text: str,
    kommun: str,
    utvardering: str | int,
    fraga: str | None = None,
    tema: str | None = None,
) -> dict:
    """Make a basket item for a free-text quote.

    fraga: the question or delstrategi the answer belongs to.
    tema: the theme label it was picked under (used to group quotes in the report).
    """
    text = str(text or "").strip()
    if not text:
        raise ValueError("Ett citat måste ha text.")
    item = {
        "kind": "quote",
        "text": text,
        "kommun": _text(kommun),
        "utvardering": _utvardering_label(utvardering),
        "fraga": _text(fraga),
        "tema": _text(tema),
    }
    item["id"] = "quote-" + _digest("quote", text, item["kommun"], item["utvardering"], item["fraga"])
    return item


def quote_attribution(item: Mapping) -> str:
    """Who said it, where and under which tema: 'Umeå, Utvärdering 2025, Syfte 1, tema: Digitalisering'."""
    parts = [_text(item.get("kommun")), _text(item.get("utvardering")), _text(item.get("fraga"))]
    return ", ".join(p for p in parts if p) + f", tema: {_text(item.get('tema')) or 'inget tema'}"


def contains(items: Sequence[Mapping], item_id: str) -> bool:
    """True when an item with this id is in the basket."""
    return any(existing.get("id") == item_id for existing in items)


def add(items: Sequence[Mapping], item: Mapping) -> tuple[list[dict], bool]:
    """Return the basket with the item appended, and whether it was new."""
    if contains(items, item["id"]):
        return [dict(i) for i in items], False
    return [*(dict(i) for i in items), dict(item)], True


def remove(items: Sequence[Mapping], item_id: str) -> list[dict]:
    """Return the basket without the item with this id."""
    return [dict(i) for i in items if i.get("id") != item_id]


def charts(items: Sequence[Mapping]) -> list[Mapping]:
    """The chart items, in the order they were added."""
    return [i for i in items if i.get("kind") == "chart"]


def quotes(items: Sequence[Mapping]) -> list[Mapping]:
    """The quote items, in the order they were added."""
    return [i for i in items if i.get("kind") == "quote"]


def summary(items: Sequence[Mapping]) -> str:
    """A short Swedish description of the basket: '2 diagram och 1 citat'."""
    n_charts, n_quotes = len(charts(items)), len(quotes(items))
    if not n_charts and not n_quotes:
        return "Tomt"
    return f"{count(n_charts, 'diagram')} och {count(n_quotes, 'citat')}"


def label(item: Mapping, max_chars: int = 60) -> str:
    """A one-line label for listing an item (plain text)."""
    if item.get("kind") == "chart":
        return f"Diagram: {item.get('title') or item.get('name')}"
    text = " ".join(str(item.get("text", "")).split())
    if len(text) > max_chars:
        text = text[: max_chars - 1].rstrip() + "…"
    return f"Citat ({item.get('kommun')}): {text}"
