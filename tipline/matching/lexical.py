"""Lexical retrieval: BM25 over stemmed content words (character n-grams are in char_grams.py).

BM25 weights are precomputed into one sparse term x document matrix, so a search is a sum of a few rows.
Per-debunk term sets live in flat id arrays (Ragged): at 1M debunks Python sets took 5 GB.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse

from tipline.matching.normalize import content_words
from tipline.matching.stemming import stem

TOKENS_AT_ONCE = 2_048  # see _first_seen


def terms(words: Sequence[str]) -> list[str]:
    return [stem(w) for w in content_words(tuple(words))]


class Ragged:
    """Rows of different lengths in one flat array: a Python set per debunk costs ~5 kB (5 GB at 1M)."""

    def __init__(self, values: np.ndarray, lengths: Sequence[int] | np.ndarray) -> None:
        self.values = values
        self.starts = np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)]).astype(np.int64)

    @classmethod
    def build(cls, rows: Iterable[np.ndarray]) -> Ragged:
        rows = list(rows)
        values = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        return cls(values.astype(np.int64), [len(r) for r in rows])

    def lengths(self, rows: np.ndarray) -> np.ndarray:
        return self.starts[rows + 1] - self.starts[rows]

    def take(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The values of these rows end to end, and the position (in `rows`) each value came from."""
        lengths = self.lengths(rows)
        segment = np.repeat(np.arange(len(rows)), lengths)
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if len(rows) else lengths
        return self.values[self.starts[rows][segment] + np.arange(len(segment)) - offsets[segment]], segment


