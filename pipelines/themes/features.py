"""Text normalisation and fast feature blocks for the tema model.

* ``Normaliser``: expands the abbreviations and jargon of Swedish kommun and regional
  administration listed in ``forkortningar.csv`` (plus the users' own list
  ``<user_dir>/forkortningar.csv`` when present): "ÖP" becomes "ÖP översiktsplan", and a
  row's tema hints add the tema's label, so the features see the words the writer meant.
* ``fold``: the parallel channel without diacritics (å/ä → a, ö → o, é → e, ...), so
  "bostader" and "bostäder" share features; the original channel is kept too.
* ``WordCachedTfidf`` and ``KeywordCounts``: the same output as scikit-learn's
  ``char_wb`` TF-IDF and the codebook keyword counts, computed once per distinct word in a
  batch instead of once per word occurrence (sparse products do the rest).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import snowballstemmer
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from pipelines.themes import PACKAGE_DIR, load_codebook

ABBREVIATIONS_FILE = "forkortningar.csv"
ABBREVIATIONS_PATH = PACKAGE_DIR / ABBREVIATIONS_FILE
ABBREVIATION_COLUMNS = ["forkortning", "expansion", "teman", "skiftlage"]

FOLD_TABLE = str.maketrans("åäöÅÄÖéèêëÉÈüÜáàÁÀ", "aaoAAOeeeeEEuUaaAA")
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
STOPWORDS = frozenset("och att av den det en ett för från hur i med nya om på samt som till".split())
_local = threading.local()


def fold(text: str) -> str:
    """The text without Swedish diacritics: å/ä → a, ö → o, é → e (case kept)."""
    return text.translate(FOLD_TABLE)


# --- abbreviations ----------------------------------------------------------------


def read_abbreviations(path: Path) -> pd.DataFrame:
    """Read an abbreviation list (forkortning, expansion, optional teman 'a;b' and skiftlage 'ja'/'nej').

    ValueError (Swedish) naming the file and row when a required value is missing or a tema is unknown.
    """
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = {"forkortning", "expansion"} - set(frame.columns)
    if missing:
        raise ValueError(f"{path}: kolumner saknas: {', '.join(sorted(missing))}")
    frame = frame.reindex(columns=ABBREVIATION_COLUMNS, fill_value="")
    known = set(load_codebook()["id"])
    for row, item in enumerate(frame.itertuples(index=False), start=2):
        if not item.forkortning.strip() or not item.expansion.strip():
            raise ValueError(f"{path}, rad {row}: förkortning eller förklaring saknas")
        unknown = [t for t in item.teman.split(";") if t.strip() and t.strip() not in known]
        if unknown:
            raise ValueError(f"{path}, rad {row}: okänt tema: {', '.join(unknown)}")
        if item.skiftlage.strip().lower() not in ("", "ja", "nej"):
            raise ValueError(f"{path}, rad {row}: skiftlage ska vara ja eller nej, inte {item.skiftlage!r}")
    return frame


def abbreviation_sources(user_dir: Path | None = None) -> list[Path]:
    """The shipped list, then the users' own list in user_dir when it exists (its rows win)."""
    paths = [ABBREVIATIONS_PATH]
    if user_dir is not None and (Path(user_dir) / ABBREVIATIONS_FILE).is_file():
        paths.append(Path(user_dir) / ABBREVIATIONS_FILE)
    return paths


def load_abbreviations(paths: Iterable[Path]) -> pd.DataFrame:
    """All rows of the lists, later lists winning on the same abbreviation."""
    frame = pd.concat([read_abbreviations(p) for p in paths], ignore_index=True)
    return frame.drop_duplicates("forkortning", keep="last").reset_index(drop=True)


def expansion_table(abbreviations: pd.DataFrame) -> dict[str, str]:
    """Abbreviation (as matched: exact, or lower-cased when case does not matter) → text added after it."""
    labels = dict(zip(load_codebook()["id"], load_codebook()["label"]))
    table = {}
    for item in abbreviations.itertuples(index=False):
        hints = " ".join(labels[t.strip()] for t in item.teman.split(";") if t.strip())
        key = item.forkortning.strip()
        table[key if item.skiftlage.strip().lower() == "ja" else key.lower()] = (
            f"{item.expansion.strip()} {hints}".strip())
    return table


