"""The webhook's HTTP contract: handshake, signatures, size limit, durability, every real sample accepted."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlmodel import Session

from tests.conftest import APP_SECRET, SAMPLES, VERIFY_TOKEN
from tipline.app import create_app
from tipline.db import make_engine
from tipline.deliveries.models import WebhookDelivery
from tipline.inbound.models import InboundMessage, MessageStatus
from tipline.settings import Settings
from tipline.worker import Worker
from webhooks.signature import is_valid_signature, sign

VECTOR = json.loads((SAMPLES / "signature" / "x_hub_signature_256_vector__pywa.json").read_text())
INBOUND_SAMPLES = sorted(p for p in SAMPLES.glob("*.json"))


@pytest.fixture
def client(sqlite_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(sqlite_settings, with_worker=False)) as test_client:
        yield test_client


def _post(client: TestClient, body: bytes, signature: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Hub-Signature-256"] = signature
    return client.post("/webhooks/whatsapp", content=body, headers=headers).status_code


def _deliveries(settings: Settings) -> list[WebhookDelivery]:
    with Session(make_engine(settings)) as session:
        return list(session.execute(select(WebhookDelivery).order_by(WebhookDelivery.id)).scalars())


def test_handshake_echoes_challenge(client: TestClient) -> None:
    ok = client.get(
        "/webhooks/whatsapp",
        params={"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"},
    )
    assert ok.status_code == 200 and ok.text == "1158201444"
    assert ok.headers["content-type"].startswith("text/plain")


@pytest.mark.parametrize(
    "params",
    [
        {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"},
        {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1"},
        {"hub.challenge": "1"},
    ],
)
def test_handshake_refuses(client: TestClient, params: dict[str, str]) -> None:
    assert client.get("/webhooks/whatsapp", params=params).status_code == 403


def test_real_signature_vector_verifies() -> None:
    body = (SAMPLES / VECTOR["body_file"]).read_bytes()
    assert is_valid_signature(VECTOR["app_secret"], body, VECTOR["x_hub_signature_256"])
    assert not is_valid_signature(VECTOR["app_secret"], body + b" ", VECTOR["x_hub_signature_256"])
    assert not is_valid_signature("", body, VECTOR["x_hub_signature_256"])


def test_real_signed_body_is_accepted_over_http(tmp_path: Path, sqlite_settings: Settings) -> None:
    settings = sqlite_settings.model_copy(update={"whatsapp_app_secret": VECTOR["app_secret"]})
    body = (SAMPLES / VECTOR["body_file"]).read_bytes()
    with TestClient(create_app(settings, with_worker=False)) as client:
        assert _post(client, body, VECTOR["x_hub_signature_256"]) == 200
    assert _deliveries(settings)[0].body == body


@pytest.mark.parametrize(
    "signature", [None, "", "sha256=", "sha256=" + "0" * 64, "md5=abc", sign("other", b"{}")]
)
def test_forged_or_missing_signature_is_403_and_not_stored(
    client: TestClient, sqlite_settings: Settings, signature: str | None
) -> None:
    assert _post(client, b"{}", signature) == 403
    assert _deliveries(sqlite_settings) == []


def test_no_app_secret_refuses_everything(sqlite_settings: Settings) -> None:
    settings = sqlite_settings.model_copy(update={"whatsapp_app_secret": ""})
    with TestClient(create_app(settings, with_worker=False)) as client:
        # Signed with the empty key: exactly what a forger would do.
        assert _post(client, b"{}", sign("", b"{}")) == 403


def test_body_over_limit_is_413(sqlite_settings: Settings) -> None:
    settings = sqlite_settings.model_copy(update={"webhook_max_body_bytes": 1000})
    body = b'{"pad": "' + b"x" * 2000 + b'"}'
    with TestClient(create_app(settings, with_worker=False)) as client:
        assert _post(client, body, sign(APP_SECRET, body)) == 413
        small = b"{}"
        assert _post(client, small, sign(APP_SECRET, small)) == 200


def test_signed_garbage_is_kept_and_answered_200(client: TestClient, sqlite_settings: Settings) -> None:
    for body in (b"not json at all", b"[1, 2, 3]", b'{"object": "whatsapp_business_account", "entry": "?"}'):
        assert _post(client, body, sign(APP_SECRET, body)) == 200
    worker = Worker.build(sqlite_settings)
    worker.step()
    states = [(d.body, d.state) for d in _deliveries(sqlite_settings)]
    assert states[0] == (b"not json at all", "unparseable")
    assert states[1] == (b"[1, 2, 3]", "unparseable")
    assert states[2][1] == "done"  # valid JSON of an unknown shape: nothing to do, nothing lost


@pytest.mark.parametrize("sample", INBOUND_SAMPLES, ids=[p.stem for p in INBOUND_SAMPLES])
def test_every_real_sample_is_accepted_and_becomes_events(db_settings: Settings, sample: Path) -> None:
    body = sample.read_bytes()
    with TestClient(create_app(db_settings, with_worker=False)) as client:
        assert _post(client, body, sign(APP_SECRET, body)) == 200
    engine = make_engine(db_settings)
    Worker.build(db_settings, engine=engine).ingest_pending(now=_now())
    payload = json.loads(body)
    values = [c["value"] for e in payload["entry"] for c in e["changes"]]
    expected_messages = len({m["id"] for v in values for m in v.get("messages", [])})
    expected_statuses = len({(s["id"], s["status"]) for v in values for s in v.get("statuses", [])})
    with Session(engine) as session:
        delivery = session.execute(select(WebhookDelivery)).scalar_one()
        assert delivery.state == "done", delivery.error
        assert (
            session.execute(select(func.count()).select_from(InboundMessage)).scalar_one()
            == expected_messages
        )
        assert (
            session.execute(select(func.count()).select_from(MessageStatus)).scalar_one() == expected_statuses
        )
    engine.dispose()


def _now():  # type: ignore[no-untyped-def]
    from tipline.db import utcnow

    return utcnow()
