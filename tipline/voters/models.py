from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from tipline.db_types import utc_column


class Voter(SQLModel, table=True):
    __tablename__ = "voter"

    id: int | None = Field(default=None, primary_key=True)
    # The business-scoped user id when Meta gives one, else "wa:" + a keyed hash of the phone number.
    key: str = Field(max_length=200, unique=True)
    bsuid: str | None = Field(default=None, max_length=200, index=True)
    wa_id_hash: str | None = Field(default=None, max_length=64, index=True)
    wa_id_encrypted: str | None = None
    language: str | None = Field(default=None, max_length=8)
    unreachable: bool = False
    first_seen_at: datetime = Field(sa_column=utc_column(nullable=False))
    last_inbound_at: datetime | None = Field(default=None, sa_column=utc_column())
    # The voter sent "stop": no message that does not answer one of theirs (follow-ups) from then on.
    opted_out_at: datetime | None = Field(default=None, sa_column=utc_column())
    # The voter tapped "notify me": a template may bring them an answer after their 24-hour window closed
    # (WhatsApp requires this opt-in). A later "stop" outweighs it; a later tap outweighs the "stop".
    follow_up_consent_at: datetime | None = Field(default=None, sa_column=utc_column())
