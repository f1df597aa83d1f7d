"""Putting a reply in the outbox: stored first, sent by the sender; the same dedup key never sends twice."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from replies.models import OutboxMessage, OutboxState
from tipline.db import utcnow
from tipline.jobs import insert_ignore


def enqueue(
    session: Session,
    *,
    voter_id: int,
    purpose: str,
    body: dict[str, Any],
    dedup_key: str,
    inbound_message_id: int | None = None,
    fallback_body: dict[str, Any] | None = None,
) -> int | None:
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
    return insert_ignore(session, OutboxMessage, values, ["dedup_key"])


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
