"""The character n-gram index fitted by scikit-learn and by tipline's chunked counter, in one run.

    .venv/bin/python bench/char_index_build.py [--debunks 10000 100000] [--from FILE.jsonl ...]

For each collection (synthetic debunks as bench/matching_scale.py makes them, or ClaimReview lines), both
fits run on the same texts, one after the other: scikit-learn's `TfidfVectorizer(analyzer="char_wb",
ngram_range=(3, 5), sublinear_tf=True)`, which the matcher used until session 34, and
`tipline.matching.char_grams.fit_char_tfidf`. It prints each one's time, the ratio, and the longest time a
thread that only sleeps 0.5 ms at a time waited to run again (what a tip matched during a background
rebuild waits for the GIL; with the collector paused and the switch interval short, as there), and
checks that both gave the same matrix, bit for bit.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
from matching_scale import synthetic_docs, vocabulary
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from tipline.matching.char_grams import fit_char_tfidf

T = TypeVar("T")


def longest_hold(work: Callable[[list[str]], T], texts: list[str]) -> tuple[T, float, float]:
    """`work(texts)`, its seconds, and the longest gap seen by a thread sleeping 0.5 ms at a time."""
    longest = 0.0
    done = threading.Event()

    def watch() -> None:
        nonlocal longest
        last = time.perf_counter()
        while not done.is_set():
            time.sleep(0.0005)
            now = time.perf_counter()
            longest, last = max(longest, now - last), now

    previous = sys.getswitchinterval()
    # As during a background rebuild (service.py): a short switch interval, the collector paused.
    sys.setswitchinterval(0.0002)
    gc.disable()
    watcher = threading.Thread(target=watch)
    watcher.start()
    started = time.perf_counter()
    try:
        result = work(texts)
        return result, time.perf_counter() - started, longest
    finally:
        done.set()
        watcher.join()
        sys.setswitchinterval(previous)
        gc.enable()
        gc.collect()


def fit_with_scikit_learn(texts: list[str]) -> tuple[dict[str, int], sparse.csr_matrix]:
    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), min_df=1, sublinear_tf=True, dtype=np.float32
    )
    matrix = sparse.csr_matrix(vectorizer.fit_transform(texts))
    return vectorizer.vocabulary_, matrix


def collections(args: argparse.Namespace) -> list[tuple[str, list[str]]]:
    out = []
    for path in args.sources:
        rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line]
        texts = [f"{r.get('claimReviewed', '')} {r.get('headline', '')}".lower() for r in rows]
        out.append((f"{len(texts):,} from {Path(path).parent.name}", texts))
    for size in args.debunks:
        rng = np.random.default_rng(3)
        docs = synthetic_docs(rng, vocabulary(rng, 50_000), size)
        out.append((f"{size:,} synthetic", [f"{d.claim} {d.headline}" for d in docs]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--debunks", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--from", dest="sources", nargs="*", default=[], help="ClaimReview JSON lines")
    args = parser.parse_args()
    for label, texts in collections(args):
        (their_vocabulary, theirs), their_seconds, their_hold = longest_hold(fit_with_scikit_learn, texts)
        fitted, our_seconds, our_hold = longest_hold(fit_char_tfidf, texts)
        assert fitted is not None
        our_vocabulary, _, ours = fitted
        same = (
            our_vocabulary == their_vocabulary
            and np.array_equal(ours.indices, theirs.indices)
            and np.array_equal(ours.data, theirs.data)
        )
        print(
            f"{label:<28} scikit-learn {their_seconds:6.2f} s (longest GIL hold "
            f"{their_hold * 1000:6.1f} ms)  chunked {our_seconds:6.2f} s ({our_hold * 1000:5.1f} ms)  "
            f"x{their_seconds / our_seconds:.2f} faster  same matrix: {same}",
            flush=True,
        )
        assert same


if __name__ == "__main__":
    main()
