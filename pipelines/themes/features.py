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
from itertools import chain, repeat
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

    focus: the part after an answer's last contrast word ("men", "däremot", "snarare",
    "istället", ", utan") is appended once more, so the point an answer turns to weighs more
    than the surface words it turns away from ("Vägarna är inte problemet, utan ...").
    """

    def __init__(self, table: dict[str, str] | None = None, focus: bool = False):
        self.table = table
        self.focus = focus

    def fit(self, texts=None, y=None):
        """Compile the patterns (longest entry first, whole words only)."""
        table = self.table if self.table is not None else expansion_table(load_abbreviations([ABBREVIATIONS_PATH]))
        self.exact_ = {k: v for k, v in table.items() if k != k.lower()}
        self.folded_ = {k: v for k, v in table.items() if k == k.lower()}
        self.word_pattern_ = self._pattern([k for k in table if not re.search(r"\s", k)])
        self.phrase_pattern_ = self._pattern([k for k in table if re.search(r"\s", k)])
        self.phrase_starts_ = frozenset(k.lower().split()[0] for k in table if re.search(r"\s", k))
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
        """Every text with its abbreviations expanded (and, with focus, its expanded focus part appended)."""
        result = self._expanded(texts)
        if getattr(self, "focus", False):
            rows, parts = focus_parts(texts)
            for i, extra in zip(rows, self._expanded(parts)):
                result[i] = f"{result[i]} {extra}"
        return result

    def _expanded(self, texts) -> list[str]:
        """Every text with its abbreviations expanded.

        The word pattern runs once over the batch's distinct words (one per line; entries
        hold no whitespace, so a match never spans two words), and the phrase pattern only
        over texts that contain the first word of some phrase entry: same output as
        expanding text by text, with far fewer pattern calls.
        """
        splits = [str(text).split() for text in texts]
        changed = self._expanded_words(set().union(*splits) if splits else set())
        result = []
        for words in splits:
            joined = " ".join([changed.get(w, w) for w in words]) if not changed.keys().isdisjoint(words) \
                else " ".join(words)
            if self.phrase_pattern_ is not None:
                lowered = joined.lower()
                if starts_pattern(self.phrase_starts_).search(lowered):
                    joined = self.phrase_pattern_.sub(self.expand, joined)
            result.append(joined)
        return result

    def word_counts(self, texts) -> tuple[sparse.csr_matrix, list[str]]:
        """Documents × lower-cased words of the transformed texts, without building the texts.

        Equal (up to column order) to ``word_matrix([t.lower().split() for t in self.transform(texts)])``.
        """
        docs, words = self._word_counts(texts)
        if getattr(self, "focus", False):
            rows, parts = focus_parts(texts)
            if rows:
                docs, words = add_rows(docs, words, np.array(rows), *self._word_counts(parts))
        return docs, words

    def _word_counts(self, texts) -> tuple[sparse.csr_matrix, list[str]]:
        """Documents × lower-cased words of the expanded texts, without building the texts.

        Equal (up to column order) to ``word_matrix([t.lower().split() for t in self._expanded(texts)])``:
        each distinct word is expanded and lower-cased once; only texts that may hold a
        phrase entry are expanded whole.
        """
        raw_docs, raw = text_matrix(texts)
        changed = self._expanded_words(set(raw))
        lowered = [changed.get(w, w).lower().split() for w in raw]
        to_lower, words = word_matrix(lowered)
        docs = (raw_docs @ to_lower).tocsr()
        if self.phrase_pattern_ is None or not len(raw):
            return docs, words
        # a phrase's first word holds no whitespace: "in some part" is "in the lowered word"
        flagged = lines_matching(starts_pattern(self.phrase_starts_),
                                 [changed.get(w, w).lower() for w in raw]).astype(float)
        rows = np.flatnonzero(raw_docs @ flagged)
        if not len(rows):
            return docs, words
        phrase_docs, phrase_words = word_matrix([t.lower().split() for t in self._expanded([texts[i] for i in rows])])
        index = pd.Index(words)
        position = index.get_indexer(phrase_words)
        new = [w for w, at in zip(phrase_words, position) if at < 0]
        position[position < 0] = len(words) + np.arange(len(new))
        words = words + new
        spread = sparse.csr_matrix((np.ones(len(position)), (np.arange(len(position)), position)),
                                   shape=(len(phrase_words), len(words)))
        keep = np.ones(docs.shape[0])
        keep[rows] = 0
        docs = sparse.diags(keep) @ sparse.hstack([docs, sparse.csr_matrix((docs.shape[0], len(new)))]).tocsr()
        placed = sparse.csr_matrix((np.ones(len(rows)), (rows, np.arange(len(rows)))), shape=(docs.shape[0], len(rows)))
        result = (docs + placed @ (phrase_docs @ spread)).tocsr()
        result.eliminate_zeros()
        return result, words

    def _expanded_words(self, distinct: set[str]) -> dict[str, str]:
        """Distinct words → their expansion, for the words the word pattern changes."""
        if self.word_pattern_ is None or not distinct:
            return {}
        words = list(distinct)
        expanded = self.word_pattern_.sub(self.expand, "\n".join(words)).split("\n")
        if len(expanded) != len(words):  # an expansion holding a line break: word by word instead
            expanded = [self._word(w) for w in words]
        return {w: e for w, e in zip(words, expanded) if e != w}


FOCUS_PATTERN = re.compile(r"(?:(?<!\S)(?:men|däremot|snarare|istället)|(?<=,)\s+utan)(?=[\s,.:;!?]|$)",
                           re.IGNORECASE)
"""A contrast word: men, däremot, snarare or istället as a word, or utan after a comma."""
_CONTRAST_WORD = re.compile(r"(?:men|däremot|snarare|istället|utan)(?=[\s,.:;!?]|$)")
_TEXT_SEPARATOR = "\n\x00\n"
_CASE_SPECIAL = re.compile("[\u0130\u0131\u017f\u212a]")
"""Letters that ignore-case matching pairs with ASCII letters though lower-casing does not."""


def focus_parts(texts: Sequence[str]) -> tuple[list[int], list[str]]:
    """The rows whose text turns on a contrast word, and each one's part after the last one (non-blank).

    The same as taking each text's last ``FOCUS_PATTERN`` match, found in one scan over the
    lower-cased joined texts: candidate words first, their left context checked after.
    Text by text when a text holds the separator or a letter whose lower-casing differs
    from ignore-case matching.
    """
    texts = [str(t) for t in texts]
    joined = _TEXT_SEPARATOR.join(texts)
    lowered = joined.lower()
    if joined.count("\x00") != max(len(texts) - 1, 0) or len(lowered) != len(joined) or _CASE_SPECIAL.search(joined):
        return _focus_parts_one_by_one(texts)
    starts = np.cumsum([0] + [len(t) + len(_TEXT_SEPARATOR) for t in texts[:-1]])
    ends = {}
    for match in _CONTRAST_WORD.finditer(lowered):
        at = match.start()
        if match.group(0) == "utan":
            before = at
            while before > 0 and joined[before - 1].isspace():
                before -= 1
            if before == at or before == 0 or joined[before - 1] != ",":
                continue
        elif at > 0 and not joined[at - 1].isspace():
            continue
        ends[at] = match.end()
    if not ends:
        return [], []
    positions = np.fromiter(ends, dtype=np.int64, count=len(ends))
    rows = (np.searchsorted(starts, positions, side="right") - 1).tolist()
    last = dict(zip(rows, [ends[p] - int(starts[r]) for p, r in zip(positions.tolist(), rows)]))
    found = [(i, texts[i][end:]) for i, end in sorted(last.items())]
    found = [(i, part) for i, part in found if part.strip()]
    return [i for i, _ in found], [part for _, part in found]


def _focus_parts_one_by_one(texts: Sequence[str]) -> tuple[list[int], list[str]]:
    rows, parts = [], []
    for i, text in enumerate(texts):
        text = str(text)
        last = None
        for last in FOCUS_PATTERN.finditer(text):
            pass
        if last is not None and text[last.end():].strip():
            rows.append(i)
            parts.append(text[last.end():])
    return rows, parts


def add_rows(docs: sparse.csr_matrix, words: list[str], rows: np.ndarray, extra: sparse.csr_matrix,
             extra_words: list[str]) -> tuple[sparse.csr_matrix, list[str]]:
    """Documents × words with extra's rows added to the given rows (columns matched by word, new ones appended)."""
    position = pd.Index(words, dtype=object).get_indexer(extra_words) if words else np.full(len(extra_words), -1)
    new = [w for w, at in zip(extra_words, position) if at < 0]
    position[position < 0] = len(words) + np.arange(len(new))
    words = words + new
    spread = sparse.csr_matrix((np.ones(len(position)), (np.arange(len(position)), position)),
                               shape=(len(extra_words), len(words)))
    placed = sparse.csr_matrix((np.ones(len(rows)), (rows, np.arange(len(rows)))), shape=(docs.shape[0], len(rows)))
    widened = sparse.csr_matrix((docs.data, docs.indices, docs.indptr), shape=(docs.shape[0], len(words)))
    return (widened + placed @ (extra @ spread)).tocsr(), words


