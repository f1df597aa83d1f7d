"""follow-ups: voter.opted_out_at (the voter sent "stop") and tip.follow_up_checked_through (the newest
debunk change a waiting tip was matched again against)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 03:35:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tipline.db_types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = tipline.db_types.UTCDateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("voter") as batch:
        batch.add_column(sa.Column("opted_out_at", UTC, nullable=True))
    with op.batch_alter_table("tip") as batch:
        batch.add_column(sa.Column("follow_up_checked_through", UTC, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tip") as batch:
        batch.drop_column("follow_up_checked_through")
    with op.batch_alter_table("voter") as batch:
        batch.drop_column("opted_out_at")
