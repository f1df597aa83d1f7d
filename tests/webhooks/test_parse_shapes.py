"""Shapes Meta documents that the real samples lack (fixtures/ written from the docs), and hostile bodies."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from tipline.events import ErrorInfo, VoterRef
from webhooks.parse import UnparseableDelivery, parse_delivery

FIXTURES = Path(__file__).parent / "fixtures"
BSUID = "US.13491208655302741918"


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text())


def parse(document: object) -> Any:
    return parse_delivery(json.dumps(document).encode())


def first_value(document: dict[str, Any]) -> dict[str, Any]:
    return document["entry"][0]["changes"][0]["value"]


def test_bsuid_only_sender_with_username_has_no_phone_number() -> None:
    parsed = parse_delivery((FIXTURES / "msg_text_bsuid_only_username.json").read_bytes())
    [message] = parsed.messages
    assert message.sender == VoterRef(bsuid=BSUID, wa_id=None)
    assert message.text == "Benarkah TPS ditutup jam 10 pagi?"
    assert message.frequently_forwarded and not message.forwarded
    assert parsed.ignored == []


def test_bsuid_comes_from_the_lone_contact_when_the_message_lacks_from_user_id() -> None:
    document = fixture("msg_text_bsuid_only_username.json")
    del first_value(document)["messages"][0]["from_user_id"]
    [message] = parse(document).messages
    assert message.sender == VoterRef(bsuid=BSUID, wa_id=None)


def test_failed_status_without_contacts_identifies_the_recipient_by_bsuid() -> None:
    parsed = parse_delivery((FIXTURES / "status_failed_no_contacts_bsuid.json").read_bytes())
    [status] = parsed.statuses
    assert status.status == "failed"
    assert status.recipient == VoterRef(bsuid=BSUID, wa_id=None)
    assert status.callback_data == "tip:42"
    assert [error.code for error in status.errors] == [131047]
    assert status.errors[0].detail is not None and status.errors[0].detail.startswith(
        "Message failed to send"
    )
    assert status.occurred_at is not None and int(status.occurred_at.timestamp()) == 1775520060


def test_batched_body_yields_every_message_and_status_in_order() -> None:
    parsed = parse_delivery((FIXTURES / "batch_2_entries_2_changes.json").read_bytes())
    assert [m.wamid for m in parsed.messages] == [f"wamid.TEST.B{i}" for i in range(1, 7)]
    assert [s.wamid for s in parsed.statuses] == [f"wamid.TEST.S{i}" for i in range(1, 5)]
    assert [s.status for s in parsed.statuses] == ["sent", "delivered", "read", "failed"]
    assert parsed.ignored == []
    by_id = {m.wamid: m for m in parsed.messages}
    # Each message is attributed to the contact whose wa_id matches `from`, not simply the first one.
    assert by_id["wamid.TEST.B1"].sender.bsuid == "US.1000000000000000001"
    assert by_id["wamid.TEST.B2"].sender.bsuid == "US.1000000000000000002"
    assert by_id["wamid.TEST.B2"].forwarded and by_id["wamid.TEST.B2"].text == "foto dua"
    assert by_id["wamid.TEST.B4"].media is not None and by_id["wamid.TEST.B4"].media.voice
    # metadata is per change: the second entry is another of our numbers.
    assert by_id["wamid.TEST.B1"].phone_number_id == "106540352242922"
    assert by_id["wamid.TEST.B6"].phone_number_id == "106540352242923"
    assert parsed.statuses[1].recipient == VoterRef(bsuid=None, wa_id="16505550002")
    assert parsed.statuses[3].errors == (
        ErrorInfo(
            code=131026,
            title="Message undeliverable",
            message="Message undeliverable",
            detail="Message Undeliverable.",
        ),
    )


def test_request_welcome_is_a_message_without_content() -> None:
    [message] = parse_delivery((FIXTURES / "msg_request_welcome.json").read_bytes()).messages
    assert (message.type, message.text, message.media, message.data) == ("request_welcome", None, None, {})
    assert message.sender == VoterRef(bsuid=BSUID, wa_id="16505551234")


def test_a_type_meta_invents_tomorrow_is_kept_with_its_raw_object() -> None:
    parsed = parse_delivery((FIXTURES / "msg_poll_vote_new_type.json").read_bytes())
    [message] = parsed.messages
    assert message.type == "poll_vote"
    assert message.wamid == "wamid.TEST.POLLVOTE"
    assert message.data["raw"]["poll_vote"]["selected_options"][0]["title"] == "Hoaks"
    assert message.sender.bsuid == BSUID


def test_legacy_unknown_type_carries_its_errors() -> None:
    [message] = parse_delivery((FIXTURES / "msg_unknown_legacy_errors.json").read_bytes()).messages
    assert message.type == "unknown"
    assert [(e.code, e.title) for e in message.errors] == [(131051, "Message type unknown")]
    assert message.sender == VoterRef(bsuid=None, wa_id="16505551234")


def test_edited_text_gives_the_new_text_and_the_original_id() -> None:
    [message] = parse_delivery((FIXTURES / "msg_edit_text.json").read_bytes()).messages
    assert message.type == "edit"
    assert message.text == "Surat suara sudah dicoblos, benarkah?"
    assert message.data["original_message_id"] == "wamid.TEST.ORIGINAL"
    assert message.data["edited_type"] == "text"
    assert message.media is None


def test_other_webhook_fields_are_ignored_with_a_note_not_an_error() -> None:
    parsed = parse_delivery((FIXTURES / "account_update_field.json").read_bytes())
    assert (parsed.messages, parsed.statuses, parsed.errors) == ([], [], [])
    assert len(parsed.ignored) == 1 and "account_update" in parsed.ignored[0]


def test_other_field_next_to_a_messages_change_does_not_hide_it() -> None:
    document = fixture("account_update_field.json")
    text_change = fixture("msg_edit_text.json")["entry"][0]["changes"][0]
    document["entry"][0]["changes"].append(text_change)
    parsed = parse(document)
    assert [m.wamid for m in parsed.messages] == ["wamid.TEST.EDIT"]
    assert len(parsed.ignored) == 1


def test_broken_sub_object_does_not_cost_the_good_message_next_to_it() -> None:
    parsed = parse_delivery((FIXTURES / "msg_broken_image_next_to_good.json").read_bytes())
    good = [m for m in parsed.messages if m.wamid == "wamid.TEST.GOOD"]
    assert len(good) == 1 and good[0].text == "pesan yang baik"
    assert good[0].data == {}
    broken = [m for m in parsed.messages if m.wamid == "wamid.TEST.BROKEN"]
    # The broken one is still recorded (its wamid dedups retries), media unreadable, raw kept for a human.
    assert len(broken) == 1 and broken[0].media is None and broken[0].data["raw"]["image"] == "oops"
    assert len(parsed.ignored) == 1 and "messages[0]" in parsed.ignored[0] and "image" in parsed.ignored[0]


def test_value_errors_without_messages_become_account_errors() -> None:
    parsed = parse_delivery((FIXTURES / "value_errors_only.json").read_bytes())
    [error] = parsed.errors
    assert (
        error.error.code == 130429 and error.error.detail == "Cloud API message throughput has been reached."
    )
    assert error.raw["href"].startswith("https://developers.facebook.com/")
    assert parsed.messages == [] and parsed.ignored == []


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b'{"entry": [',
        b"\xff\xfe\x00",
        b"[]",
        b'[{"object": "whatsapp_business_account"}]',
        b"null",
        b"42",
        b'"text"',
        b'{"a":' * 100_000 + b"1" + b"}" * 100_000,  # nested past the JSON decoder's recursion limit
    ],
    ids=lambda body: repr(body[:24]),
)
def test_bodies_that_are_not_a_json_object_are_unparseable(body: bytes) -> None:
    with pytest.raises(UnparseableDelivery):
        parse_delivery(body)


def test_empty_object_is_an_empty_delivery_with_a_note() -> None:
    parsed = parse_delivery(b"{}")
    assert (parsed.messages, parsed.statuses, parsed.errors) == ([], [], [])
    assert parsed.ignored == ["body: no entry[]"]


@pytest.mark.parametrize(
    "document",
    [
        {"object": "whatsapp_business_account", "entry": []},
        {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": []}]},
        {"entry": [{"changes": [{"field": "messages", "value": {"messaging_product": "whatsapp"}}]}]},
        {"entry": [{"changes": [{"field": "messages"}]}]},
        {"entry": "oops"},
        {"entry": [{"changes": [{"field": "messages", "value": {"messages": "oops"}}]}]},
    ],
)
def test_bodies_without_events_always_say_why(document: dict[str, Any]) -> None:
    parsed = parse(document)
    assert (parsed.messages, parsed.statuses, parsed.errors) == ([], [], [])
    assert parsed.ignored


def test_a_thousand_messages_give_a_thousand_events() -> None:
    document = fixture("msg_request_welcome.json")
    value = first_value(document)
    template = value["messages"][0]
    value["messages"] = [{**copy.deepcopy(template), "id": f"wamid.TEST.{i:04d}"} for i in range(1000)]
    parsed = parse(document)
    assert [m.wamid for m in parsed.messages] == [f"wamid.TEST.{i:04d}" for i in range(1000)]
    assert parsed.ignored == []


def test_statuses_with_and_without_conversation_and_pricing_read_the_same() -> None:
    [old] = parse_delivery((FIXTURES / "status_pre_v24_conversation_pricing.json").read_bytes()).statuses
    sent, read = parse_delivery((FIXTURES / "status_v24_no_conversation.json").read_bytes()).statuses
    recipient = VoterRef(bsuid=BSUID, wa_id="16505551234")
    assert (old.status, old.recipient, old.occurred_at) == ("sent", recipient, sent.occurred_at)
    assert (sent.status, sent.recipient) == ("sent", recipient)
    assert (read.wamid, read.status, read.recipient) == ("wamid.TEST.V24", "read", recipient)
    assert (
        read.occurred_at is not None and sent.occurred_at is not None and read.occurred_at > sent.occurred_at
    )


def test_unknown_status_word_is_kept_as_is() -> None:
    document = fixture("status_v24_no_conversation.json")
    first_value(document)["statuses"][0]["status"] = "deleted_by_meta"
    assert parse(document).statuses[0].status == "deleted_by_meta"


def test_values_of_the_wrong_type_are_tolerated() -> None:
    document = fixture("batch_2_entries_2_changes.json")
    value = first_value(document)
    first = value["messages"][0]
    first["from"] = 16505550001  # a number instead of a string
    first["timestamp"] = 1775520001
    first["context"] = {"forwarded": "true", "id": None}
    value["statuses"][0]["errors"] = [{"code": "131026", "error_data": "oops"}, "not an error"]
    parsed = parse(document)
    message = parsed.messages[0]
    assert message.sender == VoterRef(bsuid="US.1000000000000000001", wa_id="16505550001")
    assert message.sent_at is not None and int(message.sent_at.timestamp()) == 1775520001
    assert message.forwarded is True and message.reply_to_wamid is None
    assert parsed.statuses[0].errors == (ErrorInfo(code=131026),)
    assert len(parsed.messages) == 6 and len(parsed.statuses) == 4
    assert any("error_data" in note for note in parsed.ignored)


def test_non_object_items_and_messages_without_id_are_set_aside_by_position() -> None:
    document = fixture("msg_broken_image_next_to_good.json")
    messages = first_value(document)["messages"]
    messages.insert(0, "a string, not a message")
    messages.append({"type": "text", "text": {"body": "no id"}})
    parsed = parse(document)
    assert [m.wamid for m in parsed.messages] == ["wamid.TEST.BROKEN", "wamid.TEST.GOOD"]
    assert any(note.endswith("messages[0]: not an object (str)") for note in parsed.ignored)
    assert any("messages[3]" in note and "no message id" in note for note in parsed.ignored)


def test_notes_never_repeat_a_phone_number() -> None:
    document = fixture("msg_broken_image_next_to_good.json")
    first_value(document)["messages"][0]["image"] = "16505551234"
    first_value(document)["contacts"] = "16505551234"
    parsed = parse(document)
    assert parsed.ignored and not any("16505551234" in note for note in parsed.ignored)


@pytest.mark.parametrize(
    ("interactive", "text", "data"),
    [
        (
            {"type": "button_reply", "button_reply": {"id": "yes", "title": "Ya"}},
            "Ya",
            {"id": "yes", "title": "Ya"},
        ),
        (
            {"type": "list_reply", "list_reply": {"id": "d1", "title": "Debunk 1", "description": "KPU"}},
            "Debunk 1",
            {"id": "d1", "title": "Debunk 1", "description": "KPU"},
        ),
        (
            {"type": "call_permission_reply", "call_permission_reply": {"response": "accept"}},
            None,
            {"call_permission_reply": {"response": "accept"}},
        ),
    ],
)
def test_interactive_replies(interactive: dict[str, Any], text: str | None, data: dict[str, Any]) -> None:
    document = fixture("msg_request_welcome.json")
    message = first_value(document)["messages"][0]
    message.update(type="interactive", interactive=interactive)
    [event] = parse(document).messages
    assert event.text == text
    assert event.data == {"interactive_type": interactive["type"], **data}


def test_message_without_type_is_kept_raw() -> None:
    document = fixture("msg_request_welcome.json")
    del first_value(document)["messages"][0]["type"]
    [event] = parse(document).messages
    assert event.type == "unknown" and event.data["raw"]["id"] == "wamid.TEST.WELCOME"
