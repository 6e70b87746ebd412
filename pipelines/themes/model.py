"""The tema classifier: features, the pipeline factory, training, prediction and storage.

Design (measured with ``python -m pipelines.themes evaluate``; figures in the README):

* normalisation as data: abbreviations and jargon of kommun and regional administration
  (``forkortningar.csv``, extendable by users) are expanded before any feature is made;
  the part after an answer's last contrast word ("men", "däremot", "snarare", "istället",
  ", utan") is counted twice (``focus``), so the point an answer turns to outweighs the
  surface words it turns away from;
* two channels: the text as written gives codebook keyword counts (stemmed words of each
  tema's label and description, compound-aware, weight 0.1); the text without diacritics
  (å/ä/ö folded) gives the same keyword counts plus character n-grams within word
  boundaries (``char_wb``, 2-5, sublinear TF-IDF). Character n-grams of the written text as
  well measured no better (cross-validated top-1 0,71 either way) and cost half the
  prediction time, so they are off by default (``original_chars``);
* classifier: one-vs-rest over the 12 teman, each a linear SVM whose score becomes a
  probability 0..1 by Platt scaling fitted on 5-fold out-of-fold scores; every tema's
  "label. description" is also one training example; an answer's further (not main) teman
  count with weight 0.25 as positive examples (``secondary_weight``), so its main tema
  tends to score highest (both settings chosen by cross-validation);
* multi-label: at training time, the same out-of-fold probabilities choose one threshold per tema that maximises the mean per-answer F1 of the
  tema sets; an answer gets its top tema plus every tema over its threshold (no fixed cap);
* calibrated confidence: an isotonic regression, fitted on the same out-of-fold
  probabilities, maps the top tema's probability to the chance that the top tema is one
  of the answer's teman. That calibrated number is the confidence shown and stored.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold, train_test_split
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC

from pipelines.locks import exclusive
from pipelines.themes import CODEBOOK_PATH, TRAINING_PATH, load_codebook, theme_ids
from pipelines.themes.features import (
    Folder,
    KeywordCounts,
    Normaliser,
    WordCachedTfidf,
    abbreviation_sources,
    expansion_table,
    fold,
    keyword_count_matrix,
    load_abbreviations,
    merge_columns,
    word_tokens,
)

THRESHOLD_GRID = np.round(np.arange(0.10, 0.91, 0.05), 2)
OOF_FOLDS = 5
SECONDARY_WEIGHT = 0.25
"""Weight of a further (not main) tema's positive example in that tema's SVM (chosen by cross-validation)."""
FOCUS = True
"""Whether the part after an answer's last contrast word is counted twice (see Normaliser)."""

SEPARATOR = ";"
MODEL_FILE = "temamodell.joblib"
SIDECAR_FILE = "temamodell.json"
MODEL_LOCK = ".temamodell.lock"
TAG_CACHE_FILE = "temataggar.cache"
"""Predictions of the stored model keyed by text hash (see tagging.cached_predict)."""


@dataclass(frozen=True)
class Prediction:
    """The teman assigned to one text: top tema first, each with a confidence 0..1.

    The top tema's confidence is calibrated (the chance it is right); the others' are
    their per-tema probabilities. A blank text gets ``theme == ""``, ``confidence is None``
    and no themes.
    """

    theme: str
    confidence: float | None
    themes: tuple[tuple[str, float], ...]


# --- data -------------------------------------------------------------------


def split_themes(value: str) -> list[str]:
    """Split ``"a;b"`` into ``["a", "b"]`` (first = main tema), ignoring blanks."""
    return [part.strip() for part in str(value).split(SEPARATOR) if part.strip()]


def load_training(path: Path = TRAINING_PATH) -> pd.DataFrame:
    """Read a training CSV (columns text, themes) and check every tema id against the codebook."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = {"text", "themes"} - set(frame.columns)
    if missing:
        raise ValueError(f"{path}: kolumner saknas: {', '.join(sorted(missing))}")
    frame = frame.loc[frame["text"].str.strip() != "", ["text", "themes"]].reset_index(drop=True)
    known = set(theme_ids())
    for row, value in enumerate(frame["themes"], start=2):
        unknown = [t for t in split_themes(value) if t not in known]
        if unknown or not split_themes(value):
            raise ValueError(f"{path}, rad {row}: okänt eller saknat tema: {value!r}")
    return frame


def main_themes(frame: pd.DataFrame) -> pd.Series:
    """The main (first) tema of each training row."""
    return frame["themes"].map(lambda value: split_themes(value)[0])


def holdout_split(
    frame: pd.DataFrame, test_size: float = 0.2, random_state: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split labelled data once, stratified on the main tema, into (train, test)."""
    train_part, test_part = train_test_split(
        frame, test_size=test_size, random_state=random_state, stratify=main_themes(frame)
    )
    return train_part.sort_index(), test_part.sort_index()


