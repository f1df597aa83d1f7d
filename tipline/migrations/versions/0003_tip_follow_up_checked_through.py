"""tip.follow_up_checked_through: the newest debunk change a waiting tip was matched again against

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tipline.db_types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("tip") as batch:
        kind = tipline.db_types.UTCDateTime(timezone=True)
        column = sa.Column("follow_up_checked_through", kind, nullable=True)
        batch.add_column(column)


def downgrade() -> None:
    with op.batch_alter_table("tip") as batch:
        batch.drop_column("follow_up_checked_through")
