from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from tipline.db_types import json_column, utc_column


class OutboxState:
    PENDING = "pending"  # stored, not yet accepted by Meta (also: waiting for a retry)
    SENT = "sent"  # accepted by Meta; status webhooks move it on
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"  # permanent: no retry will help


class OutboxMessage(SQLModel, table=True):
    """A reply is stored here before it is sent; its Graph message id and delivery status are kept."""

    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_state_next", "state", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    # Makes creating the same reply twice (a retried job) a no-op, e.g. "reply:<inbound id>".
    dedup_key: str = Field(max_length=200, unique=True)
    voter_id: int = Field(foreign_key="voter.id", index=True)
    # The tip's message this row answers (found again when Meta refuses a verdict for good).
    inbound_message_id: int | None = Field(default=None, foreign_key="inbound_message.id", index=True)
    purpose: str = Field(max_length=32)
    # The Graph API body without its recipient: the phone number is added only at send time.
    body: dict[str, Any] = Field(default_factory=dict, sa_column=json_column(nullable=False))
    # Sent instead when Meta answers that the voter's 24-hour window has closed (131047): a template.
    fallback_body: dict[str, Any] | None = Field(default=None, sa_column=json_column(nullable=True))
    state: str = Field(default=OutboxState.PENDING, max_length=16)
    attempts: int = 0
    next_attempt_at: datetime = Field(sa_column=utc_column(nullable=False))
    leased_until: datetime | None = Field(default=None, sa_column=utc_column())
    graph_message_id: str | None = Field(default=None, max_length=255, index=True)
    error_code: int | None = None
    error_detail: str | None = None
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=utc_column())
    delivered_at: datetime | None = Field(default=None, sa_column=utc_column())
    read_at: datetime | None = Field(default=None, sa_column=utc_column())
    failed_at: datetime | None = Field(default=None, sa_column=utc_column())
