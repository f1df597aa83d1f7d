"""The election-day shape as real processes: `tipline serve --no-worker` and two `tipline worker`s."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from tests.conftest import REDIS_TEST_URL, _truncate, make_settings
from tests.tipline.helpers import BALLOTS, HOAX_FORWARD, seed, text_delivery, wait_for
from tipline.db import make_engine
from tipline.simulator import voter_payloads as vp
from tipline.simulator.fake_graph import FakeGraph
from tipline.simulator.serving import run_fake_graph_in_thread
from webhooks.signature import sign


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def fake() -> Iterator[tuple[str, FakeGraph]]:
    root, graph, stop = run_fake_graph_in_thread(access_token="test-access-token")
    yield root, graph
    stop()


def test_web_and_two_workers_as_processes(
    pg_database: str, pg_engine: Engine, fake: tuple[str, FakeGraph]
) -> None:
    _truncate(pg_engine)
    settings = make_settings(pg_database, redis_url=REDIS_TEST_URL, graph_api_url=fake[0] + "/v25.0")
    env = {**os.environ}
    for name, value in settings.model_dump().items():
        if value is not None and not isinstance(value, dict | list):
            env[f"TIPLINE_{name.upper()}"] = str(value)
    engine = make_engine(settings)
    seed(engine, BALLOTS)
    port = _port()
    cli = [sys.executable, "-m", "tipline.cli"]
    procs = [subprocess.Popen([*cli, "serve", "--no-worker", "--port", str(port)], env=env)]
    procs += [subprocess.Popen([*cli, "worker"], env=env) for _ in range(2)]
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for(lambda: _healthy(url), timeout=60, what="the web process")
        bodies = [
            vp.to_bytes(text_delivery(HOAX_FORWARD, wa_id=f"62813000000{i:02d}", bsuid=f"ID.p{i}"))
            for i in range(10)
        ]
        for body in bodies + bodies:  # every delivery twice, as Meta retries
            headers = {"X-Hub-Signature-256": sign(settings.whatsapp_app_secret, body)}
            assert httpx.post(url + "/webhooks/whatsapp", content=body, headers=headers).status_code == 200
        graph = fake[1]
        wait_for(
            lambda: len([e for e in graph.accepted() if e["body"].get("type") == "text"]) >= 10,
            timeout=60,
            what="ten verdicts",
        )
        wait_for(lambda: _drained(engine), timeout=60, what="every message handled and every reply tried")
        verdicts = [e for e in graph.accepted() if e["body"].get("type") == "text"]
        assert sorted(e["body"]["to"] for e in verdicts) == sorted(f"+62813000000{i:02d}" for i in range(10))
        assert all(BALLOTS.url in e["body"]["text"]["body"] for e in verdicts)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            assert proc.wait(timeout=30) is not None
        engine.dispose()


def _healthy(url: str) -> bool:
    try:
        return httpx.get(url + "/readyz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def _drained(engine: Engine) -> bool:
    with engine.connect() as conn:
        pending = conn.execute(
            text(
                "SELECT (SELECT count(*) FROM webhook_delivery WHERE state = 'pending')"
                " + (SELECT count(*) FROM inbound_message WHERE state = 'pending')"
                " + (SELECT count(*) FROM outbox_message WHERE state = 'pending')"
            )
        ).scalar_one()
    return pending == 0
