"""Benchmark: tema prediction speed on 10 000 distinct answers (target ≥ 20 000 answers per second).

Every round starts cold (the word caches cleared). Prints the median and best rate over the rounds, their
ratio to the target and the machine's load average; with benchmarks disabled it runs once as a smoke test
(the rate depends on the machine, so it is reported, not asserted).
"""

from __future__ import annotations

import os
import random
import statistics
import time

import pytest

from pipelines.themes.features import char_wb_grams, stem_word
from pipelines.themes.model import load_training, predict, train_frame

TARGET_PER_SECOND = 20_000
N_ANSWERS = 10_000
ROUNDS = 5


@pytest.fixture(scope="module")
def model_and_answers():
    """The model trained on the shipped data, and 10 000 distinct answers made of two training sentences each."""
    training = load_training()
    texts, rng = training["text"].tolist(), random.Random(0)
    answers = list(dict.fromkeys(f"{rng.choice(texts)} {rng.choice(texts)}" for _ in range(3 * N_ANSWERS)))
    return train_frame(training), answers[:N_ANSWERS]


def test_bench_predict_10000_answers(benchmark, model_and_answers):
    model, answers = model_and_answers
    rates = []

    def cold_predict():
        char_wb_grams.cache_clear()  # new answers: nothing remembered from training or the last round
        stem_word.cache_clear()
        started = time.perf_counter()
        result = predict(model, answers)
        rates.append(len(answers) / (time.perf_counter() - started))
        return result

    predictions = benchmark.pedantic(cold_predict, rounds=ROUNDS, iterations=1)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\n{len(answers)} svar, {len(rates)} omgångar: median {round(statistics.median(rates))} svar per sekund "
          f"(bästa {round(max(rates))}); kvot mot målet {TARGET_PER_SECOND} per sekund: "
          f"{statistics.median(rates) / TARGET_PER_SECOND:.2f} (bästa {max(rates) / TARGET_PER_SECOND:.2f}); "
          f"maskinens last {load:.2f}".replace(".", ","))
    assert len(predictions) == len(answers) == N_ANSWERS
