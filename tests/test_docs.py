"""The README names every page and curated table, and CI runs the README's test command."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", sorted(p.name for p in (ROOT / "pages").glob("*.py")))
def test_every_page_is_in_the_readme(page):
    assert f"pages/{page}" in README


@pytest.mark.parametrize("table", sorted(p.stem for p in (ROOT / "pipelines" / "sql" / "curated").glob("*.sql")))
def test_every_curated_table_is_in_the_readme(table):
    assert f"`{table}`" in README


def test_every_page_is_in_the_app_navigation():
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    assert all(f'"pages/{p.name}"' in app for p in (ROOT / "pages").glob("*.py"))


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
