"""The project's own words for what arrives from WhatsApp. Only `webhooks/` maps Meta's JSON onto these."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class VoterRef:
    """Who sent a message. Meta may give a business-scoped user id, a phone number (wa_id), or both."""

    bsuid: str | None = None
    wa_id: str | None = None

    @property
    def is_known(self) -> bool:
        return bool(self.bsuid or self.wa_id)


@dataclass(frozen=True)
class MediaRef:
    media_id: str | None
    mime_type: str | None = None
    sha256: str | None = None
    url: str | None = None
    filename: str | None = None
    voice: bool = False
    animated: bool = False


@dataclass(frozen=True)
class MessageEvent:
    """One inbound voter message of any type.

    `text` is what a person would read: the body, a caption, a button title, a location name, an edited text.
    `data` keeps the type-specific details (reaction emoji, list reply id, order items, ...).
    """

    wamid: str
    type: str
    sender: VoterRef
    sent_at: datetime | None
    text: str | None = None
    media: MediaRef | None = None
    forwarded: bool = False
    frequently_forwarded: bool = False
    reply_to_wamid: str | None = None
    referral: dict[str, Any] | None = None
    data: dict[str, Any] = field(default_factory=dict)
    errors: tuple[ErrorInfo, ...] = ()
    phone_number_id: str | None = None


@dataclass(frozen=True)
class ErrorInfo:
    code: int | None
    title: str | None = None
    message: str | None = None
    detail: str | None = None


@dataclass(frozen=True)
class StatusEvent:
    """What happened to one of our outbound messages."""

    wamid: str
    status: str  # sent | delivered | read | played | failed | (anything newer Meta invents)
    recipient: VoterRef
    occurred_at: datetime | None
    errors: tuple[ErrorInfo, ...] = ()
    callback_data: str | None = None


@dataclass(frozen=True)
class AccountErrorEvent:
    """An error Meta reported in `value.errors`, not tied to a single message."""

    error: ErrorInfo
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class ParsedDelivery:
    messages: list[MessageEvent] = field(default_factory=list)
    statuses: list[StatusEvent] = field(default_factory=list)
    errors: list[AccountErrorEvent] = field(default_factory=list)
    # Shapes we did not understand (other webhook fields, unknown change values): kept, not fatal.
    ignored: list[str] = field(default_factory=list)
