"""BM25Index keeps per-debunk sets in flat arrays: it must give the numbers the plain set version gave."""

from __future__ import annotations

import math

import numpy as np

from tipline.matching.lexical import BM25Index, bigrams


class SetBM25:
    """The former implementation (a frozenset per debunk and field), kept as the reference."""

    def __init__(self, index: BM25Index, documents: list[list[str]], fields: list[list[list[str]]]) -> None:
        self.index = index
        self.doc_terms = [frozenset(d) for d in documents]
        self.doc_bigrams = [bigrams(d) for d in documents]
        self.field_terms = [
            [frozenset(f) for f in doc_fields if f] or [terms_]
            for doc_fields, terms_ in zip(fields, self.doc_terms, strict=True)
        ]
        self.field_weight = [
            [sum(index.term_idf(t) for t in f) or 1.0 for f in fs] for fs in self.field_terms
        ]

    def scores(self, query_terms: list[str]) -> np.ndarray:
        ids = sorted({self.index.vocabulary[t] for t in query_terms if t in self.index.vocabulary})
        if not ids:
            return np.zeros(self.index.n_docs, dtype=np.float32)
        return np.asarray(self.index.matrix[ids].sum(axis=0)).ravel()

    def coverage(self, query_terms: list[str], doc_indices: list[int]) -> np.ndarray:
        weights = {t: self.index.term_idf(t) for t in set(query_terms)}
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

    def bigram_coverage(self, query_terms: list[str], doc_indices: list[int]) -> np.ndarray:
        query = bigrams(query_terms)
        return np.array(
            [
                len(self.doc_bigrams[i] & query) / len(self.doc_bigrams[i]) if self.doc_bigrams[i] else 0.0
                for i in doc_indices
            ]
        )


def corpus(rng: np.random.Generator, n_docs: int) -> tuple[list[list[str]], list[list[list[str]]]]:
    vocab = [f"w{i}" for i in range(300)]
    weights = 1.0 / np.arange(1, len(vocab) + 1)
    weights /= weights.sum()
    documents, fields = [], []
    for i in range(n_docs):
        claim = [vocab[w] for w in rng.choice(len(vocab), size=int(rng.integers(0, 12)), p=weights)]
        headline = [vocab[w] for w in rng.choice(len(vocab), size=int(rng.integers(0, 8)), p=weights)]
        parts = [claim, headline]
        if i % 17 == 0:
            parts.append(["only-in-a-field", claim[0] if claim else "w1"])  # a term no document has
        documents.append(claim + headline)
        fields.append(parts)
    return documents, fields


def test_flat_arrays_give_the_numbers_of_the_set_version() -> None:
    rng = np.random.default_rng(3)
    documents, fields = corpus(rng, 400)
    index = BM25Index(documents, fields)
    reference = SetBM25(index, documents, fields)
    all_docs = list(range(len(documents)))
    for q in range(60):
        query = [f"w{w}" for w in rng.integers(0, 320, size=int(rng.integers(0, 10)))]
        if q % 7 == 0:
            query += ["only-in-a-field", "unknown"]
        picked = [int(i) for i in rng.choice(all_docs, size=40, replace=False)]
        assert np.array_equal(index.scores(query), reference.scores(query))
        assert np.allclose(
            index.coverage(query, picked), reference.coverage(query, picked), rtol=1e-12, atol=0
        )
        assert np.array_equal(index.bigram_coverage(query, picked), reference.bigram_coverage(query, picked))
        assert index.coverage(query, []).shape == (0, 2)
        assert len(index.bigram_coverage(query, [])) == 0


def test_a_document_without_terms_and_an_empty_index() -> None:
    index = BM25Index([["a", "b", "a"], []], [[["a", "b", "a"]], [[]]])
    assert index.scores(["a"])[1] == 0.0
    assert index.coverage(["a", "b"], [0, 1])[1].tolist() == [0.0, 0.0]
    assert index.coverage(["a", "b"], [0])[0].tolist() == [1.0, 1.0]
    assert index.bigram_coverage(["a", "b"], [0, 1]).tolist() == [0.5, 0.0]
    empty = BM25Index([])
    assert len(empty.scores(["a"])) == 0
    assert math.isclose(empty.default_idf, math.log(2.0))
    assert empty.coverage(["a"], []).shape == (0, 2)
