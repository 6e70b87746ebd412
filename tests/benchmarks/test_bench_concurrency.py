"""Benchmark: 20 concurrent sessions read pages while the database is rebuilt 5 times.

Each session is a thread doing what a page view does (the dashboard's named queries,
through the shared result cache), with a short pause between views, as Streamlit
serves sessions. Meanwhile the main thread publishes 5 rebuilds, each with a new
prognos for Beredningen in January 2023. A read fails if a query raises; a read is
stale if it started after a rebuild had finished but returned an older prognos.
Target: 0 failed and 0 stale reads. The figures are printed (make benchmark).
"""

from __future__ import annotations

import statistics
import threading
import time

from dashboard import figures, queries
from pipelines.build import run
from tests.test_db_published import januari_prognos, raw_with_prognos

SESSIONS = 20
REBUILDS = 5
THINK_S = 0.25


def page_view() -> float:
    """The queries of a few page views (Översikt, Budget, Fritext, Finansiering); returns the marker prognos."""
    queries.utvarderingar()
    queries.kommuner()
    figures.render("oversikt.svarstider", figures.Urval(2025, (2024, 2025)))
    queries.fritextsvar_med_teman(queries.FritextUrval((2025,), ("2480",)))
    queries.anslag_per_kommun(max(queries.anslag_ar()))
    return januari_prognos()


def rebuild_under_load(workspace, raws) -> dict:
    """Run the sessions and the rebuilds; return the counts and timings."""
    state = {"published": 2521.0}  # the prognos every read starting now must at least see
    guard, stop = threading.Lock(), threading.Event()
    reads, failures, stale, latencies = [0] * SESSIONS, [], [], []

    def session(number: int) -> None:
        while not stop.is_set():
            with guard:
                expected = state["published"]
            started = time.perf_counter()
            try:
                seen = page_view()
            except Exception as error:  # noqa: BLE001 - a failed read is what we count
                failures.append(repr(error))
            else:
                if seen < expected:
                    stale.append((expected, seen))
            latencies.append(time.perf_counter() - started)
            reads[number] += 1
            time.sleep(THINK_S)

    threads = [threading.Thread(target=session, args=(n,)) for n in range(SESSIONS)]
    [t.start() for t in threads]
    build_seconds = []
    try:
        time.sleep(1.0)
        for value, raw in raws:
            started = time.perf_counter()
            assert run(raw, workspace["db"], log=lambda _m: None).rebuilt
            build_seconds.append(time.perf_counter() - started)
            with guard:
                state["published"] = float(value)
            time.sleep(0.5)
    finally:
        stop.set()
        [t.join(timeout=120) for t in threads]
    return {"reads": sum(reads), "failed": len(failures), "stale": len(stale), "failures": failures[:3],
            "build_seconds": build_seconds, "latency_ms_median": 1000 * statistics.median(latencies),
            "latency_ms_p95": 1000 * statistics.quantiles(latencies, n=20)[-1]}


def test_bench_20_sessions_reading_during_5_rebuilds(benchmark, workspace, tmp_path, capsys):
    raws = [(10_000 + k, raw_with_prognos(tmp_path, 10_000 + k)) for k in range(1, REBUILDS + 1)]
    result = benchmark.pedantic(rebuild_under_load, args=(workspace, raws), rounds=1, iterations=1)
    benchmark.extra_info.update({k: v for k, v in result.items() if k != "failures"})
    with capsys.disabled():
        builds = ", ".join(f"{s:.1f}".replace(".", ",") for s in result["build_seconds"])
        print(f"\n{SESSIONS} sessioner, {REBUILDS} ombyggen: {result['reads']} sidvisningar, "
              f"{result['failed']} misslyckade, {result['stale']} inaktuella; "
              f"svarstid median {result['latency_ms_median']:.0f} ms, 95:e percentil {result['latency_ms_p95']:.0f} ms; "
              f"byggtider {builds} s")
    assert result["failed"] == 0, result["failures"]
    assert result["stale"] == 0
    assert len(result["build_seconds"]) == REBUILDS and result["reads"] > SESSIONS * REBUILDS
    assert januari_prognos() == raws[-1][0]
