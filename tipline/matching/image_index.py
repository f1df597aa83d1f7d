"""PDQ hashes of debunk images: computed when debunks are imported, searched when a voter sends an image."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import httpx
import numpy as np
from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from tipline.debunks.models import Debunk, DebunkImageHash
from tipline.matching.images import ImageUnreadable, hex_to_bytes, pdq_hash
from tipline.settings import Settings

FETCH_TIMEOUT_SECONDS = 15.0
FETCH_MAX_BYTES = 10 * 1024 * 1024  # fact-checkers' images are larger than WhatsApp's 5 MB at times
CHUNK = 500
URL_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]+):")  # two letters at least: "C:" is a drive
# One picture in more debunks than this (a site's logo, a generic "HOAKS" banner) says nothing about which
# claim a voter's copy is about, so it is left out. A hoax photo debunked by several outlets stays under it.
MAX_SHARED = 10


class FetchError(RuntimeError):
    """A debunk image could not be fetched (HTTP error, too large, network failure)."""


def default_fetch(
    url: str, *, max_bytes: int = FETCH_MAX_BYTES, timeout: float = FETCH_TIMEOUT_SECONDS
) -> bytes:
    """GET an image url (following redirects), never holding more than `max_bytes`."""
    try:
        with httpx.stream(
            "GET",
            url,
            timeout=timeout,
            follow_redirects=True,
            headers={"User-Agent": "tipline-image-indexer/1"},
        ) as response:
            if response.status_code >= 400:
                raise FetchError(f"HTTP {response.status_code}")
            declared = response.headers.get("content-length")
            if declared is not None and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"{declared} bytes, more than {max_bytes}")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"more than {max_bytes} bytes")
                chunks.append(chunk)
    except httpx.HTTPError as exc:
        raise FetchError(f"{type(exc).__name__}: {exc}") from exc
    return b"".join(chunks)


def _read_local(ref: str, content_dir: Path) -> bytes:
    root = content_dir.resolve()
    path = (root / ref).resolve()
    if not path.is_relative_to(root):
        raise FetchError(f"path outside the content directory {root}")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FetchError(f"{type(exc).__name__}: {exc.strerror or exc}") from exc


def _image_bytes(ref: str, fetch: Callable[[str], bytes], content_dir: Path) -> bytes:
    scheme = match.group(1).lower() if (match := URL_SCHEME.match(ref)) else ""
    if scheme in ("http", "https"):
        return fetch(ref)
    if scheme:
        raise FetchError(f"unsupported url scheme {scheme!r}")
    return _read_local(ref, content_dir)


def index_debunk_images(
    session: Session,
    debunk_ids: list[int],
    fetch: Callable[[str], bytes],
    *,
    settings: Settings | None = None,
    workers: int = 8,
) -> list[str]:
    """Store a PDQ hash for each image of these debunks, replacing their old rows. No commit.

    An image that cannot be fetched or decoded is reported and keeps the hash stored for it before, if any:
    a fact-checker's site being down during an import must not erase what we knew. `fetch` is called from
    `workers` threads at once (an import of thousands of debunks waits on the network, not the CPU).
    """
    content_dir = (settings or Settings()).content_dir
    problems: list[str] = []
    ids = sorted(set(debunk_ids))
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="image-index") as pool:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            debunks = session.execute(select(Debunk).where(col(Debunk.id).in_(chunk))).scalars().all()
            refs = {
                d.id: list(dict.fromkeys(u.strip() for u in d.image_urls or [] if u and u.strip()))
                for d in debunks
            }
            unique = list(dict.fromkeys(ref for debunk_refs in refs.values() for ref in debunk_refs))
            hashed = dict(
                zip(unique, pool.map(lambda ref: _hash_ref(ref, fetch, content_dir), unique), strict=True)
            )
            old = session.execute(
                select(
                    col(DebunkImageHash.debunk_id),
                    col(DebunkImageHash.image_ref),
                    col(DebunkImageHash.pdq_hex),
                    col(DebunkImageHash.quality),
                ).where(col(DebunkImageHash.debunk_id).in_(chunk))
            ).all()
            old_by_key = {(d, ref): (h, q) for d, ref, h, q in old}
            session.execute(delete(DebunkImageHash).where(col(DebunkImageHash.debunk_id).in_(chunk)))
            for debunk_id, debunk_refs in refs.items():
                assert debunk_id is not None
                for ref in debunk_refs:
                    outcome = hashed[ref]
                    if isinstance(outcome, str):
                        problems.append(f"debunk {debunk_id}: {ref}: {outcome}")
                        if (debunk_id, ref) not in old_by_key:
                            continue
                        outcome = old_by_key[(debunk_id, ref)]
                    session.add(
                        DebunkImageHash(
                            debunk_id=debunk_id, image_ref=ref[:2000], pdq_hex=outcome[0], quality=outcome[1]
                        )
                    )
    session.flush()
    return problems


def _hash_ref(ref: str, fetch: Callable[[str], bytes], content_dir: Path) -> tuple[str, int] | str:
    """(pdq hex, quality), or what went wrong."""
    try:
        return pdq_hash(_image_bytes(ref, fetch, content_dir))
    except (FetchError, ImageUnreadable, httpx.HTTPError, OSError) as exc:
        return str(exc) if isinstance(exc, FetchError | ImageUnreadable) else f"{type(exc).__name__}: {exc}"


class ImageMatcher:
    """Brute-force Hamming search over every stored hash: ~1 ms per 10,000 hashes, no index to keep."""

    def __init__(
        self,
        rows: Iterable[tuple[int, str, str]],
        max_distance: int = 31,
        max_shared: int = MAX_SHARED,
        published: Mapping[int, date | None] | None = None,
    ) -> None:
        """rows: (debunk_id, debunk url, pdq hex); published: debunk_id -> date_published (age rule)."""
        valid = [(d, u, h.lower()) for d, u, h in rows if h and len(h) == 64]
        owners = Counter(h for _, h in {(d, h) for d, _, h in valid})
        kept = [(d, u, hex_to_bytes(h)) for d, u, h in valid if owners[h] <= max_shared]
        self.max_distance = max_distance
        self.debunk_ids = np.array([d for d, _, _ in kept], dtype=np.int64)
        self.urls = {d: u for d, u, _ in kept}
        self.published: dict[int, date | None] = dict(published or {})
        buffer = b"".join(h for _, _, h in kept)
        self.hashes = (
            np.frombuffer(buffer, dtype=">u8").reshape(len(kept), 4) if kept else np.zeros((0, 4), ">u8")
        )

    @classmethod
    def from_session(cls, session: Session, max_distance: int = 31) -> ImageMatcher:
        rows = session.execute(
            select(
                col(DebunkImageHash.debunk_id),
                col(Debunk.url),
                col(DebunkImageHash.pdq_hex),
                col(Debunk.date_published),
            )
            .join(Debunk, col(Debunk.id) == col(DebunkImageHash.debunk_id))
            .order_by(col(DebunkImageHash.id))
        ).all()
        published = {int(d): p for d, _, _, p in rows}
        return cls(((int(d), str(u), str(h)) for d, u, h, _ in rows), max_distance, published=published)

    @classmethod
    def from_engine(cls, engine: Engine, max_distance: int = 31) -> ImageMatcher:
        with Session(engine) as session:
            return cls.from_session(session, max_distance)

    def __len__(self) -> int:
        return len(self.debunk_ids)

    def distances(self, pdq_hex: str) -> np.ndarray:
        query = np.frombuffer(hex_to_bytes(pdq_hex), dtype=">u8")
        return np.bitwise_count(self.hashes ^ query).sum(axis=1)

    def match_hash(self, pdq_hex: str, max_distance: int | None = None) -> list[tuple[int, int]]:
        """(debunk_id, distance) per debunk with an image within `max_distance` bits, best first."""
        return self.match_hashes([pdq_hex], max_distance)

    def match_hashes(self, pdq_hexes: list[str], max_distance: int | None = None) -> list[tuple[int, int]]:
        """Like match_hash; a debunk's distance is the smallest to any of these hashes (e.g. 8 rotations)."""
        if not len(self) or not pdq_hexes:
            return []
        limit = self.max_distance if max_distance is None else max_distance
        distances = np.min([self.distances(h) for h in pdq_hexes], axis=0)
        best: dict[int, int] = {}
        for index in np.flatnonzero(distances <= limit):
            debunk_id, distance = int(self.debunk_ids[index]), int(distances[index])
            if distance < best.get(debunk_id, 257):
                best[debunk_id] = distance
        return sorted(best.items(), key=lambda item: (item[1], item[0]))


