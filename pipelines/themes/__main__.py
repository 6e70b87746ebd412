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
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import RepeatedStratifiedKFold

from pipelines.settings import setting
from pipelines.themes import EVALUATION_PATH, TRAINING_PATH, load_codebook, theme_ids
from pipelines.themes.model import (
    MAX_THEMES,
    THRESHOLD,
    assign_themes,
    codebook_keywords,
    holdout_split,
    keyword_predict,
    load_training,
    main_themes,
    predict,
    split_themes,
    theme_probabilities,
    train_frame,
)
from pipelines.errors import BuildError
from pipelines.themes.retraining import retrain_model, stored_answers
from pipelines.themes.tagging import ensure_model

OUTPUT_COLUMNS = ["theme", "confidence", "themes"]
THRESHOLD_GRID = [round(x, 2) for x in np.arange(0.10, 0.91, 0.05)]


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


def theme_sets_f1(true_sets: list[list[str]], chosen_sets: list[list[str]]) -> float:
    """Mean per-answer F1 between true and assigned tema sets."""
    scores = []
    for true, chosen in zip(true_sets, chosen_sets):
        overlap = len(set(true) & set(chosen))
        scores.append(2 * overlap / (len(set(true)) + len(set(chosen))))
    return float(np.mean(scores))


def assigned_sets(probabilities: pd.DataFrame, threshold: float) -> list[list[str]]:
    """The tema ids assigned to each row of a probability frame at a threshold."""
    return [[tema for tema, _ in assign_themes(row, threshold, MAX_THEMES)] for _, row in probabilities.iterrows()]


def cross_validate(frame: pd.DataFrame, n_splits: int = 5, n_repeats: int = 5, random_state: int = 0) -> dict:
    """Repeated stratified k-fold CV of the model and the keyword baseline on the main tema."""
    ids = theme_ids()
    keywords = codebook_keywords(load_codebook())
    truth = main_themes(frame).to_numpy()
    true_sets = frame["themes"].map(split_themes).tolist()
    folds = {"model": {"acc": [], "f1": []}, "baseline": {"acc": [], "f1": []}}
    per_repeat = []
    splitter = RepeatedStratifiedKFold(n_splits=n_splits, n_repeats=n_repeats, random_state=random_state)
    for fold, (train_idx, test_idx) in enumerate(splitter.split(frame, truth)):
        if fold % n_splits == 0:
            per_repeat.append({"proba": pd.DataFrame(0.0, index=range(len(frame)), columns=ids),
                               "model": np.empty(len(frame), dtype=object),
                               "baseline": np.empty(len(frame), dtype=object)})
        current = per_repeat[-1]
        train_part, test_part = frame.iloc[train_idx], frame.iloc[test_idx]
        model = train_frame(train_part, random_state=random_state)
        proba = theme_probabilities(model, test_part["text"].tolist())[ids]
        current["proba"].iloc[test_idx] = proba.to_numpy()
        fallback = Counter(truth[train_idx]).most_common(1)[0][0]
        predicted = {"model": proba.idxmax(axis=1).to_numpy(),
                     "baseline": np.array(keyword_predict(test_part["text"], keywords, fallback))}
        for name, values in predicted.items():
            current[name][test_idx] = values
            folds[name]["acc"].append(accuracy_score(truth[test_idx], values))
            folds[name]["f1"].append(f1_score(truth[test_idx], values, labels=ids, average="macro", zero_division=0))
    return summarise(folds, per_repeat, truth, true_sets, ids)


def summarise(folds: dict, per_repeat: list[dict], truth, true_sets, ids: list[str]) -> dict:
    """Turn per-fold scores and out-of-fold predictions into the evaluation figures."""
    result = {}
    for name in ("model", "baseline"):
        per_theme = np.mean([f1_score(truth, r[name], labels=ids, average=None, zero_division=0)
                             for r in per_repeat], axis=0)
        result[name] = {
            "top1_accuracy_mean": round(float(np.mean(folds[name]["acc"])), 4),
            "top1_accuracy_sd": round(float(np.std(folds[name]["acc"], ddof=1)), 4),
            "macro_f1_mean": round(float(np.mean(folds[name]["f1"])), 4),
            "macro_f1_sd": round(float(np.std(folds[name]["f1"], ddof=1)), 4),
            "f1_per_theme": {tema: round(float(v), 4) for tema, v in zip(ids, per_theme)},
        }
    pairs = Counter((t, p) for r in per_repeat for t, p in zip(truth, r["model"]) if t != p)
    result["confusions"] = [{"true": t, "predicted": p, "count": round(n / len(per_repeat), 1)}
                            for (t, p), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:10]]
    scores = {th: float(np.mean([theme_sets_f1(true_sets, assigned_sets(r["proba"], th)) for r in per_repeat]))
              for th in THRESHOLD_GRID}
    best = max(scores, key=lambda th: (round(scores[th], 3), -th))
    result["threshold_tuning"] = {"grid_best": best, "theme_set_f1_at_best": round(scores[best], 4),
                                  "theme_set_f1_at_threshold": round(scores.get(THRESHOLD, float("nan")), 4),
                                  "theme_set_f1_by_threshold": {str(th): round(v, 4) for th, v in scores.items()}}
    return result