@lru_cache(maxsize=64)
def starts_pattern(starts: frozenset[str]) -> re.Pattern:
    """One pattern finding any of these strings inside a text (remembered per set)."""
    return re.compile("|".join(re.escape(s) for s in sorted(starts, key=len, reverse=True)) or r"(?!)")


def lines_matching(pattern: re.Pattern, strings: Sequence[str]) -> np.ndarray:
    """Boolean per string: ``pattern.search(string)`` finds something (one scan over the joined strings).

    For patterns whose matches never span a line break: each string is a line of the joined
    text, and a scan finds the leftmost match of every line that holds one.
    """
    found = np.zeros(len(strings), dtype=bool)
    if not len(strings):
        return found
    joined = "\n".join(strings)
    if joined.count("\n") != len(strings) - 1:  # a string holding a line break: one by one
        return np.array([pattern.search(s) is not None for s in strings], dtype=bool)
    starts = np.cumsum([0] + [len(s) + 1 for s in strings[:-1]])
    positions = [m.start() for m in pattern.finditer(joined)]
    if positions:
        found[np.searchsorted(starts, positions, side="right") - 1] = True
    return found


class Folder(TransformerMixin, BaseEstimator):
    """The diacritics-free channel: each text folded (see ``fold``)."""

    def fit(self, texts=None, y=None):
        """Nothing to learn."""
        return self

    def transform(self, texts):
        """Every text folded."""
        return [fold(str(text)) for text in texts]