class LiveImageMatcher:
    """An ImageMatcher rebuilt when the stored hashes change; checks at most every `check_seconds`."""

    def __init__(self, engine: Engine, *, max_distance: int = 31, check_seconds: float = 2.0) -> None:
        self.engine = engine
        self.max_distance = max_distance
        self.check_seconds = check_seconds
        self._lock = threading.Lock()
        self._matcher: ImageMatcher | None = None
        self._stamp: tuple[object, ...] | None = None
        self._checked_at = 0.0

    def _current_stamp(self) -> tuple[object, ...]:
        with Session(self.engine) as session:
            count, latest = session.execute(
                select(func.count(col(DebunkImageHash.id)), func.max(col(DebunkImageHash.id)))
            ).one()
        return (count, latest)

    def current(self, *, fresh: bool = False) -> ImageMatcher:
        """The matcher, checked against the stored hashes at most every `check_seconds`, or now if `fresh`."""
        now = time.monotonic()
        with self._lock:
            if self._matcher is not None and now - self._checked_at < self.check_seconds and not fresh:
                return self._matcher
            self._checked_at = now
            stamp = self._current_stamp()
            if self._matcher is None or stamp != self._stamp:
                self._matcher = ImageMatcher.from_engine(self.engine, self.max_distance)
                self._stamp = stamp
            return self._matcher
