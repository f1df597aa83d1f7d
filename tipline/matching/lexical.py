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
    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> None:
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
        self.n_docs = n_docs
        self.default_idf = float(math.log(1.0 + (n_docs + 0.5) / 0.5))

    def term_idf(self, term: str) -> float:
        term_id = self.vocabulary.get(term)
        return float(self.idf[term_id]) if term_id is not None else self.default_idf

    def scores(self, query_terms: Sequence[str]) -> np.ndarray:
        ids = sorted({self.vocabulary[t] for t in query_terms if t in self.vocabulary})
        if not ids or not self.n_docs:
            return np.zeros(self.n_docs, dtype=np.float32)
        return np.asarray(self.matrix[ids].sum(axis=0)).ravel()

    def coverage(self, query_terms: Sequence[str], doc_index: int) -> tuple[float, float]:
        """IDF-weighted share of the debunk's terms found in the tip, and of the tip's terms in the debunk."""
        query = set(query_terms)
        doc = self.doc_terms[doc_index]
        shared = query & doc
        if not shared:
            return 0.0, 0.0
        weight = {t: self.term_idf(t) for t in query | doc}
        shared_w = sum(weight[t] for t in shared)
        return shared_w / sum(weight[t] for t in doc), shared_w / sum(weight[t] for t in query)


class CharIndex:
    """Character n-grams inside word boundaries: robust to typos and affixes the stemmer misses."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), min_df=1, sublinear_tf=True, dtype=np.float32
        )
        self.matrix = self.vectorizer.fit_transform(texts or [""]).tocsr() if texts else None

    def similarity(self, text: str, doc_indices: Sequence[int]) -> np.ndarray:
        if self.matrix is None or not doc_indices:
            return np.zeros(len(doc_indices), dtype=np.float32)
        query = self.vectorizer.transform([text])
        return np.asarray((self.matrix[list(doc_indices)] @ query.T).todense()).ravel()
