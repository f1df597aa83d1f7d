"""What each real webhook sample in ../shared/whatsapp-samples must parse into, event by event."""

from __future__ import annotations

from typing import Any

BSUID = "US.13491208655302741918"
WA_ID = "972987654321"
VOTER = {"sender.bsuid": BSUID, "sender.wa_id": WA_ID, "phone_number_id": "1122334455667"}
FAILED_131051 = {"errors.0.code": 131051, "errors.0.detail": "Message type is currently not supported."}

# file name -> {"messages"|"statuses"|"errors": [expected attributes of each event, dotted paths]}
EXPECTED: dict[str, dict[str, list[dict[str, Any]]]] = {
    "msg_audio_forwarded__pywa.json": {
        "messages": [
            {
                **VOTER,
                "type": "audio",
                "forwarded": True,
                "media.voice": False,
                "media.media_id": "1234567890987654321",
            }
        ]
    },
    "msg_audio_voice_note__pywa.json": {
        "messages": [
            {
                **VOTER,
                "type": "audio",
                "forwarded": False,
                "media.voice": True,
                "media.mime_type": "audio/ogg; codecs=opus",
            }
        ]
    },
    "msg_button_no_context_from_user_id__pywa.json": {
        "messages": [
            {
                **VOTER,
                "type": "button",
                "text": "title",
                "data.payload": "callback_data",
                "reply_to_wamid": None,
            }
        ]
    },
    "msg_button_template_quick_reply__pywa.json": {
        "messages": [{**VOTER, "type": "button", "text": "title", "reply_to_wamid": "wamid.xyzxyz=="}]
    },
    "msg_contacts__pywa.json": {
        "messages": [
            {**VOTER, "type": "contacts", "text": None, "data.contacts.2.name.formatted_name": "Rachel Green"}
        ]
    },
    "msg_document_forwarded__pywa.json": {
        "messages": [
            {
                **VOTER,
                "type": "document",
                "text": "caption",
                "forwarded": True,
                "media.filename": "filename.pdf",
                "media.mime_type": "application/pdf",
            }
        ]
    },
    "msg_edit_image_caption__pywa.json": {
        "messages": [
            {
                "type": "edit",
                "sender.bsuid": BSUID,  # from the lone contact although its wa_id differs from `from`
                "sender.wa_id": "16505551234",
                "text": "Updated image caption",
                "media.media_id": "1234567890",
                "media.url": "https://media.example.com/updated-image.jpg",
                "data.original_message_id": "wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=",
                "data.edited_type": "image",
            }
        ]
    },
    "msg_image__pywa.json": {
        "messages": [
            {**VOTER, "type": "image", "text": None, "media.media_id": "65463453", "media.url": None}
        ]
    },
    "msg_image_with_url__pywa.json": {
        "messages": [
            {
                **VOTER,
                "type": "image",
                "media.sha256": "4654+8g=",
                "media.url": "startswith:https://lookaside.fbsbx.com/",
            }
        ]
    },
    "msg_interactive_button_reply__pywa.json": {
        "messages": [
            {
                **VOTER,
                "type": "interactive",
                "text": "title",
                "data.interactive_type": "button_reply",
                "data.id": "callback_data",
                "reply_to_wamid": "wamid.xyzxyz",
            }
        ]
    },
    "msg_interactive_list_reply__pywa.json": {
        "messages": [{**VOTER, "type": "interactive", "text": "title", "data.interactive_type": "list_reply"}]
    },
    "msg_interactive_list_reply_description__pywa.json": {
        "messages": [
            {**VOTER, "text": "title", "data.id": "callback_data", "data.description": "description"}
        ]
    },
    "msg_interactive_nfm_reply_flow__pywa.json": {
        "messages": [
            {
                **VOTER,
                "type": "interactive",
                "data.interactive_type": "nfm_reply",
                "data.response_json": "startswith:{",
                "data.name": "flow",
            }
        ]
    },
    "msg_interactive_with_value_errors__pywa.json": {
        "messages": [{**VOTER, "wamid": "wamid.wegrchytvwcggt=", "type": "interactive", "text": None}],
        "errors": [{"error.code": 131000, "error.detail": "Unsupported webhook payload", "raw.code": 131000}],
    },
    "msg_location_current_forwarded__pywa.json": {
        "messages": [
            {**VOTER, "type": "location", "text": None, "forwarded": True, "data.latitude": 12.25089}
        ]
    },
    "msg_location_named__pywa.json": {
        "messages": [
            {
                **VOTER,
                "type": "location",
                "text": "Facebook HQ\n1 Hacker Way, Menlo Park, CA 94025",
                "data.longitude": -122.2164385,
            }
        ]
    },
    "msg_order__pywa.json": {
        "messages": [
            {
                **VOTER,
                "type": "order",
                "data.catalog_id": "354160437058781",
                "data.product_items.1.quantity": 2,
            }
        ]
    },
    "msg_reaction__pywa.json": {
        "messages": [
            {**VOTER, "type": "reaction", "data.message_id": "wamid.yzxyzx=", "data.emoji": "\U0001f62e"}
        ]
    },
    "msg_reaction_removed_empty_emoji__pywa.json": {
        "messages": [{**VOTER, "type": "reaction", "data.message_id": "wamid.yzxyzx=", "data.emoji": ""}]
    },
    "msg_reaction_removed_no_emoji__pywa.json": {
        "messages": [{**VOTER, "type": "reaction", "data.message_id": "wamid.yzxyzx=", "data.emoji": ""}]
    },
    "msg_revoke_deleted__pywa.json": {
        "messages": [
            {
                "type": "revoke",
                "wamid": "<WHATSAPP_MESSAGE_ID>",
                "data.original_message_id": "<ORIGINAL_WHATSAPP_MESSAGE_ID>",
            }
        ]
    },
    "msg_sticker_animated__pywa.json": {
        "messages": [{**VOTER, "type": "sticker", "media.animated": True, "media.mime_type": "image/webp"}]
    },
    "msg_sticker_static__pywa.json": {"messages": [{**VOTER, "type": "sticker", "media.animated": False}]},
    "msg_system_identity_changed__pywa.json": {
        "messages": [
            {
                "type": "system",
                "sender.bsuid": None,
                "sender.wa_id": WA_ID,
                "data.system_type": "customer_identity_changed",
                "data.identity.hash": "xyzxyz",
            }
        ]
    },
    "msg_system_user_changed_number__pywa.json": {
        "messages": [
            {
                "type": "system",
                "wamid": "wamid.xyzxyz==",
                "sender.bsuid": None,  # no contacts[] at all on system messages
                "sender.wa_id": WA_ID,
                "text": None,
                "data.system_type": "user_changed_number",
                "data.new_wa_id": "972912345678",
            }
        ]
    },
    "msg_text__pywa.json": {
        "messages": [
            {
                **VOTER,
                "wamid": "wamid.xyzxyz",
                "type": "text",
                "text": "Body Text",
                "forwarded": False,
                "data": {},
            }
        ]
    },
    "msg_text_ctwa_referral__pywa.json": {
        "messages": [
            {**VOTER, "text": "BODY", "referral.ctwa_clid": "CTWA_CLID", "referral.source_id": "ADID"}
        ]
    },
    "msg_text_forwarded__pywa.json": {
        "messages": [{**VOTER, "text": "forwarded text", "forwarded": True, "frequently_forwarded": False}]
    },
    "msg_text_frequently_forwarded__pywa.json": {
        "messages": [
            {**VOTER, "text": "text forwarded many times", "forwarded": False, "frequently_forwarded": True}
        ]
    },
    "msg_text_reply_context__pywa.json": {
        "messages": [{**VOTER, "text": "replied text", "reply_to_wamid": "wamid.xyzxyz=="}]
    },
    "msg_unsupported__pywa.json": {"messages": [{**VOTER, "type": "unsupported", **FAILED_131051}]},
    "msg_unsupported_poll__pywa.json": {
        "messages": [{**VOTER, "type": "unsupported", "data.unsupported_type": "pool", **FAILED_131051}]
    },
    "msg_video_forwarded__pywa.json": {
        "messages": [
            {**VOTER, "type": "video", "text": "caption", "forwarded": True, "media.media_id": "765756756"}
        ]
    },
    "signed_real_text_compact__pywa.json": {
        "messages": [
            {
                "type": "text",
                "text": "Hey there! I am using PyWa.",
                "sender.bsuid": None,
                "sender.wa_id": "972544401243",
                "phone_number_id": "277321005464405",
                "sent_at.year": 2024,
            }
        ]
    },
    "status_delivered__pywa.json": {
        "statuses": [{"status": "delivered", "wamid": "wamid.xyzxyz", "recipient.wa_id": WA_ID, "errors": ()}]
    },
    "status_failed_130472__pywa.json": {
        "statuses": [
            {"status": "failed", "errors.0.code": 130472, "errors.0.detail": "startswith:Failed to send"}
        ]
    },
    "status_failed_131026_contacts_wa_id_only__pywa_issue227.json": {
        "statuses": [
            {
                "status": "failed",
                "errors.0.code": 131026,
                "errors.0.title": "Message undeliverable",
                "recipient.wa_id": "4...",
                "recipient.bsuid": None,
                "occurred_at": None,  # the reporter redacted the timestamp to "1...."
            }
        ]
    },
    "status_played__pywa.json": {"statuses": [{"status": "played", "recipient.bsuid": BSUID}]},
    "status_read__pywa.json": {"statuses": [{"status": "read", "occurred_at.year": 2023}]},
    "status_read_group__pywa.json": {
        "statuses": [{"status": "read", "recipient.wa_id": "fowefinoewcnw", "wamid": "<WHATSAPP_MESSAGE_ID>"}]
    },
    "status_sent__pywa.json": {
        "statuses": [{"status": "sent", "callback_data": None, "recipient.wa_id": WA_ID}]
    },
    "status_sent_biz_opaque_callback_data__pywa.json": {
        "statuses": [{"status": "sent", "callback_data": "some data"}]
    },
}
