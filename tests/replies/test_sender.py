"""The sender end to end: outbox rows in a real database (SQLite and PostgreSQL), the fake over HTTP."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from replies.graph import GraphClient
from replies.models import OutboxMessage, OutboxState
from replies.sender import send_due
from tests.replies.conftest import add_outbox, add_voter, text
from tipline.db import session_scope, utcnow
from tipline.inbound.models import MessageStatus
from tipline.settings import Settings
from tipline.simulator.fake_graph import FakeGraph
from tipline.voters.models import Voter


@pytest.fixture
def client(send_settings: Settings) -> Iterator[GraphClient]:
    with GraphClient.from_settings(send_settings) as graph:
        yield graph


def _row(engine: Engine, outbox_id: int) -> OutboxMessage:
    with session_scope(engine) as session:
        row = session.get(OutboxMessage, outbox_id)
        assert row is not None
        return row


def _voter(engine: Engine, voter_id: int) -> Voter:
    with session_scope(engine) as session:
        voter = session.get(Voter, voter_id)
        assert voter is not None
        return voter


def test_a_due_row_is_sent_to_the_phone_and_gets_its_graph_id(
    engine: Engine, send_settings: Settings, client: GraphClient, fake: FakeGraph
) -> None:
    voter_id = add_voter(engine, send_settings, phone="6281234567890", bsuid="ID.777abc")
    outbox_id = add_outbox(engine, voter_id, text("Hasil cek fakta"), key="reply:1")
    now = utcnow()
    assert send_due(engine, send_settings, client, now=now) == 1
    [sent] = fake.accepted()
    assert sent["body"]["to"] == "+6281234567890"
    assert "recipient" not in sent["body"]
    assert sent["body"]["text"]["body"] == "Hasil cek fakta"
    row = _row(engine, outbox_id)
    assert (row.state, row.graph_message_id, row.attempts, row.sent_at) == (
        OutboxState.SENT,
        sent["wamid"],
        1,
        now,
    )
    assert send_due(engine, send_settings, client, now=now + timedelta(hours=1)) == 0
    assert len(fake.accepted()) == 1


def test_a_voter_known_only_by_bsuid_is_written_to_by_bsuid(
    engine: Engine, send_settings: Settings, client: GraphClient, fake: FakeGraph
) -> None:
    voter_id = add_voter(engine, send_settings, phone=None, bsuid="ID.13491208655302741918")
    add_outbox(engine, voter_id, text("halo"), key="reply:bsuid")
    send_due(engine, send_settings, client)
    assert fake.accepted()[0]["body"]["recipient"] == "ID.13491208655302741918"


def test_rows_not_yet_due_or_leased_wait(
    engine: Engine, send_settings: Settings, client: GraphClient, fake: FakeGraph
) -> None:
    voter_id = add_voter(engine, send_settings)
    now = utcnow()
    later_id = add_outbox(engine, voter_id, text("later"), key="later", due_at=now + timedelta(minutes=5))
    leased_id = add_outbox(engine, voter_id, text("leased"), key="leased")
    with session_scope(engine) as session:
        leased = session.get(OutboxMessage, leased_id)
        assert leased is not None
        leased.leased_until = now + timedelta(seconds=30)
        session.add(leased)
    assert send_due(engine, send_settings, client, now=now) == 0
    assert fake.sent == []
    # Once the lease expires (a crashed worker), the row is picked up again.
    assert send_due(engine, send_settings, client, now=now + timedelta(minutes=10)) == 2
    assert {_row(engine, later_id).state, _row(engine, leased_id).state} == {OutboxState.SENT}


def test_throughput_limit_is_retried_with_backoff_then_sent(
    engine: Engine, send_settings: Settings, client: GraphClient, fake: FakeGraph
) -> None:
    voter_id = add_voter(engine, send_settings)
    outbox_id = add_outbox(engine, voter_id, text("coba lagi"), key="retry")
    fake.fail_next(1, 429, 130429, 2494055, "Rate limit hit")
    now = utcnow()
    assert send_due(engine, send_settings, client, now=now) == 1
    row = _row(engine, outbox_id)
    assert (row.state, row.attempts, row.error_code) == (OutboxState.PENDING, 1, 130429)
    assert now < row.next_attempt_at <= now + timedelta(seconds=send_settings.send_backoff_base_seconds)
    assert send_due(engine, send_settings, client, now=now) == 0  # not due yet
    assert send_due(engine, send_settings, client, now=row.next_attempt_at) == 1
    row = _row(engine, outbox_id)
    assert (row.state, row.attempts) == (OutboxState.SENT, 2)
    assert row.graph_message_id == fake.accepted()[0]["wamid"]
    assert row.error_code is None


def test_pair_rate_limit_waits_four_to_the_attempt_seconds(
    engine: Engine, send_settings: Settings, client: GraphClient, fake: FakeGraph
) -> None:
    voter_id = add_voter(engine, send_settings)
    outbox_id = add_outbox(engine, voter_id, text("pelan"), key="pair")
    fake.fail_next(2, 400, 131056, message="pair rate limit hit")
    now = utcnow()
    send_due(engine, send_settings, client, now=now)
    assert _row(engine, outbox_id).next_attempt_at == now + timedelta(seconds=1)
    send_due(engine, send_settings, client, now=now + timedelta(seconds=1))
    assert _row(engine, outbox_id).next_attempt_at == now + timedelta(seconds=1 + 4)


def test_undeliverable_fails_and_marks_the_voter_unreachable(
    engine: Engine, send_settings: Settings, client: GraphClient, fake: FakeGraph
) -> None:
    voter_id = add_voter(engine, send_settings)
    outbox_id = add_outbox(engine, voter_id, text("x"), key="gone")
    fake.fail_next(1, 400, 131026, message="Message undeliverable")
    send_due(engine, send_settings, client)
    row = _row(engine, outbox_id)
    assert (row.state, row.error_code, row.attempts) == (OutboxState.FAILED, 131026, 1)
    assert row.failed_at is not None
    assert _voter(engine, voter_id).unreachable is True
    assert send_due(engine, send_settings, client, now=utcnow() + timedelta(hours=1)) == 0


def test_reengagement_fails_and_keeps_the_code_for_the_template_fallback(
    engine: Engine, send_settings: Settings, client: GraphClient, fake: FakeGraph
) -> None:
    voter_id = add_voter(engine, send_settings)
    outbox_id = add_outbox(engine, voter_id, text("x"), key="window")
    fake.fail_next(1, 400, 131047, message="Re-engagement message", details="more than 24 hours")
    send_due(engine, send_settings, client)
    row = _row(engine, outbox_id)
    assert (row.state, row.error_code) == (OutboxState.FAILED, 131047)
    assert "24 hours" in (row.error_detail or "")
    assert _voter(engine, voter_id).unreachable is False


def test_a_body_meta_refuses_fails_at_once(
    engine: Engine, send_settings: Settings, client: GraphClient, fake: FakeGraph
) -> None:
    voter_id = add_voter(engine, send_settings)
    outbox_id = add_outbox(engine, voter_id, text("x" * 5000), key="too-long")
    send_due(engine, send_settings, client)
    assert (_row(engine, outbox_id).state, _row(engine, outbox_id).error_code) == (OutboxState.FAILED, 131009)


def test_retries_stop_after_max_attempts(
    engine: Engine, send_settings: Settings, client: GraphClient, fake: FakeGraph
) -> None:
    voter_id = add_voter(engine, send_settings)
    outbox_id = add_outbox(engine, voter_id, text("x"), key="flaky")
    fake.fail_next(10, 503, 131000, message="Something went wrong")
    now = utcnow()
    for minute in range(send_settings.send_max_attempts + 2):
        send_due(engine, send_settings, client, now=now + timedelta(minutes=minute))
    row = _row(engine, outbox_id)
    assert (row.state, row.attempts, row.error_code) == (
        OutboxState.FAILED,
        send_settings.send_max_attempts,
        131000,
    )
    assert len(fake.sent) == send_settings.send_max_attempts


def test_mark_read_rows_are_sent_as_read_receipts(
    engine: Engine, send_settings: Settings, client: GraphClient, fake: FakeGraph
) -> None:
    voter_id = add_voter(engine, send_settings)
    body = {"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.INBOUND"}
    outbox_id = add_outbox(engine, voter_id, body, key="read:1", purpose="mark_read")
    send_due(engine, send_settings, client)
    [entry] = fake.sent
    assert entry["body"] == body and entry["kind"] == "mark_read"
    row = _row(engine, outbox_id)
    assert (row.state, row.graph_message_id) == (OutboxState.SENT, None)


def test_a_status_that_arrived_before_the_send_was_recorded_is_applied(
    engine: Engine, send_settings: Settings, fake: FakeGraph
) -> None:
    class WebhookRacesUs(GraphClient):
        def send(self, body: dict[str, Any]) -> str:
            wamid = super().send(body)
            with session_scope(engine) as session:
                session.add(
                    MessageStatus(wamid=wamid, status="delivered", occurred_at=utcnow(), created_at=utcnow())
                )
            return wamid

    voter_id = add_voter(engine, send_settings)
    outbox_id = add_outbox(engine, voter_id, text("cepat"), key="race")
    with WebhookRacesUs.from_settings(send_settings) as racing:
        send_due(engine, send_settings, racing)
    row = _row(engine, outbox_id)
    assert row.state == OutboxState.DELIVERED and row.delivered_at is not None


def test_two_concurrent_senders_never_send_the_same_row_twice(
    engine: Engine, send_settings: Settings, fake: FakeGraph
) -> None:
    voter_id = add_voter(engine, send_settings)
    ids = [add_outbox(engine, voter_id, text(f"pesan {n}"), key=f"many:{n}") for n in range(40)]
    start = threading.Barrier(2)
    claimed: list[int] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with GraphClient.from_settings(send_settings) as own_client:
                start.wait()
                while (count := send_due(engine, send_settings, own_client, limit=3)) > 0:
                    claimed.append(count)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    bodies = Counter(entry["body"]["text"]["body"] for entry in fake.accepted())
    assert len(bodies) == 40 and set(bodies.values()) == {1}
    assert sum(claimed) == 40
    assert {_row(engine, outbox_id).state for outbox_id in ids} == {OutboxState.SENT}


def test_a_reply_meta_refuses_for_the_closed_window_is_sent_as_its_template(
    engine: Engine, send_settings: Settings, client: GraphClient, fake: FakeGraph
) -> None:
    fake.approve_templates(
        [{"name": "kabar", "language": "id", "components": [{"type": "BODY", "text": "Hasil: {{verdict}}."}]}]
    )
    template = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "type": "template",
        "template": {
            "name": "kabar",
            "language": {"code": "id"},
            "components": [
                {
                    "type": "body",
                    "parameters": [{"type": "text", "parameter_name": "verdict", "text": "SALAH"}],
                }
            ],
        },
    }
    voter_id = add_voter(engine, send_settings)
    with_template = add_outbox(engine, voter_id, text("Kabar terbaru"), key="follow-up:1", fallback=template)
    without = add_outbox(engine, voter_id, text("Kabar lain"), key="follow-up:2")
    fake.fail_next(2, 400, 131047, message="Re-engagement message")
    now = utcnow()
    send_due(engine, send_settings, client, now=now)
    assert (_row(engine, without).state, _row(engine, without).error_code) == (OutboxState.FAILED, 131047)
    row = _row(engine, with_template)
    assert (row.state, row.body, row.error_code) == (OutboxState.PENDING, template, 131047)
    send_due(engine, send_settings, client, now=now)
    [sent] = fake.accepted()
    assert sent["body"]["type"] == "template" and sent["body"]["to"] == "+6281234567890"
    assert _row(engine, with_template).state == OutboxState.SENT
