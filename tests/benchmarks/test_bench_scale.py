"""Benchmark at 100 times the demo data (`make benchmark`): the targets of "fast at scale", measured side by side.

Generates the data with pipelines.demo.scale into a temporary folder (not committed), then measures in one run:
- full build (cold read cache and tag cache) vs reading the same raw files with the same readers (target ≤ 3);
- peak memory of a full build as its own process (target ≤ 600 MB);
- a build where one survey file changed vs the full build (target ≤ 0,3);
- `python -m pipelines` when nothing changed, as a whole process (target ≤ 0,3 s);
- every page under AppTest: first run with empty caches (target ≤ 1 s) and warm (median of three reruns, target
  ≤ 0,3 s), with the pages' modules already loaded; loading them (once per server process) is printed on its own.
The figures are printed as a table; nothing is asserted about them (they depend on the machine). In the normal
suite (benchmarks disabled) it runs at 2 times the demo as a smoke test.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from pipelines.build import read_sources, run
from pipelines.demo.scale import write_scaled
from pipelines.settings import PROJECT_ROOT
from pipelines.themes.model import TAG_CACHE_FILE

QUIET = {"log": lambda _m: None}
PAGES = sorted(p.name for p in (PROJECT_ROOT / "pages").glob("*.py"))


def sv(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


@pytest.fixture(scope="module")
def scaled_env(request, tmp_path_factory, demo_env):
    """The scaled raw folder and an environment of its own (database, model copied from the demo, users' dir)."""
    enabled = request.config.getoption("benchmark_enable", default=False)
    scale = int(os.environ.get("UTV_BENCH_SCALE", "100")) if enabled else 2
    root = tmp_path_factory.mktemp("skala")
    raw = write_scaled(root / "raw", scale)
    paths = {"raw": raw, "db": root / "curated" / "utvardering.duckdb", "model": root / "model",
             "user": root / "user", "scale": scale}
    shutil.copytree(demo_env["model"], paths["model"])
    return paths


@pytest.fixture
def scaled(scaled_env, monkeypatch):
    monkeypatch.setenv("UTV_DB_PATH", str(scaled_env["db"]))
    monkeypatch.setenv("UTV_MODEL_DIR", str(scaled_env["model"]))
    monkeypatch.setenv("UTV_USER_DIR", str(scaled_env["user"]))
    monkeypatch.setenv("UTV_RAW_DIR", str(scaled_env["raw"]))
    return scaled_env


def cold(paths: dict) -> None:
    """Forget every cache a build keeps: the read cache and the tag cache."""
    shutil.rmtree(paths["db"].parent / "lasningscache", ignore_errors=True)
    (paths["model"] / TAG_CACHE_FILE).unlink(missing_ok=True)


def timed(function, *args, **kwargs) -> float:
    started = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - started


def change_one_survey(raw: Path) -> None:
    """Rewrite one survey export with one free-text answer changed."""
    path = raw / "utvardering_2024.xlsx"
    frame = pd.read_excel(path, sheet_name="Svar", engine="calamine")
    frame.iloc[0, -1] = f"Ny synpunkt om kollektivtrafiken {time.time()}."
    frame.to_excel(path, sheet_name="Svar", index=False)


def process_seconds(args: list[str], env: dict, rounds: int = 3) -> float:
    """The shortest wall time of a whole process over a few rounds."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        subprocess.run(args, cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)
        best = min(best, time.perf_counter() - started)
    return best


def import_seconds() -> float:
    """Loading the pages' modules, paid once per server process (before its first page), measured on its own."""
    import importlib

    started = time.perf_counter()
    for module in ("streamlit", "dashboard.layout", "dashboard.components", "dashboard.figures"):
        importlib.import_module(module)
    return time.perf_counter() - started


def page_times(page: str, warm_runs: int = 3) -> tuple[float, float]:
    """(first run with empty caches, median of warm reruns) of a page under AppTest, modules already loaded."""
    import statistics

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(PROJECT_ROOT / "pages" / page), default_timeout=120)
    first = timed(at.run)
    assert not at.exception, (page, at.exception)
    return first, statistics.median(timed(at.run) for _ in range(warm_runs))


