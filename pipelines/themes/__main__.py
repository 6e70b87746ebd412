"""Command line for the tema classifier.

    python -m pipelines.themes predict --input IN.csv --output OUT.csv
    python -m pipelines.themes evaluate
    python -m pipelines.themes retrain

predict: IN is a UTF-8 CSV with a column ``text``; all its columns and rows are
kept in order (values untouched) and three columns are added (replacing any
with the same names): ``theme`` (top tema id), ``confidence`` (0-1, three
decimals, '.' as decimal point) and ``themes`` (all assigned tema ids, top
first, separated by ';'). A blank text gets empty theme, confidence and
themes. Without a valid stored model one is trained first (a few seconds).

Errors (missing file, no ``text`` column, unreadable CSV) are reported in
Swedish on stderr with exit code 2. A failed retraining is reported in Swedish
with exit code 1 (details in the log file).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from pipelines.settings import setting
from pipelines.themes import EVALUATION_PATH, load_codebook
from pipelines.themes.evaluation import evaluation_report
from pipelines.themes.model import predict
from pipelines.errors import BuildError
from pipelines.themes.retraining import retrain_model, stored_answers
from pipelines.themes.tagging import ensure_model

OUTPUT_COLUMNS = ["theme", "confidence", "themes"]


class CliError(Exception):
    """An error to show the user (in Swedish) before exiting with code 2."""


def sv(value: float, decimals: int = 2) -> str:
    """A number with a Swedish decimal comma: 0.873 -> '0,87'."""
    return f"{value:.{decimals}f}".replace(".", ",")


# --- predict ------------------------------------------------------------------


def read_input(path: Path) -> pd.DataFrame:
    """Read the input CSV with every value as text; CliError when missing, unreadable or without `text`."""
    if not path.is_file():
        raise CliError(f"Filen finns inte: {path}")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CliError(f"Filen är inte UTF-8-kodad: {path}") from None
    except (pd.errors.EmptyDataError, pd.errors.ParserError) as error:
        raise CliError(f"Kunde inte läsa CSV-filen {path}: {error}") from None
    if "text" not in frame.columns:
        found = ", ".join(map(str, frame.columns)) or "inga"
        raise CliError(f"Kolumnen 'text' saknas i {path} (kolumner i filen: {found})")
    return frame


def prediction_columns(model, texts: list[str]) -> pd.DataFrame:
    """The three output columns as text: theme, confidence ('0.873'), themes ('a;b')."""
    predictions = predict(model, texts)
    return pd.DataFrame(
        {
            "theme": [p.theme for p in predictions],
            "confidence": ["" if p.confidence is None else f"{p.confidence:.3f}" for p in predictions],
            "themes": [";".join(tema for tema, _ in p.themes) for p in predictions],
        },
        dtype=str,
    )


def run_predict(input_path: Path, output_path: Path) -> int:
    """Tag the texts of a CSV file and write it out with theme, confidence and themes added."""
    frame = read_input(input_path)
    model = ensure_model(setting("model_dir"), setting("user_dir"), stored_answers())
    added = prediction_columns(model, frame["text"].tolist())
    result = pd.concat([frame.drop(columns=OUTPUT_COLUMNS, errors="ignore"), added], axis=1)
    output_path.parent.mkdir(parents=True, exist_ok=True)
    result.to_csv(output_path, index=False, encoding="utf-8", lineterminator="\n")
    print(f"Skrev {len(result)} rader till {output_path}")
    return 0


# --- evaluate -----------------------------------------------------------------

TYPES = {"forkortning": "förkortningar och jargong", "diakritik": "utan å, ä och ö",
         "konsekvens": "bara konsekvenser", "ytord": "missvisande ytord", "flera": "flera teman"}


def figure_cells(scores: dict, key: str) -> str:
    """'0,87 ± 0,02' for CV means, '0,87' for single figures, '–' when missing."""
    if f"{key}_mean" in scores:
        return f"{sv(scores[key + '_mean'])} ± {sv(scores[key + '_sd'])}"
    return sv(scores[key]) if key in scores else "–"


def print_table(title: str, model: dict, baseline: dict) -> None:
    """One block of figures: model next to the keyword baseline."""
    print(title)
    print(f"  {'':30}{'Modell':>16}{'Nyckelord (baslinje)':>24}")
    for label, key in (("Träffsäkerhet (topp 1)", "top1_accuracy"), ("F1 för temamängder", "set_f1"),
                       ("Makro-F1", "macro_f1"), ("Kalibreringsfel (ECE)", "ece")):
        print(f"  {label + ':':30}{figure_cells(model, key):>16}{figure_cells(baseline, key):>24}")


def print_report(report: dict) -> None:
    """Print the evaluation in Swedish with decimal commas."""
    labels = dict(zip(load_codebook()["id"], load_codebook()["label"]))
    cv = report["cv"]
    print_table(f"Korsvalidering: {cv['n_splits']} delar × {cv['n_repeats']} upprepningar, "
                f"{report['n_cv_examples']} exempel (testdelen på {report['holdout_n']} hålls utanför)",
                report["model"], report["baseline"])
    model = report["model"]
    print(f"  Kalibreringsfel ({report['ece_bins']} lika breda intervall) per del: "
          + ", ".join(sv(v, 3) for v in model["ece_folds"])
          + f"; en perfekt kalibrerad modell skulle av slumpen visa {sv(model['ece_noise_floor_mean'], 3)} "
          f"per del i genomsnitt")
    print(f"  Kalibreringsfel över alla svar utanför träningsdelen (sammanslaget): "
          f"{sv(model['ece_pooled'], 3)} (slumpnivå {sv(model['ece_pooled_noise_floor'], 3)})")
    print("F1 per tema (korsvalidering):")
    for tema in report["model"]["f1_per_theme"]:
        print(f"  {labels[tema]:34}{sv(report['model']['f1_per_theme'][tema]):>12}"
              f"{sv(report['baseline']['f1_per_theme'][tema]):>24}")
    print("Vanligaste förväxlingar (sant tema → förutsagt, antal per genomgång):")
    for row in report["confusions"]:
        print(f"  {labels[row['true']]} → {labels[row['predicted']]}: {sv(row['count'], 1)}")
    print_table(f"Testdelen, aldrig använd för träning (n = {report['holdout_n']})",
                report["holdout"]["model"], report["holdout"]["baseline"])
    print(f"  Kalibreringsfel utan kalibrering: {sv(report['holdout']['model']['ece_uncalibrated'])}")
    print_table(f"Svåra fall, egen testmängd (n = {report['hard_n']})", report["hard"]["model"],
                report["hard"]["baseline"])
    for typ, scores in report["hard_by_type"].items():
        print(f"  {TYPES.get(typ, typ)}: träffsäkerhet {sv(scores['top1_accuracy'])}, "
              f"F1 för temamängder {sv(scores['set_f1'])}")
    print("Trösklar per tema: " + ", ".join(f"{labels[t]} {sv(v)}" for t, v in report["thresholds"].items()))


def run_evaluate(output: Path = EVALUATION_PATH) -> int:
    """Evaluate model and baseline, print the figures and write them to evaluation.json."""
    report = evaluation_report()
    print_report(report)
    output.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"Skrev {output}")
    return 0


def run_retrain() -> int:
    """Retrain on the training data plus users' corrections and store the model (waits for a running build)."""
    try:
        result = retrain_model(rebuild=False, log=print)
    except BuildError as error:
        print(f"FEL: Omträningen misslyckades: {error}\nDen publicerade databasen är oförändrad.",
              file=sys.stderr)
        return 1
    note = "" if result.answers_available else " (ingen kurerad databas: korrigeringar kunde inte användas)"
    print(f"Modellen tränades om och sparades i {setting('model_dir')}{note}. "
          "Kör python -m pipelines för att tagga om alla svar med den.")
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m pipelines.themes", description="Temaklassning av fritextsvar.")
    commands = parser.add_subparsers(dest="command", required=True)
    predict_cmd = commands.add_parser("predict", help="Klassa texterna i en CSV-fil (kolumnen text).")
    predict_cmd.add_argument("--input", required=True, type=Path, help="CSV-fil (UTF-8) med kolumnen text.")
    predict_cmd.add_argument("--output", required=True, type=Path, help="CSV-fil att skriva.")
    commands.add_parser("evaluate", help="Utvärdera modellen mot en nyckelordsbaslinje (korsvalidering, testdel, svåra fall).")
    commands.add_parser("retrain", help="Träna om med träningsdata och användarnas korrigeringar.")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run a subcommand; user errors print a Swedish message and return 2."""
    args = parse_args(argv)
    try:
        if args.command == "predict":
            return run_predict(args.input, args.output)
        if args.command == "evaluate":
            return run_evaluate()
        return run_retrain()
    except CliError as error:
        print(f"Fel: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
