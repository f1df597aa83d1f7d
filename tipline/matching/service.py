"""One MatcherService per process: debunks in a Matcher, reloaded when they change, repeats cached."""

from __future__ import annotations

import gc
import logging
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tipline.debunks.models import Debunk, DebunkEmbedding
from tipline.matching.building import Built, build_matcher
from tipline.matching.indexing import current_embedder
from tipline.matching.matcher import CandidateSource, Matcher
from tipline.matching.normalize import normalize
from tipline.matching.prepared import PreparedDoc
from tipline.matching.readings_file import ReadingsFile
from tipline.matching.types import MatchResult
from tipline.settings import Settings

log = logging.getLogger(__name__)
DEBUNK_EMBEDDING = DebunkEmbedding.__table__  # type: ignore[attr-defined]
REBUILD_SWITCH_INTERVAL = 0.0002  # seconds; see _switching_often
FREEZE_MIN_DEBUNKS = 5_000  # see _keep_from_collections


class MatcherService:
    """Thread-safe. Checks at most every `match_reload_check_seconds` whether debunks changed.

    A change rebuilds the whole Matcher (~6 s at 10k debunks, about a minute at 100k). Once a build has
    taken longer than `match_rebuild_wait_seconds`, the next ones run in a background thread while the
    debunks as they were keep answering: a fact-checker publishing on election night must not hold up every
    tip meanwhile.
    Replies read the debunk itself from the database, so its verdict and text are always the current ones;
    only which debunk is picked can lag the change by one build.
    """

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        extra_sources: Iterable[CandidateSource] = (),
        as_of: date | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.extra_sources = list(extra_sources)
        self.as_of = as_of
        self._lock = threading.Lock()
        self._matcher: Matcher | None = None
        self._built: Built | None = None  # the current matcher and what it was built from
        self._stamp: tuple[object, ...] | None = None
        self._checked_at = 0.0
        self._build_seconds = 0.0
        self._building: threading.Thread | None = None
        self._cache: OrderedDict[tuple[object, ...], MatchResult] = OrderedDict()
        # The same bytes again (a forward of a forward) skip normalising too, the costly part of a repeat
        # (up to ~1 ms for a long chain letter); differently written copies meet in `_cache`.
        self._verbatim: OrderedDict[tuple[str, str | None], MatchResult] = OrderedDict()
        directory = settings.match_readings_dir
        self._readings_file = ReadingsFile(Path(directory), settings.database_url) if directory else None
        self._unsaved_readings = 0  # debunks read since the file was loaded or written

    def _current_stamp(self) -> tuple[object, ...]:
        with Session(self.engine) as session:
            count, latest = session.execute(
                select(func.count(), func.max(Debunk.updated_at)).select_from(Debunk)
            ).one()
            vectors = session.execute(select(func.count()).select_from(DebunkEmbedding)).scalar_one()
        return (count, latest, vectors)

    def built_through(self) -> datetime | None:
        """The newest debunk change the current matcher was built from (None: no debunks, or not built)."""
        self._ensure_fresh()
        latest = self._stamp[1] if self._stamp else None
        return latest if isinstance(latest, datetime) else None

    @property
    def rebuilding(self) -> bool:
        """A build for changed debunks is running in the background (the previous matcher answers)."""
        building = self._building
        return building is not None and building.is_alive()

    def _build(self, previous: Built | None) -> tuple[Built, float]:
        embedder = current_embedder(self.settings) if self.settings.match_semantic else None
        started = time.monotonic()  # after loading the model, which only the first build does
        with Session(self.engine, expire_on_commit=False) as session, _collector_paused():
            kept = previous.matcher.prepared if previous is not None else self._saved_readings()
            built = build_matcher(
                session, self.settings, embedder, self.extra_sources, self.as_of, previous, kept
            )
            self._save_readings(built.matcher, kept)
            # Before the collector resumes: its first collection would scan every object the build made
            # (1.2 s at 100k debunks, held by every thread).
            _keep_from_collections(built.matcher)
        return built, time.monotonic() - started

    def _saved_readings(self) -> Mapping[bytes, PreparedDoc]:
        """A first build's head start: what an earlier process read from the same debunks."""
        self._unsaved_readings = 0  # counted again against what the file holds
        return self._readings_file.load() if self._readings_file is not None else {}

    def _save_readings(self, matcher: Matcher, kept: Mapping[bytes, PreparedDoc]) -> None:
        """Once a large collection has enough readings the file lacks, for the next process's first build.
        Written by the building thread: in the background it pickles in chunks, between which tips run."""
        self._unsaved_readings += sum(1 for key in matcher.prepared if key not in kept)
        if self._readings_file is None or not self._readings_file.worth_saving(
            len(matcher.docs), self._unsaved_readings
        ):
            return
        try:
            self._readings_file.save(matcher.prepared)
        except OSError:
            log.warning("could not save the debunks' readings for the next start", exc_info=True)
            return
        self._unsaved_readings = 0

    def _install(self, built: Built, stamp: tuple[object, ...], seconds: float) -> None:
        """Under the lock."""
        self._built, self._matcher, self._build_seconds = built, built.matcher, seconds
        # The stamp read before building: a change that lands during the build shows as a new stamp at the
        # next check (a stamp read after it would hide that change forever).
        self._stamp = stamp
        self._clear_caches()

    def _ensure_fresh(self) -> Matcher:
        now = time.monotonic()
        with self._lock:
            if (
                self._matcher is not None
                and now - self._checked_at < self.settings.match_reload_check_seconds
            ):
                return self._matcher
            self._checked_at = now
            stamp = self._current_stamp()
            if self._matcher is not None and stamp == self._stamp:
                return self._matcher
            if self._matcher is not None and self._build_seconds > self.settings.match_rebuild_wait_seconds:
                if not self.rebuilding:
                    self._building = threading.Thread(
                        target=self._build_in_background,
                        args=(stamp, self._built),
                        name="matcher-rebuild",
                        daemon=True,
                    )
                    self._building.start()
                return self._matcher
            built, seconds = self._build(self._built)
            self._install(built, stamp, seconds)
            return built.matcher

    def _build_in_background(self, stamp: tuple[object, ...], replacing: Built) -> None:
        try:
            with _switching_often():
                built, seconds = self._build(replacing)
        except Exception:
            # The debunks as they were keep answering; the next check after a change tries again.
            log.exception("rebuilding the matcher for changed debunks failed; the previous one answers")
            return
        with self._lock:
            if self._built is not replacing:  # invalidated and built anew meanwhile: that one is newer
                return
            self._install(built, stamp, seconds)
        log.info("matcher rebuilt for changed debunks in %.1f s", seconds)

    def current_matcher(self) -> Matcher:
        return self._ensure_fresh()

    def invalidate(self) -> None:
        with self._lock:
            self._matcher = self._built = None
            self._stamp = None
            self._clear_caches()

    def _clear_caches(self) -> None:
        self._cache.clear()
        self._verbatim.clear()

    def match_text(self, text: str, *, language_hint: str | None = None) -> MatchResult:
        matcher = self._ensure_fresh()
        verbatim = (text, language_hint)
        with self._lock:
            cached = _recall(self._verbatim, verbatim)
        if cached is not None:
            return cached
        norm = normalize(text)
        key = (norm.text, tuple(u.url for u in norm.urls), language_hint)
        with self._lock:
            cached = _recall(self._cache, key)
        result = cached or matcher.match_normalized(text, norm, language_hint=language_hint)
        with self._lock:
            if self._matcher is matcher:  # not built from debunks that have since changed
                _remember(self._cache, key, result, self.settings.match_cache_size)
                _remember(self._verbatim, verbatim, result, self.settings.match_cache_size)
        return result


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a matcher is built: its hundreds of thousands of new objects set
    off full collections, each holding every other thread (tips being answered meanwhile) for 100-500 ms."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _keep_from_collections(matcher: Matcher) -> None:
    """A large matcher lives until the next change: keep full collections from rescanning it (at 10k debunks
    a full collection took 150 ms with it, 80 without, held by whichever thread set it off: a tip, a webhook
    answer). Everything alive now is frozen, as the app does at start-up. A build leaves no cyclic garbage
    (a collection right after one found none) and a dropped matcher holds no reference cycles, so reference
    counting still frees both; no collection first, which would scan the new matcher once more (~50 ms at
    10k debunks, held by every thread). Small ones (tests, the demo) are left alone."""
    if len(matcher.docs) >= FREEZE_MIN_DEBUNKS:
        gc.freeze()


@contextmanager
def _switching_often() -> Iterator[None]:
    """A build in the background shares the GIL with the thread answering tips, which waits for it each time
    it takes the GIL back (after every numpy call): up to Python's 5 ms switch interval each, ~300 ms a tip
    at 10k debunks. At 0.2 ms a tip waits 65 ms at p99 and the build takes ~1.5x as long (bench-publish)."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(REBUILD_SWITCH_INTERVAL)
    try:
        yield
    finally:
        sys.setswitchinterval(interval)


def _recall(cache: OrderedDict[Any, MatchResult], key: object) -> MatchResult | None:
    found = cache.get(key)
    if found is not None:
        cache.move_to_end(key)
    return found


def _remember(cache: OrderedDict[Any, MatchResult], key: object, result: MatchResult, size: int) -> None:
    cache[key] = result
    cache.move_to_end(key)
    while len(cache) > size:
        cache.popitem(last=False)