# --- fast blocks --------------------------------------------------------------------


def word_matrix(rows: Sequence[list[str]], canonical: bool = True) -> tuple[sparse.csr_matrix, list[str]]:
    """Documents × distinct words count matrix for tokenised rows, and the distinct words in column order.

    canonical=False leaves a word repeated in a row as repeated entries (summed by any product).
    """
    lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    return flat_matrix(list(chain.from_iterable(rows)), lengths, canonical)


def flat_matrix(flat: list[str], lengths: np.ndarray, canonical: bool = True) -> tuple[sparse.csr_matrix, list[str]]:
    """``word_matrix`` from all rows' words in one list and the number of words of each row."""
    codes, words = pd.factorize(np.array(flat, dtype=object), sort=False) if flat else (np.array([], int), [])
    indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    matrix = sparse.csr_matrix((np.ones(len(codes)), codes, indptr), shape=(len(lengths), len(words)))
    if canonical:
        matrix.sum_duplicates()
    return matrix, list(words)


SENTINEL = "\x00"


def text_matrix(texts: Sequence[str]) -> tuple[sparse.csr_matrix, list[str]]:
    """``word_matrix([str(t).split() for t in texts], canonical=False)``, split in one go.

    The texts are joined around a separator word and split once; the separator's
    positions give the rows. Text by text when a text holds the separator character.
    """
    texts = [str(t) for t in texts]
    joined = f" {SENTINEL} ".join(texts)
    if len(texts) < 2 or joined.count(SENTINEL) != len(texts) - 1:
        return word_matrix([t.split() for t in texts], canonical=False)
    codes, words = pd.factorize(np.array(joined.split(), dtype=object), sort=False)
    words = words.tolist()
    separator = words.index(SENTINEL)
    at = codes == separator
    ends = np.flatnonzero(at)
    lengths = np.diff(np.concatenate([[-1], ends, [len(codes)]])) - 1
    codes = codes[~at]
    codes[codes > separator] -= 1
    del words[separator]
    indptr = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    return sparse.csr_matrix((np.ones(len(codes)), codes, indptr), shape=(len(texts), len(words))), words


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
        counts = self._weighted_counts(docs, words)
        return normalize(counts, norm=self.norm, copy=False) if self.norm else counts

    def scores_from_words(self, docs: sparse.csr_matrix, words: Sequence[str], coef: np.ndarray) -> np.ndarray:
        """``from_words(docs, words) @ coef`` without building a second matrix: idf folded into the
        weights, norms applied to the scores."""
        if self.norm not in ("l2", None):
            return np.asarray(self.from_words(docs, words) @ coef)
        counts = docs @ self.gram_matrix(words)  # sums of positive counts: no stored zeros
        if self.sublinear_tf:  # 1 + log(count); most counts are 1 and stay 1
            repeated = counts.data > 1
            counts.data[repeated] = np.log(counts.data[repeated]) + 1
        idf = self.idf_ if self.use_idf else np.ones(counts.shape[1])
        scores = np.asarray(counts @ (coef * idf[:, None]))
        if self.norm == "l2":
            counts.data *= counts.data
            norms = np.sqrt(counts @ (idf * idf))
            norms[norms == 0] = 1.0
            scores /= norms[:, None]
        return scores

    def _weighted_counts(self, docs: sparse.csr_matrix, words: Sequence[str]) -> sparse.csr_matrix:
        """Documents × n-grams: counts (sublinear when set) times idf, not yet normalised."""
        counts = (docs @ self.gram_matrix(words)).tocsr()
        counts.eliminate_zeros()
        if self.sublinear_tf:  # 1 + log(count); most counts are 1 and stay 1
            repeated = counts.data > 1
            counts.data[repeated] = np.log(counts.data[repeated]) + 1
        if self.use_idf:
            counts.data *= self.idf_[counts.indices]
        return counts

    def gram_matrix(self, words: Sequence[str]) -> sparse.csr_matrix:
        """Words × vocabulary n-gram counts (n-grams outside the vocabulary dropped)."""
        low, high = self.ngram_range
        grams = [char_wb_grams(w, low, high) for w in words]
        lengths = np.fromiter(map(len, grams), dtype=np.int64, count=len(grams))
        flat = list(chain.from_iterable(grams))
        columns = np.fromiter(map(self.vocabulary_.get, flat, repeat(-1, len(flat))), dtype=np.int64, count=len(flat))
        rows = np.repeat(np.arange(len(words)), lengths)
        known = columns >= 0
        matrix = sparse.csr_matrix((np.ones(int(known.sum())), (rows[known], columns[known])),
                                   shape=(len(words), len(self.vocabulary_)))
        matrix.sum_duplicates()
        return matrix


