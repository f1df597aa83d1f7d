"""Putting a reply in the outbox: stored first, sent by the sender; the same dedup key never sends twice
(a later verdict Meta refused for good is queued again, under its key, when it can be sent)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from replies.models import OutboxMessage, OutboxState
from tipline.db import utcnow
from tipline.jobs import insert_ignore
from tipline.tips.service import wait_again

# A verdict sent as the answer to a tip, and one found after the tip waited.
VERDICT, FOLLOW_UP = "verdict", "follow_up"


def enqueue(
    session: Session,
    *,
    voter_id: int,
    purpose: str,
    body: dict[str, Any],
    dedup_key: str,
    inbound_message_id: int | None = None,
    fallback_body: dict[str, Any] | None = None,
    again_if_failed: bool = False,
) -> int | None:
    """The new row's id; None when the key exists already (nothing is queued), unless `again_if_failed` and
    that row failed for good: it is then sent again with this body (the id is returned)."""
    now = utcnow()
    values = {
        "dedup_key": dedup_key,
        "voter_id": voter_id,
        "inbound_message_id": inbound_message_id,
        "purpose": purpose,
        "body": body,
        "fallback_body": fallback_body,
        "state": OutboxState.PENDING,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }
    new_id = insert_ignore(session, OutboxMessage, values, ["dedup_key"])
    if new_id is not None or not again_if_failed:
        return new_id
    query = select(OutboxMessage).where(col(OutboxMessage.dedup_key) == dedup_key).with_for_update()
    row = session.execute(query).scalars().first()
    if row is None or row.state != OutboxState.FAILED:
        return None
    row.body, row.fallback_body = body, fallback_body
    row.state, row.attempts, row.next_attempt_at = OutboxState.PENDING, 0, now
    row.leased_until = row.graph_message_id = None  # statuses of the failed message must not move this one
    row.sent_at = row.delivered_at = row.read_at = row.failed_at = None
    session.add(row)
    return row.id


def undeliverable(session: Session, row: OutboxMessage) -> None:
    """`row` failed for good. A verdict that cannot reach the voter does not leave its tip answered."""
    if row.purpose in (VERDICT, FOLLOW_UP) and row.inbound_message_id is not None:
        wait_again(session, row.inbound_message_id)


def use_fallback(row: OutboxMessage, now: datetime) -> bool:
    """Meta said the voter's 24-hour window has closed: send the row's fallback (a template) now instead.
    False when the row has none; a fallback is used once."""
    if row.fallback_body is None:
        return False
    row.body, row.fallback_body = row.fallback_body, None
    row.state = OutboxState.PENDING
    row.next_attempt_at = now
    row.leased_until = None
    row.graph_message_id = None  # statuses still arriving for the refused message must not move this one
    row.sent_at = row.failed_at = None
    return True
