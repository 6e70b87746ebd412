"""The `python -m pipelines.themes predict` contract, end to end in a subprocess."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.themes import theme_ids

ROOT = Path(__file__).resolve().parents[1]

INPUT_ROWS = [
    {"kommun": "Umeå", "text": "Vi har svårt att rekrytera socionomer och lärare.", "nr": "007"},
    {"kommun": "Malå", "text": "", "nr": "2"},
    {"kommun": "Vännäs", "text": "Bussarna går för sällan och vägarna är dåliga.", "nr": "NA"},
    {"kommun": "Åsele", "text": "Reningsverket är gammalt; vi behöver EU-medel för att bygga om.", "nr": "4,5"},
]


def run_cli(tmp: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the themes CLI with model, user and db paths inside tmp."""
    env = dict(os.environ, UTV_MODEL_DIR=str(tmp / "model"), UTV_USER_DIR=str(tmp / "user"),
               UTV_DB_PATH=str(tmp / "saknas.duckdb"))
    return subprocess.run([sys.executable, "-m", "pipelines.themes", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8")


def write_csv(path: Path, rows: list[dict]) -> Path:
    """Write rows as a UTF-8 CSV."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def read_rows(path: Path) -> list[dict]:
    """Read a CSV as a list of dicts (all values text)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def predicted(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    """Run predict once on a fresh setup (no stored model)."""
    tmp = tmp_path_factory.mktemp("cli")
    source = write_csv(tmp / "in.csv", INPUT_ROWS)
    result = run_cli(tmp, "predict", "--input", str(source), "--output", str(tmp / "out.csv"))
    return result, tmp / "out.csv"


def test_predict_succeeds_on_fresh_setup(predicted):
    assert predicted[0].returncode == 0, predicted[0].stderr


def test_columns_are_input_columns_plus_three(predicted):
    header = predicted[1].read_text(encoding="utf-8").splitlines()[0]
    assert header == "kommun,text,nr,theme,confidence,themes"


def test_rows_kept_in_order_with_values_untouched(predicted):
    rows = read_rows(predicted[1])
    assert [{k: r[k] for k in ("kommun", "text", "nr")} for r in rows] == INPUT_ROWS


def test_confidence_has_point_decimal_in_unit_interval(predicted):
    values = [r["confidence"] for r in read_rows(predicted[1]) if r["text"]]
    assert all("." in v and "," not in v and 0.0 <= float(v) <= 1.0 for v in values)


def test_themes_are_known_ids_separated_by_semicolon_top_first(predicted):
    rows = [r for r in read_rows(predicted[1]) if r["text"]]
    assert all(r["themes"].split(";")[0] == r["theme"] for r in rows)
    assert all(set(r["themes"].split(";")) <= set(theme_ids()) for r in rows)


def test_blank_text_gets_empty_theme_confidence_and_themes(predicted):
    blank = read_rows(predicted[1])[1]
    assert (blank["theme"], blank["confidence"], blank["themes"]) == ("", "", "")


def test_obvious_texts_get_expected_top_theme(predicted):
    rows = read_rows(predicted[1])
    assert [rows[0]["theme"], rows[2]["theme"]] == ["kompetensforsorjning", "transporter"]


def test_predict_stores_model_for_next_run(predicted):
    assert (predicted[1].parent / "model" / "temamodell.json").is_file()


def test_missing_text_column_is_a_swedish_error(tmp_path):
    source = write_csv(tmp_path / "in.csv", [{"kommun": "Umeå", "svar": "Bra samverkan"}])
    result = run_cli(tmp_path, "predict", "--input", str(source), "--output", str(tmp_path / "out.csv"))
    assert result.returncode != 0 and "Kolumnen 'text' saknas" in result.stderr


def test_missing_file_is_a_swedish_error(tmp_path):
    result = run_cli(tmp_path, "predict", "--input", str(tmp_path / "saknas.csv"), "--output", "out.csv")
    assert result.returncode != 0 and "Filen finns inte" in result.stderr


def test_error_writes_no_output(tmp_path):
    run_cli(tmp_path, "predict", "--input", str(tmp_path / "saknas.csv"), "--output", str(tmp_path / "out.csv"))
    assert not (tmp_path / "out.csv").exists()
