"""The worker: stored deliveries -> events -> answers -> outbox -> Meta. The database row is the truth.

Every step claims rows with a lease, does its work in one transaction and marks the row done in that same
transaction. A crash at any point leaves the row leased; the lease expires and the work is done again,
which is safe because every write is keyed (wamid, dedup key, inbound message id).
"""

from __future__ import annotations

import logging
import signal
import threading
from datetime import datetime

from sqlalchemy import ColumnElement
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from replies.graph import GraphClient
from replies.sender import send_due
from tipline.db import make_engine, session_scope, utcnow
from tipline.deliveries.models import DeliveryState, WebhookDelivery
from tipline.inbound.models import InboundMessage, MessageState
from tipline.ingest import record_delivery
from tipline.jobs import claim_ids
from tipline.matching.image_index import LiveImageMatcher
from tipline.matching.links import LinkPreviewer
from tipline.matching.service import MatcherService
from tipline.pipeline import Pipeline
from tipline.pipeline.follow_up import (
    any_left_to_follow_up,
    claim_tips_to_follow_up,
    follow_up_tip,
    mark_followed_up,
)
from tipline.pipeline.media_fetch import make_media_fetcher
from tipline.settings import Settings
from tipline.wake import Waker, make_waker
from webhooks.parse import UnparseableDelivery, parse_delivery

log = logging.getLogger(__name__)
MAX_JOB_ATTEMPTS = 5
WARM_UP_TEXTS = (
    "Pemilu ditunda sampai 2029 kata KPU",  # the index, the models, Latin-script language profiles
    "الحبر الانتخابي سام",  # every language profile, for other scripts
    "選舉墨水",  # the traditional-to-simplified Chinese tables
)


