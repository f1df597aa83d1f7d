"""Tips answered while debunks change: how long a tip waits when a fact-checker publishes.

    .venv/bin/python bench/publish_rebuild.py [--debunks 10000] [--changes 3] [--from FILE.jsonl]

A change of the debunks rebuilds the whole matcher. The run stores the debunks in a scratch SQLite database,
then times tips matched back to back by one MatcherService (as a worker does) while a debunk is changed
`--changes` times, in two modes in the same run:
- "tips wait": the rebuild in the foreground (`TIPLINE_MATCH_REBUILD_WAIT_SECONDS` large), the old behaviour;
- "background": the default; once a build took over `match_rebuild_wait_seconds` the next ones run in a
  background thread while the debunks as they were keep answering.
It prints, per mode, the tips' p50 / p99 / longest wait and the time until the change answers (the build);
then a worker's first build reading every debunk against a restarted worker's, which loads the readings the
first saved (`TIPLINE_MATCH_READINGS_DIR`, matching/readings_file.py).
Debunks are synthetic (bench/matching_scale.py's random words), or ClaimReview lines from `--from`. Vectors
are random (an embedder of random unit vectors, stored at import as e5's would be): the tip's embedding,
which does not depend on the debunks, is not part of these figures.
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from matching_scale import synthetic_docs, vocabulary
from sqlmodel import Session, select

from tipline.db import make_engine
from tipline.debunks.importer import read_debunks
from tipline.debunks.models import Debunk
from tipline.debunks.records import DebunkRecord
from tipline.debunks.service import upsert_debunks
from tipline.matching.indexing import configure, index_debunks
from tipline.matching.readings_file import ReadingsFile
from tipline.matching.service import MatcherService
from tipline.migrate import upgrade
from tipline.settings import Settings

DIM = 384
AFTER_SEEN = 50


class RandomEmbedder:
    """The same random unit vector for the same text: stored vectors stand in for e5's."""

    name = "bench-random"

    def _vectors(self, texts: Sequence[str]) -> np.ndarray:
        rows = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha1(text.encode()).digest()[:8], "little")
            row = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
            rows.append(row / np.linalg.norm(row))
        return np.stack(rows) if rows else np.zeros((0, DIM), np.float32)

    def query(self, texts: Sequence[str]) -> np.ndarray:
        return self._vectors(texts)

    def passage(self, texts: Sequence[str]) -> np.ndarray:
        return self._vectors(texts)


def records(args: argparse.Namespace) -> list[DebunkRecord]:
    if args.source:
        found = [r for r in read_debunks(Path(args.source)) if isinstance(r, DebunkRecord)]
        return found[: args.debunks]
    rng = np.random.default_rng(3)
    docs = synthetic_docs(rng, vocabulary(rng, 20_000), args.debunks)
    return [DebunkRecord(url=d.url, claim_reviewed=d.claim, headline=d.headline, language="id") for d in docs]


def change_one(settings: Settings, round_: int) -> None:
    engine = make_engine(settings)
    with Session(engine) as session:
        debunk = session.exec(select(Debunk).order_by(Debunk.id).limit(1)).first()  # type: ignore[arg-type]
        assert debunk is not None
        debunk.headline = f"{debunk.claim_reviewed} (diperbarui {round_})"
        debunk.updated_at = datetime.now(UTC)
        session.add(debunk)
        session.commit()
    engine.dispose()


def first_builds(settings: Settings, readings: Path) -> None:
    """A worker's first build reading every debunk; the same saving its readings; and a restarted worker's,
    which loads them. Run after the modes, so that none of them pays for loading code and word lists."""
    saving = settings.model_copy(update={"match_readings_dir": str(readings)})
    seconds = []
    for each in (settings, saving, saving):
        service = MatcherService(make_engine(each), each)
        started = time.perf_counter()
        service.match_text("pemanasan")
        seconds.append(time.perf_counter() - started)
    file = ReadingsFile(readings, settings.database_url)
    print(
        f"first build: reading every debunk {seconds[0]:5.1f} s, the same saving the readings "
        f"{seconds[1]:5.1f} s ({file.path.stat().st_size / 1e6:.0f} MB), "
        f"after a restart {seconds[2]:5.1f} s (x{seconds[0] / seconds[2]:.2f})",
        flush=True,
    )


def run_mode(label: str, settings: Settings, tips: list[str], changes: int) -> None:
    service = MatcherService(make_engine(settings), settings)
    started = time.perf_counter()
    service.match_text("pemanasan")
    first_build = time.perf_counter() - started
    waits: list[float] = []
    visible_after: list[float] = []
    for round_ in range(changes):
        before = service.built_through()
        change_one(settings, round_)
        changed_at = time.perf_counter()
        seen: float | None = None
        after_seen = 0
        # Tips back to back until the change answers, then AFTER_SEEN more.
        while after_seen < AFTER_SEEN:
            started = time.perf_counter()
            service.match_text(f"{tips[len(waits) % len(tips)]} {round_} {len(waits)}")
            waits.append((time.perf_counter() - started) * 1000)
            if seen is None and service.built_through() != before:
                seen = time.perf_counter() - changed_at
            after_seen += seen is not None
        assert seen is not None
        visible_after.append(seen)
    ms = np.array(waits)
    print(
        f"{label:<11} first build {first_build:5.1f} s  {len(ms):4d} tips: "
        f"wait p50 {np.percentile(ms, 50):7.1f} ms  p99 {np.percentile(ms, 99):8.1f} ms  "
        f"longest {ms.max():8.1f} ms  "
        f"change answering after {np.mean(visible_after):5.1f} s (mean of {changes})",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--debunks", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=3)
    parser.add_argument("--from", dest="source", help="ClaimReview JSON lines instead of synthetic debunks")
    args = parser.parse_args()
    configure(embedder=RandomEmbedder())
    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(
            database_url=f"sqlite:///{scratch}/bench.db",
            match_reload_check_seconds=0.0,
            match_index_images=False,
            match_readings_dir="",  # the modes below time a first build with nothing saved
        )
        engine = make_engine(settings)
        upgrade(engine)
        batch = records(args)
        with Session(engine) as session:
            result = upsert_debunks(session, batch)
            index_debunks(session, result.changed_ids)
            session.commit()
        engine.dispose()
        tips = [f"katanya {r.claim_reviewed} benarkah?" for r in batch[:: max(1, len(batch) // 200)]]
        print(f"{len(batch):,} debunks; tips back to back while one debunk changes {args.changes} times")
        waited = settings.model_copy(update={"match_rebuild_wait_seconds": 1e9})
        run_mode("tips wait", waited, tips, args.changes)
        run_mode("background", settings, tips, args.changes)
        first_builds(settings, Path(scratch) / "readings")


if __name__ == "__main__":
    main()
