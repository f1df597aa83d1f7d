from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel

from tipline.db_types import json_column, utc_column


class Debunk(SQLModel, table=True):
    __tablename__ = "debunk"

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=2000, unique=True)
    claim_reviewed: str
    headline: str | None = None
    review_body: str | None = None
    rating: str | None = Field(default=None, max_length=200)
    language: str | None = Field(default=None, max_length=8)
    author_name: str | None = Field(default=None, max_length=300)
    date_published: date | None = None
    identifier: str | None = Field(default=None, max_length=200)
    image_urls: list[str] = Field(default_factory=list, sa_column=json_column(nullable=False))
    raw: dict[str, Any] = Field(default_factory=dict, sa_column=json_column(nullable=False))
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    updated_at: datetime = Field(sa_column=utc_column(nullable=False, index=True))


class DebunkEmbedding(SQLModel, table=True):
    """A debunk's sentence embedding, computed once at import for the text it was computed from."""

    __tablename__ = "debunk_embedding"

    debunk_id: int = Field(foreign_key="debunk.id", primary_key=True, ondelete="CASCADE")
    model: str = Field(max_length=100, primary_key=True)
    text_hash: str = Field(max_length=64)
    vector: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class DebunkImageHash(SQLModel, table=True):
    __tablename__ = "debunk_image_hash"

    id: int | None = Field(default=None, primary_key=True)
    debunk_id: int = Field(foreign_key="debunk.id", index=True, ondelete="CASCADE")
    image_ref: str = Field(max_length=2000)
    pdq_hex: str = Field(max_length=64, index=True)
    quality: int = 0
