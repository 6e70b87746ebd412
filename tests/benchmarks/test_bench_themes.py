"""Benchmark: tema prediction speed on 10 000 distinct answers (target ≥ 20 000 answers per second).

Prints the measured rate and its ratio to the target; in the normal suite it runs once as a smoke test
(the rate depends on the machine, so it is reported, not asserted).
"""

from __future__ import annotations

import random
import time

import pytest

from pipelines.themes.features import char_wb_grams, stem_word
from pipelines.themes.model import load_training, predict, train_frame

TARGET_PER_SECOND = 20_000
N_ANSWERS = 10_000


@pytest.fixture(scope="module")
def model_and_answers():
    """The model trained on the shipped data, and 10 000 distinct answers made of two training sentences each."""
    training = load_training()
    texts, rng = training["text"].tolist(), random.Random(0)
    answers = list(dict.fromkeys(f"{rng.choice(texts)} {rng.choice(texts)}" for _ in range(3 * N_ANSWERS)))
    return train_frame(training), answers[:N_ANSWERS]


def test_bench_predict_10000_answers(benchmark, model_and_answers):
    model, answers = model_and_answers
    char_wb_grams.cache_clear()  # new answers: nothing remembered from training
    stem_word.cache_clear()
    started = time.perf_counter()
    predictions = benchmark.pedantic(predict, args=(model, answers), rounds=1, iterations=1)
    rate = len(answers) / (time.perf_counter() - started)
    print(f"\n{len(answers)} svar: {round(rate)} svar per sekund; kvot mot målet {TARGET_PER_SECOND} per sekund: "
          f"{rate / TARGET_PER_SECOND:.2f}".replace(".", ","))
    assert len(predictions) == len(answers) == N_ANSWERS
