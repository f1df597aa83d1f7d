"""Status webhooks move an outbox row forward only, whatever order they arrive in."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from replies.models import OutboxMessage, OutboxState
from replies.statuses import apply_status
from tests.replies.conftest import add_outbox, add_voter, text
from tipline.db import session_scope, utcnow
from tipline.events import ErrorInfo, StatusEvent, VoterRef
from tipline.settings import Settings
from tipline.voters.models import Voter

T0 = datetime(2026, 4, 1, 8, 0, tzinfo=utcnow().tzinfo)


def _sent_row(engine: Engine, settings: Settings, wamid: str = "wamid.OUT1") -> tuple[int, int]:
    voter_id = add_voter(engine, settings)
    outbox_id = add_outbox(engine, voter_id, text("x"), key=f"k:{wamid}")
    with session_scope(engine) as session:
        row = session.get(OutboxMessage, outbox_id)
        assert row is not None
        row.state, row.graph_message_id, row.sent_at = OutboxState.SENT, wamid, T0
        session.add(row)
    return voter_id, outbox_id


def _apply(
    engine: Engine,
    status: str,
    at: datetime | None,
    wamid: str = "wamid.OUT1",
    errors: tuple[ErrorInfo, ...] = (),
) -> None:
    with session_scope(engine) as session:
        apply_status(
            session,
            StatusEvent(
                wamid=wamid, status=status, recipient=VoterRef(wa_id="628"), occurred_at=at, errors=errors
            ),
        )


def _row(engine: Engine, outbox_id: int) -> OutboxMessage:
    with session_scope(engine) as session:
        row = session.get(OutboxMessage, outbox_id)
        assert row is not None
        return row


def test_read_then_a_late_delivered_stays_read(engine: Engine, db_settings: Settings) -> None:
    _, outbox_id = _sent_row(engine, db_settings)
    _apply(engine, "read", T0 + timedelta(seconds=20))
    row = _row(engine, outbox_id)
    assert row.state == OutboxState.READ
    # Meta skips "delivered" when the message is read at once: it is implied.
    assert row.delivered_at == row.read_at == T0 + timedelta(seconds=20)
    _apply(engine, "delivered", T0 + timedelta(seconds=5))
    row = _row(engine, outbox_id)
    assert row.state == OutboxState.READ
    assert row.delivered_at == T0 + timedelta(seconds=5)
    assert row.read_at == T0 + timedelta(seconds=20)


def test_statuses_in_order_and_twice(engine: Engine, db_settings: Settings) -> None:
    _, outbox_id = _sent_row(engine, db_settings)
    for status, seconds in (("sent", 1), ("delivered", 2), ("delivered", 2), ("played", 3), ("read", 4)):
        _apply(engine, status, T0 + timedelta(seconds=seconds))
    row = _row(engine, outbox_id)
    assert row.state == OutboxState.READ
    assert (row.sent_at, row.delivered_at, row.read_at) == (
        T0,
        T0 + timedelta(seconds=2),
        T0 + timedelta(seconds=3),
    )


def test_failed_131026_fails_the_row_and_marks_the_voter(engine: Engine, db_settings: Settings) -> None:
    voter_id, outbox_id = _sent_row(engine, db_settings)
    error = ErrorInfo(
        131026, "Message undeliverable", "Message undeliverable", "Unable to deliver the message"
    )
    _apply(engine, "failed", T0 + timedelta(seconds=3), errors=(error,))
    _apply(engine, "failed", T0 + timedelta(seconds=3), errors=(error,))
    row = _row(engine, outbox_id)
    assert (row.state, row.error_code, row.failed_at) == (
        OutboxState.FAILED,
        131026,
        T0 + timedelta(seconds=3),
    )
    assert row.error_detail == "Unable to deliver the message"
    with session_scope(engine) as session:
        voter = session.get(Voter, voter_id)
        assert voter is not None and voter.unreachable is True
    _apply(engine, "delivered", T0 + timedelta(seconds=4))
    assert _row(engine, outbox_id).state == OutboxState.FAILED


def test_other_failures_leave_the_voter_reachable(engine: Engine, db_settings: Settings) -> None:
    voter_id, outbox_id = _sent_row(engine, db_settings)
    _apply(engine, "failed", None, errors=(ErrorInfo(130472, "User's number is part of an experiment"),))
    row = _row(engine, outbox_id)
    assert (row.state, row.error_code) == (OutboxState.FAILED, 130472)
    assert row.failed_at is not None
    with session_scope(engine) as session:
        voter = session.get(Voter, voter_id)
        assert voter is not None and voter.unreachable is False


def test_a_failed_after_read_does_not_undo_the_read(engine: Engine, db_settings: Settings) -> None:
    _, outbox_id = _sent_row(engine, db_settings)
    _apply(engine, "read", T0 + timedelta(seconds=2))
    _apply(engine, "failed", T0 + timedelta(seconds=3), errors=(ErrorInfo(131000),))
    assert _row(engine, outbox_id).state == OutboxState.READ


def test_unknown_wamid_and_unknown_status_are_no_ops(engine: Engine, db_settings: Settings) -> None:
    _, outbox_id = _sent_row(engine, db_settings)
    _apply(engine, "read", T0, wamid="wamid.NOT-OURS")
    _apply(engine, "deleted", T0)
    row = _row(engine, outbox_id)
    assert (row.state, row.read_at, row.delivered_at) == (OutboxState.SENT, None, None)


REENGAGE = ErrorInfo(
    131047,
    "Re-engagement message",
    "Re-engagement message",
    "Message failed to send because more than 24 hours have passed since the customer last replied",
)


def test_a_reply_refused_for_the_closed_window_is_sent_again_as_its_template(
    engine: Engine, db_settings: Settings
) -> None:
    voter_id = add_voter(engine, db_settings)
    template = {"messaging_product": "whatsapp", "type": "template", "template": {"name": "t"}}
    outbox_id = add_outbox(engine, voter_id, text("Kabar terbaru"), key="follow-up:1", fallback=template)
    with session_scope(engine) as session:
        row = session.get(OutboxMessage, outbox_id)
        assert row is not None
        row.state, row.graph_message_id, row.sent_at = OutboxState.SENT, "wamid.OUT1", T0
    _apply(engine, "failed", T0 + timedelta(seconds=3), errors=(REENGAGE,))
    row = _row(engine, outbox_id)
    assert (row.state, row.body, row.fallback_body, row.graph_message_id) == (
        OutboxState.PENDING,
        template,
        None,
        None,
    )
    assert row.error_code == 131047
    # A second report of the same failure names the old wamid: it no longer moves the row.
    _apply(engine, "failed", T0 + timedelta(seconds=4), errors=(REENGAGE,))
    assert _row(engine, outbox_id).state == OutboxState.PENDING


def test_a_closed_window_fails_a_reply_that_has_no_template(engine: Engine, db_settings: Settings) -> None:
    _, outbox_id = _sent_row(engine, db_settings)
    _apply(engine, "failed", T0 + timedelta(seconds=3), errors=(REENGAGE,))
    row = _row(engine, outbox_id)
    assert (row.state, row.error_code) == (OutboxState.FAILED, 131047)
