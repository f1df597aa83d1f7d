"""Deliveries end to end: Meta's retries of one delivery, a batch of messages in one post, status webhooks."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session

from replies.models import OutboxMessage
from tests.tipline.helpers import (
    BALLOTS,
    HOAX_FORWARD,
    messages_handled,
    running_app,
    seed,
    text_delivery,
    texts_sent,
    wait_for,
)
from tipline.inbound.models import MessageStatus
from tipline.settings import Settings
from tipline.simulator import voter_payloads as vp
from tipline.tips.models import Tip


def test_same_delivery_three_times_is_answered_once(db_settings: Settings) -> None:
    with running_app(db_settings) as app:
        seed(app.engine, BALLOTS)
        raw = vp.to_bytes(text_delivery(HOAX_FORWARD))
        for _ in range(3):
            assert app.post(raw).status_code == 200
        wait_for(lambda: texts_sent(app.fake), what="the verdict")
        with Session(app.engine) as session:
            wait_for(
                lambda: messages_handled(session) == 1,
                what="the message handled",
            )
        with Session(app.engine) as session:
            # Every outbox row has been tried: if a second answer existed, it would have been sent by now.
            wait_for(
                lambda: (
                    session.execute(
                        select(func.count())
                        .select_from(OutboxMessage)
                        .where(OutboxMessage.state == "pending")
                    ).scalar_one()
                    == 0
                ),
                what="outbox drained",
            )
            assert session.execute(select(func.count()).select_from(OutboxMessage)).scalar_one() == 2
            assert session.execute(select(func.count()).select_from(Tip)).scalar_one() == 1
        assert len(texts_sent(app.fake)) == 1


def test_batched_post_is_fully_processed(db_settings: Settings) -> None:
    with running_app(db_settings) as app:
        seed(app.engine, BALLOTS)
        deliveries = [
            text_delivery(
                HOAX_FORWARD,
                wa_id=f"62811000000{i:02d}",
                bsuid=f"ID.batch{i}",
            )
            for i in range(12)
        ]
        batched = deliveries[0]
        for extra in deliveries[1:]:
            batched["entry"][0]["changes"][0]["value"]["messages"] += extra["entry"][0]["changes"][0][
                "value"
            ]["messages"]
            batched["entry"][0]["changes"][0]["value"]["contacts"] += extra["entry"][0]["changes"][0][
                "value"
            ]["contacts"]
        assert app.post(batched).status_code == 200
        wait_for(
            lambda: len([e for e in app.fake.accepted() if e["body"].get("type") == "text"]) == 12,
            what="12 verdicts",
        )
        recipients = {e["body"]["to"] for e in app.fake.accepted() if e["body"].get("type") == "text"}
        assert len(recipients) == 12


def test_status_webhooks_update_the_outbox(db_settings: Settings) -> None:
    with running_app(db_settings) as app:
        seed(app.engine, BALLOTS)
        app.post(text_delivery(HOAX_FORWARD))
        wait_for(lambda: texts_sent(app.fake), what="the verdict")
        with Session(app.engine) as session:
            row = wait_for(
                lambda: session.execute(
                    select(OutboxMessage).where(
                        OutboxMessage.purpose == "verdict", OutboxMessage.state == "sent"
                    )
                ).scalar_one_or_none(),
                what="sent row",
            )
        for status in ("read", "delivered"):  # out of order, as Meta may deliver them
            payload = vp.status_update(
                "1122334455667",
                wamid=row.graph_message_id,
                status=status,
                wa_id="6281234567890",
                bsuid="ID.1234567890",
            )
            assert app.post(payload).status_code == 200

        def state() -> str | None:
            with Session(app.engine) as session:
                current = session.get(OutboxMessage, row.id)
                return current.state if current and current.read_at and current.delivered_at else None

        with Session(app.engine) as session:
            wait_for(
                lambda: session.execute(select(func.count()).select_from(MessageStatus)).scalar_one() == 2,
                what="both statuses stored",
            )
        assert wait_for(state, what="read state") == "read"
