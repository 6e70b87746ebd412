"""The tema classifier: features, the pipeline factory, training, prediction and storage.

Design (chosen by measurement on the development part, 5x2 and 5x5 repeated
stratified CV; see ``python -m pipelines.themes evaluate`` for the current figures):

* features: character n-grams within word boundaries (``char_wb``, 2-5, sublinear
  TF-IDF). They catch Swedish compounds and inflections ("avloppsreningsverket",
  "kollektivtrafiken") and beat a word TF-IDF on snowball stems: adding the
  stemmed-word block lowered top-1 accuracy by 2-4 points (word_weight > 0 keeps
  that option open for re-measurement);
* classifier: one-vs-rest over the 12 teman, each a linear SVM calibrated with
  Platt scaling (3-fold), so each tema gets its own probability 0..1. This beat a
  multinomial logistic regression on the main tema by about 3 points and suits
  multi-label answers;
* a second, small feature block counts codebook keywords (stemmed words of each
  tema's label and description, compound-aware) per tema, weighted 0.3: +3 points;
  every tema's "label. description" is also added as one training example (+1 point);
* an answer gets its top tema plus every other tema whose probability is at least
  ``THRESHOLD`` (at most ``MAX_THEMES`` in all).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import secrets
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import sklearn
import snowballstemmer
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import train_test_split
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC

from pipelines.locks import exclusive
from pipelines.themes import CODEBOOK_PATH, TRAINING_PATH, load_codebook, theme_ids

THRESHOLD = 0.30
"""A tema besides the top one is assigned when its probability is at least this (tuned by CV)."""

MAX_THEMES = 3
"""At most this many teman per answer."""

SEPARATOR = ";"
MODEL_FILE = "temamodell.joblib"
SIDECAR_FILE = "temamodell.json"
MODEL_LOCK = ".temamodell.lock"

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_local = threading.local()


@dataclass(frozen=True)
class Prediction:
    """The teman assigned to one text: top tema first, each with a confidence 0..1.

    A blank text gets ``theme == ""``, ``confidence is None`` and no themes.
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


# --- codebook keywords (features and the baseline) -------------------------

STOPWORDS = frozenset("och att av den det en ett för från hur i med nya om på samt som till".split())


def stem_tokens(text: str) -> list[str]:
    """Tokenise a (lower-cased) text and reduce each word to its Swedish snowball stem."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("swedish")
    return stemmer.stemWords(_TOKEN.findall(text.lower()))


def codebook_keywords(codebook: pd.DataFrame) -> dict[str, frozenset[str]]:
    """Stemmed words of each tema's label and description (stop words dropped)."""
    return {
        row.id: frozenset(w for w in stem_tokens(f"{row.label} {row.description}") if w not in STOPWORDS)
        for row in codebook.itertuples()
    }


def keyword_hits(token: str, keyword: str) -> bool:
    """A stemmed token matches a keyword stem exactly, or contains it when the keyword has 4+ letters (compounds)."""
    return token == keyword or (len(keyword) >= 4 and keyword in token)


def keyword_counts(text: str, keywords: dict[str, frozenset[str]]) -> dict[str, int]:
    """Number of codebook keyword hits per tema in a text."""
    tokens = stem_tokens(str(text))
    return {tema: sum(keyword_hits(t, k) for t in tokens for k in words) for tema, words in keywords.items()}


def keyword_predict(texts: Sequence[str], keywords: dict[str, frozenset[str]], fallback: str) -> list[str]:
    """Baseline: the tema whose codebook keywords occur most often (ties: codebook order; none: fallback)."""
    predicted = []
    for text in texts:
        counts = keyword_counts(text, keywords)
        best = max(counts, key=counts.get)
        predicted.append(best if counts[best] > 0 else fallback)
    return predicted


class KeywordCounts(TransformerMixin, BaseEstimator):
    """Feature block: log(1 + codebook keyword hits) per tema, the baseline's evidence for the model."""

    def fit(self, texts, y=None):
        """Take the keywords from the current codebook."""
        self.keywords_ = codebook_keywords(load_codebook())
        return self

    def transform(self, texts):
        """One row per text, one column per tema."""
        counts = [list(keyword_counts(text, self.keywords_).values()) for text in texts]
        return sparse.csr_matrix(np.log1p(np.asarray(counts, dtype=float).reshape(len(counts), -1)))


# --- pipeline and training --------------------------------------------------


