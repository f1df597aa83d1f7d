"""A fake Graph API served over real TCP for the whole session, reset before each test."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from replies.models import OutboxMessage
from tipline.db import session_scope, utcnow
from tipline.settings import Settings
from tipline.simulator.fake_graph import FakeGraph
from tipline.simulator.serving import run_fake_graph_in_thread
from tipline.voters.crypto import encrypt_phone
from tipline.voters.models import Voter

ACCESS_TOKEN = "test-access-token"  # the token make_settings() gives every test
PHONE_NUMBER_ID = "1122334455667"


@pytest.fixture(scope="session")
def fake_graph_server() -> Iterator[tuple[str, FakeGraph]]:
    root, fake, stop = run_fake_graph_in_thread(access_token=ACCESS_TOKEN)
    yield root, fake
    stop()


@pytest.fixture
def fake(fake_graph_server: tuple[str, FakeGraph]) -> FakeGraph:
    fake_graph_server[1].reset()
    return fake_graph_server[1]


@pytest.fixture
def graph_url(fake_graph_server: tuple[str, FakeGraph], fake: FakeGraph) -> str:
    return fake_graph_server[0] + "/v25.0"


@pytest.fixture
def send_settings(db_settings: Settings, graph_url: str) -> Settings:
    return db_settings.model_copy(
        update={"graph_api_url": graph_url, "send_backoff_base_seconds": 0.01, "send_max_attempts": 3}
    )


def add_voter(
    engine: Engine, settings: Settings, *, phone: str | None = "6281234567890", bsuid: str | None = None
) -> int:
    with session_scope(engine) as session:
        voter = Voter(
            key=bsuid or f"wa:{phone}",
            bsuid=bsuid,
            wa_id_encrypted=encrypt_phone(settings, phone) if phone else None,
            first_seen_at=utcnow(),
        )
        session.add(voter)
        session.flush()
        assert voter.id is not None
        return voter.id


def add_outbox(
    engine: Engine,
    voter_id: int,
    body: dict[str, Any],
    *,
    key: str,
    purpose: str = "verdict",
    due_at: datetime | None = None,
    fallback: dict[str, Any] | None = None,
) -> int:
    now = utcnow()
    with session_scope(engine) as session:
        row = OutboxMessage(
            dedup_key=key,
            voter_id=voter_id,
            purpose=purpose,
            body=body,
            fallback_body=fallback,
            next_attempt_at=due_at or now,
            created_at=now,
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id


def text(body: str) -> dict[str, Any]:
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "type": "text",
        "text": {"body": body},
    }