class Normaliser(TransformerMixin, BaseEstimator):
    """Expand abbreviations and jargon in place: "VA-nätet" → "VA vatten och avlopp-nätet".

    Single-word entries are looked up once per distinct whitespace-separated word of a
    batch; entries of several words go through one small pattern over the whole text.
    Whitespace runs become single spaces (no feature depends on them).
    """

    def __init__(self, table: dict[str, str] | None = None):
        self.table = table

    def fit(self, texts=None, y=None):
        """Compile the patterns (longest entry first, whole words only)."""
        table = self.table if self.table is not None else expansion_table(load_abbreviations([ABBREVIATIONS_PATH]))
        self.exact_ = {k: v for k, v in table.items() if k != k.lower()}
        self.folded_ = {k: v for k, v in table.items() if k == k.lower()}
        self.word_pattern_ = self._pattern([k for k in table if not re.search(r"\s", k)])
        self.phrase_pattern_ = self._pattern([k for k in table if re.search(r"\s", k)])
        return self

    @staticmethod
    def _pattern(keys: list[str]) -> re.Pattern | None:
        keys = sorted(keys, key=len, reverse=True)
        return re.compile(r"(?<!\w)(" + "|".join(re.escape(k) for k in keys) + r")(?!\w)",
                          re.IGNORECASE) if keys else None

    def expand(self, match: re.Match) -> str:
        """The matched abbreviation followed by its expansion (unchanged when only the case differs)."""
        word = match.group(0)
        expansion = self.exact_.get(word) or self.folded_.get(word.lower())
        return f"{word} {expansion}" if expansion else word

    def _word(self, word: str) -> str:
        return self.word_pattern_.sub(self.expand, word) if self.word_pattern_ is not None else word

    def normalise(self, text: str) -> str:
        """One text with its abbreviations expanded."""
        return self.transform([text])[0]

    def transform(self, texts):
        """Every text with its abbreviations expanded."""
        cache: dict[str, str] = {}
        result = []
        for text in texts:
            words = str(text).split()
            for word in words:
                if word not in cache:
                    cache[word] = self._word(word)
            joined = " ".join([cache[w] for w in words])
            result.append(self.phrase_pattern_.sub(self.expand, joined) if self.phrase_pattern_ else joined)
        return result


class Folder(TransformerMixin, BaseEstimator):
    """The diacritics-free channel: each text folded (see ``fold``)."""

    def fit(self, texts=None, y=None):
        """Nothing to learn."""
        return self

    def transform(self, texts):
        """Every text folded."""
        return [fold(str(text)) for text in texts]


# --- fast blocks --------------------------------------------------------------------


def word_matrix(rows: Sequence[list[str]]) -> tuple[sparse.csr_matrix, list[str]]:
    """Documents × distinct words count matrix for tokenised rows, and the distinct words in column order."""
    flat = [w for words in rows for w in words]
    codes, words = pd.factorize(pd.Series(flat, dtype=object), sort=False) if flat else (np.array([], int), [])
    indptr = np.concatenate([[0], np.cumsum([len(words_) for words_ in rows])])
    matrix = sparse.csr_matrix((np.ones(len(codes)), codes, indptr), shape=(len(rows), len(words)))
    matrix.sum_duplicates()
    return matrix, list(words)


def rows_matrix(columns: Sequence[Sequence[int]], width: int) -> sparse.csr_matrix:
    """A count matrix with one row per list of column indices (repeats counted)."""
    indptr = np.cumsum([0] + [len(c) for c in columns])
    indices = np.fromiter((i for c in columns for i in c), dtype=np.int64, count=int(indptr[-1]))
    matrix = sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(columns), width))
    matrix.sum_duplicates()
    return matrix


class WordCachedTfidf(TfidfVectorizer):
    """``char_wb`` TF-IDF (lower-cased, sublinear) whose transform analyses each distinct word once.

    char_wb n-grams never cross a word boundary, so a document's n-gram counts are the
    sum of its words' counts: documents × words times words × n-grams. Same output as
    ``TfidfVectorizer.transform``.
    """

    def transform(self, raw_documents):
        """TF-IDF rows for the documents, identical to the parent's, computed per distinct word."""
        if self.analyzer != "char_wb" or not self.lowercase or self.preprocessor or self.strip_accents:
            return super().transform(raw_documents)
        return self.from_words(*word_matrix([str(d).lower().split() for d in raw_documents]))

    def from_words(self, docs: sparse.csr_matrix, words: Sequence[str]) -> sparse.csr_matrix:
        """TF-IDF rows from a documents × distinct (lower-cased, whitespace-separated) words count matrix."""
        vocabulary, (low, high) = self.vocabulary_, self.ngram_range
        grams = rows_matrix([[vocabulary[g] for g in char_wb_grams(w, low, high) if g in vocabulary] for w in words],
                            len(vocabulary))
        counts = (docs @ grams).tocsr()
        counts.eliminate_zeros()
        if self.sublinear_tf:
            np.log(counts.data, counts.data)
            counts.data += 1
        if self.use_idf:
            counts = counts @ sparse.diags(self.idf_)
        return normalize(counts, norm=self.norm, copy=False) if self.norm else counts


@lru_cache(maxsize=16)
def char_wb_analyzer(low: int, high: int):
    """scikit-learn's lower-casing ``char_wb`` analyzer for an n-gram range."""
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(low, high)).build_analyzer()


