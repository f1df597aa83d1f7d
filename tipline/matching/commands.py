"""`tipline match` (JSON lines in, JSON lines out) and `tipline eval --set DIR`."""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from sqlalchemy import func, select
from sqlmodel import Session, col

from tipline.db import make_engine
from tipline.debunks.models import Debunk
from tipline.debunks.records import ImportProblem
from tipline.matching import indexing
from tipline.matching.documents import MAX_QUERY_CHARS
from tipline.matching.embedders import DiskCachedEmbedder, Embedder, get_embedder
from tipline.matching.eval_report import print_report
from tipline.matching.evaluation import (
    Query,
    half_of,
    hold_out_new_claims,
    read_qrels,
    read_queries,
)
from tipline.matching.normalize import embedding_text, words_of
from tipline.matching.service import MatcherService
from tipline.matching.types import MatchResult
from tipline.migrate import upgrade
from tipline.settings import PROJECT_ROOT, Settings

EMBEDDING_CACHE = PROJECT_ROOT / "var" / "cache" / "embeddings"
IMPORT_BATCH = 1000


def result_json(query_id: object, result: MatchResult) -> dict[str, object]:
    return {
        "id": query_id,
        "decision": result.decision,
        "matches": [{"url": c.url, "score": c.score, "debunk_id": c.debunk_id} for c in result.candidates],
    }


def match_command(settings: Settings, stdin: TextIO, stdout: TextIO, as_of: date | None = None) -> int:
    engine = make_engine(settings)
    service = MatcherService(engine, settings, as_of=as_of)
    try:
        for number, line in enumerate(stdin, start=1):
            if not line.strip():
                continue
            obj: object = None
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                    raise ValueError('expected an object with a string "text"')
            except ValueError as exc:
                # The caller pairs answers with its queries by id, and finds the bad one by its line.
                query_id = obj.get("id") if isinstance(obj, dict) else None
                error = {"id": query_id, "line": number, "error": str(exc)}
                stdout.write(json.dumps(error, ensure_ascii=False) + "\n")
                stdout.flush()
                continue
            result = service.match_text(obj["text"], language_hint=obj.get("language"))
            stdout.write(json.dumps(result_json(obj.get("id"), result), ensure_ascii=False) + "\n")
            stdout.flush()
    finally:
        engine.dispose()
    return 0


def _import_set(
    engine: object, path: Path, left_out: frozenset[str] = frozenset()
) -> tuple[int, list[ImportProblem]]:
    from tipline.debunks.importer import read_debunks
    from tipline.debunks.records import DebunkRecord
    from tipline.debunks.service import upsert_debunks

    imported = 0
    problems: list[ImportProblem] = []
    batch: list[DebunkRecord] = []

    def store() -> None:
        with Session(engine, expire_on_commit=False) as session:  # type: ignore[arg-type]
            result = upsert_debunks(session, batch)
            session.commit()
            indexing.index_debunks(session, result.changed_ids)
            session.commit()

    for item in read_debunks(path):
        if isinstance(item, DebunkRecord):
            if item.url in left_out:
                continue
            batch.append(item)
            imported += 1
        else:
            problems.append(item)
        if len(batch) >= IMPORT_BATCH:
            store()
            batch = []
    if batch:
        store()
    return imported, problems


def _print_problems(problems: Sequence[ImportProblem], shown: int = 10) -> None:
    """Skipped debunk lines, with where they are: a set's figures without them should be explained."""
    for problem in problems[:shown]:
        print(f"skipped {problem}", file=sys.stderr)
    if len(problems) > shown:
        print(f"skipped {len(problems) - shown} more debunk lines", file=sys.stderr)


def _claims_by_url(path: Path) -> dict[str, str]:
    from tipline.debunks.importer import read_debunks
    from tipline.debunks.records import DebunkRecord

    return {r.url: r.claim_reviewed for r in read_debunks(path) if isinstance(r, DebunkRecord)}


def _prefetch_query_vectors(embedder: DiskCachedEmbedder, texts: list[str]) -> None:
    """Fills the disk cache in batches (much faster than one by one) so reruns of an eval are quick."""
    keys = list(dict.fromkeys(embedding_text(t)[:MAX_QUERY_CHARS] for t in texts))
    for start in range(0, len(keys), 64):
        embedder.query([k for k in keys[start : start + 64] if k])


def newest_debunk_date(engine: object) -> date | None:
    """The day of the newest debunk, not later than today (one mistyped year would age every other one)."""
    with Session(engine) as session:  # type: ignore[arg-type]
        newest = session.execute(
            select(func.max(col(Debunk.date_published))).where(col(Debunk.date_published) <= date.today())
        ).scalar_one()
    return newest if isinstance(newest, date) else None


