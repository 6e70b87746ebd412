"""The rapportunderlag basket: pure helpers and session-state wrappers."""

import pytest

from dashboard import basket

SPEC = {"mark": "bar", "data": {"values": [{"a": 1}]}, "encoding": {"x": {"field": "a", "type": "quantitative"}}}


def chart(**kw):
    return basket.chart_item(**{"name": "syften", "title": "Syften 2025", "source": "Källa: enkät", "spec": SPEC, **kw})


def quote(**kw):
    return basket.quote_item(**{"text": "Bättre dialog behövs.", "kommun": "Umeå", "utvardering": 2025, "tema": "Samverkan och organisation", **kw})


def test_add_appends_new_item():
    items, added = basket.add([], chart())
    assert added and len(items) == 1


def test_same_chart_added_twice_kept_once():
    items, _ = basket.add([], chart())
    items, added = basket.add(items, chart())
    assert not added and len(items) == 1


def test_same_chart_with_other_data_is_a_new_item():
    other = {**SPEC, "data": {"values": [{"a": 2}]}}
    items, _ = basket.add([], chart())
    items, added = basket.add(items, chart(spec=other))
    assert added and len(items) == 2


def test_same_quote_under_another_theme_kept_once():
    items, _ = basket.add([], quote())
    items, added = basket.add(items, quote(tema="Digitalisering"))
    assert not added and len(items) == 1


def test_same_text_from_another_kommun_is_a_new_quote():
    items, _ = basket.add([], quote())
    _, added = basket.add(items, quote(kommun="Malå"))
    assert added


def test_remove_by_id():
    items, _ = basket.add([], chart())
    items, _ = basket.add(items, quote())
    assert [i["kind"] for i in basket.remove(items, items[0]["id"])] == ["quote"]


def test_add_does_not_mutate_input():
    items: list = []
    basket.add(items, chart())
    assert items == []


def test_year_becomes_utvardering_label():
    assert quote()["utvardering"] == "Utvärdering 2025"


def test_empty_quote_rejected():
    with pytest.raises(ValueError):
        quote(text="   ")


def test_summary():
    items, _ = basket.add([], chart())
    items, _ = basket.add(items, quote())
    assert basket.summary(items) == "1 diagram och 1 citat"
    assert basket.summary([]) == "Tomt"


def test_long_quote_label_shortened():
    assert basket.label(quote(text="ord " * 50), max_chars=30).endswith("…")


def test_spec_is_copied_into_the_item():
    spec = {"mark": "bar", "data": {"values": []}}
    item = basket.chart_item(name="n", title="t", source="s", spec=spec)
    spec["mark"] = "line"
    assert item["spec"]["mark"] == "bar"
