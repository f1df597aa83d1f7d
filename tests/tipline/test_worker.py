"""At-least-once work with leases: crashes lose nothing, concurrent workers never double-process."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from replies.models import OutboxMessage
from tests.tipline.helpers import BALLOTS, HOAX_FORWARD, seed, text_delivery
from tipline.db import make_engine, session_scope, utcnow
from tipline.deliveries.models import WebhookDelivery
from tipline.inbound.models import InboundMessage
from tipline.jobs import claim_ids
from tipline.settings import Settings
from tipline.simulator import voter_payloads as vp
from tipline.tips.models import Tip
from tipline.worker import Worker


def _store(engine: Engine, *bodies: bytes) -> None:
    with session_scope(engine) as session:
        for body in bodies:
            session.add(WebhookDelivery(received_at=utcnow(), body=body))


def _count(engine: Engine, model: type, *where: object) -> int:
    with Session(engine) as session:
        return int(session.execute(select(func.count()).select_from(model).where(*where)).scalar_one())  # type: ignore[arg-type]


def test_crash_after_claim_is_recovered_when_lease_expires(engine: Engine, db_settings: Settings) -> None:
    _store(engine, vp.to_bytes(text_delivery("halo")))
    now = utcnow()
    # A worker claims the delivery and dies before doing anything.
    assert (
        len(
            claim_ids(
                engine,
                WebhookDelivery,
                ready=WebhookDelivery.state == "pending",  # type: ignore[arg-type]
                now=now,
                lease_seconds=60,
                limit=10,
            )
        )
        == 1
    )
    worker = Worker.build(db_settings, engine=engine)
    assert worker.ingest_pending(now + timedelta(seconds=5)) == 0  # still leased: nobody else touches it
    assert worker.ingest_pending(now + timedelta(seconds=61)) == 1  # lease expired: picked up
    assert _count(engine, InboundMessage) == 1


def test_same_wamid_in_two_deliveries_processed_by_two_workers_at_once(
    engine: Engine, db_settings: Settings
) -> None:
    seed(engine, BALLOTS)
    raw = vp.to_bytes(text_delivery(HOAX_FORWARD))
    _store(engine, *([raw] * 6))
    workers = [
        Worker.build(db_settings.model_copy(update={"worker_batch_size": 1}), engine=make_engine(db_settings))
        for _ in range(3)
    ]
    barrier = threading.Barrier(len(workers))
    errors: list[BaseException] = []

    def run(worker: Worker) -> None:
        try:
            barrier.wait()
            for _ in range(6):
                worker.ingest_pending(utcnow())
                worker.handle_pending(utcnow())
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert _count(engine, WebhookDelivery, WebhookDelivery.state == "done") == 6
    assert _count(engine, InboundMessage) == 1
    assert _count(engine, Tip) == 1
    assert _count(engine, OutboxMessage, OutboxMessage.purpose == "verdict") == 1


def test_failing_message_is_retried_then_parked_and_handed_to_people(
    engine: Engine, db_settings: Settings
) -> None:
    _store(engine, vp.to_bytes(text_delivery(HOAX_FORWARD)))
    worker = Worker.build(db_settings, engine=engine)
    worker.ingest_pending(utcnow())

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("matcher exploded")

    worker.pipeline.matcher.match_text = boom  # type: ignore[method-assign]
    now = utcnow()
    for attempt in range(4):
        worker.handle_pending(now + timedelta(seconds=120 * attempt))
    # Still being retried: nobody has been told anything yet.
    assert _count(engine, Tip) == 0
    assert _count(engine, OutboxMessage, OutboxMessage.purpose != "mark_read") == 0
    worker.handle_pending(now + timedelta(seconds=120 * 4))
    with Session(engine) as session:
        message = session.execute(select(InboundMessage)).scalar_one()
        assert message.state == "failed" and message.attempts == 5
        assert "matcher exploded" in (message.error or "")
        # The voter is not left in silence: the tip waits for fact-checkers and the voter hears so.
        tip = session.execute(select(Tip)).scalar_one()
        assert (tip.state, tip.text, tip.decision) == ("queued", HOAX_FORWARD, "none")
        purposes = session.execute(select(OutboxMessage.purpose)).scalars().all()
        assert [p for p in purposes if p != "mark_read"] == ["checking"]
    worker.handle_pending(now + timedelta(seconds=120 * 5))
    assert _count(engine, OutboxMessage, OutboxMessage.purpose == "checking") == 1


def test_warm_up_loads_what_the_first_tip_in_another_script_would_wait_for(
    engine: Engine, db_settings: Settings
) -> None:
    from tipline.matching import language, normalize

    language._factory.cache_clear()
    normalize._simplified_chinese.cache_clear()
    seed(engine, BALLOTS)
    Worker.build(db_settings, engine=engine).warm_up()
    assert language._factory.cache_info().currsize == 2  # Latin-script profiles and all of them
    assert normalize._simplified_chinese.cache_info().currsize == 1
