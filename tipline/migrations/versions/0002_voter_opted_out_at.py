"""voter.opted_out_at: when a voter asked for no more messages ("stop")

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


def upgrade() -> None:
    with op.batch_alter_table("voter") as batch:
        column = sa.Column("opted_out_at", tipline.db_types.UTCDateTime(timezone=True), nullable=True)
        batch.add_column(column)


def downgrade() -> None:
    with op.batch_alter_table("voter") as batch:
        batch.drop_column("opted_out_at")
