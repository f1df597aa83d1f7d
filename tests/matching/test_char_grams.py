"""The chunked character n-gram index gives scikit-learn's TfidfVectorizer matrix to the bit."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer

from tests.matching.helpers import OTHER_LANGUAGES, labelled_records
from tipline.matching import char_grams
from tipline.matching.char_grams import CharIndex, fit_char_tfidf

AWKWARD = [
    "",
    "a bb ccc",  # words shorter than an n-gram are counted once, whole
    "aaaaaaa aaaaaaa",  # one n-gram many times in a word and across words
    "ΟΔΟΣ ΣΟΦΟΣ",  # a final sigma lowers differently at the end of a word
    "选举 舞弊 投票",
    "KPU   curang\tsekali\n\nkatanya",  # runs of white space of every kind
    "   ",
    "kpu\0 curang",  # a NUL, which numpy's strings would drop from the end of an n-gram
]


def texts() -> list[str]:
    records = labelled_records() + labelled_records(OTHER_LANGUAGES)
    return [f"{r.claim_reviewed} {r.headline}" for r in records] + AWKWARD


def sklearn_fit(texts: list[str]) -> tuple[TfidfVectorizer, csr_matrix]:
    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), min_df=1, sublinear_tf=True, dtype=np.float32
    )
    return vectorizer, vectorizer.fit_transform(texts).tocsr()


@pytest.mark.parametrize("chunk_docs", [3, 2048])
def test_same_matrix_as_scikit_learn(monkeypatch: pytest.MonkeyPatch, chunk_docs: int) -> None:
    monkeypatch.setattr(char_grams, "CHUNK_DOCS", chunk_docs)
    monkeypatch.setattr(char_grams, "SORT_CHUNK", 7)
    corpus = texts()
    expected, reference = sklearn_fit(corpus)
    fitted = fit_char_tfidf(corpus)
    assert fitted is not None
    vocabulary, idf, mine = fitted
    assert vocabulary == expected.vocabulary_
    assert idf.dtype == np.float32 and np.array_equal(idf, expected.idf_)
    assert mine.dtype == np.float32 and mine.shape == reference.shape
    # The entries of a row in the same order too: a dot product adds them in that order.
    assert np.array_equal(mine.indptr, reference.indptr)
    assert np.array_equal(mine.indices, reference.indices)
    assert np.array_equal(mine.data, reference.data)


def test_python_order_when_an_ngram_holds_a_nul() -> None:
    fitted = fit_char_tfidf(["ab\0", "ab"])
    assert fitted is not None
    vocabulary = fitted[0]
    assert sorted(vocabulary, key=vocabulary.__getitem__) == sorted(vocabulary)
    assert vocabulary == sklearn_fit(["ab\0", "ab"])[0].vocabulary_


def test_texts_without_words_give_no_index() -> None:
    assert fit_char_tfidf(["", "  \n"]) is None
    index = CharIndex(["", "  "])
    assert index.matrix is None
    assert index.similarity("kpu curang", [0, 1]).tolist() == [0.0, 0.0]


def test_similarity_ranks_the_typo_with_its_word() -> None:
    index = CharIndex(["surat suara tercoblos", "kotak suara dibakar", "server kpu diretas"])
    scores = index.similarity("srat suara tercoblo", [0, 1, 2])
    assert scores.argmax() == 0 and scores[2] == 0.0
