"""Putting a reply in the outbox: stored first, sent by the sender; the same dedup key never sends twice."""

from __future__ import annotations

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
) -> int | None:
    now = utcnow()
    values = {
        "dedup_key": dedup_key,
        "voter_id": voter_id,
        "inbound_message_id": inbound_message_id,
        "purpose": purpose,
        "body": body,
        "state": OutboxState.PENDING,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }
    return insert_ignore(session, OutboxMessage, values, ["dedup_key"])
