from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, LargeBinary
from sqlmodel import Field, SQLModel

from tipline.db_types import utc_column


class DeliveryState:
    PENDING = "pending"
    DONE = "done"
    # Signed by Meta but not JSON we understand: kept for a human to inspect, never retried.
    UNPARSEABLE = "unparseable"


class WebhookDelivery(SQLModel, table=True):
    __tablename__ = "webhook_delivery"
    __table_args__ = (Index("ix_webhook_delivery_state_id", "state", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    received_at: datetime = Field(sa_column=utc_column(nullable=False))
    body: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    state: str = Field(default=DeliveryState.PENDING, max_length=16)
    attempts: int = 0
    leased_until: datetime | None = Field(default=None, sa_column=utc_column())
    processed_at: datetime | None = Field(default=None, sa_column=utc_column())
    error: str | None = None
