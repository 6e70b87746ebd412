"""Whatever part of a delivered workbook is damaged, reading it ends in a BuildError naming the file – never a
traceback – or reads the workbook correctly (a damaged part Excel does not need, such as docProps)."""

import zipfile
from pathlib import Path

import pytest

from pipelines import sources
from pipelines.errors import BuildError
from pipelines.kommuner import KommunResolver
from tests.conftest import RAW_DIR

WORKBOOKS = ("utvardering_2024.xlsx", "kommunala_anslag.xlsx", "budgetuppfoljning.xlsx")
DAMAGE = {
    "borttagen": lambda data: None,
    "tom": lambda data: b"",
    "avkortad": lambda data: data[: len(data) // 2],
    "skräp": lambda data: bytes(range(256)) * 8,
    "fel tecken": lambda data: data.replace(b"<", b"\xff<", 3),
}


def members(name: str) -> list[str]:
    with zipfile.ZipFile(RAW_DIR / name) as archive:
        return [m.filename for m in archive.infolist()]


def damaged_copy(tmp_path: Path, name: str, member: str, damage) -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(RAW_DIR / name) as source:
        parts = {m.filename: source.read(m) for m in source.infolist()}
    changed = damage(parts[member])
    if changed is None:
        del parts[member]
    else:
        parts[member] = changed
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for part, data in parts.items():
            target.writestr(part, data)
    return path


@pytest.fixture(scope="module")
def readers():
    katalog = sources.read_fragekatalog(RAW_DIR)
    resolver = KommunResolver.from_reference(sources.read_kommuner(RAW_DIR))
    return {
        "utvardering_2024.xlsx": lambda p: sources.read_survey(sources.SurveyFile(2024, p, "Svar"), katalog, resolver),
        "kommunala_anslag.xlsx": lambda p: sources.read_anslag(p, resolver),
        "budgetuppfoljning.xlsx": sources.read_budget,
    }


CASES = [(name, member, kind) for name in WORKBOOKS for member in members(name) for kind in DAMAGE]


@pytest.mark.parametrize("name, member, kind", CASES, ids=[f"{n}:{m}:{k}" for n, m, k in CASES])
def test_damaged_part_gives_a_swedish_message_or_a_correct_reading(tmp_path, readers, name, member, kind):
    path = damaged_copy(tmp_path, name, member, DAMAGE[kind])
    try:
        frame, _rejections = readers[name](path)
    except BuildError as error:
        assert str(error).startswith(f"{name}: ")
        return
    expected, _ = readers[name](RAW_DIR / name)
    assert frame.reset_index(drop=True).equals(expected.reset_index(drop=True)), "read differently without a word"
