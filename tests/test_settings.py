"""The settings registry: typed entries, environment overrides, Swedish errors, and the docs name every setting."""

import shutil
from pathlib import Path

import pytest

from pipelines.build import BuildError, run
from pipelines.settings import (PROJECT_ROOT, SETTINGS, SettingError, setting, setting_entry, setting_int,
                                setting_ints, setting_str)
from tests.conftest import RAW_DIR

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
RAW_README = (PROJECT_ROOT / "data" / "raw" / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("entry", SETTINGS, ids=lambda e: e.name)
def test_every_setting_and_its_variable_is_named_in_the_readme(entry):
    assert f"`{entry.name}`" in README and f"`{entry.env}`" in README


@pytest.mark.parametrize("entry", SETTINGS, ids=lambda e: e.name)
def test_every_entry_is_typed_and_named_consistently(entry):
    assert entry.env == f"UTV_{entry.name.upper()}"
    assert entry.type in (Path, str, int, tuple) and entry.help
    if entry.type is not Path:
        assert isinstance(entry.default, entry.type)


@pytest.mark.parametrize("name", [e.name for e in SETTINGS if e.name.endswith("_file")] + ["budget_sheet"])
def test_raw_file_and_sheet_names_are_the_documented_contract(name):
    assert f"`{setting_str(name)}`" in RAW_README
    assert (RAW_DIR / setting_str(name)).is_file() or name == "budget_sheet"


def test_defaults():
    assert setting("raw_dir") == PROJECT_ROOT / "data" / "raw"
    assert setting_int("budget_threshold_pct") == 2
    assert setting_ints("budget_threshold_choices_pct") == (1, 2, 5, 10)
    assert (setting_int("fritext_page_size"), setting_int("fritext_review_page_size")) == (20, 10)
    assert setting_str("default_kommun") == "2480"
    assert setting_str("synthetic_notice") == "syntetiska demodata"


def test_the_default_threshold_is_one_of_the_choices():
    assert setting_int("budget_threshold_pct") in setting_ints("budget_threshold_choices_pct")


def test_environment_overrides_each_type(monkeypatch, tmp_path):
    monkeypatch.setenv("UTV_USER_DIR", str(tmp_path))
    monkeypatch.setenv("UTV_FRITEXT_PAGE_SIZE", "50")
    monkeypatch.setenv("UTV_BUDGET_THRESHOLD_CHOICES_PCT", "1, 3,5")
    monkeypatch.setenv("UTV_DEFAULT_KOMMUN", "2482")
    assert setting("user_dir") == tmp_path
    assert setting_int("fritext_page_size") == 50
    assert setting_ints("budget_threshold_choices_pct") == (1, 3, 5)
    assert setting_str("default_kommun") == "2482"


def test_an_empty_variable_keeps_a_default_but_empties_a_text(monkeypatch):
    monkeypatch.setenv("UTV_RAW_DIR", "")
    monkeypatch.setenv("UTV_FRITEXT_PAGE_SIZE", "")
    monkeypatch.setenv("UTV_SYNTHETIC_NOTICE", "")
    assert setting("raw_dir") == PROJECT_ROOT / "data" / "raw"
    assert setting_int("fritext_page_size") == 20
    assert setting_str("synthetic_notice") == ""


@pytest.mark.parametrize("name, value, expected", [
    ("fritext_page_size", "tjugo", "måste vara ett heltal"),
    ("budget_threshold_choices_pct", "1;2", "måste vara heltal åtskilda med kommatecken"),
])
def test_a_wrong_value_is_a_swedish_error_naming_the_variable(monkeypatch, name, value, expected):
    entry = setting_entry(name)
    monkeypatch.setenv(entry.env, value)
    reader = setting_int if entry.type is int else setting_ints
    with pytest.raises(SettingError, match=rf"^{entry.env}: värdet '{value}' för inställningen {name} {expected}"):
        reader(name)


def test_the_accessor_must_match_the_type():
    with pytest.raises(TypeError):
        setting("fritext_page_size")
    with pytest.raises(KeyError):
        setting_str("finns_inte")


def test_the_build_reads_the_files_the_settings_name(tmp_path, monkeypatch, demo_env):
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    (raw / "budgetuppfoljning.xlsx").rename(raw / "budget 2024.xlsx")
    monkeypatch.setenv("UTV_BUDGET_FILE", "budget 2024.xlsx")
    monkeypatch.setenv("UTV_BUDGET_SHEET", "Saknas")
    with pytest.raises(BuildError, match=r"budget 2024\.xlsx.*Saknas"):
        run(raw, tmp_path / "db.duckdb", force=True, log=lambda _m: None)
    monkeypatch.delenv("UTV_BUDGET_SHEET")
    result = run(raw, tmp_path / "db.duckdb", force=True, log=lambda _m: None)
    assert result.rebuilt and result.files == len(list(RAW_DIR.glob("*.csv"))) + len(list(RAW_DIR.glob("*.xlsx")))
