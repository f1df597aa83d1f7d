"""Imports every table so that SQLModel.metadata (and Alembic) sees the whole schema."""

from replies.models import OutboxMessage
from tipline.debunks.models import Debunk, DebunkEmbedding, DebunkImageHash
from tipline.deliveries.models import WebhookDelivery
from tipline.inbound.models import InboundMessage, MessageStatus, WebhookError
from tipline.tips.models import Tip
from tipline.voters.models import Voter

__all__ = [
    "Debunk",
    "DebunkEmbedding",
    "DebunkImageHash",
    "InboundMessage",
    "MessageStatus",
    "OutboxMessage",
    "Tip",
    "Voter",
    "WebhookDelivery",
    "WebhookError",
]
