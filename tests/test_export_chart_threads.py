"""chart_spec from many threads at once, while Altair's process-wide settings change as Streamlit changes them."""

import threading
from concurrent.futures import ThreadPoolExecutor

import altair as alt
import pandas as pd
import pytest

from dashboard.export import chart_spec

ELSEWHERE = "test-data-elsewhere"


def charts() -> list:
    df = pd.DataFrame({"kommun": ["Umeå", "Malå", "Vännäs"], "utfall": [1539, 3, 12],
                       "dag": pd.to_datetime(["2025-09-16", "2025-10-01", "2025-10-20"])})
    bars = alt.Chart(df).mark_bar().encode(x="utfall:Q", y="kommun:N")
    lookup = alt.Chart(df).mark_point().encode(x="dag:T", y="andel:Q").transform_lookup(
        lookup="kommun", from_=alt.LookupData(pd.DataFrame({"kommun": ["Umeå"], "andel": [0.5]}), "kommun", ["andel"]))
    return [bars, bars + bars.mark_text(), bars | lookup, bars.facet(column="kommun:N")]


@pytest.fixture
def streamlit_like_switching():
    """A thread that keeps switching Altair's theme and data transformer, as st.altair_chart does for each chart."""
    alt.data_transformers.register(ELSEWHERE, lambda data: {"name": ELSEWHERE})
    stop = threading.Event()

    def switch() -> None:
        while not stop.is_set():
            with alt.theme.enable("none"), alt.data_transformers.enable(ELSEWHERE):
                stop.wait(0.0005)

    switcher = threading.Thread(target=switch)
    switcher.start()
    yield
    stop.set()
    switcher.join()
    alt.data_transformers.register(ELSEWHERE, None)
    alt.data_transformers.enable("default")
    alt.theme.enable("default")


def test_chart_spec_is_unaffected_by_other_threads(streamlit_like_switching):
    expected = [chart_spec(chart) for chart in charts()]
    assert all(spec["config"]["view"] == {"continuousWidth": 300, "continuousHeight": 300} for spec in expected)

    def convert(_round: int) -> list[dict]:
        return [chart_spec(chart) for chart in charts()]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(convert, range(40)))
    assert all(result == expected for result in results)
    assert ELSEWHERE not in str(results)


def test_chart_spec_has_the_data_inline():
    bars, _, concat, _ = (chart_spec(chart) for chart in charts())
    rows = [row for dataset in bars["datasets"].values() for row in dataset]
    assert {"kommun": "Malå", "utfall": 3, "dag": "2025-10-01T00:00:00"} in rows
    lookup_rows = [row for dataset in concat["datasets"].values() for row in dataset]
    assert {"kommun": "Umeå", "andel": 0.5} in lookup_rows


def test_chart_spec_leaves_the_chart_unchanged():
    chart = charts()[0]
    chart_spec(chart)
    assert isinstance(chart.data, pd.DataFrame)
