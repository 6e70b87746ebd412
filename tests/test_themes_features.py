"""Normalisation (abbreviation list, folded channel) and the fast feature blocks: same output as before."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from pipelines.themes import load_codebook
from pipelines.themes.features import (
    ABBREVIATIONS_PATH,
    KeywordCounts,
    Normaliser,
    WordCachedTfidf,
    codebook_keywords,
    expansion_table,
    fold,
    keyword_hits,
    load_abbreviations,
    read_abbreviations,
    stem_tokens,
)
from pipelines.themes.model import load_training

TEXTS = ["Vi har svårt att rekrytera sjuksköterskor.", "VA-nätet  läcker\noch ÖP:n är gammal", "a", "",
         "Bredband, bredband och BREDBAND i byarna!"]


def old_keyword_counts(text: str, keywords: dict) -> list[int]:
    """The keyword counts as they were computed per answer before (the reference)."""
    tokens = stem_tokens(text)
    return [sum(keyword_hits(t, k) for t in tokens for k in words) for words in keywords.values()]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return load_training()["text"].tolist()[:300] + TEXTS


def test_word_cached_tfidf_equals_scikit_learn(texts):
    params = {"analyzer": "char_wb", "ngram_range": (2, 5), "sublinear_tf": True}
    reference = TfidfVectorizer(**params).fit(texts[:200])
    fast = WordCachedTfidf(**params).fit(texts[:200])
    assert np.allclose(fast.transform(texts).toarray(), reference.transform(texts).toarray(), atol=1e-12)


def test_keyword_counts_equal_the_per_answer_computation(texts):
    keywords = codebook_keywords(load_codebook())
    expected = np.log1p(np.array([old_keyword_counts(t, keywords) for t in texts], dtype=float))
    assert np.array_equal(KeywordCounts().fit(texts).transform(texts).toarray(), expected)


def test_folded_keywords_match_text_without_diacritics():
    block = KeywordCounts(folded=True).fit([])
    assert np.array_equal(block.transform([fold("bostäder och detaljplaner")]).toarray(),
                          block.transform(["bostader och detaljplaner"]).toarray())


def test_fold_removes_swedish_diacritics_and_keeps_case():
    assert fold("Översiktsplanen för Älvån är klar") == "Oversiktsplanen for Alvan ar klar"


def test_shipped_abbreviation_list_is_valid_and_broad():
    frame = read_abbreviations(ABBREVIATIONS_PATH)
    assert len(frame) >= 150 and {"ÖP", "VA", "SoL", "LSS", "PKD", "TRV", "MSB", "ERUF"} <= set(frame["forkortning"])


@pytest.fixture(scope="module")
def normaliser() -> Normaliser:
    return Normaliser(expansion_table(load_abbreviations([ABBREVIATIONS_PATH]))).fit()


def test_abbreviation_is_expanded_with_its_theme_hint(normaliser):
    assert normaliser.normalise("ÖP:n är gammal") == "ÖP översiktsplan Samhällsplanering och bostäder:n är gammal"


def test_case_sensitive_abbreviation_leaves_ordinary_word_alone(normaliser):
    assert normaliser.normalise("va gör vi nu") == "va gör vi nu"


def test_multiword_entry_is_expanded(normaliser):
    assert "primärvård" in normaliser.normalise("God och nära vård kräver mer")


def test_users_list_extends_and_wins(tmp_path):
    (tmp_path / "forkortningar.csv").write_text("forkortning,expansion,teman\nÖP,översiktsplanen 2040,\n"
                                                "SBF,samhällsbyggnadsförvaltningen,samhallsplanering\n",
                                                encoding="utf-8")
    from pipelines.themes.features import abbreviation_sources

    table = expansion_table(load_abbreviations(abbreviation_sources(tmp_path)))
    normaliser = Normaliser(table).fit()
    assert normaliser.normalise("ÖP") == "ÖP översiktsplanen 2040"
    assert normaliser.normalise("sbf") == "sbf samhällsbyggnadsförvaltningen Samhällsplanering och bostäder"


def test_unknown_theme_in_list_names_file_and_row(tmp_path):
    path = tmp_path / "forkortningar.csv"
    path.write_text("forkortning,expansion,teman\nXY,något,finns_inte\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"rad 2: okänt tema: finns_inte"):
        read_abbreviations(path)


def test_missing_expansion_is_an_error(tmp_path):
    path = tmp_path / "forkortningar.csv"
    pd.DataFrame({"forkortning": ["XY"], "expansion": [""]}).to_csv(path, index=False)
    with pytest.raises(ValueError, match="förklaring saknas"):
        read_abbreviations(path)


def test_snowball_stem_is_a_prefix_of_its_word(texts):
    """The keyword block skips stemming tokens that hold no keyword: safe only if stems are prefixes."""
    from pipelines.themes.features import _TOKEN, stem_word

    words = {w for t in texts for w in _TOKEN.findall(t.lower())} | {fold(w) for t in texts for w in _TOKEN.findall(t.lower())}
    assert all(w.startswith(stem_word(w)) for w in words)


def test_word_counts_equal_counting_the_expanded_texts(normaliser, texts):
    from pipelines.themes.features import word_matrix

    batch = texts + ["VA-nätet läcker", "enskilda avlopp i byn", "God och nära vård, ÖP och DP", "  ", "ÅÄÖ åäö"]
    def as_counts(matrix, columns):
        matrix = matrix.tocoo()
        return {(int(r), columns[c]): float(v) for r, c, v in zip(matrix.row, matrix.col, matrix.data) if v}

    expected = word_matrix([t.lower().split() for t in normaliser.transform(batch)])
    assert as_counts(*normaliser.word_counts(batch)) == as_counts(*expected)


def test_char_grams_equal_scikit_learn():
    from pipelines.themes.features import char_wb_analyzer, char_wb_grams

    for word in ["a", "ab", "abc", "översiktsplan", "va-nätet", "1:1"]:
        assert list(char_wb_grams(word, 2, 5)) == char_wb_analyzer(2, 5)(word)


def test_text_matrix_equals_splitting_text_by_text(texts):
    from pipelines.themes.features import text_matrix, word_matrix

    def as_counts(matrix, columns):
        matrix = matrix.tocsr().tocoo()
        found = {}
        for r, c, v in zip(matrix.row, matrix.col, matrix.data):
            found[int(r), columns[c]] = found.get((int(r), columns[c]), 0.0) + float(v)
        return found

    for batch in [texts, [], ["ett ord"], ["", "  ", "a b a"], ["med \x00 tecknet", "och\x00här", "x"]]:
        matrix, columns = text_matrix(batch)
        assert matrix.shape[0] == len(batch)
        assert as_counts(matrix, columns) == as_counts(*word_matrix([str(t).split() for t in batch]))


def test_lines_matching_equals_searching_each_string():
    import re

    from pipelines.themes.features import lines_matching

    pattern = re.compile("god|agenda|ab")
    strings = ["godkänd", "", "x", "abab", "nej", "agenda2030", "ja\nab", "god"]
    for batch in [strings, strings[:6], [], ["ab"]]:
        assert lines_matching(pattern, batch).tolist() == [pattern.search(s) is not None for s in batch]


@pytest.mark.parametrize("sublinear", [True, False])
def test_scores_from_words_equal_the_matrix_product(texts, sublinear):
    from pipelines.themes.features import word_matrix

    block = WordCachedTfidf(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=sublinear).fit(texts[:200])
    coef = np.random.default_rng(0).normal(size=(len(block.vocabulary_), 3))
    batch = texts + ["och och och", "bredband bredband"]
    docs, words = word_matrix([t.lower().split() for t in batch])
    expected = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=sublinear).fit(
        texts[:200]).transform(batch) @ coef
    assert np.allclose(block.scores_from_words(docs, words, coef), expected, atol=1e-12)


def test_focus_part_is_counted_twice_and_word_counts_agree(texts):
    from pipelines.themes.features import focus_parts, word_matrix

    focus = Normaliser(focus=True).fit()
    batch = texts + ["Vägarna är inte problemet, utan VA-nätet.", "Bra, men dyrt", "Vi klarar oss utan stöd",
                     "men", "Det går. Däremot saknas god och nära vård"]
    assert focus_parts(["Vi klarar oss utan stöd", "Skolan, utan tvekan", "Fint men dyrt"]) == ([1, 2], [" tvekan", " dyrt"])
    assert focus.transform(["Bra, men dyrt"]) == ["Bra, men dyrt dyrt"]

    def as_counts(matrix, columns):
        matrix = matrix.tocoo()
        found = {}
        for r, c, v in zip(matrix.row, matrix.col, matrix.data):
            found[int(r), columns[c]] = found.get((int(r), columns[c]), 0.0) + float(v)
        return {k: v for k, v in found.items() if v}

    expected = word_matrix([t.lower().split() for t in focus.transform(batch)])
    assert as_counts(*focus.word_counts(batch)) == as_counts(*expected)


def test_focus_parts_equal_matching_text_by_text(texts):
    from pipelines.themes.features import _focus_parts_one_by_one, focus_parts

    plain = texts + ["Vägarna, utan tvekan", "Vi klarar oss utan stöd", "men", "Fint men dyrt, men gott", "MEN nej",
                     "fenomen och men", ",\nutan x", "x,\nutan y", "Snarare nej", "DÄREMOT ja", "istället.",
                     "a , utan b", ""]
    assert focus_parts(plain) == _focus_parts_one_by_one(plain)
    assert focus_parts(plain)[0]  # the one-scan path found something
    for special in (["ſnarare ja", "x"], ["İ men x", "y men z"], ["med \x00 tecken men x", "ja"]):
        assert focus_parts(plain + special) == _focus_parts_one_by_one(plain + special)
    assert focus_parts([]) == ([], [])
