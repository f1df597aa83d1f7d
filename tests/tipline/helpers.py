"""Running the real app over TCP with the fake Graph API, and sending it signed deliveries."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import uvicorn
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from tipline.app import create_app
from tipline.db import make_engine, session_scope
from tipline.debunks.records import DebunkRecord
from tipline.debunks.service import upsert_debunks
from tipline.inbound.models import InboundMessage, MessageState
from tipline.settings import Settings
from tipline.simulator import voter_payloads as vp
from tipline.simulator.fake_graph import FakeGraph
from tipline.simulator.serving import run_fake_graph_in_thread
from webhooks.signature import sign


@dataclass
class Running:
    url: str
    settings: Settings
    fake: FakeGraph
    engine: Engine

    def post(self, payload: dict[str, Any] | bytes, *, signature: str | None = None) -> httpx.Response:
        raw = payload if isinstance(payload, bytes) else vp.to_bytes(payload)
        headers = {"Content-Type": "application/json"}
        headers["X-Hub-Signature-256"] = signature or sign(self.settings.whatsapp_app_secret, raw)
        return httpx.post(self.url + "/webhooks/whatsapp", content=raw, headers=headers, timeout=10)


@contextmanager
def serving(app: Any, port: int = 0) -> Iterator[str]:
    """A real uvicorn server (lifespan on: the worker runs) in a thread; yields its URL."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started or not thread.is_alive(), what="server start")
    assert server.started, "the app did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


@contextmanager
def running_app(settings: Settings, *, with_worker: bool = True) -> Iterator[Running]:
    graph_root, fake, stop_graph = run_fake_graph_in_thread(access_token=settings.whatsapp_access_token)
    settings = settings.model_copy(update={"graph_api_url": graph_root + "/v25.0"})
    app = create_app(settings, with_worker=with_worker)
    engine = make_engine(settings)
    try:
        with serving(app) as url:
            yield Running(url, settings, fake, engine)
    finally:
        stop_graph()
        engine.dispose()


def wait_for(condition: Callable[[], Any], timeout: float = 20.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def seed(engine: Engine, *records: DebunkRecord) -> list[int]:
    with session_scope(engine) as session:
        return upsert_debunks(session, list(records)).changed_ids


BALLOTS = DebunkRecord(
    url="https://turnbackhoax.id/example/kontainer-surat-suara",
    claim_reviewed="Tujuh kontainer berisi surat suara yang sudah dicoblos untuk pasangan calon tertentu "
    "ditemukan di Pelabuhan Tanjung Priok",
    headline="[SALAH] Tujuh kontainer surat suara sudah dicoblos di Tanjung Priok",
    review_body="KPU dan Bea Cukai memastikan tidak ada kontainer berisi surat suara tercoblos; surat suara "
    "belum dicetak saat kabar itu beredar.",
    rating="SALAH",
    language="id",
)


# The chain message as it circulates: the hoax text itself, bold, with the usual call to spread it.
HOAX_FORWARD = f"*{BALLOTS.claim_reviewed}*\n\nSebarkan!! Jangan berhenti di kamu."


def text_delivery(
    text: str,
    *,
    wa_id: str = "6281234567890",
    bsuid: str = "ID.1234567890",
    frequently_forwarded: bool = True,
) -> dict[str, Any]:
    return vp.voter_message(
        "1122334455667",
        wa_id=wa_id,
        bsuid=bsuid,
        name="Voter",
        message=vp.text_message(text),
        frequently_forwarded=frequently_forwarded,
    )


def photo_delivery(media_id: str, caption: str | None = None) -> dict[str, Any]:
    """A frequently forwarded photo from the usual voter, its bytes at the fake Graph API as `media_id`."""
    return vp.voter_message(
        "1122334455667",
        wa_id="6281234567890",
        bsuid="ID.1234567890",
        name="V",
        message=vp.image_message(media_id, caption),
        frequently_forwarded=True,
    )


def texts_sent(fake: FakeGraph, to: str = "+6281234567890") -> list[str]:
    """The free-form texts the fake Graph API accepted for one voter, oldest first."""
    return [
        e["body"]["text"]["body"]
        for e in fake.accepted()
        if e["body"].get("type") == "text" and e["body"].get("to") == to
    ]


def suggestions_offered(app: Running) -> dict[str, Any]:
    """The first "is it one of these?" message sent (interactive buttons), once it is."""
    offers = wait_for(
        lambda: [e for e in app.fake.accepted() if e["body"].get("type") == "interactive"],
        what="suggestions",
    )
    return dict(offers[0])


def tap_on(offer: dict[str, Any], button: int) -> dict[str, Any]:
    """The usual voter's tap on one of an offer's buttons, as WhatsApp delivers it."""
    reply = offer["body"]["interactive"]["action"]["buttons"][button]["reply"]
    return vp.voter_message(
        "1122334455667",
        wa_id="6281234567890",
        bsuid="ID.1234567890",
        name="Voter",
        message=vp.button_reply(reply["id"], reply["title"]),
        reply_to=offer["wamid"],
    )


def messages_handled(session: Session) -> int:
    """How many inbound messages the worker has finished with."""
    query = select(func.count()).select_from(InboundMessage)
    return int(session.execute(query.where(col(InboundMessage.state) == MessageState.HANDLED)).scalar_one())
