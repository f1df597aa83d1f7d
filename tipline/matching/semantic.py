"""Cosine search over debunk vectors: brute force up to a size, then a coarse projection and an exact rerank.

The embedders that make the vectors are in `embedders.py`.
"""

from __future__ import annotations

import math
from contextlib import AbstractContextManager
from dataclasses import dataclass

import numpy as np
from threadpoolctl import ThreadpoolController

_blas: ThreadpoolController | None = None


def one_blas_thread() -> AbstractContextManager[object]:
    """OpenBLAS's second thread spins, waiting for a core that the embedder or a web process holds: on 2 busy
    cores a search over 100k debunks took 18 ms with it, 7.5 ms without. Searches are memory-bound anyway."""
    global _blas
    if _blas is None:
        _blas = ThreadpoolController()
    return _blas.limit(limits=1, user_api="blas")


@dataclass(frozen=True)
class Query:
    """A tip's vector, or two: `other` for the debunks flagged in `other_docs` (those in another language
    than the tip, which its language's adapter must not move). Both are scored in one pass over memory."""

    vector: np.ndarray
    other: np.ndarray | None = None
    other_docs: np.ndarray | None = None  # bool per debunk

    @classmethod
    def of(cls, query: np.ndarray | Query) -> Query:
        return query if isinstance(query, Query) else cls(np.asarray(query, dtype=np.float32))

    @property
    def columns(self) -> np.ndarray:
        if self.other is None:
            return self.vector.astype(np.float32)[:, None]
        return np.stack([self.vector, self.other], axis=1).astype(np.float32)

    def pick(self, products: np.ndarray, docs: np.ndarray) -> np.ndarray:
        """Rows x columns of products -> each row's cosine with the vector meant for its debunk."""
        if self.other is None or self.other_docs is None:
            return np.ascontiguousarray(products[:, 0])
        return np.where(self.other_docs[docs], products[:, 1], products[:, 0])

    def scan(self, matrix_t: np.ndarray, docs: np.ndarray | None = None) -> np.ndarray:
        """Products with every column of a transposed matrix (`docs`: the debunk of each column, None when
        the columns are the debunks). Vector x transposed matrix streamed 1.6-2.5x faster than matrix x
        vector with OpenBLAS on one core (20k x 384: 1.1 vs 2.8 ms), and two such products beat one with a
        two-column matrix, which read the memory twice anyway."""
        first = self.vector @ matrix_t
        if self.other is None or self.other_docs is None:
            return first
        mask = self.other_docs if docs is None else self.other_docs[docs]
        return np.where(mask, self.other @ matrix_t, first)

    def projected(self, axes: np.ndarray) -> Query:
        other = None if self.other is None else self.other @ axes
        return Query(self.vector @ axes, other, self.other_docs)


