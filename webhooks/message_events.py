"""One validated `messages[]` object -> a MessageEvent, for every message type Meta sends (and those it
has not invented yet, which are kept raw rather than dropped)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, NamedTuple

from tipline.events import ErrorInfo, MediaRef, MessageEvent, VoterRef
from webhooks.payloads import ErrorObject, Media, Message


class Content(NamedTuple):
    text: str | None = None
    media: MediaRef | None = None
    data: dict[str, Any] = {}  # shared default: never mutated, message_event copies it


def message_event(
    message: Message,
    raw: dict[str, Any],
    sender: VoterRef,
    phone_number_id: str | None,
    damaged: bool = False,
) -> MessageEvent:
    """`damaged`: some field had to be dropped as unreadable, so the raw object is kept in `data`."""
    kind = message.type or "unknown"
    reader = _READERS.get(message.type) if message.type else None
    content = reader(message) if reader else Content(data={"raw": raw})
    data = dict(content.data)
    if damaged:
        data.setdefault("raw", raw)
    context = message.context
    if context and context.referred_product:
        data["referred_product"] = context.referred_product
    return MessageEvent(
        wamid=message.id or "",
        type=kind,
        sender=sender,
        sent_at=unix_time(message.timestamp),
        text=content.text,
        media=content.media,
        forwarded=bool(context and context.forwarded),
        frequently_forwarded=bool(context and context.frequently_forwarded),
        reply_to_wamid=context.id if context else None,
        referral=message.referral,
        data=data,
        errors=tuple(error_info(error) for error in message.errors or ()),
        phone_number_id=phone_number_id,
    )


def error_info(error: ErrorObject) -> ErrorInfo:
    detail = error.error_data.details if error.error_data else None
    return ErrorInfo(code=error.code, title=error.title, message=error.message, detail=detail)


def unix_time(timestamp: str | None) -> datetime | None:
    """Meta sends Unix seconds as a string; anything unreadable (redacted, garbage) gives None."""
    if not timestamp:
        return None
    try:
        return datetime.fromtimestamp(int(timestamp), tz=UTC)
    except (ValueError, OverflowError, OSError):
        return None


def _media_ref(media: Media | None) -> MediaRef | None:
    if media is None:
        return None
    return MediaRef(
        media_id=media.id,
        mime_type=media.mime_type,
        sha256=media.sha256,
        url=media.url,
        filename=media.filename,
        voice=bool(media.voice),
        animated=bool(media.animated),
    )


def _media_reader(kind: str) -> Callable[[Message], Content]:
    def read(message: Message) -> Content:
        media: Media | None = getattr(message, kind)
        return Content(text=media.caption if media else None, media=_media_ref(media))

    return read


def _text(message: Message) -> Content:
    return Content(text=message.text.body if message.text else None)


def _location(message: Message) -> Content:
    location = message.location
    if location is None:
        return Content()
    words = "\n".join(part for part in (location.name, location.address) if part)
    return Content(text=words or None, data=location.model_dump(exclude_none=True))


def _contacts(message: Message) -> Content:
    return Content(data={"contacts": message.contacts or []})


def _interactive(message: Message) -> Content:
    interactive = message.interactive
    if interactive is None:
        return Content(data={"interactive_type": None})
    kind = interactive.type
    data: dict[str, Any] = {"interactive_type": kind}
    if kind == "nfm_reply" and interactive.nfm_reply:
        reply = interactive.nfm_reply
        data.update(reply.model_dump(exclude_none=True))
        return Content(text=reply.body, data=data)
    choice = interactive.button_reply if kind == "button_reply" else None
    choice = interactive.list_reply if kind == "list_reply" else choice
    if choice is not None:
        data.update(choice.model_dump(exclude_none=True))
        return Content(text=choice.title, data=data)
    # An interactive reply type we do not model (or none at all): keep what came.
    extra = interactive.model_extra or {}
    if kind and kind in extra:
        data[kind] = extra[kind]
    return Content(data=data)


def _button(message: Message) -> Content:
    button = message.button
    if button is None:
        return Content()
    return Content(text=button.text, data={"payload": button.payload})


def _reaction(message: Message) -> Content:
    reaction = message.reaction
    emoji = (reaction.emoji if reaction else None) or ""
    # An empty or absent emoji is how Meta reports that the reaction was taken back.
    return Content(data={"message_id": reaction.message_id if reaction else None, "emoji": emoji})


def _order(message: Message) -> Content:
    order = message.order
    if order is None:
        return Content()
    return Content(text=order.text or None, data=order.model_dump(exclude_none=True))


def _system(message: Message) -> Content:
    # The body reads "User A changed from <old number> to <new number>": it is not a tip, so no `text`.
    fields = message.system.model_dump(exclude_none=True) if message.system else {}
    data: dict[str, Any] = {
        "system_type": fields.pop("type", None),
        "new_wa_id": fields.pop("wa_id", None),
        "new_bsuid": fields.pop("user_id", None),
        **fields,
    }
    if message.identity is not None:
        data["identity"] = message.identity
    return Content(data={key: value for key, value in data.items() if value is not None})


def _edit(message: Message) -> Content:
    edit = message.edit
    if edit is None:
        return Content()
    data: dict[str, Any] = {"original_message_id": edit.original_message_id}
    inner = edit.message
    if inner is None or inner.type is None:
        return Content(data=data)
    reader = _READERS.get(inner.type)
    content = reader(inner) if reader and inner.type != "edit" else Content()
    data.update(content.data)
    data["edited_type"] = inner.type
    return Content(text=content.text, media=content.media, data=data)


def _revoke(message: Message) -> Content:
    return Content(
        data={"original_message_id": message.revoke.original_message_id if message.revoke else None}
    )


def _unsupported(message: Message) -> Content:
    unsupported = message.unsupported
    return Content(data={"unsupported_type": unsupported.type} if unsupported and unsupported.type else {})


def _nothing(message: Message) -> Content:
    return Content()


_READERS: dict[str, Callable[[Message], Content]] = {
    "text": _text,
    "image": _media_reader("image"),
    "video": _media_reader("video"),
    "audio": _media_reader("audio"),
    "document": _media_reader("document"),
    "sticker": _media_reader("sticker"),
    "location": _location,
    "contacts": _contacts,
    "interactive": _interactive,
    "button": _button,
    "reaction": _reaction,
    "order": _order,
    "system": _system,
    "edit": _edit,
    "revoke": _revoke,
    "unsupported": _unsupported,
    "unknown": _unsupported,
    "request_welcome": _nothing,
}
