"""`tipline debunks import` and `tipline debunks export`."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import Engine
from sqlmodel import Session
from tqdm import tqdm

from tipline.db import make_engine
from tipline.debunks.importer import DebunkFileError, read_debunks_with_lines
from tipline.debunks.records import DebunkRecord, ImportProblem
from tipline.debunks.service import (
    UpsertResult,
    debunk_to_claimreview,
    iter_debunks,
    mark_images_indexed,
    upsert_debunks,
)
from tipline.migrate import upgrade
from tipline.settings import Settings

log = logging.getLogger(__name__)
COMMIT_EVERY = 1000
EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE = 0, 1, 2

Indexer = Callable[[Session, list[int]], None]


@contextmanager
def _indexer_for(settings: Settings) -> Iterator[Indexer]:
    """Embeddings and image hashes for changed debunks, computed with these settings, once, at import."""
    from tipline.matching import indexing
    from tipline.matching.image_index import default_fetch, index_debunk_images

    def index(session: Session, debunk_ids: list[int]) -> None:
        indexing.index_debunks(session, debunk_ids)
        if settings.match_index_images:
            for problem in index_debunk_images(session, debunk_ids, default_fetch, settings=settings):
                log.warning("debunk image not indexed: %s", problem)
            mark_images_indexed(session, debunk_ids)

    configured = indexing.current_settings() == settings
    if not configured:
        indexing.configure(settings)
    try:
        yield index
    finally:
        if not configured:
            indexing.configure(None)


def _count_lines(path: Path) -> int:
    lines, last = 0, b"\n"
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            lines += block.count(b"\n")
            last = block[-1:]
    return lines + (0 if last == b"\n" else 1)


class _Importer:
    def __init__(self, engine: Engine, indexer: Indexer) -> None:
        self.engine = engine
        self.indexer = indexer
        self.totals = UpsertResult()
        self.problems = 0

    def store(self, records: list[DebunkRecord]) -> None:
        with Session(self.engine, expire_on_commit=False) as session:
            result = upsert_debunks(session, records)
            session.commit()
            if result.changed_ids:
                self.indexer(session, result.changed_ids)
                session.commit()
        self.totals.add(result)

    def import_file(self, path: Path, show_progress: bool) -> None:
        total = _count_lines(path) if show_progress else None
        batch: list[DebunkRecord] = []
        with tqdm(
            total=total, unit="line", file=sys.stderr, disable=not show_progress, desc=path.name
        ) as bar:
            try:
                for line, item in read_debunks_with_lines(path):
                    if isinstance(item, ImportProblem):
                        self.problems += 1
                        tqdm.write(str(item), file=sys.stderr)
                    else:
                        batch.append(item)
                    if len(batch) >= COMMIT_EVERY:
                        self.store(batch)
                        batch = []
                    bar.update(max(0, line - bar.n))
            except DebunkFileError:
                # Earlier chunks of this file are committed already; the rows read before the error join them.
                if batch:
                    self.store(batch)
                raise
            if batch:
                self.store(batch)
            bar.update(max(0, (total or 0) - bar.n))


def import_command(settings: Settings, paths: list[Path], progress: bool = True) -> int:
    """Import debunk files; 0 all good, 1 if some rows had problems, 2 if a file could not be read."""
    engine = make_engine(settings)
    unreadable = False
    try:
        upgrade(engine)
        with _indexer_for(settings) as indexer:
            importer = _Importer(engine, indexer)
            unreadable = _import_all(importer, paths, show_progress=progress and sys.stderr.isatty())
    finally:
        engine.dispose()
    totals = importer.totals
    print(
        f"created {totals.created}, updated {totals.updated}, unchanged {totals.unchanged}, "
        f"problems {importer.problems}"
    )
    if unreadable:
        return EXIT_UNREADABLE
    return EXIT_PROBLEMS if importer.problems else EXIT_OK


def _import_all(importer: _Importer, paths: list[Path], show_progress: bool) -> bool:
    """Imports every readable file; True if some file could not be read at all."""
    unreadable = False
    for path in paths:
        try:
            importer.import_file(path, show_progress)
        except (DebunkFileError, OSError) as exc:
            unreadable = True
            message = str(exc) if str(exc).startswith(str(path)) else f"{path}: {exc}"
            print(message, file=sys.stderr)
    return unreadable


@contextmanager
def _open_output(output: Path | None) -> Iterator[TextIO]:
    if output is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    with output.open("w", encoding="utf-8") as handle:
        yield handle


def export_command(settings: Settings, output: Path | None) -> int:
    """Write every stored debunk as one ClaimReview JSON object per line."""
    engine = make_engine(settings)
    try:
        upgrade(engine)
        with Session(engine) as session, _open_output(output) as out:
            for debunk in iter_debunks(session):
                out.write(json.dumps(debunk_to_claimreview(debunk), ensure_ascii=False) + "\n")
    finally:
        engine.dispose()
    return EXIT_OK