def test_bench_scale(benchmark, scaled, capsys):
    raw, db = scaled["raw"], scaled["db"]
    env = {**os.environ}
    read = timed(read_sources, raw, lambda _m: None)
    cold(scaled)
    full = timed(benchmark.pedantic, run, args=(raw, db), kwargs={"force": True, **QUIET}, rounds=1, iterations=1)
    cold(scaled)
    subprocess.run([sys.executable, "-m", "pipelines", "--raw", str(raw), "--db", str(db), "--force"],
                   cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the first child process: the build
    change_one_survey(raw)
    incremental = timed(run, raw, db, **QUIET)
    run(raw, db, **QUIET)  # records the state for the quick check (the store was created by the build above)
    unchanged = process_seconds([sys.executable, "-m", "pipelines", "--raw", str(raw), "--db", str(db)], env)
    imports = import_seconds()
    pages = {page: page_times(page) for page in PAGES}
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        fritext, budget = (con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("fritextsvar", "budgetutfall"))
    rows = [
        ("Omfång", f"{scaled['scale']} × demodatan: {fritext} fritextsvar, {budget} budgetrader", ""),
        ("Läsa rådata (samma läsare)", f"{sv(read, 1)} s", ""),
        ("Fullt bygge / läsning", f"{sv(full, 1)} s / {sv(read, 1)} s = {sv(full / read)}", "≤ 3"),
        ("Toppminne, fullt bygge (egen process)", f"{round(peak_mb)} MB", "≤ 600 MB"),
        ("En ändrad fil / fullt bygge", f"{sv(incremental, 1)} s / {sv(full, 1)} s = {sv(incremental / full)}",
         "≤ 0,3"),
        ("Oförändrad körning (hel process)", f"{sv(unchanged)} s", "≤ 0,3 s"),
        ("Sidornas moduler laddas (en gång per process)", f"{sv(imports)} s", ""),
        *((f"Sida {page}: första / varm (median av 3)", f"{sv(first)} s / {sv(warm)} s", "≤ 1 s / ≤ 0,3 s")
          for page, (first, warm) in pages.items()),
    ]
    width = max(len(r[0]) for r in rows)
    with capsys.disabled():
        print("\n" + "\n".join(f"{name:<{width}}  {value:<40} {target}" for name, value, target in rows))
    benchmark.extra_info.update(read_s=read, full_s=full, incremental_s=incremental, unchanged_s=unchanged,
                                imports_s=imports,
                                peak_mb=peak_mb, pages={p: {"first_s": f, "warm_s": w} for p, (f, w) in pages.items()})
    assert db.exists() and full > 0 and read > 0


@pytest.fixture(scope="module")
def several_env(request, tmp_path_factory, demo_env):
    """U utvärderingar with M respondents per kommun (flera_per_kommun), in an environment of their own."""
    enabled = request.config.getoption("benchmark_enable", default=False)
    respondenter = int(os.environ.get("UTV_BENCH_RESPONDENTS", "100")) if enabled else 3
    utvarderingar = 10 if enabled else 2
    root = tmp_path_factory.mktemp("flera")
    raw = write_scaled(root / "raw", respondenter=respondenter, utvarderingar=utvarderingar)
    paths = {"raw": raw, "db": root / "curated" / "utvardering.duckdb", "model": root / "model",
             "user": root / "user", "respondenter": respondenter, "utvarderingar": utvarderingar}
    shutil.copytree(demo_env["model"], paths["model"])
    return paths


def test_bench_several_respondents(benchmark, several_env, monkeypatch, capsys):
    """100 respondents per kommun in 10 utvärderingar: full build against reading the same files (target ≤ 3)."""
    paths = several_env
    for variable, key in (("UTV_DB_PATH", "db"), ("UTV_MODEL_DIR", "model"), ("UTV_USER_DIR", "user"),
                          ("UTV_RAW_DIR", "raw")):
        monkeypatch.setenv(variable, str(paths[key]))
    raw, db = paths["raw"], paths["db"]
    read = timed(read_sources, raw, lambda _m: None)
    cold(paths)
    full = timed(benchmark.pedantic, run, args=(raw, db), kwargs={"force": True, **QUIET}, rounds=1, iterations=1)
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        respondents, kommuner, answers = con.execute(
            "select count(*), count(distinct kommunkod), (select count(*) from fritextsvar) from enkatsvar "
            "where galler").fetchone()
    expected = paths["respondenter"] * paths["utvarderingar"] * 15
    with capsys.disabled():
        print(f"\nFlera svarande: {paths['respondenter']} per kommun i {paths['utvarderingar']} utvärderingar "
              f"({respondents} svarande som gäller, {answers} fritextsvar): fullt bygge / läsning = "
              f"{sv(full, 1)} s / {sv(read, 1)} s = {sv(full / read)} (mål ≤ 3)")
    benchmark.extra_info.update(read_s=read, full_s=full, respondents=respondents)
    assert (respondents, kommuner) == (expected, 15)  # every respondent counts once, in every kommun