def build_pipeline(
    random_state: int = 0, *, C: float = 0.5, keyword_weight: float = 0.3, word_weight: float = 0.0
) -> Pipeline:
    """Return the unfitted tema pipeline: char n-grams + keyword counts (+ stemmed words), calibrated OvR SVMs."""
    blocks = [
        ("tecken", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
        ("nyckelord", KeywordCounts()),
        ("ord", TfidfVectorizer(tokenizer=stem_tokens, token_pattern=None, sublinear_tf=True)),
    ]
    weights = {"tecken": 1.0, "nyckelord": keyword_weight, "ord": word_weight}
    blocks = [(name, block) for name, block in blocks if weights[name] > 0]
    features = FeatureUnion(blocks, transformer_weights={name: weights[name] for name, _ in blocks})
    svm = LinearSVC(C=C, random_state=random_state)
    classifier = OneVsRestClassifier(CalibratedClassifierCV(svm, method="sigmoid", cv=3))
    return Pipeline([("features", features), ("tema", classifier)])


def codebook_examples() -> pd.DataFrame:
    """One training example per tema from the codebook: "label. description"."""
    codebook = load_codebook()
    return pd.DataFrame({"text": codebook["label"] + ". " + codebook["description"], "themes": codebook["id"]})


def train(
    texts: Sequence[str], labels: Sequence[Sequence[str]], random_state: int = 0, **params
) -> Pipeline:
    """Fit the pipeline on texts and their tema lists (first = main) plus the codebook examples."""
    examples = codebook_examples()
    binarizer = MultiLabelBinarizer(classes=theme_ids())
    all_labels = [list(themes) for themes in labels] + [[tema] for tema in examples["themes"]]
    model = build_pipeline(random_state=random_state, **params)
    model.fit(list(texts) + examples["text"].tolist(), binarizer.fit_transform(all_labels))
    model.tema_ids_ = list(binarizer.classes_)
    return model


def train_frame(frame: pd.DataFrame, random_state: int = 0, **params) -> Pipeline:
    """Fit the pipeline on a training frame with columns text, themes."""
    return train(frame["text"].tolist(), frame["themes"].map(split_themes).tolist(), random_state, **params)


# --- prediction -------------------------------------------------------------


def theme_probabilities(model: Pipeline, texts: Sequence[str]) -> pd.DataFrame:
    """Per-tema probabilities: one row per text, one column per tema id (codebook order)."""
    probabilities = model.predict_proba(list(texts))
    return pd.DataFrame(probabilities, columns=model.tema_ids_)


def assign_themes(
    probabilities: pd.Series, threshold: float = THRESHOLD, max_themes: int = MAX_THEMES
) -> tuple[tuple[str, float], ...]:
    """Pick the top tema plus others with probability >= threshold, top first (ties: codebook order)."""
    ranked = sorted(probabilities.items(), key=lambda item: -item[1])
    chosen = [ranked[0]] + [item for item in ranked[1:max_themes] if item[1] >= threshold]
    return tuple((tema, round(float(p), 4)) for tema, p in chosen)


def predict(model: Pipeline, texts: Sequence[str], threshold: float = THRESHOLD) -> list[Prediction]:
    """Predict teman for each text; blank texts get an empty Prediction."""
    texts = ["" if t is None else str(t) for t in texts]
    filled = [i for i, text in enumerate(texts) if text.strip()]
    results = [Prediction("", None, ())] * len(texts)
    if filled:
        probabilities = theme_probabilities(model, [texts[i] for i in filled])
        for i, (_, row) in zip(filled, probabilities.iterrows()):
            themes = assign_themes(row, threshold)
            results[i] = Prediction(themes[0][0], themes[0][1], themes)
    return results


# --- storage ----------------------------------------------------------------


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's content."""
    return sha256_bytes(Path(path).read_bytes())


def training_sha256(frame: pd.DataFrame) -> str:
    """Hash of the training data as used (text, themes) plus the codebook (which also feeds training)."""
    buffer = io.StringIO()
    frame[["text", "themes"]].to_csv(buffer, index=False, lineterminator="\n")
    return sha256_bytes(CODEBOOK_PATH.read_bytes() + b"\n" + buffer.getvalue().encode("utf-8"))


def pipeline_signature() -> str:
    """The default pipeline's configuration; a stored model built with another one is stale."""
    return " ".join(repr(build_pipeline()).split())


def partial_path(model_dir: Path, name: str) -> Path:
    """A temporary name unique per save (not per process), replaced atomically over the final file."""
    return Path(model_dir) / f".{name}.{secrets.token_hex(8)}.tmp"


def remove_leftovers(model_dir: Path) -> list[Path]:
    """Delete temporary files that crashed trainings left in the model folder; returns them."""
    model_dir = Path(model_dir)
    if not model_dir.is_dir():
        return []
    with exclusive(model_dir / MODEL_LOCK):
        removed = [p for name in (MODEL_FILE, SIDECAR_FILE) for p in model_dir.glob(f".{name}.*.tmp")]
        for path in removed:
            path.unlink(missing_ok=True)
    return removed


def save_model(model: Pipeline, model_dir: Path, training: pd.DataFrame) -> Path:
    """Store the model with joblib and a JSON sidecar holding the sha256 of model and training data.

    Holds the model folder's lock, so concurrent trainings (a build and ``predict``)
    and the removal of leftovers never meet half-written files.
    """
    model_dir = Path(model_dir)
    model_dir.mkdir(parents=True, exist_ok=True)
    with exclusive(model_dir / MODEL_LOCK):
        return _save_model(model, model_dir, training)


def _save_model(model: Pipeline, model_dir: Path, training: pd.DataFrame) -> Path:
    model_path = model_dir / MODEL_FILE
    partial = partial_path(model_dir, MODEL_FILE)
    joblib.dump(model, partial)
    os.replace(partial, model_path)
    sidecar = {
        "model_file": MODEL_FILE,
        "model_sha256": sha256_file(model_path),
        "training_sha256": training_sha256(training),
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


def load_model(model_dir: Path, training: pd.DataFrame | None = None) -> Pipeline | None:
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
    if training is not None and sidecar.get("training_sha256") != training_sha256(training):
        return None
    data = model_path.read_bytes()
    if sha256_bytes(data) != sidecar.get("model_sha256"):
        return None
    return joblib.load(io.BytesIO(data))
