"""Meta's webhook body (raw bytes) -> the project's own events (tipline.events).

Walks every entry[] -> changes[] -> value.messages[] / statuses[] / errors[]. Nothing short of a body that
is not a JSON object raises: whatever cannot be used becomes a short note in `ParsedDelivery.ignored`.
Notes name positions and types, never values, because values can be phone numbers.
"""

from __future__ import annotations

import json
from typing import Any

from tipline.events import AccountErrorEvent, ParsedDelivery, StatusEvent, VoterRef
from webhooks.message_events import error_info, message_event, unix_time
from webhooks.payloads import ChangeValue, Contact, Envelope, ErrorObject, Message, Status


class UnparseableDelivery(Exception):
    """The body is not JSON, or not a JSON object: there is nothing to keep."""


def parse_delivery(body: bytes) -> ParsedDelivery:
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise UnparseableDelivery(f"body is not JSON: {type(exc).__name__}") from exc
    if not isinstance(document, dict):
        raise UnparseableDelivery(f"body is JSON {type(document).__name__}, not an object")

    delivery = ParsedDelivery()
    problems: list[str] = []
    envelope = Envelope.model_validate(document, context={"problems": problems})
    delivery.ignored.extend(f"body: {problem}" for problem in problems)
    if envelope.object not in (None, "whatsapp_business_account"):
        delivery.ignored.append(f"body: object {_short(envelope.object)} is not whatsapp_business_account")
    if not envelope.entry:
        delivery.ignored.append("body: no entry[]")
        return delivery

    for e, entry in enumerate(envelope.entry):
        if not entry.changes:
            delivery.ignored.append(f"entry[{e}]: no changes[]")
            continue
        for c, change in enumerate(entry.changes):
            where = f"entry[{e}].changes[{c}]"
            if change.field != "messages":
                delivery.ignored.append(f"{where}: field {_short(change.field)} is not handled")
            elif change.value is None:
                delivery.ignored.append(f"{where}: messages change without a value object")
            else:
                _read_value(change.value, where, delivery)
    return delivery


def _read_value(raw_value: dict[str, Any], where: str, delivery: ParsedDelivery) -> None:
    problems: list[str] = []
    value = ChangeValue.model_validate(raw_value, context={"problems": problems})
    delivery.ignored.extend(f"{where}.value: {problem}" for problem in problems)
    if not (value.messages or value.statuses or value.errors):
        delivery.ignored.append(f"{where}: no messages, statuses or errors")
        return
    phone_number_id = value.metadata.phone_number_id if value.metadata else None
    contacts = value.contacts or []

    for m, raw in enumerate(value.messages or []):
        here = f"{where}.messages[{m}]"
        if not isinstance(raw, dict):
            delivery.ignored.append(f"{here}: not an object ({type(raw).__name__})")
            continue
        problems = []
        message = Message.model_validate(raw, context={"problems": problems})
        delivery.ignored.extend(f"{here}: {problem}" for problem in problems)
        if not message.id:
            delivery.ignored.append(f"{here}: no message id, cannot be deduplicated")
            continue
        sender = _sender(message, contacts)
        delivery.messages.append(message_event(message, raw, sender, phone_number_id, damaged=bool(problems)))

    for s, raw in enumerate(value.statuses or []):
        here = f"{where}.statuses[{s}]"
        if not isinstance(raw, dict):
            delivery.ignored.append(f"{here}: not an object ({type(raw).__name__})")
            continue
        problems = []
        status = Status.model_validate(raw, context={"problems": problems})
        delivery.ignored.extend(f"{here}: {problem}" for problem in problems)
        if not status.id or not status.status:
            delivery.ignored.append(f"{here}: status without id or status word")
            continue
        delivery.statuses.append(_status_event(status, contacts))

    for x, raw in enumerate(value.errors or []):
        if not isinstance(raw, dict):
            delivery.ignored.append(f"{where}.errors[{x}]: not an object ({type(raw).__name__})")
            continue
        error = ErrorObject.model_validate(raw)
        delivery.errors.append(AccountErrorEvent(error=error_info(error), raw=raw))


def _sender(message: Message, contacts: list[Contact]) -> VoterRef:
    bsuid = message.from_user_id
    wa_id = message.from_
    contact = _contact_for(contacts, wa_id=wa_id, bsuid=bsuid)
    if contact is None and len(contacts) == 1:
        # Meta notes that `from` and contacts[].wa_id may differ; a lone contact is still the sender.
        contact = contacts[0]
    if contact is not None:
        bsuid = bsuid or contact.user_id
        wa_id = wa_id or contact.wa_id
    return VoterRef(bsuid=bsuid or None, wa_id=wa_id or None)


def _status_event(status: Status, contacts: list[Contact]) -> StatusEvent:
    bsuid = status.recipient_user_id
    wa_id = status.recipient_id
    contact = _contact_for(contacts, wa_id=wa_id, bsuid=bsuid)
    if contact is None and wa_id is None and bsuid is None and len(contacts) == 1:
        contact = contacts[0]
    if contact is not None:
        bsuid = bsuid or contact.user_id
        wa_id = wa_id or contact.wa_id
    return StatusEvent(
        wamid=status.id or "",
        status=status.status or "",
        recipient=VoterRef(bsuid=bsuid or None, wa_id=wa_id or None),
        occurred_at=unix_time(status.timestamp),
        errors=tuple(error_info(error) for error in status.errors or ()),
        callback_data=status.biz_opaque_callback_data,
    )


def _contact_for(contacts: list[Contact], wa_id: str | None, bsuid: str | None) -> Contact | None:
    for contact in contacts:
        if (wa_id and contact.wa_id == wa_id) or (bsuid and contact.user_id == bsuid):
            return contact
    return None


def _short(value: object) -> str:
    return repr(value)[:40]
