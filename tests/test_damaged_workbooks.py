"""Whatever part of a delivered workbook or CSV file is damaged, reading it ends in a BuildError naming the
file – never a traceback – or reads the workbook correctly (a damaged part Excel does not need, such as docProps)."""

import random
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


# --- CSV reference files: seeded random damage ---------------------------------------------------------------------

CSV_FILES = ("kommuner.csv", "befolkning.csv", "fragekatalog.csv", "utvarderingar.csv", "befolkningsprognos.csv",
             "skattekraft.csv")
INSERTS = (b'"', b";", b",", b"\t", b"\r", b"\x00", "å".encode("cp1252"), b"\n\n", b"\n2480\n")


def damaged_csv(data: bytes, seed: int) -> bytes:
    """One of five kinds of damage, chosen and placed by the seed."""
    rng = random.Random(seed)
    data = bytearray(data)
    kind = seed % 5
    if kind == 0:
        return bytes(data[: rng.randrange(len(data))])
    if kind == 1:
        for _ in range(5):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif kind in (2, 3):
        pos = rng.randrange(len(data))
        data[pos:pos] = rng.choice(INSERTS) if kind == 2 else bytes(rng.randrange(256) for _ in range(20))
    else:
        data = data.replace(b",", b";", rng.randrange(1, 20))
    return bytes(data)


@pytest.fixture(scope="module")
def csv_readers():
    resolver = KommunResolver.from_reference(sources.read_kommuner(RAW_DIR))
    return {
        "kommuner.csv": sources.read_kommuner,
        "befolkning.csv": lambda d: sources.read_befolkning(d, resolver),
        "fragekatalog.csv": sources.read_fragekatalog,
        "utvarderingar.csv": sources.read_utvarderingar,
        "befolkningsprognos.csv": lambda d: sources.read_befolkningsprognos(d / "befolkningsprognos.csv", resolver),
        "skattekraft.csv": lambda d: sources.read_skattekraft(d / "skattekraft.csv", resolver),
    }


@pytest.mark.parametrize("name", CSV_FILES)
def test_damaged_csv_gives_a_swedish_message_or_a_reading(tmp_path, csv_readers, name):
    """Never another exception than BuildError, whatever the damage (60 seeded variants per file)."""
    for seed in range(60):
        (tmp_path / name).write_bytes(damaged_csv((RAW_DIR / name).read_bytes(), seed))
        try:
            csv_readers[name](tmp_path)
        except BuildError as error:
            assert str(error).startswith(f"{name}: "), (seed, str(error))
