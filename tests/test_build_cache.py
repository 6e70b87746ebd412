"""The read cache (pipelines.readcache) and the quick check of an unchanged run (pipelines.fingerprint).

The cache must never serve stale data: a changed file, a changed file it depends on, a changed source setting
and changed code each give another key. A build where one raw file changed reads only that file again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from pipelines import build, fingerprint, sources
from pipelines.build import read_cache, run
from pipelines.readcache import ReadCache
from pipelines.settings import PROJECT_ROOT
from tests.conftest import RAW_DIR

QUIET = {"log": lambda _m: None}
READERS = ("read_survey", "read_anslag", "read_budget", "read_befolkningsprognos", "read_skattekraft",
           "read_utskick")


def counting_reader(calls: list):
    def reader(path: Path):
        calls.append(path.name)
        return pd.DataFrame({"x": [path.read_text()]}), []
    return reader


def test_same_file_is_read_once_then_served_from_the_cache(tmp_path):
    raw = tmp_path / "a.csv"
    raw.write_text("1")
    cache, calls = ReadCache(tmp_path / "cache", "kod"), []
    first, hit_first = cache.read(raw, counting_reader(calls))
    second, hit_second = cache.read(raw, counting_reader(calls))
    assert (hit_first, hit_second) == (False, True) and calls == ["a.csv"]
    assert second[0].equals(first[0])


@pytest.mark.parametrize("change", ["content", "depends_on", "extra", "code_or_settings"])
def test_any_change_of_what_the_reading_depends_on_reads_again(tmp_path, change):
    raw = tmp_path / "a.csv"
    raw.write_text("1")
    calls: list = []
    ReadCache(tmp_path / "cache", "kod").read(raw, counting_reader(calls), depends_on=("k1",), extra=(1,))
    base, depends_on, extra = "kod", ("k1",), (1,)
    if change == "content":
        raw.write_text("2")
    elif change == "depends_on":
        depends_on = ("k2",)
    elif change == "extra":
        extra = (2,)
    else:
        base = "annan kod"
    (frame, _), hit = ReadCache(tmp_path / "cache", base).read(raw, counting_reader(calls), depends_on=depends_on,
                                                               extra=extra)
    assert not hit and calls == ["a.csv", "a.csv"]
    assert frame["x"].iloc[0] == raw.read_text()


def test_damaged_entry_is_read_again_and_unused_entries_are_pruned(tmp_path):
    raw, old = tmp_path / "a.csv", tmp_path / "b.csv"
    raw.write_text("1")
    old.write_text("1")
    cache, calls = ReadCache(tmp_path / "cache", "kod"), []
    cache.read(raw, counting_reader(calls))
    cache.read(old, counting_reader(calls))
    for entry in (tmp_path / "cache").iterdir():
        entry.write_bytes(b"trasig")
    second = ReadCache(tmp_path / "cache", "kod")
    _, hit = second.read(raw, counting_reader(calls))
    assert not hit and calls == ["a.csv", "b.csv", "a.csv"]
    assert second.prune() == 1
    assert [p.stem for p in (tmp_path / "cache").iterdir()] == [second.key(raw)]


def test_cache_key_base_follows_code_and_source_settings(tmp_path, monkeypatch):
    db = tmp_path / "u.duckdb"
    base = read_cache(db).base
    assert read_cache(db).base == base
    monkeypatch.setenv("UTV_BUDGET_SHEET", "Annat blad")
    changed_setting = read_cache(db).base
    monkeypatch.delenv("UTV_BUDGET_SHEET")
    monkeypatch.setattr(build, "code_fingerprint", lambda: "annan kod")
    assert len({base, changed_setting, read_cache(db).base}) == 3
    assert read_cache(db).folder == tmp_path / "lasningscache"


@pytest.fixture
def own_build(private_env, tmp_path, monkeypatch):
    """A copy of the demo raw folder and a database of its own, built once."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    db = tmp_path / "bygg" / "utvardering.duckdb"
    monkeypatch.setenv("UTV_DB_PATH", str(db))
    run(raw, db, **QUIET)
    run(raw, db, **QUIET)  # the first check after creating the users' store records the state for the quick check
    return raw, db


def count_reads(monkeypatch) -> Counter:
    calls: Counter = Counter()
    for name in READERS:
        original = getattr(sources, name)

        def counted(first, *args, _original=original, **kwargs):
            calls[getattr(first, "path", first).name] += 1
            return _original(first, *args, **kwargs)
        monkeypatch.setattr(sources, name, counted)
    return calls


def test_incremental_build_reads_only_the_changed_file(own_build, monkeypatch):
    raw, db = own_build
    calls = count_reads(monkeypatch)
    skattekraft = raw / "skattekraft.csv"
    skattekraft.write_text(skattekraft.read_text().replace("207300", "207400"), encoding="utf-8")
    lines: list[str] = []
    result = run(raw, db, log=lines.append)
    assert result.rebuilt
    assert calls == Counter({"skattekraft.csv": 1})
    assert any(line.startswith("  utvardering_2024.xlsx") and "oförändrad" in line for line in lines)
    import duckdb
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from load_manifest").fetchone()[0] == len(result and build.raw_files(raw))


