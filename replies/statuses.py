"""Move an outbox row along as Meta's status webhooks arrive: late and out of order, sometimes twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col

from replies.errors import ErrorAction, classify
from replies.models import OutboxMessage, OutboxState
from replies.outbox import undeliverable, use_fallback
from tipline.db import utcnow
from tipline.events import StatusEvent
from tipline.voters.models import Voter

# Meta sends statuses in no fixed order; a state only ever moves to a higher rank.
_RANK = {OutboxState.PENDING: 0, OutboxState.SENT: 1, OutboxState.DELIVERED: 2, OutboxState.READ: 3}
_STATE_OF_STATUS = {
    "sent": OutboxState.SENT,
    "delivered": OutboxState.DELIVERED,
    "read": OutboxState.READ,
    "played": OutboxState.READ,  # a voice message listened to: read, for our purposes
}


def _earliest(current: datetime | None, candidate: datetime) -> datetime:
    return candidate if current is None or candidate < current else current


def _advance(row: OutboxMessage, state: str, at: datetime) -> None:
    if state == OutboxState.SENT:
        row.sent_at = _earliest(row.sent_at, at)
    if state == OutboxState.DELIVERED:
        row.delivered_at = _earliest(row.delivered_at, at)
    if state == OutboxState.READ:
        row.read_at = _earliest(row.read_at, at)
        # "delivered" is not sent when a message is read at once: it is implied.
        row.delivered_at = _earliest(row.delivered_at, at)
    if row.state != OutboxState.FAILED and _RANK.get(state, 0) > _RANK.get(row.state, 0):
        row.state = state


def _fail(session: Session, row: OutboxMessage, event: StatusEvent, at: datetime) -> None:
    if row.state in (OutboxState.DELIVERED, OutboxState.READ):
        return  # the voter has it: a contradicting "failed" must not undo that
    error = event.errors[0] if event.errors else None
    if error is not None and classify(error.code) == ErrorAction.REENGAGE and use_fallback(row, utcnow()):
        row.error_code, row.error_detail = error.code, error.detail or error.message or error.title
        return  # the voter's window had closed: the sender now sends the template instead
    row.state = OutboxState.FAILED
    row.failed_at = _earliest(row.failed_at, at)
    row.leased_until = None
    undeliverable(session, row)
    if error is not None:
        row.error_code = error.code
        row.error_detail = error.detail or error.message or error.title
    if error is not None and classify(error.code) == ErrorAction.UNREACHABLE:
        voter = session.get(Voter, row.voter_id)
        if voter is not None and not voter.unreachable:
            voter.unreachable = True
            session.add(voter)


def apply_status(session: Session, event: StatusEvent) -> None:
    """Update the outbox row Meta reports on; an unknown wamid (not ours, or not recorded yet) is a no-op."""
    query = select(OutboxMessage).where(col(OutboxMessage.graph_message_id) == event.wamid)
    row = session.execute(query).scalars().first()
    if row is None:
        return
    at = event.occurred_at or utcnow()
    if event.status == "failed":
        _fail(session, row, event, at)
    elif event.status in _STATE_OF_STATUS:
        _advance(row, _STATE_OF_STATUS[event.status], at)
    session.add(row)
