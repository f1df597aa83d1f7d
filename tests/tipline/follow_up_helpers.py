"""Shared by the follow-up tests: a voter writing through a stored webhook delivery, and what was sent."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from replies.models import OutboxMessage
from tests.tipline.helpers import BALLOTS, HOAX_FORWARD, seed, text_delivery
from tipline.db import session_scope, utcnow
from tipline.deliveries.models import WebhookDelivery
from tipline.settings import Settings
from tipline.simulator import voter_payloads as vp
from tipline.tips.models import Tip
from tipline.worker import Worker

INK = replace(
    BALLOTS,
    url="https://cekfakta.example/2024/tinta-pemilu",
    claim_reviewed="Tinta pemilu mengandung lemak babi sehingga wudhu tidak sah",
    headline="Tinta pemilu tidak mengandung lemak babi",
)


def voter_writes(engine: Engine, text: str) -> None:
    with session_scope(engine) as session:
        session.add(WebhookDelivery(received_at=utcnow(), body=vp.to_bytes(text_delivery(text))))


def tip_sent(worker: Worker, engine: Engine, text: str = HOAX_FORWARD) -> Tip:
    voter_writes(engine, text)
    worker.step()
    with Session(engine) as session:
        return session.execute(select(Tip)).scalar_one()


def queued_tip(engine: Engine, settings: Settings) -> tuple[Worker, Tip]:
    """A worker, and a tip it queued for fact-checkers: the only debunk is about something else."""
    seed(engine, INK)
    worker = Worker.build(settings, engine=engine)
    return worker, tip_sent(worker, engine)


def change_tip(engine: Engine, tip: Tip, **values: Any) -> None:
    with session_scope(engine) as session:
        stored = session.get(Tip, tip.id)
        assert stored is not None
        for name, value in values.items():
            setattr(stored, name, value)


def outbox_rows(engine: Engine, purpose: str) -> list[OutboxMessage]:
    with Session(engine) as session:
        rows = session.execute(select(OutboxMessage).where(OutboxMessage.purpose == purpose)).scalars()
        return list(rows)


def tip_state(engine: Engine, tip: Tip) -> str:
    with Session(engine) as session:
        stored = session.get(Tip, tip.id)
        assert stored is not None
        return stored.state
