"""Send what is due in the outbox: claim with a lease, call Meta outside a transaction, record the result."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography.fernet import InvalidToken
from prometheus_client import Counter
from sqlalchemy import or_, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from replies.errors import ErrorAction, GraphError, retry_delay
from replies.graph import GraphClient, recipient_fields
from replies.models import OutboxMessage, OutboxState
from replies.outbox import undeliverable, use_fallback
from replies.statuses import apply_status
from tipline.db import session_scope, utcnow
from tipline.events import ErrorInfo, StatusEvent, VoterRef
from tipline.inbound.models import MessageStatus
from tipline.settings import Settings
from tipline.voters.crypto import decrypt_phone
from tipline.voters.models import Voter

log = logging.getLogger(__name__)

MARK_READ = "mark_read"

SENDS = Counter("tipline_outbox_sends_total", "Graph API send attempts by result", ["result"])


@dataclass(frozen=True)
class _Prepared:
    outbox_id: int
    purpose: str
    body: dict[str, Any] | None  # None: nothing can be sent, `problem` says why
    problem: str | None = None


def claim_due(engine: Engine, *, now: datetime, lease_seconds: float, limit: int) -> list[int]:
    """Lease up to `limit` due rows and commit the lease, so no other worker sends them meanwhile.

    One UPDATE whose subquery picks the rows: PostgreSQL skips rows another worker holds (SKIP LOCKED) and
    re-checks the lease on the newest row version; SQLite runs writes one at a time, so the same statement
    sees the lease another worker committed just before.
    """
    due = (
        select(col(OutboxMessage.id))
        .where(
            col(OutboxMessage.state) == OutboxState.PENDING,
            col(OutboxMessage.next_attempt_at) <= now,
            or_(col(OutboxMessage.leased_until).is_(None), col(OutboxMessage.leased_until) < now),
        )
        .order_by(col(OutboxMessage.next_attempt_at), col(OutboxMessage.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claim = (
        update(OutboxMessage)
        .where(col(OutboxMessage.id).in_(due.scalar_subquery()))
        .values(leased_until=now + timedelta(seconds=lease_seconds))
        .returning(col(OutboxMessage.id))
    )
    with engine.begin() as conn:
        return sorted(outbox_id for outbox_id in conn.execute(claim).scalars().all() if outbox_id is not None)


def _prepare(session: Session, settings: Settings, outbox_id: int) -> _Prepared:
    row = session.get(OutboxMessage, outbox_id)
    if row is None:
        return _Prepared(outbox_id, "", None, "outbox row vanished")
    if row.purpose == MARK_READ:
        return _Prepared(outbox_id, row.purpose, dict(row.body))
    voter = session.get(Voter, row.voter_id)
    if voter is None:
        return _Prepared(outbox_id, row.purpose, None, "voter not found")
    phone: str | None = None
    if voter.wa_id_encrypted:
        try:
            phone = decrypt_phone(settings, voter.wa_id_encrypted)
        except InvalidToken:
            if not voter.bsuid:
                return _Prepared(outbox_id, row.purpose, None, "phone number cannot be decrypted")
    try:
        recipient = recipient_fields(phone, voter.bsuid)
    except ValueError:
        return _Prepared(outbox_id, row.purpose, None, "voter has no phone number and no BSUID")
    return _Prepared(outbox_id, row.purpose, {**row.body, **recipient})


def _deliver(client: GraphClient, prepared: _Prepared) -> str | None:
    """The wamid Meta gave (None for mark-as-read); raises GraphError."""
    body = prepared.body or {}
    if prepared.purpose == MARK_READ:
        client.mark_read(str(body["message_id"]), typing="typing_indicator" in body)
        return None
    return client.send(body)


def _replay_early_statuses(session: Session, wamid: str) -> None:
    # A status webhook can be processed before we stored the wamid; those rows are kept, so apply them now.
    early = session.execute(select(MessageStatus).where(col(MessageStatus.wamid) == wamid)).scalars().all()
    for status in early:
        errors = (ErrorInfo(status.error_code, status.error_title, None, status.error_detail),)
        event = StatusEvent(
            wamid=wamid,
            status=status.status,
            recipient=VoterRef(),
            occurred_at=status.occurred_at,
            errors=errors if status.error_code is not None else (),
        )
        apply_status(session, event)


def _record_success(session: Session, row: OutboxMessage, wamid: str | None, now: datetime) -> None:
    SENDS.labels("sent").inc()
    row.attempts += 1
    row.state = OutboxState.SENT
    row.graph_message_id = wamid
    row.sent_at = now
    row.leased_until = None
    row.error_code = None
    row.error_detail = None
    session.add(row)
    if wamid:
        session.flush()
        _replay_early_statuses(session, wamid)


def _fail(row: OutboxMessage, now: datetime, code: int | None, detail: str) -> None:
    row.state = OutboxState.FAILED
    row.failed_at = now
    row.leased_until = None
    row.error_code = code
    row.error_detail = detail[:2000]


def _record_error(
    session: Session, settings: Settings, row: OutboxMessage, exc: GraphError, now: datetime
) -> None:
    row.attempts += 1
    SENDS.labels(f"error_{exc.code}" if exc.code is not None else "error_transport").inc()
    if exc.action == ErrorAction.RETRY and row.attempts < settings.send_max_attempts:
        delay = retry_delay(
            exc.code,
            row.attempts - 1,
            base_seconds=settings.send_backoff_base_seconds,
            max_seconds=settings.send_backoff_max_seconds,
        )
        row.next_attempt_at = now + timedelta(seconds=delay)
        row.leased_until = None
        row.error_code = exc.code
        row.error_detail = exc.detail_text[:2000]
        log.info("outbox %s: retry %s after %.1fs (code %s)", row.id, row.attempts, delay, exc.code)
    elif exc.action == ErrorAction.REENGAGE and use_fallback(row, now):
        row.error_code = exc.code
        row.error_detail = exc.detail_text[:2000]
        log.info("outbox %s (%s): the voter's window has closed, sending its template", row.id, row.purpose)
    else:
        _fail(row, now, exc.code, exc.detail_text)
        log.warning("outbox %s (%s) failed: %s, code %s", row.id, row.purpose, exc.action, exc.code)
        undeliverable(session, row)
        if exc.action == ErrorAction.UNREACHABLE:
            voter = session.get(Voter, row.voter_id)
            if voter is not None:
                voter.unreachable = True
                session.add(voter)
    session.add(row)


def _send_one(engine: Engine, settings: Settings, client: GraphClient, outbox_id: int, now: datetime) -> None:
    with session_scope(engine) as session:
        prepared = _prepare(session, settings, outbox_id)
    wamid: str | None = None
    error: GraphError | None = None
    if prepared.body is not None:
        try:
            wamid = _deliver(client, prepared)
        except GraphError as exc:
            error = exc
        except Exception as exc:  # a bug must not leave the row bouncing between leases forever
            log.exception("outbox %s: unexpected error while sending", outbox_id)
            error = GraphError(None, f"{type(exc).__name__}: {exc}", action=ErrorAction.RETRY)
    with session_scope(engine) as session:
        row = session.get(OutboxMessage, outbox_id)
        if row is None or row.state != OutboxState.PENDING:
            return
        if prepared.body is None:
            _fail(row, now, None, prepared.problem or "cannot be sent")
            log.warning("outbox %s not sent: %s", outbox_id, prepared.problem)
            undeliverable(session, row)
            session.add(row)
        elif error is not None:
            _record_error(session, settings, row, error, now)
        else:
            _record_success(session, row, wamid, now)


def send_due(
    engine: Engine, settings: Settings, client: GraphClient, *, limit: int = 50, now: datetime | None = None
) -> int:
    """Send every due outbox row (up to `limit`); returns how many rows this call claimed and tried."""
    now = now or utcnow()
    claimed = claim_due(engine, now=now, lease_seconds=settings.lease_seconds, limit=limit)
    for outbox_id in claimed:
        _send_one(engine, settings, client, outbox_id, now)
    return len(claimed)
