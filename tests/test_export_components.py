"""components: charts, tables and quotes with their export and basket controls (headless)."""

import json
import textwrap
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

import userstore
from dashboard.components import escape_markdown, with_swedish_locale

ROOT = Path(__file__).resolve().parents[1]

PAGE = textwrap.dedent(
    f"""
    import sys
    sys.path.insert(0, {str(ROOT)!r})
    import altair as alt
    import pandas as pd
    from dashboard.components import show_basket_sidebar, show_chart, show_quote, show_table

    show_basket_sidebar()
    df = pd.DataFrame({{"kommun": ["Umeå", "Malå"], "utfall": [1539, 3]}})
    chart = alt.Chart(df).mark_bar().encode(x="utfall:Q", y="kommun:N")
    show_chart(chart, name="Utfall per kommun", title="Utfall per kommun", source="Källa: test")
    show_chart(chart, name="Utfall per kommun och år", title="Ett annat diagram", source="Källa: test")
    show_table(df, name="utfall")
    from dashboard.formatting import with_formats
    show_table(with_formats(pd.DataFrame({{"Enhet": ["Stab", "Summa"], "Utfall": [1539.0, None], "Andel": [2 / 3, 1.0]}}),
                            {{"Utfall": "tkr", "Andel": "pct"}}), name="utfall-tkr")
    show_quote("**inte fet** <b>x</b>", kommun="Umeå", utvardering=2025, tema="Digitalisering")
    """
)


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("UTV_USER_DIR", str(tmp_path / "user"))  # a users' store of the test's own
    page = tmp_path / "page.py"
    page.write_text(PAGE, encoding="utf-8")
    return AppTest.from_file(str(page), default_timeout=30).run()


def basket_items(_at):
    """The local user's basket as kept in the users' store."""
    return userstore.basket_items("lokal")


def test_page_renders_without_exceptions(app):
    assert not app.exception


def test_table_shows_swedish_text_and_keeps_numbers(app):
    table = app.dataframe[1]
    assert table.value["Utfall"].iloc[0] == 1539.0 and table.value["Andel"].iloc[0] == pytest.approx(2 / 3)
    shown = dataframe_util.convert_arrow_bytes_to_pandas_df(table.proto.arrow_data.styler.display_values)
    assert shown.iloc[0].tolist() == ["Stab", "1\u00a0539\u00a0tkr", "67\u00a0%"]
    assert shown.iloc[1]["Utfall"] == "–"
    assert table.proto.placeholder == "–"  # what the browser draws for a missing value


def test_table_styler_id_is_stable_between_reruns(app):
    before = app.dataframe[1].proto.arrow_data.styler.uuid
    assert before == app.run().dataframe[1].proto.arrow_data.styler.uuid


def test_each_chart_gets_keys_from_its_file_name(app):
    keys = [b.key for b in app.button]
    assert "chart-utfall-per-kommun-basket" in keys and "chart-utfall-per-kommun-och-ar-basket" in keys


def test_chart_shown_with_swedish_locale(app):
    spec = json.loads(app.get("vega_lite_chart")[0].proto.spec)
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_download_buttons_for_chart_and_table(app):
    names = [d.proto.label for d in app.get("download_button")]
    assert names.count("PNG") == 2 and "Ladda ned Excel" in names and "Ladda ned CSV" in names


def test_add_chart_to_basket_once(app):
    app.button(key="chart-utfall-per-kommun-basket").click().run()
    app.button(key="chart-utfall-per-kommun-basket").click().run()
    items = basket_items(app)
    assert [i["title"] for i in items] == ["Utfall per kommun"]


def test_quote_text_rendered_as_plain_text(app):
    assert [t.value for t in app.main.text] == ["**inte fet** <b>x</b>"]


def test_add_quote_then_button_disabled(app):
    quote_button = next(b for b in app.button if b.key.startswith("quote-"))
    quote_button.click().run()
    assert [i["kind"] for i in basket_items(app)] == ["quote"]
    assert next(b for b in app.button if b.key.startswith("quote-")).disabled


def test_sidebar_shows_basket_size(app):
    app.button(key="chart-utfall-per-kommun-basket").click().run()
    assert "1 diagram och 0 citat" in [c.value for c in app.sidebar.caption]


def test_sidebar_remove_item(app):
    app.button(key="chart-utfall-per-kommun-basket").click().run()
    next(b for b in app.sidebar.button if b.key.startswith("basket-remove-")).click().run()
    assert basket_items(app) == []


def test_with_swedish_locale_keeps_other_config():
    chart = alt.Chart(pd.DataFrame({"a": [1]})).mark_bar().encode(x="a:Q").configure_axis(labelFontSize=14)
    config = with_swedish_locale(chart).to_dict()["config"]
    assert config["axis"] == {"labelFontSize": 14} and config["locale"]["number"]["thousands"] == "\u00a0"


def test_with_swedish_locale_does_not_change_the_original():
    chart = alt.Chart(pd.DataFrame({"a": [1]})).mark_bar().encode(x="a:Q")
    with_swedish_locale(chart)
    assert "locale" not in chart.to_dict().get("config", {})


def test_with_swedish_locale_on_dict_spec():
    assert "locale" in with_swedish_locale({"mark": "bar"})["config"]


def test_escape_markdown():
    assert escape_markdown("**a** [b](c)\n:red[d]") == r"\*\*a\*\* \[b\]\(c\) \:red\[d\]"


def test_basket_survives_a_reload_and_is_emptied_on_purpose_only(app, tmp_path):
    app.button(key="chart-utfall-per-kommun-basket").click().run()
    reloaded = AppTest.from_file(str(tmp_path / "page.py"), default_timeout=30).run()  # a new session
    assert "1 diagram och 0 citat" in [c.value for c in reloaded.sidebar.caption]
    reloaded.button(key="basket-clear").click().run()
    assert basket_items(reloaded) == []