class BM25Index:
    def __init__(
        self,
        documents: Sequence[Sequence[str]],
        fields: Sequence[Sequence[Sequence[str]]] | None = None,
        k1: float = 1.2,
        b: float = 0.75,
    ) -> None:
        """`fields`: each document's parts (claim, headline); coverage is judged against the best part.

        Built with whole-collection numpy steps, not a Counter and small arrays per debunk (2.9 s at 100k
        debunks, each rebuild), in the same order: ids by first use, a debunk's terms by first use."""
        flat = [term for doc in documents for term in doc]
        self.vocabulary: dict[str, int] = {term: i for i, term in enumerate(_first_seen(flat))}
        n_docs = len(documents)
        token_ids = _ids_of(flat, self.vocabulary)
        token_docs = np.repeat(np.arange(n_docs, dtype=np.int64), [len(d) for d in documents])
        doc_ids, term_ids, counts = _first_uses(token_docs, token_ids, len(self.vocabulary))
        per_doc = np.bincount(doc_ids, minlength=n_docs)
        lengths = np.array([len(d) for d in documents], dtype=np.float32)
        avg = float(lengths.mean()) if len(documents) and lengths.mean() > 0 else 1.0
        tf_arr = counts.astype(np.float32)
        df = np.bincount(term_ids, minlength=len(self.vocabulary)).astype(np.float32)
        self.idf = np.log(1.0 + (n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        norm = k1 * (1 - b + b * lengths[doc_ids] / avg) if n_docs else tf_arr
        weights = self.idf[term_ids] * tf_arr * (k1 + 1) / (tf_arr + norm)
        self.matrix = sparse.csr_matrix(
            (weights, (term_ids, doc_ids)), shape=(len(self.vocabulary), n_docs), dtype=np.float32
        )
        self.n_docs = n_docs
        self.default_idf = float(math.log(1.0 + (n_docs + 0.5) / 0.5))
        self.doc_terms = Ragged(term_ids, per_doc)
        self.doc_bigrams = _doc_bigrams(token_docs, token_ids, n_docs)
        # Field terms missing from the documents get ids past the vocabulary, with an unseen term's idf.
        self._ids = dict(self.vocabulary)
        parts = [
            [f for f in doc_fields if f] or [doc]
            for doc_fields, doc in zip(fields or [[d] for d in documents], documents, strict=True)
        ]
        field_tokens = [f for doc_parts in parts for f in doc_parts]
        part_flat = [term for part in field_tokens for term in part]
        for term in _first_seen(part_flat):
            self._id(term)
        part_ids = _ids_of(part_flat, self._ids)
        token_parts = np.repeat(np.arange(len(field_tokens), dtype=np.int64), [len(f) for f in field_tokens])
        owner_parts, field_values, _ = _first_uses(token_parts, part_ids, len(self._ids))
        idf_all = np.concatenate(
            [self.idf.astype(np.float64), np.full(len(self._ids) - len(self.vocabulary), self.default_idf)]
        )
        self.field_terms = Ragged(field_values, np.bincount(owner_parts, minlength=len(field_tokens)))
        self.field_weight = _sums(idf_all[field_values], self.field_terms.starts)
        self.field_weight[self.field_weight == 0] = 1.0
        self.doc_fields = Ragged(np.arange(len(field_tokens), dtype=np.int64), [len(p) for p in parts])

    def _id(self, term: str) -> int:
        return self._ids.setdefault(term, len(self._ids))

    def _bigram_codes(self, words: Sequence[str]) -> np.ndarray:
        ids = [self.vocabulary.get(w, -1) for w in words]
        return np.array(
            sorted({a << 32 | b for a, b in zip(ids, ids[1:], strict=False) if a >= 0 and b >= 0}),
            dtype=np.int64,
        )

    def term_idf(self, term: str) -> float:
        term_id = self.vocabulary.get(term)
        return float(self.idf[term_id]) if term_id is not None else self.default_idf

    def scores(self, query_terms: Sequence[str]) -> np.ndarray:
        ids = sorted({self.vocabulary[t] for t in query_terms if t in self.vocabulary})
        out = np.zeros(self.n_docs, dtype=np.float32)
        if not ids or not self.n_docs:
            return out
        # Row by row in term order adds each debunk's weights in the order scipy's row sum does (the same
        # float32 result), without first copying the rows out: common terms at 1M debunks made that ~3 ms.
        indptr, indices, data = self.matrix.indptr, self.matrix.indices, self.matrix.data
        for term_id in ids:
            start, end = indptr[term_id], indptr[term_id + 1]
            out[indices[start:end]] += data[start:end]
        return out

    def _shared(self, ragged: Ragged, rows: np.ndarray, weights: dict[int, float]) -> np.ndarray:
        """Per row: the sum of `weights` over its ids."""
        ids, segment = ragged.take(rows)
        query_ids = np.array(sorted(weights), dtype=np.int64)
        query_weights = np.array([weights[i] for i in query_ids.tolist()], dtype=np.float64)
        at = np.minimum(np.searchsorted(query_ids, ids), len(query_ids) - 1)
        found = np.where(query_ids[at] == ids, query_weights[at], 0.0)
        return np.bincount(segment, weights=found, minlength=len(rows))

    def coverage(self, query_terms: Sequence[str], doc_indices: Sequence[int]) -> np.ndarray:
        """Per debunk: IDF-weighted share of its terms found in the tip, and of the tip's terms in it."""
        weights = {t: self.term_idf(t) for t in set(query_terms)}
        query_total = sum(weights.values()) or 1.0
        out = np.zeros((len(doc_indices), 2), dtype=np.float64)
        known = {self._ids[t]: w for t, w in weights.items() if t in self._ids}
        if not known or not len(doc_indices):
            return out
        docs = np.asarray(doc_indices, dtype=np.int64)
        shared = self._shared(self.doc_terms, docs, known)
        fields, owner = self.doc_fields.take(docs)
        field_share = self._shared(self.field_terms, fields, known) / self.field_weight[fields]
        best_field = np.full(len(docs), -np.inf)
        np.maximum.at(best_field, owner, field_share)
        has = shared > 0
        out[has, 0] = best_field[has]
        out[has, 1] = shared[has] / query_total
        return out

    def bigram_coverage(self, query_terms: Sequence[str], doc_indices: Sequence[int]) -> np.ndarray:
        """Share of the debunk's word pairs that the tip repeats: a quoted headline keeps its word order."""
        docs = np.asarray(doc_indices, dtype=np.int64)
        query = self._bigram_codes(query_terms)
        lengths = self.doc_bigrams.lengths(docs) if len(docs) else np.zeros(0, dtype=np.int64)
        if not len(query) or not len(docs):
            return np.zeros(len(docs))
        codes, segment = self.doc_bigrams.take(docs)
        found = np.bincount(segment, weights=np.isin(codes, query), minlength=len(docs))
        return np.divide(found, lengths, out=np.zeros(len(docs)), where=lengths > 0)


def _first_seen(tokens: list[str]) -> dict[str, None]:
    """Distinct tokens in order of first use, a few thousand at a time. A background rebuild shares the GIL
    with the tips being answered, and a tip waits for each C call the build is in whenever it wants the GIL
    back (hundreds of times a tip): whole-collection calls of a few ms took a tip's p99 from ~120 to ~240 ms
    at 100k debunks (`make bench-publish`)."""
    seen: dict[str, None] = {}
    for start in range(0, len(tokens), TOKENS_AT_ONCE):
        seen.update(dict.fromkeys(tokens[start : start + TOKENS_AT_ONCE]))
    return seen


def _ids_of(tokens: list[str], ids: dict[str, int]) -> np.ndarray:
    """Each token's id, a few thousand at a time (see _first_seen)."""
    chunks = [
        np.fromiter(map(ids.__getitem__, tokens[start : start + TOKENS_AT_ONCE]), dtype=np.int64)
        for start in range(0, len(tokens), TOKENS_AT_ONCE)
    ]
    return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int64)


def _first_uses(owners: np.ndarray, ids: np.ndarray, n_ids: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each distinct (owner, id) of a flat token list, in order of first use, with its count. `owners` are
    ascending, so the pairs come grouped by owner, each owner's ids in the order it first used them."""
    keys = owners * max(n_ids, 1) + ids
    distinct, first, counts = np.unique(keys, return_index=True, return_counts=True)
    order = np.argsort(first, kind="stable")
    distinct = distinct[order]
    return distinct // max(n_ids, 1), distinct % max(n_ids, 1), counts[order]


def _doc_bigrams(token_docs: np.ndarray, token_ids: np.ndarray, n_docs: int) -> Ragged:
    """Each debunk's distinct pairs of consecutive terms, coded `a << 32 | b`, ascending."""
    same_doc = token_docs[:-1] == token_docs[1:]
    docs, first, second = token_docs[:-1][same_doc], token_ids[:-1][same_doc], token_ids[1:][same_doc]
    n_ids = int(token_ids.max()) + 1 if len(token_ids) else 1
    if n_docs * n_ids * n_ids < 2**62:  # one sort of one key (a lexsort of two took 0.6 s at 100k debunks)
        keys = np.sort((docs * n_ids + first) * n_ids + second)
        keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if len(keys) else keys
        docs, pairs = keys // (n_ids * n_ids), keys % (n_ids * n_ids)
        codes = pairs // n_ids << 32 | pairs % n_ids
    else:
        codes = first << 32 | second
        order = np.lexsort((codes, docs))
        docs, codes = docs[order], codes[order]
        new = np.ones(len(codes), dtype=bool)
        new[1:] = (docs[1:] != docs[:-1]) | (codes[1:] != codes[:-1])
        docs, codes = docs[new], codes[new]
    return Ragged(codes, np.bincount(docs, minlength=n_docs))


def _sums(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Each row's sum (0 for an empty row), added in order: a `.sum()` per row took 0.5 s at 100k debunks.
    A few float32 idfs add up exactly in float64 in any order, so this is what `.sum()` gives, to the bit."""
    lengths = np.diff(starts)
    out = np.zeros(len(lengths), dtype=np.float64)
    rows = np.flatnonzero(lengths)
    if len(rows):
        out[rows] = np.add.reduceat(values, starts[rows])
    return out


def bigrams(words: Sequence[str]) -> frozenset[tuple[str, str]]:
    return frozenset(zip(words, words[1:], strict=False))


def top_ranks(scores: np.ndarray, k: int) -> dict[int, int]:
    """Document index -> rank (0 best) for the top `k` of one retriever; a score of 0 is no evidence."""
    # Only the scored debunks are ranked: a partition over all 1M scores cost ~3 ms, most of them 0.
    scored = np.flatnonzero(scores)
    if not len(scored):
        return {}
    values = scores[scored]
    top = np.argpartition(-values, min(k, len(values) - 1))[:k]
    top = top[np.argsort(-values[top], kind="stable")]
    return {int(scored[i]): rank for rank, i in enumerate(top)}
