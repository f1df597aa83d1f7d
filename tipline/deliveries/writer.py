"""Durable, fast storage of raw webhook bodies by group commit.

Each request waits until its body is committed (so a 200 means stored), but many concurrent requests
share one transaction and one fsync: durability costs one disk flush per batch, not per request.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from tipline.db import utcnow
from tipline.deliveries.models import DeliveryState, WebhookDelivery

log = logging.getLogger(__name__)


@dataclass
class _Pending:
    body: bytes
    future: asyncio.Future[None]
    loop: asyncio.AbstractEventLoop


class DeliveryWriter:
    def __init__(self, engine: Engine, on_stored: Callable[[], None] | None = None, max_batch: int = 512):
        self._engine = engine
        self._on_stored = on_stored
        self._max_batch = max_batch
        self._queue: queue.SimpleQueue[_Pending | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._raw: Any = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="tipline-delivery-writer", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=10)
            self._thread = None
        if self._raw is not None:
            self._raw.close()
            self._raw = None

    async def store(self, body: bytes) -> None:
        """Returns once the body is committed; raises if it could not be stored."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        self._queue.put(_Pending(body, future, loop))
        await future

    def _run(self) -> None:
        stopping = False
        while not stopping:
            first = self._queue.get()
            if first is None:
                break
            batch = [first]
            while len(batch) < self._max_batch:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    stopping = True
                    break
                batch.append(item)
            self._write(batch)

    def _write(self, batch: list[_Pending]) -> None:
        try:
            self._insert([p.body for p in batch])
        except Exception as exc:
            log.exception("could not store %d webhook deliveries", len(batch))
            _settle(batch, exc)
            return
        _settle(batch, None)
        if self._on_stored is not None:
            self._on_stored()

    def _insert(self, bodies: list[bytes]) -> None:
        now = utcnow()
        if self._engine.dialect.name == "sqlite":
            # The raw driver: this loop is the hot path of every webhook, and the ORM layer costs more than
            # the insert itself. One transaction, one fsync, for the whole batch.
            stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f")  # SQLAlchemy's SQLite DATETIME format
            if self._raw is None:
                # The writer thread's own connection, kept: a pool checkout costs a rollback per batch.
                self._raw = self._engine.raw_connection()
            try:
                self._raw.cursor().executemany(
                    "INSERT INTO webhook_delivery (received_at, body, state, attempts) VALUES (?, ?, ?, 0)",
                    [(stamp, body, DeliveryState.PENDING) for body in bodies],
                )
                self._raw.commit()
            except Exception:
                self._raw.rollback()
                raise
            return
        table = WebhookDelivery.__table__  # type: ignore[attr-defined]
        rows = [
            {"received_at": now, "body": b, "state": DeliveryState.PENDING, "attempts": 0} for b in bodies
        ]
        with self._engine.begin() as conn:
            conn.execute(insert(table), rows)


def _settle(batch: list[_Pending], error: Exception | None) -> None:
    """Wake each waiting request's event loop once per batch, not once per request."""
    by_loop: dict[asyncio.AbstractEventLoop, list[asyncio.Future[None]]] = {}
    for pending in batch:
        by_loop.setdefault(pending.loop, []).append(pending.future)
    for loop, futures in by_loop.items():
        loop.call_soon_threadsafe(_settle_futures, futures, error)


def _settle_futures(futures: list[asyncio.Future[None]], error: Exception | None) -> None:
    for future in futures:
        if future.done():
            continue
        if error is None:
            future.set_result(None)
        else:
            future.set_exception(error)