class SemanticIndex:
    """Debunk vectors (up to one per field: claim, headline, conclusion), searched by matrix products.

    All vectors sit in one contiguous matrix, grouped by debunk; a debunk's score is its best field's cosine.
    Up to EXACT_LIMIT vectors a search is one product over them all. Above, that product is bound by memory
    bandwidth (100k debunks x 2 fields x 384 floats: ~30 ms on one core), so the vectors projected on their
    COARSE_DIMS main axes pick the debunks whose fields are then scored exactly: RERANK_DEPTH of them at 10k
    debunks, growing with the square root of their number. Of the exact top 30 on real e5 vectors
    (en-clef2020-dev tips and debunks, padded with Gaussian vectors of their mean and covariance) it keeps
    99.2 % at 100k debunks (depth 1,897) and 99.3 % at 1M (6,000); a fixed 600 kept 95.6 % at 100k.
    """

    EXACT_LIMIT = 60_000
    RERANK_DEPTH = 600
    COARSE_DIMS = 96

    def __init__(self, vectors: np.ndarray, owners: np.ndarray, n_docs: int, half: bool = False) -> None:
        owners = np.asarray(owners, dtype=np.int64)
        order = np.argsort(owners, kind="stable")
        dim = vectors.shape[1] if vectors.ndim == 2 and len(vectors) else 0
        # `half` is accepted and ignored: numpy has no float16 BLAS, float16 products are much slower.
        self.vectors = np.ascontiguousarray(np.asarray(vectors, dtype=np.float32).reshape(-1, dim)[order])
        self.owners = owners[order]
        self.n_docs = n_docs
        counts = np.bincount(self.owners, minlength=n_docs) if n_docs else np.zeros(0, dtype=np.int64)
        self.starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64) if n_docs else counts
        self.counts = counts
        self.with_vectors = np.flatnonzero(counts)
        self.coarse_blocks: np.ndarray | None = None
        self.axes: np.ndarray | None = None
        self.depth = min(n_docs, max(self.RERANK_DEPTH, int(self.RERANK_DEPTH * math.sqrt(n_docs / 10_000))))
        # Full scans read a transposed copy (see Query.scan); rows are still gathered from `vectors`.
        self.vectors_t: np.ndarray | None = None
        if len(self.vectors) > self.EXACT_LIMIT:
            self._build_coarse(dim)
        else:
            self.vectors_t = np.ascontiguousarray(self.vectors.T)

    def _build_coarse(self, dim: int) -> None:
        sample = self.vectors[np.random.default_rng(0).permutation(len(self.vectors))[:5000]]
        # Uncentred axes: cosines are products around the origin, not around the mean. (A small SVD on two
        # busy cores took 1 s with OpenBLAS's threads, 4 ms without.)
        with one_blas_thread():
            _, _, basis = np.linalg.svd(sample, full_matrices=False)
        self.axes = np.ascontiguousarray(basis[: min(self.COARSE_DIMS, dim)].T.astype(np.float32))
        # One block per field slot (first vector of each debunk, second...): a debunk's coarse score is an
        # element-wise max of a few products, no per-debunk reduction (reduceat over 200k rows: ~2.5 ms).
        slot = np.arange(len(self.owners)) - self.starts[self.owners]
        n_slots = int(slot.max()) + 1
        blocks = np.zeros((n_slots, self.axes.shape[1], self.n_docs), dtype=np.float32)
        blocks[slot, :, self.owners] = self.vectors @ self.axes  # each block transposed: axes x debunks
        self.coarse_blocks = blocks

    def _all_exact(self, query: Query) -> np.ndarray:
        best = np.zeros(self.n_docs, dtype=np.float32)
        if len(self.vectors):
            with one_blas_thread():
                if self.vectors_t is not None:
                    cosines = query.scan(self.vectors_t, self.owners)
                else:  # a large index keeps no transposed copy (tests and tools only come here)
                    cosines = query.pick(self.vectors @ query.columns, self.owners)
            best[self.with_vectors] = np.maximum.reduceat(cosines, self.starts[self.with_vectors])
        return best

    def exact(self, query: np.ndarray | Query, doc_indices: np.ndarray) -> np.ndarray:
        """Best field cosine of each of these debunks (0 for a debunk without a vector)."""
        return self.exact_and_top_two(query, doc_indices)[0]

    def exact_and_top_two(
        self, query: np.ndarray | Query, doc_indices: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Best field cosine of each of these debunks, and the mean of its two best (the best again for a
        debunk with one field; 0 for a debunk without a vector). Two, not all: a long conclusion, far from
        any tip, would otherwise pull down the debunks that have one."""
        query = Query.of(query)
        docs = np.asarray(doc_indices, dtype=np.int64)
        best = np.zeros(len(docs), dtype=np.float32)
        top_two = np.zeros(len(docs), dtype=np.float32)
        counts = self.counts[docs] if len(docs) else np.zeros(0, dtype=np.int64)
        has = counts > 0
        if not has.any():
            return best, top_two
        starts, lengths = self.starts[docs[has]], counts[has]
        segment = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        rows = np.repeat(starts - segment, lengths) + np.arange(int(lengths.sum()))
        with one_blas_thread():
            cosines = query.pick(self.vectors[rows] @ query.columns, self.owners[rows])
        best[has] = np.maximum.reduceat(cosines, segment)
        at_best = cosines >= np.repeat(best[has], lengths)
        second = np.maximum.reduceat(np.where(at_best, -np.inf, cosines), segment)
        # One field, or two as good as each other: the best is also the second best.
        alone = (np.add.reduceat(at_best, segment) > 1) | ~np.isfinite(second)
        top_two[has] = (best[has] + np.where(alone, best[has], second)) / 2
        return best, top_two

    def search(self, query: np.ndarray | Query, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k debunks with the best field cosine, best first, and those cosines."""
        query = Query.of(query)
        if not self.n_docs or not len(self.vectors):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        if self.coarse_blocks is None:
            pool = np.arange(self.n_docs)
            scores = self._all_exact(query)
        else:
            assert self.axes is not None
            with one_blas_thread():
                projected = query.projected(self.axes)
                coarse = projected.scan(self.coarse_blocks[0])
                for block in self.coarse_blocks[1:]:
                    np.maximum(coarse, projected.scan(block), out=coarse)
            pool = np.argpartition(coarse, self.n_docs - self.depth)[self.n_docs - self.depth :]
            scores = self.exact(query, pool)
        k = min(k, len(pool))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return pool[top], scores[top]

    def scores(self, query: np.ndarray | Query) -> np.ndarray:
        """Best cosine of every debunk (0 for debunks without a vector): exact, for tests and tools."""
        return self._all_exact(Query.of(query))
