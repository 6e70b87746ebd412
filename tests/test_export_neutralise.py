"""neutralise_cell: no string can become a spreadsheet formula."""

import pytest

from dashboard.export import neutralise_cell


@pytest.mark.parametrize(
    "text",
    ["=1+2", "+46 90 16 00 00", "-5", "@SUM(A1)", "\t=1", "\r=1", "＝1+2", "＋1", "－1", "＠x", "  =1+2", "\n=1"],
)
def test_dangerous_strings_get_a_leading_quote(text):
    assert neutralise_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Umeå", "1 539 tkr", "a=b", "", "e-post"])
def test_harmless_strings_unchanged(text):
    assert neutralise_cell(text) == text


@pytest.mark.parametrize("value", [-5, -5.5, 0, None, True])
def test_non_strings_unchanged(value):
    assert neutralise_cell(value) is value
