"""BM25Index's whole-collection build gives what counting each debunk on its own gives, to the bit."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pytest
from scipy import sparse

from tests.matching.helpers import labelled_docs
from tipline.matching import lexical
from tipline.matching.lexical import BM25Index, terms
from tipline.matching.normalize import normalize


class PlainBM25:
    """The index as it was built before: a Counter and small arrays per debunk, one id at a time."""

    def __init__(self, documents: Sequence[Sequence[str]], fields: Sequence[Sequence[Sequence[str]]]) -> None:
        k1, b = 1.2, 0.75
        self.vocabulary: dict[str, int] = {}
        rows: list[int] = []
        tfs: list[int] = []
        per_doc: list[int] = []
        for doc in documents:
            counts = Counter(doc)
            rows.extend(self.vocabulary.setdefault(term, len(self.vocabulary)) for term in counts)
            tfs.extend(counts.values())
            per_doc.append(len(counts))
        n_docs = len(documents)
        lengths = np.array([len(d) for d in documents], dtype=np.float32)
        avg = float(lengths.mean()) if n_docs and lengths.mean() > 0 else 1.0
        term_ids = np.array(rows, dtype=np.int64)
        doc_ids = np.repeat(np.arange(n_docs, dtype=np.int64), per_doc)
        tf = np.array(tfs, dtype=np.float32)
        df = np.bincount(term_ids, minlength=len(self.vocabulary)).astype(np.float32)
        self.idf = np.log(1.0 + (n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        norm = k1 * (1 - b + b * lengths[doc_ids] / avg)
        weights = self.idf[term_ids] * tf * (k1 + 1) / (tf + norm)
        self.matrix = sparse.csr_matrix(
            (weights, (term_ids, doc_ids)), shape=(len(self.vocabulary), n_docs), dtype=np.float32
        )
        self.doc_terms, self.per_doc = term_ids, per_doc
        self.bigrams = [
            sorted({a << 32 | c for a, c in zip(ids, ids[1:], strict=False)})
            for ids in ([self.vocabulary[w] for w in d] for d in documents)
        ]
        ids = dict(self.vocabulary)
        default_idf = math.log(1.0 + (n_docs + 0.5) / 0.5)
        self.field_terms: list[list[int]] = []
        self.fields_per_doc: list[int] = []
        for doc_fields, doc in zip(fields, documents, strict=True):
            parts = [f for f in doc_fields if f] or [doc]
            for part in parts:
                self.field_terms.append([ids.setdefault(t, len(ids)) for t in dict.fromkeys(part)])
            self.fields_per_doc.append(len(parts))
        idf_all = [*self.idf.astype(np.float64).tolist(), *[default_idf] * (len(ids) - len(self.vocabulary))]
        self.field_weight = [float(np.array([idf_all[i] for i in f]).sum()) or 1.0 for f in self.field_terms]


def assert_same(ours: BM25Index, plain: PlainBM25) -> None:
    assert list(ours.vocabulary.items()) == list(plain.vocabulary.items())
    assert np.array_equal(ours.idf, plain.idf)
    for name in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(ours.matrix, name), getattr(plain.matrix, name)), name
    assert ours.doc_terms.values.tolist() == plain.doc_terms.tolist()
    assert np.diff(ours.doc_terms.starts).tolist() == plain.per_doc
    rows = np.arange(ours.n_docs)
    assert [ours.doc_bigrams.take(np.array([r]))[0].tolist() for r in rows] == plain.bigrams
    field_rows = np.arange(len(plain.field_terms))
    assert [ours.field_terms.take(np.array([r]))[0].tolist() for r in field_rows] == plain.field_terms
    assert ours.field_weight.tolist() == plain.field_weight
    assert np.diff(ours.doc_fields.starts).tolist() == plain.fields_per_doc


@pytest.mark.parametrize("at_once", [1, 3, 2_048])
def test_the_labelled_debunks_index_as_when_counted_one_by_one(
    monkeypatch: pytest.MonkeyPatch, at_once: int
) -> None:
    monkeypatch.setattr(lexical, "TOKENS_AT_ONCE", at_once)  # chunk edges inside and between debunks
    fields = [
        [terms(normalize(text).words) for text in (doc.claim, doc.headline or "")] for doc in labelled_docs()
    ]
    documents = [[t for part in doc_fields for t in part] for doc_fields in fields]
    assert_same(BM25Index(documents, fields), PlainBM25(documents, fields))


def test_awkward_collections_index_as_when_counted_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexical, "TOKENS_AT_ONCE", 2)
    documents = [["kpu", "curang", "kpu", "curang", "kpu"], [], ["tinta"], ["suara", "kpu", "suara"]]
    # Empty parts, a debunk whose parts are all empty, and field terms the documents do not have.
    fields = [[["kpu", "curang"], []], [[]], [["tinta", "babi", "babi"]], [["kpu"], ["suara", "kpu"]]]
    assert_same(BM25Index(documents, fields), PlainBM25(documents, fields))
    assert_same(BM25Index([], []), PlainBM25([], []))
    one = BM25Index(documents)
    assert_same(one, PlainBM25(documents, [[d] for d in documents]))