# --- the keyword baseline -----------------------------------------------------


def keyword_predict(texts: Sequence[str], keywords: dict[str, frozenset[str]], fallback: str) -> list[str]:
    """Baseline: the tema whose codebook keywords occur most often (ties: codebook order; none: fallback)."""
    counts = keyword_count_matrix(list(texts), keywords)
    names = list(keywords)
    return [names[int(row.argmax())] if row.max() > 0 else fallback for row in counts]


# --- pipeline and training --------------------------------------------------


class PlattOvR(ClassifierMixin, BaseEstimator):
    """One-vs-rest linear SVMs whose scores are turned into probabilities by Platt scaling on out-of-fold scores.

    Y: rows × teman, > 0 where the tema is one of the row's teman; a value below 1 marks a
    further (not the main) tema, whose positive example counts with ``secondary_weight``
    in that tema's SVM (so the main tema of an answer tends to score highest).
    fit keeps ``oof_proba_``: the out-of-fold probabilities of the training rows, for
    choosing thresholds and calibrating confidence without another round of training.
    """

    def __init__(self, C: float = 0.5, folds: int = OOF_FOLDS, random_state: int = 0, secondary_weight: float = 1.0):
        self.C = C
        self.folds = folds
        self.random_state = random_state
        self.secondary_weight = secondary_weight

    def _svms(self, X, Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Weights (features × teman) and intercepts of one linear SVM per tema fitted on X, Y."""
        coef, intercept = np.zeros((X.shape[1], Y.shape[1])), np.zeros(Y.shape[1])
        for j in range(Y.shape[1]):
            positive = Y[:, j] > 0
            if positive.all() or not positive.any():  # one class only: a constant score
                intercept[j] = 1.0 if positive.any() else -1.0
                continue
            weight = np.where(positive & (Y[:, j] < 1), self.secondary_weight, 1.0)
            svm = LinearSVC(C=self.C, random_state=self.random_state).fit(X, positive, sample_weight=weight)
            coef[:, j], intercept[j] = svm.coef_.ravel(), float(svm.intercept_[0])
        return coef, intercept

    def fit(self, X, Y):
        """Fit the SVMs on all rows and one sigmoid per tema on their out-of-fold scores."""
        Y = np.asarray(Y, dtype=float)
        scores = np.zeros(Y.shape, dtype=float)
        splitter = KFold(self.folds, shuffle=True, random_state=self.random_state)
        for train_idx, test_idx in splitter.split(Y):
            coef, intercept = self._svms(X[train_idx], Y[train_idx])
            scores[test_idx] = np.asarray(X[test_idx] @ coef) + intercept
        self.sigmoids_ = [LogisticRegression(C=100.0).fit(scores[:, [j]], Y[:, j] > 0) for j in range(Y.shape[1])]
        self.oof_proba_ = self._proba(scores)
        self.coef_, self.intercept_ = self._svms(X, Y)
        return self

    def _proba(self, scores: np.ndarray) -> np.ndarray:
        return np.column_stack([s.predict_proba(scores[:, [j]])[:, 1] for j, s in enumerate(self.sigmoids_)])

    def predict_proba(self, X) -> np.ndarray:
        """Per-tema probabilities 0..1 (columns in label order)."""
        return self._proba(np.asarray(X @ self.coef_) + self.intercept_)

    def weights(self) -> tuple[np.ndarray, np.ndarray]:
        """The SVMs' weights (features × teman) and intercepts (teman)."""
        return self.coef_, self.intercept_

    def proba_from_scores(self, scores: np.ndarray) -> np.ndarray:
        """Probabilities from SVM scores (as ``decision_function`` gives them)."""
        return self._proba(scores)

    def predict(self, X) -> np.ndarray:
        """The top tema's column per row."""
        return self.predict_proba(X).argmax(axis=1)


def channel(folded: bool, keyword_weight: float, chars: bool = True, ngram_range: tuple[int, int] = (2, 5)) -> Pipeline:
    """One feature channel: char n-grams (when chars) and keyword counts, on the text as written or folded."""
    parts = [("tecken", WordCachedTfidf(analyzer="char_wb", ngram_range=ngram_range, sublinear_tf=True))] if chars else []
    blocks = FeatureUnion(parts + [("nyckelord", KeywordCounts(folded=folded))],
                          transformer_weights={**({"tecken": 1.0} if chars else {}), "nyckelord": keyword_weight})
    return Pipeline([("vikning", Folder()), ("block", blocks)]) if folded else Pipeline([("block", blocks)])


def build_pipeline(
    random_state: int = 0, *, C: float = 0.5, keyword_weight: float = 0.1, folded_weight: float = 1.0,
    original_chars: bool = False, ngram_range: tuple[int, int] = (2, 5), folds: int = OOF_FOLDS,
    secondary_weight: float = SECONDARY_WEIGHT, focus: bool = FOCUS,
) -> Pipeline:
    """The unfitted tema pipeline: abbreviations expanded, original + folded channels, calibrated OvR SVMs."""
    features = FeatureUnion([("original", channel(False, keyword_weight, original_chars, ngram_range)),
                             ("vikt", channel(True, keyword_weight, True, ngram_range))],
                            transformer_weights={"original": 1.0, "vikt": folded_weight})
    classifier = PlattOvR(C=C, folds=folds, random_state=random_state, secondary_weight=secondary_weight)
    return Pipeline([("normalisering", Normaliser(focus=focus)), ("features", features), ("tema", classifier)])


def codebook_examples() -> pd.DataFrame:
    """One training example per tema from the codebook: "label. description"."""
    codebook = load_codebook()
    return pd.DataFrame({"text": codebook["label"] + ". " + codebook["description"], "themes": codebook["id"]})


def set_f1(truth: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """Per-row F1 between boolean tema matrices (true and assigned)."""
    overlap = (truth & chosen).sum(axis=1)
    return 2 * overlap / np.maximum(truth.sum(axis=1) + chosen.sum(axis=1), 1)


def choose(probabilities: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Boolean assignment: the top tema of each row plus every tema at or over its threshold."""
    chosen = probabilities >= thresholds
    chosen[np.arange(len(probabilities)), probabilities.argmax(axis=1)] = True
    return chosen


def tune_thresholds(probabilities: np.ndarray, truth: np.ndarray, rounds: int = 2) -> np.ndarray:
    """Per-tema thresholds maximising mean set-F1: best common threshold, then tema by tema (ties: higher)."""
    def score(thresholds):
        return round(float(set_f1(truth, choose(probabilities, thresholds)).mean()), 6)

    common = max(THRESHOLD_GRID, key=lambda t: (score(np.full(truth.shape[1], t)), t))
    thresholds = np.full(truth.shape[1], common)
    for _ in range(rounds):
        for j in range(truth.shape[1]):
            candidates = []
            for t in THRESHOLD_GRID:
                trial = thresholds.copy()
                trial[j] = t
                candidates.append((score(trial), t))
            thresholds[j] = max(candidates)[1]
    return thresholds


def fit_calibrator(top_probabilities: np.ndarray, top_correct: np.ndarray) -> IsotonicRegression:
    """Isotonic map from the top tema's probability to the chance the top tema is right."""
    return IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(top_probabilities, top_correct)


def train(
    texts: Sequence[str], labels: Sequence[Sequence[str]], random_state: int = 0,
    abbreviations: dict[str, str] | None = None, **params
) -> Pipeline:
    """Fit the pipeline on texts and their tema lists (first = main) plus the codebook examples.

    Also learns per-tema thresholds and the confidence calibration from the out-of-fold
    probabilities of the training texts (the codebook examples only train).
    abbreviations: the expansion table to use (default: the shipped list).
    """
    examples = codebook_examples()
    binarizer = MultiLabelBinarizer(classes=theme_ids())
    all_labels = [list(themes) for themes in labels] + [[tema] for tema in examples["themes"]]
    model = build_pipeline(random_state=random_state, **params)
    model.set_params(normalisering__table=abbreviations)
    targets = binarizer.fit_transform(all_labels).astype(float)
    position = {tema: j for j, tema in enumerate(binarizer.classes_)}
    for i, themes in enumerate(all_labels):  # further teman marked below 1 (see PlattOvR)
        targets[i, [position[t] for t in themes[1:] if t != themes[0]]] = 0.5
    model.fit(list(texts) + examples["text"].tolist(), targets)
    n = len(texts)
    oof = model.named_steps["tema"].oof_proba_[:n]
    truth = binarizer.transform([list(themes) for themes in labels]).astype(bool)
    model.tema_ids_ = list(binarizer.classes_)
    model.thresholds_ = tune_thresholds(oof, truth)
    top = oof.argmax(axis=1)
    model.calibrator_ = fit_calibrator(oof.max(axis=1), truth[np.arange(n), top].astype(float))
    return model


def train_frame(frame: pd.DataFrame, random_state: int = 0, **params) -> Pipeline:
    """Fit the pipeline on a training frame with columns text, themes."""
    return train(frame["text"].tolist(), frame["themes"].map(split_themes).tolist(), random_state, **params)


def user_abbreviations(user_dir: Path | None) -> dict[str, str]:
    """The expansion table from the shipped list plus the users' own list in user_dir."""
    return expansion_table(load_abbreviations(abbreviation_sources(user_dir)))


# --- prediction -------------------------------------------------------------


def channel_blocks(model: Pipeline) -> list[tuple[object, bool, float]]:
    """The fitted leaf blocks in stacking order: (block, folded channel?, total weight)."""
    union = model.named_steps["features"]
    blocks = []
    for name, channel_pipeline in union.transformer_list:
        outer = (union.transformer_weights or {}).get(name, 1.0)
        inner_union = channel_pipeline.steps[-1][1]
        folded = any(isinstance(step, Folder) for _, step in channel_pipeline.steps[:-1])
        for inner_name, block in inner_union.transformer_list:
            blocks.append((block, folded, outer * (inner_union.transformer_weights or {}).get(inner_name, 1.0)))
    return blocks


def shared_features(normaliser: Normaliser, texts: Sequence[str]) -> dict[tuple[bool, bool], tuple]:
    """Count matrices for every block from one pass over the texts: (folded, keyword) → (docs × units, units).

    Words (abbreviations expanded, lower-cased, whitespace-separated) are found once per
    text; the expansions, folded words and keyword tokens are derived per distinct word.
    """
    docs, words = normaliser.word_counts(list(texts))
    folded_docs, folded_words = merge_columns(docs, words, fold)
    return {(False, False): (docs, words), (True, False): (folded_docs, folded_words),
            (False, True): word_tokens(docs, words), (True, True): word_tokens(folded_docs, folded_words)}


def fast_probabilities(model: Pipeline, texts: Sequence[str]) -> np.ndarray:
    """The same as ``model.predict_proba(texts)``: blocks from shared word counts, scored one by one."""
    classifier = model.named_steps["tema"]
    coef, intercept = classifier.weights()
    counts = shared_features(model.named_steps["normalisering"], texts)
    scores, offset = np.zeros((len(texts), coef.shape[1])), 0
    for block, folded, weight in channel_blocks(model):
        if isinstance(block, KeywordCounts):
            features = block.from_tokens(*counts[folded, True])
            width = features.shape[1]
            scores += weight * np.asarray(features @ coef[offset:offset + width])
        else:
            width = len(block.vocabulary_)
            scores += weight * block.scores_from_words(*counts[folded, False], coef[offset:offset + width])
        offset += width
    return classifier.proba_from_scores(scores + intercept)


def calibrated(model: Pipeline, top_probabilities: np.ndarray) -> np.ndarray:
    """The calibrated confidence of top teman with these probabilities."""
    return model.calibrator_.predict(np.asarray(top_probabilities, dtype=float))


def assignments(model: Pipeline, probabilities: np.ndarray) -> list[tuple[tuple[str, float], ...]]:
    """Per row: assigned (tema, confidence) pairs, top first (calibrated), then the others by probability."""
    chosen = choose(probabilities, model.thresholds_)
    order = np.argsort(-probabilities, axis=1, kind="stable")
    confidence = [round(c, 4) for c in calibrated(model, probabilities.max(axis=1)).tolist()]
    ranked_chosen = np.take_along_axis(chosen, order, axis=1)
    rows, ranks = np.nonzero(ranked_chosen)
    columns = order[rows, ranks]
    ids = np.array(model.tema_ids_, dtype=object)[columns].tolist()
    values = [round(v, 4) for v in probabilities[rows, columns].tolist()]
    ends = np.cumsum(ranked_chosen.sum(axis=1)).tolist()
    result, start = [], 0
    for i, end in enumerate(ends):
        result.append(((ids[start], confidence[i]), *zip(ids[start + 1:end], values[start + 1:end])))
        start = end
    return result


def predict(model: Pipeline, texts: Sequence[str]) -> list[Prediction]:
    """Predict teman for each text; blank texts get an empty Prediction; equal texts are predicted once."""
    texts = ["" if t is None else str(t) for t in texts]
    distinct = list(dict.fromkeys(t for t in texts if t.strip()))
    found = {}
    if distinct:
        found = {text: Prediction(themes[0][0], themes[0][1], themes)
                 for text, themes in zip(distinct, assignments(model, fast_probabilities(model, distinct)))}
    empty = Prediction("", None, ())
    return [found.get(text, empty) for text in texts]

# --- storage ----------------------------------------------------------------


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's content."""
    return sha256_bytes(Path(path).read_bytes())


def training_sha256(frame: pd.DataFrame, user_dir: Path | None = None) -> str:
    """Hash of the training data as used (text, themes) plus the codebook and abbreviation lists (which also feed it)."""
    buffer = io.StringIO()
    frame[["text", "themes"]].to_csv(buffer, index=False, lineterminator="\n")
    lists = b"".join(path.read_bytes() + b"\n" for path in abbreviation_sources(user_dir))
    return sha256_bytes(CODEBOOK_PATH.read_bytes() + b"\n" + lists + buffer.getvalue().encode("utf-8"))


def pipeline_signature() -> str:
    """The default pipeline's configuration, every parameter included (also defaults, such as the
    out-of-fold count); a stored model built with another one is stale."""
    parts = []
    for name, value in sorted(build_pipeline().get_params(deep=True).items()):
        if hasattr(value, "get_params"):
            parts.append(f"{name}:{type(value).__name__}")
        elif not isinstance(value, list):  # lists of steps are covered by their named parts
            parts.append(f"{name}={value!r}")
    return " ".join(parts)


def partial_path(model_dir: Path, name: str) -> Path:
    """A temporary name unique per save (not per process), replaced atomically over the final file."""
    return Path(model_dir) / f".{name}.{secrets.token_hex(8)}.tmp"


def remove_leftovers(model_dir: Path) -> list[Path]:
    """Delete temporary files that crashed trainings left in the model folder; returns them."""
    model_dir = Path(model_dir)
    if not model_dir.is_dir():
        return []
    with exclusive(model_dir / MODEL_LOCK):
        removed = [p for name in (MODEL_FILE, SIDECAR_FILE, TAG_CACHE_FILE) for p in model_dir.glob(f".{name}.*.tmp")]
        for path in removed:
            path.unlink(missing_ok=True)
    return removed


def save_model(model: Pipeline, model_dir: Path, training: pd.DataFrame, user_dir: Path | None = None) -> Path:
    """Store the model with joblib and a JSON sidecar holding the sha256 of model and training data.

    Holds the model folder's lock, so concurrent trainings (a build and ``predict``)
    and the removal of leftovers never meet half-written files.
    """
    model_dir = Path(model_dir)
    model_dir.mkdir(parents=True, exist_ok=True)
    with exclusive(model_dir / MODEL_LOCK):
        return _save_model(model, model_dir, training, user_dir)


def _save_model(model: Pipeline, model_dir: Path, training: pd.DataFrame, user_dir: Path | None) -> Path:
    model_path = model_dir / MODEL_FILE
    partial = partial_path(model_dir, MODEL_FILE)
    joblib.dump(model, partial)
    os.replace(partial, model_path)
    sidecar = {
        "model_file": MODEL_FILE,
        "model_sha256": sha256_file(model_path),
        "training_sha256": training_sha256(training, user_dir),
        "training_rows": int(len(training)),
        "sklearn_version": sklearn.__version__,
        "pipeline": pipeline_signature(),
    }
    partial = partial_path(model_dir, SIDECAR_FILE)
    partial.write_text(json.dumps(sidecar, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, model_dir / SIDECAR_FILE)
    return model_path


def read_sidecar(model_dir: Path) -> dict | None:
    """The stored sidecar, or None when missing or unreadable."""
    try:
        return json.loads((Path(model_dir) / SIDECAR_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def load_model(model_dir: Path, training: pd.DataFrame | None = None, user_dir: Path | None = None) -> Pipeline | None:
    """Load the stored model only if the sidecar vouches for it, else None.

    The model file's sha256 must match the sidecar (we only unpickle files the
    project wrote), the scikit-learn version and pipeline configuration must match,
    and when ``training`` is given its hash must match the data the model was
    trained on (else it is stale).
    """
    sidecar = read_sidecar(model_dir)
    model_path = Path(model_dir) / MODEL_FILE
    if sidecar is None or not model_path.is_file():
        return None
    if (sidecar.get("sklearn_version"), sidecar.get("pipeline")) != (sklearn.__version__, pipeline_signature()):
        return None
    if training is not None and sidecar.get("training_sha256") != training_sha256(training, user_dir):
        return None
    data = model_path.read_bytes()
    if sha256_bytes(data) != sidecar.get("model_sha256"):
        return None
    return joblib.load(io.BytesIO(data))