class Worker:
    def __init__(
        self, settings: Settings, engine: Engine, waker: Waker, pipeline: Pipeline, graph: GraphClient
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.waker = waker
        self.pipeline = pipeline
        self._followed_up_through: datetime | None = None
        self.graph = graph

    @classmethod
    def build(cls, settings: Settings, engine: Engine | None = None, waker: Waker | None = None) -> Worker:
        engine = engine or make_engine(settings)
        graph = GraphClient(
            base_url=settings.graph_api_url,
            access_token=settings.whatsapp_access_token,
            phone_number_id=settings.whatsapp_phone_number_id,
            timeout=settings.graph_timeout_seconds,
        )
        pipeline = Pipeline(
            settings,
            MatcherService(engine, settings),
            images=LiveImageMatcher(engine, max_distance=settings.match_pdq_auto_distance),
            fetch_media=make_media_fetcher(graph, settings),
            links=LinkPreviewer(
                timeout_seconds=settings.link_preview_timeout_seconds,
                allow_private=settings.link_preview_allow_private,
            )
            if settings.match_link_previews
            else None,
        )
        return cls(settings, engine, waker or make_waker(settings.redis_url), pipeline, graph)

    def step(self, now: datetime | None = None) -> int:
        """One pass over every kind of work; returns how many items moved."""
        done = self.ingest_pending(now or utcnow())
        done += self.handle_pending(now or utcnow())
        done += self.follow_up(now or utcnow())
        done += send_due(self.engine, self.settings, self.graph, now=now or utcnow())
        return done

    def follow_up(self, now: datetime) -> int:
        """After debunks change, waiting tips a new debunk answers get it: a batch per step, between new
        messages, so an election-day backlog does not hold up the tips arriving meanwhile."""
        through = self.pipeline.matcher.built_through()
        if through is None or through == self._followed_up_through:
            return 0
        batch, lease = self.settings.worker_batch_size, self.settings.lease_seconds
        ids = claim_tips_to_follow_up(self.engine, now, through, batch, lease)
        images = self.pipeline.images.current(fresh=True) if ids and self.pipeline.images else None
        for tip_id in ids:
            try:
                with session_scope(self.engine) as session:
                    follow_up_tip(session, self.pipeline.matcher, self.settings, tip_id, now, images)
                    mark_followed_up(session, tip_id, through)  # with its answer, or not at all
            except Exception:
                log.exception("tip %s could not be followed up; it stays with the fact-checkers", tip_id)
                with session_scope(self.engine) as session:
                    mark_followed_up(session, tip_id, through)  # not tried again for this change
        if len(ids) < batch and not any_left_to_follow_up(self.engine, now, through):
            # All matched for this change (claims are shared): no claim at each idle poll until the next one.
            # Tips another worker holds keep this one polling, in case that worker dies before its lease ends.
            self._followed_up_through = through
        return len(ids)

    def _claim(self, model: type, ready: ColumnElement[bool], now: datetime) -> list[int]:
        return claim_ids(
            self.engine,
            model,
            ready=ready,
            now=now,
            lease_seconds=self.settings.lease_seconds,
            limit=self.settings.worker_batch_size,
        )

    def ingest_pending(self, now: datetime) -> int:
        ids = self._claim(WebhookDelivery, col(WebhookDelivery.state) == DeliveryState.PENDING, now)
        for delivery_id in ids:
            try:
                with session_scope(self.engine) as session:
                    self._ingest_one(session, delivery_id)
            except Exception as exc:
                log.exception("delivery %s failed; it will be retried", delivery_id)
                self._record_failure(WebhookDelivery, delivery_id, exc, DeliveryState.UNPARSEABLE)
        return len(ids)

    def _ingest_one(self, session: Session, delivery_id: int) -> None:
        delivery = session.get(WebhookDelivery, delivery_id)
        if delivery is None or delivery.state != DeliveryState.PENDING:
            return
        delivery.attempts += 1
        try:
            parsed = parse_delivery(delivery.body)
        except UnparseableDelivery as exc:
            log.warning("delivery %s is signed but unparseable; kept for inspection", delivery_id)
            delivery.state, delivery.error = DeliveryState.UNPARSEABLE, str(exc)[:2000]
        else:
            record_delivery(session, self.settings, delivery_id, parsed)
            delivery.state = DeliveryState.DONE
            if parsed.ignored:
                delivery.error = "; ".join(parsed.ignored)[:2000]
        delivery.processed_at, delivery.leased_until = utcnow(), None
        session.add(delivery)

    def handle_pending(self, now: datetime) -> int:
        ids = self._claim(InboundMessage, col(InboundMessage.state) == MessageState.PENDING, now)
        for message_id in ids:
            try:
                with session_scope(self.engine) as session:
                    message = session.get(InboundMessage, message_id)
                    if message is None or message.state != MessageState.PENDING:
                        continue
                    self.pipeline.handle(session, message)
                    message.state, message.handled_at, message.leased_until = (
                        MessageState.HANDLED,
                        utcnow(),
                        None,
                    )
                    message.attempts += 1
                    session.add(message)
            except Exception as exc:
                log.exception("message %s failed; it will be retried", message_id)
                if self._record_failure(InboundMessage, message_id, exc, MessageState.FAILED):
                    self._hand_to_people(message_id)
        return len(ids)

    def _hand_to_people(self, message_id: int) -> None:
        """The last try failed too: fact-checkers get the tip and the voter is told so, not left waiting."""
        try:
            with session_scope(self.engine) as session:
                message = session.get(InboundMessage, message_id)
                if message is not None:
                    self.pipeline.queue_for_people(session, message)
        except Exception:
            log.exception("message %s could not be queued for fact-checkers either", message_id)

    def _record_failure(self, model: type, row_id: int, exc: Exception, final_state: str) -> bool:
        """Count a failed attempt; True when it was the last one and the row is parked in final_state."""
        with session_scope(self.engine) as session:
            row = session.get(model, row_id)
            if row is None:
                return False
            row.attempts += 1  # type: ignore[attr-defined]
            row.error = f"{type(exc).__name__}: {exc}"[:2000]  # type: ignore[attr-defined]
            session.add(row)
            if row.attempts >= MAX_JOB_ATTEMPTS:  # type: ignore[attr-defined]
                row.state = final_state  # type: ignore[attr-defined]
                return True
            return False

    def warm_up(self) -> None:
        """Load the matcher's index and models now, not while the first voter waits; also what only tips in
        other scripts use (every language profile: 0.2 s on the first Arabic tip; the Chinese tables)."""
        for text in WARM_UP_TEXTS:
            self.pipeline.matcher.match_text(text)

    def run(self, stop: threading.Event) -> None:
        log.info("worker started")
        self.warm_up()
        while not stop.is_set():
            try:
                busy = self.step()
            except Exception:
                log.exception("worker step failed; retrying")
                busy = 0
            if not busy:
                self.waker.wait(self.settings.worker_poll_seconds)
        self.graph.close()
        log.info("worker stopped")


def run_worker_forever(settings: Settings) -> None:
    from tipline.serve import configure_logging

    configure_logging()
    worker = Worker.build(settings)
    stop = threading.Event()

    def _stop(*_: object) -> None:
        stop.set()
        worker.waker.close()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    worker.run(stop)
