from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from tipline.db_types import json_column, utc_column


class MessageState:
    PENDING = "pending"
    HANDLED = "handled"
    FAILED = "failed"


class InboundMessage(SQLModel, table=True):
    """One voter message; the unique wamid is what makes a fifth delivery of it a no-op."""

    __tablename__ = "inbound_message"
    __table_args__ = (Index("ix_inbound_message_state_id", "state", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    wamid: str = Field(max_length=255, unique=True)
    delivery_id: int | None = Field(default=None, foreign_key="webhook_delivery.id")
    voter_id: int | None = Field(default=None, foreign_key="voter.id", index=True)
    type: str = Field(max_length=32)
    text: str | None = None
    forwarded: bool = False
    frequently_forwarded: bool = False
    reply_to_wamid: str | None = Field(default=None, max_length=255)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=json_column(nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=utc_column())
    received_at: datetime = Field(sa_column=utc_column(nullable=False))
    state: str = Field(default=MessageState.PENDING, max_length=16)
    attempts: int = 0
    leased_until: datetime | None = Field(default=None, sa_column=utc_column())
    handled_at: datetime | None = Field(default=None, sa_column=utc_column())
    error: str | None = None


class MessageStatus(SQLModel, table=True):
    """A status Meta reported for one of our outbound messages (sent, delivered, read, played, failed)."""

    __tablename__ = "message_status"
    __table_args__ = (UniqueConstraint("wamid", "status", name="uq_message_status_wamid_status"),)

    id: int | None = Field(default=None, primary_key=True)
    wamid: str = Field(max_length=255, index=True)
    status: str = Field(max_length=16)
    occurred_at: datetime | None = Field(default=None, sa_column=utc_column())
    error_code: int | None = None
    error_title: str | None = None
    error_detail: str | None = None
    delivery_id: int | None = Field(default=None, foreign_key="webhook_delivery.id")
    created_at: datetime = Field(sa_column=utc_column(nullable=False))


class WebhookError(SQLModel, table=True):
    """An account- or app-level error Meta reported in `value.errors`; kept for operators."""

    __tablename__ = "webhook_error"

    id: int | None = Field(default=None, primary_key=True)
    fingerprint: str = Field(max_length=64, unique=True)
    code: int | None = None
    title: str | None = None
    message: str | None = None
    detail: str | None = None
    delivery_id: int | None = Field(default=None, foreign_key="webhook_delivery.id")
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
