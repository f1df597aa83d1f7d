"""Lexical retrieval: BM25 over stemmed content words, and character n-gram TF-IDF for reranking.

BM25 weights are precomputed into one sparse term x document matrix, so a search is a sum of a few rows.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from tipline.matching.normalize import content_words
from tipline.matching.stemming import stem


def terms(words: Sequence[str]) -> list[str]:
    return [stem(w) for w in content_words(tuple(words))]


class BM25Index:
    def __init__(
        self,
        documents: Sequence[Sequence[str]],
        fields: Sequence[Sequence[Sequence[str]]] | None = None,
        k1: float = 1.2,
        b: float = 0.75,
    ) -> None:
        """`fields`: each document's parts (claim, headline); coverage is judged against the best part."""
        self.vocabulary: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        tfs: list[float] = []
        lengths = np.array([len(d) for d in documents], dtype=np.float32)
        avg = float(lengths.mean()) if len(documents) and lengths.mean() > 0 else 1.0
        for doc_index, doc in enumerate(documents):
            for term, tf in Counter(doc).items():
                term_id = self.vocabulary.setdefault(term, len(self.vocabulary))
                rows.append(term_id)
                cols.append(doc_index)
                tfs.append(tf)
        n_docs = len(documents)
        term_ids = np.array(rows, dtype=np.int64)
        doc_ids = np.array(cols, dtype=np.int64)
        tf_arr = np.array(tfs, dtype=np.float32)
        df = np.bincount(term_ids, minlength=len(self.vocabulary)).astype(np.float32)
        self.idf = np.log(1.0 + (n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        norm = k1 * (1 - b + b * lengths[doc_ids] / avg) if n_docs else tf_arr
        weights = self.idf[term_ids] * tf_arr * (k1 + 1) / (tf_arr + norm)
        self.matrix = sparse.csr_matrix(
            (weights, (term_ids, doc_ids)), shape=(len(self.vocabulary), n_docs), dtype=np.float32
        )
        self.doc_terms = [frozenset(d) for d in documents]
        self.doc_bigrams = [bigrams(d) for d in documents]
        self.n_docs = n_docs
        self.default_idf = float(math.log(1.0 + (n_docs + 0.5) / 0.5))
        self.field_terms = [
            [frozenset(f) for f in doc_fields if f] or [terms_]
            for doc_fields, terms_ in zip(fields or [[d] for d in documents], self.doc_terms, strict=True)
        ]
        self.field_weight = [[sum(self.term_idf(t) for t in f) or 1.0 for f in fs] for fs in self.field_terms]

    def term_idf(self, term: str) -> float:
        term_id = self.vocabulary.get(term)
        return float(self.idf[term_id]) if term_id is not None else self.default_idf

    def scores(self, query_terms: Sequence[str]) -> np.ndarray:
        ids = sorted({self.vocabulary[t] for t in query_terms if t in self.vocabulary})
        if not ids or not self.n_docs:
            return np.zeros(self.n_docs, dtype=np.float32)
        return np.asarray(self.matrix[ids].sum(axis=0)).ravel()

    def coverage(self, query_terms: Sequence[str], doc_indices: Sequence[int]) -> np.ndarray:
        """Per debunk: IDF-weighted share of its terms found in the tip, and of the tip's terms in it."""
        weights = {t: self.term_idf(t) for t in set(query_terms)}
        query_total = sum(weights.values()) or 1.0
        out = np.zeros((len(doc_indices), 2), dtype=np.float64)
        for row, index in enumerate(doc_indices):
            shared = sum(weights[t] for t in self.doc_terms[index] if t in weights)
            if shared:
                best_field = max(
                    sum(weights[t] for t in field if t in weights) / weight
                    for field, weight in zip(self.field_terms[index], self.field_weight[index], strict=True)
                )
                out[row] = best_field, shared / query_total
        return out

    def bigram_coverage(self, query_terms: Sequence[str], doc_indices: Sequence[int]) -> np.ndarray:
        """Share of the debunk's word pairs that the tip repeats: a quoted headline keeps its word order."""
        query = bigrams(query_terms)
        return np.array(
            [
                len(self.doc_bigrams[i] & query) / len(self.doc_bigrams[i]) if self.doc_bigrams[i] else 0.0
                for i in doc_indices
            ]
        )


def bigrams(words: Sequence[str]) -> frozenset[tuple[str, str]]:
    return frozenset(zip(words, words[1:], strict=False))


class CharIndex:
    """Character n-grams inside word boundaries: robust to typos and affixes the stemmer misses."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), min_df=1, sublinear_tf=True, dtype=np.float32
        )
        self.matrix = self.vectorizer.fit_transform(texts).tocsr() if texts else None
        if self.matrix is not None:
            self._analyze = self.vectorizer.build_analyzer()
            self._vocabulary: dict[str, int] = self.vectorizer.vocabulary_
            self._idf = self.vectorizer.idf_.astype(np.float32)
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
