"""Tolerant pydantic models of Meta's inbound webhook JSON (WhatsApp Cloud API, `field: "messages"`).

Every field is optional and unknown keys are kept (`extra="allow"`): Meta adds fields without notice and
drops others (no `contacts` on system messages, no `from` for username users). A value of the wrong type
becomes None and is reported in the validation context's `problems` list, so one odd field never costs the
rest of a message.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
)

T = TypeVar("T")


def _note(info: ValidationInfo, problem: str) -> None:
    context = info.context
    if isinstance(context, dict) and isinstance(context.get("problems"), list):
        context["problems"].append(problem)


def _objects_only(value: Any, info: ValidationInfo) -> Any:
    if not isinstance(value, list):
        return value
    kept = [item for item in value if isinstance(item, dict)]
    if len(kept) != len(value):
        _note(info, f"{info.field_name}: {len(value) - len(kept)} non-object item(s) dropped")
    return kept


# A list whose non-object items are dropped one by one, instead of the whole list failing.
ObjectList = Annotated[list[T], BeforeValidator(_objects_only)]


class Tolerant(BaseModel):
    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True)

    @field_validator("*", mode="wrap")
    @classmethod
    def _wrong_type_becomes_none(
        cls, value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> Any:
        try:
            return handler(value)
        except ValidationError:
            _note(info, f"{info.field_name}: unreadable {type(value).__name__}")
            return None


class Metadata(Tolerant):
    display_phone_number: str | None = None
    phone_number_id: str | None = None


class Profile(Tolerant):
    name: str | None = None
    username: str | None = None


class Contact(Tolerant):
    profile: Profile | None = None
    wa_id: str | None = None
    user_id: str | None = None
    parent_user_id: str | None = None
    identity_key_hash: str | None = None


class ErrorData(Tolerant):
    details: str | None = None


class ErrorObject(Tolerant):
    code: int | None = None
    title: str | None = None
    message: str | None = None
    error_data: ErrorData | None = None
    href: str | None = None


class Context(Tolerant):
    forwarded: bool | None = None
    frequently_forwarded: bool | None = None
    from_: str | None = Field(default=None, alias="from")
    id: str | None = None
    referred_product: dict[str, Any] | None = None


class Text(Tolerant):
    body: str | None = None


class Media(Tolerant):
    """image, video, audio, document and sticker share this shape."""

    id: str | None = None
    mime_type: str | None = None
    sha256: str | None = None
    url: str | None = None
    caption: str | None = None
    filename: str | None = None
    voice: bool | None = None
    animated: bool | None = None


class Location(Tolerant):
    latitude: float | None = None
    longitude: float | None = None
    name: str | None = None
    address: str | None = None
    url: str | None = None


class ButtonReply(Tolerant):
    """interactive.button_reply and interactive.list_reply."""

    id: str | None = None
    title: str | None = None
    description: str | None = None


class NfmReply(Tolerant):
    response_json: str | None = None
    body: str | None = None
    name: str | None = None


class Interactive(Tolerant):
    type: str | None = None
    button_reply: ButtonReply | None = None
    list_reply: ButtonReply | None = None
    nfm_reply: NfmReply | None = None


class Button(Tolerant):
    payload: str | None = None
    text: str | None = None


class Reaction(Tolerant):
    message_id: str | None = None
    emoji: str | None = None


class Order(Tolerant):
    catalog_id: str | None = None
    text: str | None = None
    product_items: ObjectList[dict[str, Any]] | None = None


class System(Tolerant):
    body: str | None = None
    type: str | None = None
    wa_id: str | None = None
    user_id: str | None = None


class Revoke(Tolerant):
    original_message_id: str | None = None


class Edit(Tolerant):
    original_message_id: str | None = None
    message: Message | None = None


class Unsupported(Tolerant):
    type: str | None = None


class Message(Tolerant):
    from_: str | None = Field(default=None, alias="from")
    from_user_id: str | None = None
    id: str | None = None
    timestamp: str | None = None
    type: str | None = None
    context: Context | None = None
    referral: dict[str, Any] | None = None
    errors: ObjectList[ErrorObject] | None = None
    text: Text | None = None
    image: Media | None = None
    video: Media | None = None
    audio: Media | None = None
    document: Media | None = None
    sticker: Media | None = None
    location: Location | None = None
    contacts: ObjectList[dict[str, Any]] | None = None
    interactive: Interactive | None = None
    button: Button | None = None
    reaction: Reaction | None = None
    order: Order | None = None
    system: System | None = None
    identity: dict[str, Any] | None = None
    edit: Edit | None = None
    revoke: Revoke | None = None
    unsupported: Unsupported | None = None


class Status(Tolerant):
    id: str | None = None
    status: str | None = None
    timestamp: str | None = None
    recipient_id: str | None = None
    recipient_user_id: str | None = None
    recipient_type: str | None = None
    biz_opaque_callback_data: str | None = None
    conversation: dict[str, Any] | None = None
    pricing: dict[str, Any] | None = None
    errors: ObjectList[ErrorObject] | None = None


class ChangeValue(Tolerant):
    """`changes[].value`. messages, statuses and errors stay raw: parse.py reads them one at a time, so a
    broken one is reported by position and the others still come out."""

    messaging_product: str | None = None
    metadata: Metadata | None = None
    contacts: ObjectList[Contact] | None = None
    messages: list[Any] | None = None
    statuses: list[Any] | None = None
    errors: list[Any] | None = None


class Change(Tolerant):
    field: str | None = None
    value: dict[str, Any] | None = None


class Entry(Tolerant):
    id: str | None = None
    changes: ObjectList[Change] | None = None


class Envelope(Tolerant):
    object: str | None = None
    entry: ObjectList[Entry] | None = None


Edit.model_rebuild()