def test_changed_kommun_reference_reads_the_files_that_depend_on_it(own_build, monkeypatch):
    raw, db = own_build
    calls = count_reads(monkeypatch)
    kommuner = raw / "kommuner.csv"
    kommuner.write_text(kommuner.read_text(encoding="utf-8").replace("Bjurholmn", "Bjurholmm"), encoding="utf-8")
    run(raw, db, **QUIET)
    assert set(calls) == {"utvardering_2023.xlsx", "utvardering_2024.xlsx", "utvardering_2025.xlsx",
                          "kommunala_anslag.xlsx", "befolkningsprognos.csv", "skattekraft.csv", "utskick.csv"}


def test_another_respondent_secret_reads_the_surveys_again(own_build, monkeypatch):
    """The respondent keys are made while a survey is read, so cached surveys must not outlive the secret."""
    raw, db = own_build
    calls = count_reads(monkeypatch)
    monkeypatch.setenv("UTV_RESPONDENT_SECRET", "en annan hemlighet")
    assert run(raw, db, **QUIET).rebuilt
    assert {"utvardering_2023.xlsx", "utvardering_2024.xlsx", "utvardering_2025.xlsx"} <= set(calls)
    assert "kommunala_anslag.xlsx" not in calls


def test_changed_code_reads_every_file_again(own_build, monkeypatch):
    raw, db = own_build
    calls = count_reads(monkeypatch)
    monkeypatch.setattr(build, "code_fingerprint", lambda: "ändrad kod")
    run(raw, db, force=True, **QUIET)
    assert sum(calls.values()) == len(READERS) - 1 + 3  # three surveys, five other files


def test_unchanged_run_does_not_import_the_heavy_libraries(own_build):
    raw, db = own_build
    env = {**os.environ, "UTV_DB_PATH": str(db)}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "pipelines", "--raw", str(raw), "--db", str(db)],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Inga ändringar" in done.stdout
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "pipelines.fingerprint" in imported
    assert not imported & {"pandas", "duckdb", "sqlalchemy", "sklearn", "pandera", "sqlglot", "numpy"}


def test_quick_check_falls_back_when_anything_changed(own_build, monkeypatch):
    raw, db = own_build
    assert fingerprint.unchanged_raw_dir(db, raw) == raw.absolute()
    assert fingerprint.unchanged_raw_dir(db, None) == raw.absolute()
    assert fingerprint.unchanged_raw_dir(db, raw.parent / "annan") is None
    own_list = Path(os.environ["UTV_USER_DIR"]) / "forkortningar.csv"
    own_list.parent.mkdir(parents=True, exist_ok=True)
    own_list.write_text("förkortning,betydelse\nRUN,regionala utvecklingsnämnden\n", encoding="utf-8")
    assert fingerprint.unchanged_raw_dir(db, raw) is None
    own_list.unlink()
    assert fingerprint.unchanged_raw_dir(db, raw) == raw.absolute()
    (raw / "skattekraft.csv").write_text("kommunkod,ar,skattekraft\n", encoding="utf-8")
    assert fingerprint.unchanged_raw_dir(db, raw) is None
    monkeypatch.setenv("UTV_USER_STORE_URL", "postgresql+psycopg://x@localhost/y")
    assert fingerprint.state_token(raw) is None


def test_quick_check_falls_back_after_a_crashed_build(own_build):
    raw, db = own_build
    (db.parent / f".{db.name}.20250101T000000-abcdef12.tmp").write_bytes(b"")
    assert fingerprint.unchanged_raw_dir(db, raw) is None


def test_anslag_workbook_is_opened_and_checked_once(monkeypatch):
    from pipelines import xlsx
    from pipelines.kommuner import KommunResolver

    calls: Counter = Counter()
    for name in ("check_container", "sheet_visibility"):
        original = getattr(xlsx, name)

        def counted(path, _original=original, _name=name):
            calls[_name] += 1
            return _original(path)
        monkeypatch.setattr(xlsx, name, counted)
    resolver = KommunResolver.from_reference(sources.read_kommuner(RAW_DIR))
    frame, _ = sources.read_anslag(RAW_DIR / "kommunala_anslag.xlsx", resolver)
    assert frame["ar"].nunique() == 4  # four year sheets read
    assert calls == Counter({"check_container": 1, "sheet_visibility": 1})


def test_batched_prediction_equals_predicting_all_at_once(private_env, monkeypatch):
    from pipelines.themes import tagging
    from pipelines.themes.model import TAG_CACHE_FILE, predict

    model = tagging.ensure_model(private_env["model"], private_env["user"])
    (private_env["model"] / TAG_CACHE_FILE).unlink(missing_ok=True)
    texts = ["Bättre kollektivtrafik mellan kommunerna", "Kompetensförsörjningen i vården", "Bredband på landsbygden",
             "Fler bostäder för unga", "Turism och besöksnäring", "Samverkan kring skolan", "Digitalisering"]
    calls: list[int] = []

    def counted(model, batch):
        calls.append(len(batch))
        return predict(model, batch)
    monkeypatch.setattr(tagging, "PREDICT_BATCH", 3)
    monkeypatch.setattr(tagging, "predict", counted)
    batched = tagging.cached_predict(model, texts, private_env["model"])
    assert calls == [3, 3, 1]
    assert [p.themes for p in batched] == [tuple((t, float(c)) for t, c in p.themes) for p in predict(model, texts)]
