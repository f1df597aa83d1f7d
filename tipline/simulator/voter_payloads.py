"""Webhook bodies as Meta would send them for a simulated voter (the simulator plays Meta's side)."""

from __future__ import annotations

import json
import secrets
import time
from typing import Any

DEMO_WABA_ID = "102290129340398"


def _envelope(phone_number_id: str, value: dict[str, Any]) -> dict[str, Any]:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550001234", "phone_number_id": phone_number_id},
        **value,
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": DEMO_WABA_ID, "changes": [{"value": value, "field": "messages"}]}],
    }


def new_wamid() -> str:
    return "wamid.SIM" + secrets.token_hex(16).upper()


def voter_message(
    phone_number_id: str,
    *,
    wa_id: str,
    bsuid: str,
    name: str,
    message: dict[str, Any],
    forwarded: bool = False,
    frequently_forwarded: bool = False,
    reply_to: str | None = None,
) -> dict[str, Any]:
    context: dict[str, Any] = {}
    if frequently_forwarded:
        context["frequently_forwarded"] = True
    elif forwarded:
        context["forwarded"] = True
    if reply_to:
        context.update({"from": "15550001234", "id": reply_to})
    body: dict[str, Any] = {
        "from": wa_id,
        "from_user_id": bsuid,
        "id": new_wamid(),
        "timestamp": str(int(time.time())),
        **message,
    }
    if context:
        body["context"] = context
    contact = {"profile": {"name": name}, "wa_id": wa_id, "user_id": bsuid}
    return _envelope(phone_number_id, {"contacts": [contact], "messages": [body]})


def text_message(text: str) -> dict[str, Any]:
    return {"type": "text", "text": {"body": text}}


def image_message(media_id: str, caption: str | None) -> dict[str, Any]:
    image: dict[str, Any] = {"id": media_id, "mime_type": "image/jpeg", "sha256": ""}
    if caption:
        image["caption"] = caption
    return {"type": "image", "image": image}


def list_reply(choice_id: str, title: str) -> dict[str, Any]:
    return {
        "type": "interactive",
        "interactive": {"type": "list_reply", "list_reply": {"id": choice_id, "title": title}},
    }


def button_reply(choice_id: str, title: str) -> dict[str, Any]:
    return {
        "type": "interactive",
        "interactive": {"type": "button_reply", "button_reply": {"id": choice_id, "title": title}},
    }


def status_update(
    phone_number_id: str,
    *,
    wamid: str,
    status: str,
    wa_id: str | None,
    bsuid: str | None,
    error: dict[str, Any] | None = None,
) -> dict[str, Any]:
    item: dict[str, Any] = {"id": wamid, "status": status, "timestamp": str(int(time.time()))}
    if error is not None:
        item["errors"] = [error]
    if wa_id:
        item["recipient_id"] = wa_id
    if bsuid:
        item["recipient_user_id"] = bsuid
    return _envelope(phone_number_id, {"statuses": [item]})


def reengagement_error() -> dict[str, Any]:
    """The error a failed status carries for a free-form message sent after the 24-hour window."""
    return {
        "code": 131047,
        "title": "Re-engagement message",
        "message": "Re-engagement message",
        "error_data": {
            "details": "Message failed to send because more than 24 hours have passed since the customer "
            "last replied to this number."
        },
        "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
    }


def to_bytes(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