def holdout_scores(frame: pd.DataFrame, random_state: int = 0) -> dict:
    """Train on the development part, score top-1 accuracy of model and baseline on the held-out part."""
    development, test = holdout_split(frame, random_state=random_state)
    model = train_frame(development, random_state=random_state)
    truth = main_themes(test).to_numpy()
    predicted = [p.theme for p in predict(model, test["text"].tolist())]
    fallback = main_themes(development).value_counts().index[0]
    baseline = keyword_predict(test["text"], codebook_keywords(load_codebook()), fallback)
    return {"n": int(len(test)), "model": round(float(accuracy_score(truth, predicted)), 4),
            "baseline": round(float(accuracy_score(truth, baseline)), 4)}


def evaluation_report(training_path: Path = TRAINING_PATH, n_splits: int = 5, n_repeats: int = 5) -> dict:
    """All evaluation figures: CV on the development part, then the held-out test part."""
    frame = load_training(training_path)
    development, _ = holdout_split(frame)
    figures = cross_validate(development.reset_index(drop=True), n_splits, n_repeats)
    holdout = holdout_scores(frame)
    return {
        "date": date.today().isoformat(),
        "n_examples": int(len(frame)),
        "n_cv_examples": int(len(development)),
        "cv": {"method": "RepeatedStratifiedKFold on main tema", "n_splits": n_splits,
               "n_repeats": n_repeats, "random_state": 0},
        "threshold": THRESHOLD,
        "max_themes": MAX_THEMES,
        **figures,
        "holdout_n": holdout["n"],
        "holdout_top1_accuracy": holdout["model"],
        "holdout_top1_accuracy_baseline": holdout["baseline"],
    }


def print_report(report: dict) -> None:
    """Print the evaluation in Swedish with decimal commas."""
    labels = dict(zip(load_codebook()["id"], load_codebook()["label"]))
    model, baseline = report["model"], report["baseline"]
    cv = report["cv"]
    print(f"Korsvalidering: {cv['n_splits']} delar × {cv['n_repeats']} upprepningar, "
          f"{report['n_cv_examples']} exempel (testdelen på {report['holdout_n']} hålls utanför)")
    print(f"{'':34}{'Modell':>14}{'Nyckelord (baslinje)':>24}")
    for title, key in (("Träffsäkerhet (topp 1)", "top1_accuracy"), ("Makro-F1", "macro_f1")):
        cells = [f"{sv(m[key + '_mean'])} ± {sv(m[key + '_sd'])}" for m in (model, baseline)]
        print(f"{title + ':':34}{cells[0]:>14}{cells[1]:>24}")
    print("F1 per tema:")
    for tema in model["f1_per_theme"]:
        print(f"  {labels[tema]:32}{sv(model['f1_per_theme'][tema]):>14}{sv(baseline['f1_per_theme'][tema]):>24}")
    print("Vanligaste förväxlingar (sant tema → förutsagt, antal per genomgång):")
    for row in report["confusions"]:
        print(f"  {labels[row['true']]} → {labels[row['predicted']]}: {sv(row['count'], 1)}")
    tuning = report["threshold_tuning"]
    print(f"Tröskel för ytterligare teman: {sv(report['threshold'])} (bäst i korsvalideringen: "
          f"{sv(tuning['grid_best'])}; F1 för temamängder: {sv(tuning['theme_set_f1_at_threshold'])})")
    print(f"Träffsäkerhet (topp 1) på testdelen (n = {report['holdout_n']}): "
          f"{sv(report['holdout_top1_accuracy'])} (baslinje {sv(report['holdout_top1_accuracy_baseline'])})")


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
    commands.add_parser("evaluate", help="Korsvalidera modellen mot en nyckelordsbaslinje.")
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
