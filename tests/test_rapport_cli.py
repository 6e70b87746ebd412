"""The rapportunderlag CLI builds a .docx with the main charts of every main page and quotes per theme."""

import subprocess
import sys

import docx
import pytest

from dashboard import rapport
from pipelines.settings import PROJECT_ROOT

MAIN_PAGE_CHARTS = {
    "Översikt": "Inskickade svar per kommun",
    "Utvärdering": "svarsfördelning per fråga",
    "Utmaningar per delstrategi": "utmaningar och möjligheter per delstrategi",
    "Fritextsvar och teman": "fritextsvar per tema och delstrategi",
    "Finansiering": "Kommunernas anslag",
    "Budgetuppföljning": "budget och ackumulerat utfall",
}


@pytest.fixture(scope="module")
def document(demo_env, tmp_path_factory):
    out = tmp_path_factory.mktemp("rapport") / "rapportunderlag.docx"
    result = subprocess.run([sys.executable, "-m", "dashboard.rapport", "--out", str(out), "--utvardering", "2025"],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return docx.Document(str(out))


def captions(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == "Caption"]


def test_one_image_per_main_chart(document):
    assert len(document.inline_shapes) == len(captions(document)) >= len(MAIN_PAGE_CHARTS)


@pytest.mark.parametrize("page, caption", MAIN_PAGE_CHARTS.items())
def test_every_main_page_has_a_chart(document, page, caption):
    assert any(caption in c for c in captions(document)), page


def test_quotes_are_grouped_by_theme_with_kommun(document):
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert len(headings) >= 8 and len(quotes) >= len(headings)
    assert any(p.text.startswith("– ") and "Utvärdering 2025" in p.text for p in document.paragraphs)


def test_title_names_the_utvardering(document):
    assert document.paragraphs[0].text == "Rapportunderlag – utvärdering 2025"


def test_unknown_utvardering_is_a_clear_error(demo_env, tmp_path, capsys):
    assert rapport.main(["--out", str(tmp_path / "x.docx"), "--utvardering", "1999"]) == 1
    assert "Utvärdering 1999 finns inte" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()
