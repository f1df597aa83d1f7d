from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from tipline.db_types import json_column, utc_column


class TipState:
    ANSWERED = "answered"  # an automatic verdict went out
    SUGGESTED = "suggested"  # the voter was offered likely debunks to choose from
    QUEUED = "queued"  # waiting for a human fact-checker


class Tip(SQLModel, table=True):
    __tablename__ = "tip"
    __table_args__ = (Index("ix_tip_state_created_at", "state", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    inbound_message_id: int = Field(foreign_key="inbound_message.id", unique=True)
    voter_id: int | None = Field(default=None, foreign_key="voter.id", index=True)
    kind: str = Field(default="text", max_length=16)
    text: str | None = None
    normalized_text: str | None = None
    language: str | None = Field(default=None, max_length=8)
    viral: bool = False
    decision: str = Field(max_length=16)
    top_debunk_id: int | None = Field(default=None, foreign_key="debunk.id")
    top_score: float | None = None
    candidates: list[dict[str, Any]] = Field(default_factory=list, sa_column=json_column(nullable=False))
    state: str = Field(max_length=16)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    answered_at: datetime | None = Field(default=None, sa_column=utc_column())
    # A photo's PDQ hashes (8: as sent, turned, mirrored) and their quality, to match it again while it waits.
    image_hashes: list[str] | None = Field(default=None, sa_column=json_column(nullable=True))
    image_quality: int | None = None
    # What the voter's link led to (address, title, description), matched with their words.
    link_text: str | None = None
    # While it waits: the newest debunk change it was matched again against (one worker per tip and change),
    # and until when a worker has it to match again (a worker that dies lets go when this passes).
    follow_up_checked_through: datetime | None = Field(default=None, sa_column=utc_column())
    leased_until: datetime | None = Field(default=None, sa_column=utc_column())