def _uncached_latencies(service: MatcherService, raw: Embedder, queries: list[Query]) -> list[float]:
    """Latency of novel tips as production sees them: the tip's vector computed, not read from the cache."""
    matcher = service.current_matcher().with_embedder(raw)
    # These tips were matched a moment ago: what was remembered of their words would make them look novel
    # only in name (the debunks' claims go too, so the figure errs on the slow side).
    words_of.cache_clear()
    matcher.speller.forget()
    timings = []
    for query in queries:
        started = time.perf_counter()
        matcher.match(query.text, language_hint=query.language)
        timings.append(time.perf_counter() - started)
    return timings


def _repeat_latencies(service: MatcherService, tips: list[tuple[str, str | None]]) -> list[float]:
    timings = []
    for text, language in tips:
        started = time.perf_counter()
        service.match_text(text, language_hint=language)
        timings.append(time.perf_counter() - started)
    return timings


@dataclass
class ScratchSet:
    """A set's debunks imported into a scratch database, and a matcher over them."""

    service: MatcherService
    embedder: DiskCachedEmbedder
    imported: int
    problems: list[ImportProblem]
    import_seconds: float
    as_of: date | None


@contextmanager
def scratch_set(
    settings: Settings, set_dir: Path, left_out: frozenset[str] = frozenset(), tips: Sequence[str] = ()
) -> Iterator[ScratchSet]:
    """Imports `set_dir`'s debunks into a throw-away SQLite database; `tips` are embedded ahead in batches."""
    with tempfile.TemporaryDirectory(prefix="tipline-eval-") as scratch:
        eval_settings = settings.model_copy(
            update={"database_url": f"sqlite:///{scratch}/eval.db", "match_readings_dir": ""}
        )
        engine = make_engine(eval_settings)
        upgrade(engine)
        embedder = DiskCachedEmbedder(
            get_embedder(
                settings.match_embedder, settings.match_embed_threads, settings.match_query_max_tokens
            ),
            EMBEDDING_CACHE,
        )
        indexing.configure(eval_settings, embedder if settings.match_semantic else None)
        try:
            started = time.perf_counter()
            imported, problems = _import_set(engine, set_dir / "debunks.jsonl", left_out)
            import_seconds = time.perf_counter() - started
            if settings.match_semantic:
                _prefetch_query_vectors(embedder, list(tips))
            # A set is a snapshot of its time: its tips were sent when its newest debunk was, so a debunk's
            # age (MATCH_MAX_AUTO_AGE_DAYS) is judged on that day, not on the day the eval runs.
            as_of = newest_debunk_date(engine)
            service = MatcherService(engine, eval_settings, as_of=as_of)
            yield ScratchSet(service, embedder, imported, problems, import_seconds, as_of)
        finally:
            indexing.configure(None, None)
            engine.dispose()


def eval_command(settings: Settings, set_dir: Path, new_claims: float = 0.0, half: str | None = None) -> int:
    queries = read_queries(set_dir / "queries.jsonl")
    if half:
        # The half a learned part (fusion.json's pooled models) did not see: its figures are the unseen ones.
        queries = [q for q in queries if half_of(q.id) == half]
    qrels, left_out = read_qrels(set_dir / "qrels.tsv"), set[str]()
    claims = _claims_by_url(set_dir / "debunks.jsonl")
    if new_claims:
        qrels, left_out = hold_out_new_claims(qrels, new_claims, claims)
    with scratch_set(settings, set_dir, frozenset(left_out), [q.text for q in queries]) as scratch:
        service = scratch.service
        started = time.perf_counter()
        service.match_text("memanaskan indeks dan pendeteksi bahasa sebelum mengukur waktu")
        build_seconds = time.perf_counter() - started
        results: dict[str, MatchResult] = {}
        timings: list[float] = []
        for query in queries:
            started = time.perf_counter()
            results[query.id] = service.match_text(query.text, language_hint=query.language)
            timings.append(time.perf_counter() - started)
        novel = (
            _uncached_latencies(service, scratch.embedder.inner, queries[:100])
            if settings.match_semantic
            else timings
        )
        repeats = _repeat_latencies(service, [(q.text, q.language) for q in queries[:500]])
        # A forward of a forward is the same text; a copy with an emoji added is normalised to find it.
        copies = _repeat_latencies(service, [(q.text + " 🙏", q.language) for q in queries[:500]])
    _print_problems(scratch.problems)
    unknown = {url for urls in qrels.values() for url in urls} - set(claims)
    if unknown:
        print(
            f"warning: {len(unknown)} urls in qrels.tsv are not in debunks.jsonl: "
            "their queries count as answerable but cannot be answered"
        )
    print_report(
        settings,
        set_dir,
        len(left_out),
        queries,
        qrels,
        results,
        scratch.imported,
        len(scratch.problems),
        scratch.import_seconds,
        build_seconds,
        novel,
        (repeats, copies),
        scratch.as_of,
    )
    return 0
