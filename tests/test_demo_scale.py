"""The scaled demo generator (pipelines.demo.scale): shape of the raw folder it writes at small N."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pandas as pd
import pytest

from pipelines import sources
from pipelines.build import read_sources
from pipelines.demo.scale import write_scaled
from pipelines.settings import PROJECT_ROOT
from tests.conftest import RAW_DIR


@pytest.fixture(scope="module")
def scaled(tmp_path_factory):
    return write_scaled(tmp_path_factory.mktemp("scale2") / "raw", 2)


def test_scale_two_doubles_surveys_and_budget(scaled):
    demo = read_sources(RAW_DIR, lambda _m: None)
    src = read_sources(scaled, lambda _m: None)
    assert not src.rejections
    assert list(src.tables["utvarderingar"]["utvardering"].astype(int)) == [2024, 2025, 3000, 3001]
    assert len(src.tables["budget"]) == 2 * len(demo.tables["budget"])
    assert src.tables["budget"]["enhet"].nunique() == 2 * demo.tables["budget"]["enhet"].nunique()
    # the scaled surveys are copies of the one-response-per-kommun demo surveys (2024, 2025); the multi-respondent
    # 2023 survey is scaled by --respondenter instead
    en_per_kommun = demo.tables["enkatsvar"][demo.tables["enkatsvar"]["utvardering"].isin([2024, 2025])]
    assert len(src.tables["enkatsvar"]) == 2 * len(en_per_kommun)
    assert src.tables["kommuner"].equals(demo.tables["kommuner"])


def test_copies_have_varied_texts_from_the_demo_sentences(scaled):
    src = read_sources(scaled, lambda _m: None)
    answers = src.tables["enkatsvar"]
    original = answers[answers["utvardering"] == 2024].dropna(subset=["svar"])
    copy = answers[answers["utvardering"] == 3000].dropna(subset=["svar"])
    fritext_ids = {f for f in original["fraga_id"] if f.startswith(("ds", "prio", "ovriga"))}
    original_texts = set(original.loc[original["fraga_id"].isin(fritext_ids), "svar"])
    copy_texts = set(copy.loc[copy["fraga_id"].isin(fritext_ids), "svar"])
    assert copy_texts and len(copy_texts - original_texts) > len(copy_texts) // 2


def test_multi_respondent_files(tmp_path):
    out = write_scaled(tmp_path / "raw", respondenter=4, utvarderingar=3)
    utv = pd.read_csv(out / "utvarderingar.csv")
    assert list(utv["svarsmodell"]) == ["flera_per_kommun"] * 3
    for fil in utv["fil"]:
        frame = pd.read_excel(out / fil, sheet_name="Svar")
        assert len(frame) == 15 * 4
        assert frame.groupby("Kommun")["E-post"].nunique().eq(4).all()
        assert frame["E-post"].is_unique
        assert set(frame["Roll"]) == {"förtroendevald", "tjänsteperson"}
        assert frame.groupby("Kommun")["Roll"].value_counts().eq(2).all()
        assert frame["Forum"].notna().all()


def test_demo_data_unchanged_by_the_scaled_generator(tmp_path):
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in RAW_DIR.iterdir()}
    out = tmp_path / "raw"
    done = subprocess.run([sys.executable, "-m", "pipelines.demo", "--scale", "1", "--out", str(out)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert before == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in RAW_DIR.iterdir()}
    for name in ("kommuner.csv", "fragekatalog.csv", "utvardering_2024.xlsx", "utvarderingar.csv"):
        assert (out / name).exists()
    assert sources.read_utvarderingar(out)["utvardering"].astype(int).tolist() == [2024, 2025]
