"""tip.image_hashes and tip.image_quality: a waiting photo's PDQ hashes, so that a debunk of the same picture
published later answers it; tip.link_text: what the voter's link led to (address, title, description);
tip.leased_until: a worker matching the tip again for follow-ups holds it until then

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 13:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tipline.db_types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = tipline.db_types.UTCDateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("tip") as batch:
        batch.add_column(sa.Column("image_hashes", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("image_quality", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("link_text", sa.String(), nullable=True))
        batch.add_column(sa.Column("leased_until", UTC, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tip") as batch:
        batch.drop_column("leased_until")
        batch.drop_column("link_text")
        batch.drop_column("image_quality")
        batch.drop_column("image_hashes")
