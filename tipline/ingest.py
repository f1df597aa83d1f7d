"""Turn a parsed delivery into rows: voters, inbound messages (once per wamid), statuses, account errors."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from datetime import datetime
from typing import Any

from sqlmodel import Session

from replies.statuses import apply_status
from tipline.db import utcnow
from tipline.events import AccountErrorEvent, MessageEvent, ParsedDelivery, StatusEvent
from tipline.inbound.models import InboundMessage, MessageStatus, WebhookError
from tipline.jobs import insert_ignore
from tipline.settings import Settings
from tipline.voters.service import upsert_voter

log = logging.getLogger(__name__)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def event_payload(event: MessageEvent) -> dict[str, Any]:
    payload = _jsonable(dataclasses.asdict(event))
    # The sender's phone number stays out of the stored payload: the voter row holds it, encrypted.
    payload.pop("sender", None)
    return payload


def _store_message(session: Session, settings: Settings, delivery_id: int, event: MessageEvent) -> int | None:
    now = utcnow()
    voter_id = None
    if event.sender.is_known:
        voter_id = upsert_voter(session, settings, event.sender, seen_at=event.sent_at or now).id
    values = {
        "wamid": event.wamid,
        "delivery_id": delivery_id,
        "voter_id": voter_id,
        "type": event.type[:32],
        "text": event.text,
        "forwarded": event.forwarded,
        "frequently_forwarded": event.frequently_forwarded,
        "reply_to_wamid": event.reply_to_wamid,
        "payload": event_payload(event),
        "sent_at": event.sent_at,
        "received_at": now,
        "state": "pending",
        "attempts": 0,
    }
    return insert_ignore(session, InboundMessage, values, ["wamid"])


def _store_status(session: Session, delivery_id: int, event: StatusEvent) -> None:
    first_error = event.errors[0] if event.errors else None
    values = {
        "wamid": event.wamid,
        "status": event.status[:16],
        "occurred_at": event.occurred_at,
        "error_code": first_error.code if first_error else None,
        "error_title": first_error.title if first_error else None,
        "error_detail": first_error.detail if first_error else None,
        "delivery_id": delivery_id,
        "created_at": utcnow(),
    }
    if insert_ignore(session, MessageStatus, values, ["wamid", "status"]) is not None:
        apply_status(session, event)


def _store_error(session: Session, delivery_id: int, event: AccountErrorEvent) -> None:
    fingerprint = hashlib.sha256(json.dumps(event.raw, sort_keys=True).encode()).hexdigest()
    error = event.error
    log.warning("Meta reported an account-level error %s: %s", error.code, error.title)
    values = {
        "fingerprint": fingerprint,
        "code": error.code,
        "title": error.title,
        "message": error.message,
        "detail": error.detail,
        "delivery_id": delivery_id,
        "created_at": utcnow(),
    }
    insert_ignore(session, WebhookError, values, ["fingerprint"])


def record_delivery(
    session: Session, settings: Settings, delivery_id: int, parsed: ParsedDelivery
) -> list[int]:
    """Idempotent: a delivery seen twice (or a wamid in two deliveries) adds nothing the second time."""
    new_ids = []
    for message in parsed.messages:
        new_id = _store_message(session, settings, delivery_id, message)
        if new_id is not None:
            new_ids.append(new_id)
    for status in parsed.statuses:
        _store_status(session, delivery_id, status)
    for error in parsed.errors:
        _store_error(session, delivery_id, error)
    return new_ids