@lru_cache(maxsize=16)
def char_wb_analyzer(low: int, high: int):
    """scikit-learn's lower-casing ``char_wb`` analyzer for an n-gram range."""
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(low, high)).build_analyzer()


@lru_cache(maxsize=1 << 15)  # at most ≈ 32 000 words (tens of MB)
def char_wb_grams(word: str, low: int, high: int) -> tuple[str, ...]:
    """The ``char_wb`` n-grams of one lower-cased word, as scikit-learn makes them, remembered.

    The word is padded with a space on each side; a padded word no longer than n gives
    itself once and ends the n-gram sizes (scikit-learn's rule for short words).
    """
    padded = f" {word} "
    size = len(padded)
    grams = []
    for n in range(low, high + 1):
        if size <= n:
            grams.append(padded)
            break
        grams.extend([padded[i:i + n] for i in range(size - n + 1)])
    return tuple(grams)


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
    """Keyword hits per document and tema from a documents × distinct lower-cased tokens count matrix.

    A Swedish snowball stem is a prefix of its word (the stemmer only removes endings), so a
    token that holds no keyword cannot hit one: only tokens that do are stemmed and matched.
    """
    hits = np.zeros((len(tokens), len(keywords)), dtype=np.float64)
    candidates = np.flatnonzero(lines_matching(keyword_pattern(keywords), tokens)).tolist()
    if candidates:
        stems = stem_words([tokens[i] for i in candidates])
        if folded:
            stems = [fold(s) for s in stems]
        hits[candidates] = keyword_hit_matrix(stems, keywords)
    return np.asarray(docs @ hits)


_keyword_patterns: dict[tuple, re.Pattern] = {}


def keyword_pattern(keywords: dict[str, frozenset[str]]) -> re.Pattern:
    """One pattern finding any keyword inside a token (remembered per keyword set)."""
    key = tuple(sorted(set().union(*keywords.values()))) if keywords else ()
    if key not in _keyword_patterns:
        _keyword_patterns[key] = re.compile("|".join(re.escape(k) for k in sorted(key, key=len, reverse=True))
                                            or r"(?!)")
    return _keyword_patterns[key]


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
