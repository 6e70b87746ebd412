"""`python -m pipelines.scenarier`: the CSV contract other tools rely on, and its errors (exit 2, nothing written)."""

import csv
import shutil
import subprocess
import sys

import duckdb
import pytest

from pipelines.scenarier.__main__ import main
from pipelines.settings import PROJECT_ROOT

HEADER = ["kommunkod", "kommun", "ar", "invanare", "belopp_kr", "kr_per_invanare", "forandring_kr",
          "forandring_procent"]
VALID = """namn = "Per invånare, tak 10 %"
modell = "per_invanare"
kostnad_2027_kr = 9_100_000
upprakning_procent = 2.0
tak_forandring_procent = 10
"""


def write(tmp_path, text: str, name: str = "s.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read_rows(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def output(demo_db, tmp_path_factory):
    """Run the CLI as other tools do: a separate process on the demo database."""
    folder = tmp_path_factory.mktemp("cli")
    out = folder / "ut.csv"
    result = subprocess.run(
        [sys.executable, "-m", "pipelines.scenarier", "--scenario", str(write(folder, VALID)), "--output", str(out),
         "--db", str(demo_db)], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Skrev" in result.stdout and "15 kommuner × 4 år" in result.stdout
    return out


def test_header_and_one_row_per_kommun_and_year(output):
    first_line = output.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == ",".join(HEADER)
    rows = read_rows(output)
    assert len(rows) == 60
    assert {(r["kommunkod"], r["ar"]) for r in rows} == {(k, str(a)) for k in {r["kommunkod"] for r in rows}
                                                         for a in range(2027, 2031)}
    assert any(r["kommun"] == "Umeå" for r in rows)  # UTF-8


def test_every_year_sums_to_the_cost_raised_by_the_upprakning(output):
    rows = read_rows(output)
    sums = {a: sum(int(r["belopp_kr"]) for r in rows if r["ar"] == str(a)) for a in range(2027, 2031)}
    assert sums == {2027: 9_100_000, 2028: 9_282_000, 2029: 9_467_640, 2030: 9_656_993}  # 9 656 992,8 → 993


def test_change_2027_is_against_the_real_anslag_2026_and_capped(output, demo_db):
    with duckdb.connect(str(demo_db), read_only=True) as con:
        bjurholm_2026 = con.execute("select sum(belopp_kr) from anslag where part = 'kommun' and ar = 2026 "
                                    "and kommunkod = '2403'").fetchone()[0]
        invanare = con.execute("select invanare from invanare_prognos where kommunkod = '2403' and ar = 2027"
                               ).fetchone()[0]
    row = next(r for r in read_rows(output) if r["kommunkod"] == "2403" and r["ar"] == "2027")
    # Per invånare Bjurholm would pay about 77 000 kr; the 10 % cap holds it at 90 % of 136 400 kr.
    assert int(row["belopp_kr"]) == 122_760 == round(bjurholm_2026 * 0.9)
    assert int(row["forandring_kr"]) == 122_760 - bjurholm_2026
    assert row["forandring_procent"] == "-10.00"
    assert int(row["invanare"]) == invanare
    assert row["kr_per_invanare"] == f"{122_760 / invanare:.2f}"


def test_change_in_later_years_is_against_the_year_before(output):
    rows = {(r["kommunkod"], r["ar"]): r for r in read_rows(output)}
    for kod in ("2480", "2403"):
        assert int(rows[(kod, "2029")]["forandring_kr"]) == (int(rows[(kod, "2029")]["belopp_kr"])
                                                             - int(rows[(kod, "2028")]["belopp_kr"]))


@pytest.mark.parametrize("text, field", [
    (VALID.replace('"per_invanare"', '"per_kommun"'), "modell"),
    (VALID.replace('"per_invanare"', '"fast_plus_per_invanare"') + "fast_andel = 1.5\n", "fast_andel"),
    (VALID.replace("9_100_000", "-9_100_000"), "kostnad_2027_kr"),
    (VALID.replace("upprakning_procent = 2.0\n", ""), "upprakning_procent"),
    (VALID.replace("tak_forandring_procent = 10", "tak_forandring_procent = 0.1"), "tak_forandring_procent"),
    ('namn = "trasig\n', "scenario"),
])
def test_invalid_scenario_exits_2_naming_the_field_and_writes_nothing(demo_db, tmp_path, capsys, text, field):
    out = tmp_path / "ut.csv"
    out.write_text("tidigare innehåll\n", encoding="utf-8")
    code = main(["--scenario", str(write(tmp_path, text)), "--output", str(out), "--db", str(demo_db)])
    assert code == 2
    err = capsys.readouterr().err
    assert f"fältet '{field}'" in err and "Ingen fil skrevs." in err
    assert out.read_text(encoding="utf-8") == "tidigare innehåll\n"
    assert {p.name for p in tmp_path.iterdir()} == {"s.toml", "ut.csv"}  # no temporary file left behind


def test_missing_population_exits_2(demo_db, tmp_path, capsys):
    db = tmp_path / "utan.duckdb"
    shutil.copy(demo_db, db)
    with duckdb.connect(str(db)) as con:
        con.execute("delete from invanare_prognos where kommunkod = '2463' and ar = 2029")
    out = tmp_path / "ut.csv"
    assert main(["--scenario", str(write(tmp_path, VALID)), "--output", str(out), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "fältet 'invanare'" in err and "Åsele (2463) år 2029" in err
    assert not out.exists()


def test_missing_scenario_file_exits_2(demo_db, tmp_path, capsys):
    assert main(["--scenario", str(tmp_path / "finns-inte.toml"), "--output", str(tmp_path / "ut.csv"),
                 "--db", str(demo_db)]) == 2
    assert "finns inte" in capsys.readouterr().err


def test_builds_the_database_when_missing(demo_env, tmp_path):
    db = tmp_path / "ny" / "utvardering.duckdb"
    out = tmp_path / "ut.csv"
    assert main(["--scenario", str(write(tmp_path, VALID)), "--output", str(out), "--db", str(db)]) == 0
    assert db.exists() and len(read_rows(out)) == 60
