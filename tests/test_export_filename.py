"""export_filename: ASCII, lower-case, hyphenated file names."""

import pytest

from dashboard.export import export_filename


@pytest.mark.parametrize(
    ("parts", "ext", "expected"),
    [
        (("utvärdering", 2025, "syften"), "png", "utvardering-2025-syften.png"),
        (("Åsele", "Vännäs", "Örnsköldsvik"), "xlsx", "asele-vannas-ornskoldsvik.xlsx"),
        (("Budget & utfall (tkr)",), ".csv", "budget-utfall-tkr.csv"),
        (("  Svar / kommun  ", None, ""), "pdf", "svar-kommun.pdf"),
        (("Café", "Ærø"), "svg", "cafe-aero.svg"),
        ((), "docx", "export.docx"),
    ],
)
def test_export_filename(parts, ext, expected):
    assert export_filename(*parts, ext=ext) == expected


def test_already_hyphenated_name_kept():
    assert export_filename("utvardering-2025-syften", ext="png") == "utvardering-2025-syften.png"
