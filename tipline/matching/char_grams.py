"""Character n-gram TF-IDF over the debunks, built in chunks: the reranker's "char" feature.

The matrix is the one scikit-learn's `TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5),
sublinear_tf=True)` fits, to the bit (same columns, same order of entries in a row, same float32
values), but built differently. `fit_transform` gathers every n-gram id of the collection in one Python
list and turns it into an array in one call that holds the interpreter lock: ~0.65 s at 100k debunks,
during which a background rebuild stopped every tip in the worker. Here each distinct word's n-grams are
read once (a word's n-grams do not depend on its neighbours with `char_wb`), and a text's counts are its
word counts times the words' n-gram counts, a sparse product computed `CHUNK_DOCS` texts at a time, so no
single step holds the lock for long.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

CHUNK_DOCS = 2048
SORT_CHUNK = 50_000


def char_analyzer() -> Callable[[str], list[str]]:
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).build_analyzer()


class _GramCounter:
    """N-gram ids in the order scikit-learn first meets them; each distinct word analysed once."""

    def __init__(self, analyze: Callable[[str], list[str]]) -> None:
        self._analyze = analyze
        self.grams: dict[str, int] = {}
        self._word_ids: dict[str, int] = {}
        # Each word's n-gram ids end to end, repeats kept; arrays, so that numpy reads them without a copy
        # (np.array of the list held the GIL 130 ms at 100k debunks).
        self._word_grams = array("i")
        self._word_starts = array("q", [0])

    def _new_word(self, word: str) -> int:
        grams = self.grams
        self._word_grams.extend(grams.setdefault(g, len(grams)) for g in self._analyze(word))
        self._word_starts.append(len(self._word_grams))
        found = self._word_ids[word] = len(self._word_ids)
        return found

    def words(self, text: str) -> list[int]:
        """The text's word ids; new words (and their new n-grams) numbered as met."""
        words = text.split()
        known = self._word_ids
        ids = [known.get(w, -1) for w in words]
        if -1 in ids:  # in order, so that a word's n-grams are numbered where scikit-learn meets them
            ids = [known[w] if w in known else self._new_word(w) for w in words]
        return ids

    def grams_of_words(self) -> sparse.csr_matrix:
        """Word x n-gram counts: a text's counts are its word counts times this."""
        starts = np.frombuffer(self._word_starts, dtype=np.int64)
        columns = np.frombuffer(self._word_grams, dtype=np.int32)
        shape = (len(starts) - 1, len(self.grams))
        return sparse.csr_matrix((np.ones(len(columns), dtype=np.float32), columns, starts), shape=shape)


def _counts(texts_words: list[list[int]], grams_of_words: sparse.csr_matrix) -> sparse.csr_matrix:
    """Counts per text, entries of a row in first-met order, columns numbered as first met."""
    per_text = np.fromiter((len(w) for w in texts_words), dtype=np.int64, count=len(texts_words))
    indptr = np.concatenate([[0], np.cumsum(per_text)])
    columns = np.fromiter((i for w in texts_words for i in w), dtype=np.int32, count=int(indptr[-1]))
    word_counts = sparse.csr_matrix(
        (np.ones(len(columns), dtype=np.float32), columns, indptr),
        shape=(len(texts_words), grams_of_words.shape[0]),
    )
    counts = sparse.csr_matrix(word_counts @ grams_of_words)
    counts.sort_indices()
    return counts


def _string_order(grams: list[str]) -> np.ndarray:
    """The n-grams' positions in Python's string order: scikit-learn's column order."""
    if "\0" in "".join(grams):  # numpy's strings drop trailing NULs; Python's sort then, slower
        return np.array(sorted(range(len(grams)), key=grams.__getitem__), dtype=np.int64)
    width = max(map(len, grams))
    starts = range(0, len(grams), SORT_CHUNK)
    parts = [np.array(grams[i : i + SORT_CHUNK], dtype=f"<U{width}") for i in starts]
    return np.argsort(np.concatenate(parts), kind="stable")


def fit_char_tfidf(texts: Sequence[str]) -> tuple[dict[str, int], np.ndarray, sparse.csr_matrix] | None:
    """Vocabulary, idf and l2-normalised rows; None when the texts have no words at all."""
    counter = _GramCounter(char_analyzer())
    words = [counter.words(text) for text in texts]
    names = list(counter.grams)
    if not names:
        return None
    grams_of_words = counter.grams_of_words()
    chunks = [_counts(words[i : i + CHUNK_DOCS], grams_of_words) for i in range(0, len(texts), CHUNK_DOCS)]
    order = _string_order(names)
    rank = np.empty(len(names), dtype=np.int64)
    rank[order] = np.arange(len(names), dtype=np.int64)
    columns = [rank[chunk.indices].astype(np.int32) for chunk in chunks]
    df = np.zeros(len(names), dtype=np.int64)
    for chunk_columns in columns:
        df += np.bincount(chunk_columns, minlength=len(names))
    # scikit-learn's smooth idf, in its float32 steps.
    idf = np.full(len(names), len(texts) + 1, dtype=np.float32)
    idf /= df.astype(np.float32) + np.float32(1.0)
    np.log(idf, out=idf)
    idf += np.float32(1.0)
    rows = []
    for chunk, chunk_columns in zip(chunks, columns, strict=True):
        data = chunk.data
        np.log(data, out=data)
        data += np.float32(1.0)
        data *= idf[chunk_columns]
        counted = sparse.csr_matrix((data, chunk_columns, chunk.indptr), shape=(chunk.shape[0], len(names)))
        rows.append(normalize(counted, norm="l2", copy=False))
    matrix = sparse.csr_matrix(sparse.vstack(rows, format="csr"), dtype=np.float32)
    vocabulary = dict(zip((names[i] for i in order.tolist()), range(len(names)), strict=True))
    return vocabulary, idf, matrix


class CharIndex:
    """Character n-grams inside word boundaries: robust to typos and affixes the stemmer misses."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._analyze = char_analyzer()
        fitted = fit_char_tfidf(texts)
        self.matrix: sparse.csr_matrix | None = None
        if fitted:
            self._vocabulary, self._idf, self.matrix = fitted
            self._width = self.matrix.shape[1]

    def similarity(self, text: str, doc_indices: Sequence[int]) -> np.ndarray:
        if self.matrix is None or not doc_indices:
            return np.zeros(len(doc_indices), dtype=np.float32)
        # The tip's vector built by hand: sklearn's transform() validates and costs ~5 ms a call.
        counts = Counter(self._analyze(text))
        cols, vals = [], []
        for gram, count in counts.items():
            column = self._vocabulary.get(gram)
            if column is not None:
                cols.append(column)
                vals.append((1.0 + math.log(count)) * self._idf[column])
        if not cols:
            return np.zeros(len(doc_indices), dtype=np.float32)
        values = np.array(vals, dtype=np.float32)
        values /= np.linalg.norm(values)
        query = sparse.csr_matrix(
            (values, (np.zeros(len(cols), dtype=np.int64), cols)), shape=(1, self._width)
        )
        return np.asarray((self.matrix[list(doc_indices)] @ query.T).todense()).ravel()
