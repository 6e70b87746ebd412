"""`python -m pipelines.scenarier --scenario S.toml --output OUT.csv [--db PATH]`: one scenario to CSV.

S.toml (UTF-8): namn, modell, kostnad_2027_kr, upprakning_procent and, where needed, fast_andel (0–1)
and tak_forandring_procent. OUT.csv (UTF-8, comma, '.' decimal point): one row per kommun and year
2027–2030 with kommunkod, kommun, ar, invanare, belopp_kr, kr_per_invanare, forandring_kr,
forandring_procent (against the year before; 2027 against the real anslag 2026).

Exit codes: 0 written; 2 invalid scenario (the message names the field; nothing written);
1 the database could not be built or read. Reads the published database, building it first if missing.
"""

from __future__ import annotations

import argparse
import os
import sys
import tomllib
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.build import BuildError, run
from pipelines.scenarier.modeller import AR, ScenarioFel, berakna, las_scenario
from pipelines.scenarier.underlag import las_underlag_fran_fil
from pipelines.settings import setting

KOLUMNER = ["kommunkod", "kommun", "ar", "invanare", "belopp_kr", "kr_per_invanare", "forandring_kr",
            "forandring_procent"]
DECIMALER = 2


def las_toml(path: Path) -> dict:
    """The scenario file's fields; ScenarioFel (field 'scenario') when it is missing or not valid TOML."""
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ScenarioFel("scenario", f"filen {path} finns inte.") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ScenarioFel("scenario", f"filen {path} är inte giltig TOML (UTF-8): {error}.") from None


def csv_rader(resultat: pd.DataFrame) -> pd.DataFrame:
    """The contract's columns in kommunkod and year order, decimals rounded to two places."""
    out = resultat.sort_values(["kommunkod", "ar"])[KOLUMNER].copy()
    for kolumn in ("kr_per_invanare", "forandring_procent"):
        out[kolumn] = out[kolumn].round(DECIMALER)
    return out


def skriv_csv(rader: pd.DataFrame, path: Path) -> None:
    """Write the CSV atomically: a temporary file next to it, then renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        rader.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n", float_format=f"%.{DECIMALER}f")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.scenarier",
                                     description="Beräkna vad varje kommun betalar 2027–2030 i ett scenario.")
    parser.add_argument("--scenario", type=Path, required=True, help="scenariofil (TOML, UTF-8)")
    parser.add_argument("--output", type=Path, required=True, help="CSV-fil att skriva")
    parser.add_argument("--db", type=Path, default=None,
                        help=f"databasfil att läsa (standard: {setting('db_path')}); byggs om den saknas")
    args = parser.parse_args(argv)
    db_path = args.db or setting("db_path")
    try:
        scenario = las_scenario(las_toml(args.scenario))
        if not db_path.exists():
            run(setting("raw_dir"), db_path)
        resultat = berakna(scenario, las_underlag_fran_fil(db_path))
    except ScenarioFel as error:
        print(f"FEL i scenariot, {error}\nIngen fil skrevs.", file=sys.stderr)
        return 2
    except BuildError as error:
        print(f"FEL: databasen kunde inte byggas: {error}\nIngen fil skrevs.", file=sys.stderr)
        return 1
    except duckdb.Error as error:
        print(f"FEL: databasen {db_path} kunde inte läsas ({error}). Bygg om den med `python -m pipelines`.\n"
              "Ingen fil skrevs.", file=sys.stderr)
        return 1
    skriv_csv(csv_rader(resultat), args.output)
    print(f"Skrev {args.output}: {len(resultat)} rader, {resultat['kommunkod'].nunique()} kommuner × {len(AR)} år "
          f"({AR[0]}–{AR[-1]}), scenario '{scenario.namn}'.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