@lru_cache(maxsize=1 << 15)  # at most ≈ 32 000 words (tens of MB)
def char_wb_grams(word: str, low: int, high: int) -> tuple[str, ...]:
    """The ``char_wb`` n-grams of one word, remembered (shared by both channels and across batches)."""
    return tuple(char_wb_analyzer(low, high)(word))


def merge_columns(docs: sparse.csr_matrix, words: Sequence[str], convert) -> tuple[sparse.csr_matrix, list[str]]:
    """Documents × converted words: columns whose words convert to the same word are added together."""
    converted = [convert(w) for w in words]
    codes, distinct = pd.factorize(pd.Series(converted, dtype=object), sort=False) if converted else ([], [])
    mapping = sparse.csr_matrix((np.ones(len(codes)), (np.arange(len(codes)), codes)),
                                shape=(len(words), len(distinct)))
    return (docs @ mapping).tocsr(), list(distinct)


def word_tokens(docs: sparse.csr_matrix, words: Sequence[str]) -> tuple[sparse.csr_matrix, list[str]]:
    """Documents × keyword tokens (\\w\\w+) from documents × whitespace words: tokens never cross whitespace."""
    tokens_per_word = [_TOKEN.findall(w) for w in words]
    word_tok, tokens = word_matrix(tokens_per_word)
    return (docs @ word_tok).tocsr(), tokens


@lru_cache(maxsize=1 << 16)
def stem_word(word: str) -> str:
    """Swedish snowball stem of one (lower-cased) word, remembered."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("swedish")
    return stemmer.stemWord(word)


def stem_words(words: Sequence[str]) -> list[str]:
    """Swedish snowball stems of (lower-cased) words."""
    return [stem_word(w) for w in words]


def stem_tokens(text: str) -> list[str]:
    """Tokenise a text (lower-cased) and reduce each word to its Swedish snowball stem."""
    return stem_words(_TOKEN.findall(text.lower()))


def codebook_keywords(codebook: pd.DataFrame, folded: bool = False) -> dict[str, frozenset[str]]:
    """Stemmed words of each tema's label and description (stop words dropped); folded for the folded channel."""
    convert = fold if folded else (lambda word: word)
    return {
        row.id: frozenset(convert(w) for w in stem_tokens(f"{row.label} {row.description}") if w not in STOPWORDS)
        for row in codebook.itertuples()
    }


def keyword_hits(token: str, keyword: str) -> bool:
    """A stemmed token matches a keyword stem exactly, or contains it when the keyword has 4+ letters (compounds)."""
    return token == keyword or (len(keyword) >= 4 and keyword in token)


def keyword_hit_matrix(stems: Sequence[str], keywords: dict[str, frozenset[str]]) -> np.ndarray:
    """Hits per stem (rows) and tema (columns): ``keyword_hits`` summed over each tema's keywords, vectorised."""
    hits = np.zeros((len(stems), len(keywords)), dtype=np.float64)
    if not stems:
        return hits
    array = np.array(stems, dtype=str)
    for column, words in enumerate(keywords.values()):
        for keyword in words:
            hits[:, column] += (np.char.find(array, keyword) >= 0) if len(keyword) >= 4 else (array == keyword)
    return hits


def keyword_count_matrix(texts: Sequence[str], keywords: dict[str, frozenset[str]],
                         folded: bool = False) -> np.ndarray:
    """Codebook keyword hits per text (rows) and tema (columns, keyword order), each distinct word stemmed once."""
    return counts_from_tokens(*word_matrix([_TOKEN.findall(str(t).lower()) for t in texts]), keywords, folded)


def counts_from_tokens(docs: sparse.csr_matrix, tokens: Sequence[str], keywords: dict[str, frozenset[str]],
                       folded: bool = False) -> np.ndarray:
    """Keyword hits per document and tema from a documents × distinct lower-cased tokens count matrix."""
    stems = stem_words(tokens)
    if folded:
        stems = [fold(s) for s in stems]
    return np.asarray(docs @ keyword_hit_matrix(stems, keywords))


class KeywordCounts(TransformerMixin, BaseEstimator):
    """Feature block: log(1 + codebook keyword hits) per tema, the baseline's evidence for the model."""

    def __init__(self, folded: bool = False):
        self.folded = folded

    def fit(self, texts, y=None):
        """Take the keywords from the current codebook."""
        self.keywords_ = codebook_keywords(load_codebook(), self.folded)
        return self

    def transform(self, texts):
        """One row per text, one column per tema."""
        return sparse.csr_matrix(np.log1p(keyword_count_matrix(list(texts), self.keywords_, self.folded)))

    def from_tokens(self, docs: sparse.csr_matrix, tokens: Sequence[str]) -> sparse.csr_matrix:
        """The same rows from a documents × distinct tokens count matrix (tokens folded for the folded block)."""
        return sparse.csr_matrix(np.log1p(counts_from_tokens(docs, tokens, self.keywords_, self.folded)))
