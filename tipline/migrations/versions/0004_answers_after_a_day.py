"""voter.follow_up_consent_at: the voter asked to be told an answer even after their 24-hour window closed;
outbox_message.fallback_body: the template sent instead when Meta says that window has closed (131047)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tipline.db_types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = tipline.db_types.UTCDateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("voter") as batch:
        batch.add_column(sa.Column("follow_up_consent_at", UTC, nullable=True))
    with op.batch_alter_table("outbox_message") as batch:
        batch.add_column(sa.Column("fallback_body", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_column("fallback_body")
    with op.batch_alter_table("voter") as batch:
        batch.drop_column("follow_up_consent_at")
