"""How matching fares when the debunks' headlines carry their fact-checker's verdict label.

    .venv/bin/python bench/headline_labels.py --set ../shared/eval/id-turnbackhoax-2024 [--queries 1200]

Indonesian fact-checkers frame their titles ("[SALAH] ...", "[HOAKS] ...", "Cek Fakta: ...", "Hoaks! ...",
"..., benarkah?"); an evaluation set's headlines are often cleaned of that. This bench gives every debunk
headline of a set such a label (seeded by the debunk's url; the labels are this bench's own list, not the
matcher's content/matching/verdict_labels.txt, which has more) and matches the same tips three ways, in
one run:

- plain:    the set as it is;
- labelled: labelled headlines, read as the matcher did before session 20 (labels and all);
- stripped: labelled headlines, read as the matcher does now (tipline/matching/headlines.py).

Each for the set's tips as they are ("clean") and with a voter's question around them ("asked", "unseen":
bench/voter_noise.py's), since a question ("ini hoax bukan?", "is it true?") is what a label sounds like.
Figures are `tipline eval`'s; x... is the share of the plain headlines' figure for the same tips.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from voter_noise import noisy_sample  # noqa: E402

from tipline.matching import documents  # noqa: E402
from tipline.matching.commands import scratch_set  # noqa: E402
from tipline.matching.evaluation import Scores, score  # noqa: E402
from tipline.settings import Settings  # noqa: E402

# As Indonesian fact-check desks title their articles (TurnBackHoax, Kompas, Liputan6, detik, Antara, Tempo).
PREFIXES = ["[SALAH] ", "[HOAKS] ", "[DISINFORMASI] ", "Cek Fakta: ", "Hoaks! ", "Keliru, ", "[KLARIFIKASI] "]
SUFFIXES = [", benarkah?", ", hoaks atau fakta?"]


def labelled(headline: str, rng: random.Random) -> str:
    if rng.random() < 0.2:
        return headline.rstrip(" ?!.") + rng.choice(SUFFIXES)
    return rng.choice(PREFIXES) + headline


def labelled_copy(set_dir: Path, into: Path) -> Path:
    """`set_dir` with every debunk headline labelled (claimReviewed as it was)."""
    lines = []
    for line in (set_dir / "debunks.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            review = json.loads(line)
            if review.get("headline"):
                review["headline"] = labelled(review["headline"], random.Random(review.get("url")))
            line = json.dumps(review, ensure_ascii=False)
        lines.append(line)
    (into / "debunks.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for name in ("queries.jsonl", "qrels.tsv"):
        shutil.copy(set_dir / name, into / name)
    return into


@contextlib.contextmanager
def labels_read_as_written() -> Iterator[None]:
    """The matcher as it was before headlines lost their labels."""
    original = documents.claim_of_headline
    documents.claim_of_headline = lambda headline: headline  # type: ignore[assignment]
    try:
        yield
    finally:
        documents.claim_of_headline = original  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", required=True, type=Path, help="a set in the exchange format")
    parser.add_argument("--queries", type=int, default=1200, help="how many of its tips (every n-th)")
    parser.add_argument("--kinds", nargs="+", default=["clean", "asked", "unseen"])
    args = parser.parse_args()
    size, queries, qrels, variants = noisy_sample(args.set, args.queries, args.kinds)
    tips = [q.text for variant in variants.values() for q in variant]
    print(f"set {args.set.name}: {len(queries)} of its {size} tips")
    plain: dict[str, Scores] = {}
    with tempfile.TemporaryDirectory(prefix="tipline-labels-") as scratch_dir:
        copy = labelled_copy(args.set, Path(scratch_dir))
        runs = [
            ("plain", args.set, contextlib.nullcontext()),
            ("labelled", copy, labels_read_as_written()),
            ("stripped", copy, contextlib.nullcontext()),
        ]
        for name, set_dir, reading in runs:
            with reading, scratch_set(Settings(), set_dir, tips=tips) as scratch:
                for kind, variant in variants.items():
                    started = time.perf_counter()
                    results = {
                        q.id: scratch.service.match_text(q.text, language_hint=q.language) for q in variant
                    }
                    s = score(variant, qrels, results)
                    base = plain.setdefault(kind, s)
                    print(
                        f"{name:<8} {kind:<6} MAP@5 {s.map5:.3f} (x{s.map5 / max(base.map5, 1e-9):.3f})  "
                        f"P@1 {s.p1:.3f}  auto precision {s.auto_precision:.3f}  auto coverage "
                        f"{s.auto_coverage:.3f} (x{s.auto_coverage / max(base.auto_coverage, 1e-9):.3f})  "
                        f"false-auto {s.false_auto:.3f}  [{time.perf_counter() - started:.0f} s]",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
