"""Benchmarks (run with `make benchmark`; in the normal suite each runs once as a smoke test).

Targets, stated in the README: a run with no changed raw file < 2 s; a full rebuild of the demo
data < 30 s; a cached dashboard query < 5 ms; reading a survey export < 1 s.
"""


from pipelines import sources
from pipelines.build import read_sources, run
from pipelines.kommuner import KommunResolver
from tests.conftest import RAW_DIR

QUIET = {"log": lambda _m: None}


def test_bench_unchanged_run(benchmark, demo_db):
    result = benchmark(run, RAW_DIR, demo_db, **QUIET)
    assert not result.rebuilt


def test_bench_full_rebuild(benchmark, demo_env, tmp_path):
    db = tmp_path / "bench.duckdb"
    result = benchmark.pedantic(run, args=(RAW_DIR, db), kwargs={"force": True, **QUIET}, rounds=2, iterations=1)
    assert result.rebuilt and db.exists()


def test_bench_read_and_validate_sources(benchmark):
    src = benchmark(read_sources, RAW_DIR, lambda _m: None)
    assert not src.rejections


def test_bench_read_survey(benchmark):
    katalog = sources.read_fragekatalog(RAW_DIR)
    resolver = KommunResolver.from_reference(sources.read_kommuner(RAW_DIR))
    survey = sources.SurveyFile(2025, RAW_DIR / "utvardering_2025.xlsx", "Svar")
    answers, rejected = benchmark(sources.read_survey, survey, katalog, resolver)
    assert answers["svars_id"].nunique() == 16 and not rejected
