"""outbox_message.inbound_message_id indexed: a tip's verdicts are looked up by it (one Meta refused for good
leaves the tip waiting, and its next follow-up sends it again)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 04:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_message") as batch:
        batch.create_index(
            batch.f("ix_outbox_message_inbound_message_id"), ["inbound_message_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_index(batch.f("ix_outbox_message_inbound_message_id"))
