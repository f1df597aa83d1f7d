"""The fake Graph API accepts what Meta documents and refuses what Meta refuses, over real HTTP."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.conftest import SAMPLES
from tests.replies.conftest import ACCESS_TOKEN, PHONE_NUMBER_ID, text
from tipline.simulator.fake_graph import FakeGraph, create_fake_graph_app, fake_graph_of
from tipline.simulator.serving import serve_app_in_thread

OUTBOUND = SAMPLES / "outbound"
BODY_SAMPLES = sorted(
    p for p in OUTBOUND.glob("*.json") if not p.name.startswith(("response_", "template_create"))
)
AUTH = {"Authorization": f"Bearer {ACCESS_TOKEN}"}


def _post(root: str, body: Any, headers: dict[str, str] = AUTH) -> httpx.Response:
    return httpx.post(f"{root}/v25.0/{PHONE_NUMBER_ID}/messages", json=body, headers=headers, timeout=5)


# The templates the send samples name, as approved by Meta: the create sample, and a positional one.
APPROVED = [
    json.loads((OUTBOUND / "template_create_utility_named__meta_docs.json").read_text()),
    {
        "name": "number_confirmation",
        "language": "pt_BR",
        "components": [{"type": "BODY", "text": "Seu número {{1}} foi confirmado."}],
    },
]


@pytest.fixture
def root(fake_graph_server: tuple[str, FakeGraph], fake: FakeGraph) -> str:
    fake.approve_templates(APPROVED)
    return fake_graph_server[0]


def test_the_samples_cover_the_documented_bodies() -> None:
    names = {p.name for p in BODY_SAMPLES}
    for expected in (
        "mark_as_read__meta_docs.json",
        "text_preview_url__meta_docs.json",
        "interactive_list__meta_docs.json",
        "interactive_reply_buttons_image_header__meta_docs.json",
        "contextual_reply_text__meta_docs.json",
    ):
        assert expected in names


@pytest.mark.parametrize("sample", BODY_SAMPLES, ids=lambda p: p.name)
def test_every_outbound_sample_is_accepted(root: str, fake: FakeGraph, sample: Any) -> None:
    body = json.loads(sample.read_text().replace("<BSUID>", "US.13491208655302741918"))
    response = _post(root, body)
    assert response.status_code == 200, response.text
    answer = response.json()
    if "status" in body:
        assert answer == {"success": True}
    else:
        assert answer["messaging_product"] == "whatsapp"
        assert answer["messages"][0]["id"].startswith("wamid.")
        assert answer["contacts"][0]["input"] == body.get("to", body.get("recipient"))
    assert fake.sent[-1]["body"] == body


def _list(rows: int, title: str = "Row") -> dict[str, Any]:
    return {
        "messaging_product": "whatsapp",
        "to": "+6281234567890",
        "type": "interactive",
        "interactive": {
            "type": "list",
            "body": {"text": "Pick"},
            "action": {
                "button": "Options",
                "sections": [{"title": "S", "rows": [{"id": f"r{n}", "title": title} for n in range(rows)]}],
            },
        },
    }


def _buttons(*titles: str) -> dict[str, Any]:
    buttons = [{"type": "reply", "reply": {"id": f"b{n}", "title": t}} for n, t in enumerate(titles)]
    return {
        "messaging_product": "whatsapp",
        "to": "+6281234567890",
        "type": "interactive",
        "interactive": {"type": "button", "body": {"text": "Pick"}, "action": {"buttons": buttons}},
    }


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({**text("hi"), "messaging_product": "sms", "to": "+6281234567890"}, 100),
        (text("no recipient"), 100),
        ({**text("bad number"), "to": "+62abc"}, 100),
        ({**text("bad bsuid"), "recipient": "wa:0123abcd"}, 100),
        ({**text("x" * 4097), "to": "+6281234567890"}, 131009),
        ({**text(""), "to": "+6281234567890"}, 131009),
        ({"messaging_product": "whatsapp", "to": "+6281234567890", "type": "poll", "poll": {}}, 131051),
        (_list(11), 131009),
        (_list(2, title="x" * 25), 131009),
        (_buttons("a", "b", "c", "d"), 131009),
        (_buttons("x" * 21), 131009),
        (_buttons("same", "same"), 131009),
        ({"messaging_product": "whatsapp", "status": "delivered", "message_id": "wamid.X"}, 131009),
    ],
)
def test_bodies_meta_refuses_are_refused(root: str, fake: FakeGraph, body: dict[str, Any], code: int) -> None:
    response = _post(root, body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code
    assert error["type"] == "OAuthException"
    assert error["error_data"]["messaging_product"] == "whatsapp"
    assert fake.accepted() == []


def test_list_at_the_limits_is_accepted(root: str) -> None:
    assert _post(root, _list(10, title="x" * 24)).status_code == 200
    assert _post(root, _buttons("x" * 20, "y", "z")).status_code == 200


def test_missing_or_wrong_token_is_401_with_code_190(root: str) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}):
        response = _post(root, {**text("hi"), "to": "+6281234567890"}, headers)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == 190


def test_control_endpoints(root: str, fake: FakeGraph) -> None:
    spec = {"count": 1, "http_status": 503, "code": 131016, "message": "Service unavailable"}
    assert httpx.post(f"{root}/_fake/fail", json=spec).json() == {"success": True}
    assert _post(root, {**text("one"), "to": "+6281234567890"}).json()["error"]["code"] == 131016
    assert _post(root, {**text("two"), "to": "+6281234567890"}).status_code == 200
    everything = httpx.get(f"{root}/_fake/sent").json()
    assert [e["status_code"] for e in everything["sent"]] == [503, 200]
    later = httpx.get(f"{root}/_fake/sent", params={"since": everything["next"] - 1}).json()
    assert [e["body"]["text"]["body"] for e in later["sent"]] == ["two"]
    uploaded = httpx.post(
        f"{root}/_fake/media", params={"mime_type": "image/png", "media_id": "77"}, content=b"png!"
    ).json()
    assert uploaded["id"] == "77"
    info = httpx.get(f"{root}/v25.0/77", headers=AUTH).json()
    assert httpx.get(info["url"], headers=AUTH).content == b"png!"


def test_upload_media_like_meta(root: str) -> None:
    response = httpx.post(
        f"{root}/v25.0/{PHONE_NUMBER_ID}/media",
        headers=AUTH,
        data={"messaging_product": "whatsapp"},
        files={"file": ("card.png", b"img", "image/png")},
    )
    media_id = response.json()["id"]
    info = httpx.get(f"{root}/v25.0/{media_id}", headers=AUTH).json()
    assert info["mime_type"] == "image/png" and info["file_size"] == 3


def test_mounted_inside_another_app_keeps_its_prefix() -> None:
    product = FastAPI()
    fake_app = create_fake_graph_app(ACCESS_TOKEN)
    product.mount("/fake-graph", fake_app)
    root, stop = serve_app_in_thread(product)
    try:
        base = f"{root}/fake-graph"
        fake_graph_of(fake_app).add_media("42", b"bytes", "image/jpeg")
        info = httpx.get(f"{base}/v25.0/42", headers=AUTH).json()
        assert info["url"].startswith(f"{base}/_fake/attachments/42")
        assert httpx.get(info["url"], headers=AUTH).content == b"bytes"
        assert _post(base, {**text("hi"), "to": "+6281234567890"}).status_code == 200
        assert len(fake_graph_of(fake_app).accepted()) == 1
    finally:
        stop()
