"""The README names every page and curated table, and CI runs the README's test command."""

import re
from pathlib import Path

import pytest

from dashboard.navigation import app_pages

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_table(header_start: str) -> list[list[str]]:
    """The body rows (cell texts) of the README table whose header line starts with `header_start`."""
    lines = README.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    rows = []
    for line in lines[first + 2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def test_readme_page_table_matches_the_app_navigation():
    rows = readme_table("| page |")
    scripts = [re.search(r"`(pages/[^`]+)`", row[0]).group(1) for row in rows]
    titles = [re.search(r"\*\*(.+?)\*\*", row[0]).group(1) for row in rows]
    assert scripts == [sida.script for sida in app_pages()]
    assert titles == [sida.title for sida in app_pages()]


@pytest.mark.parametrize("table", sorted(p.stem for p in (ROOT / "pipelines" / "sql" / "curated").glob("*.sql")))
def test_every_curated_table_is_in_the_readme_table(table):
    assert table in [re.sub(r"[`\s]", "", cell) for row in readme_table("| curated table |") for cell in
                     row[0].split(",")]


def test_every_page_file_is_in_the_app_navigation():
    assert sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")) == sorted(
        sida.script for sida in app_pages())


def test_readme_gives_exactly_two_commands_and_ci_runs_the_test_one():
    block = re.search(r"## Two commands.*?```bash\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_raw_readme_documents_every_raw_file():
    raw_readme = (ROOT / "data" / "raw" / "README.md").read_text(encoding="utf-8")
    for path in (ROOT / "data" / "raw").iterdir():
        if path.suffix in {".csv", ".xlsx"}:
            name = re.sub(r"\d{4}", "<år>", path.name)
            assert name in raw_readme or path.name in raw_readme, path.name
