"""A verdict Meta refuses for good leaves its tip waiting; it reaches the voter once when they write again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from replies.models import OutboxMessage
from tests.tipline.follow_up_helpers import (
    change_tip,
    outbox_rows,
    queued_tip,
    tip_sent,
    tip_state,
    voter_writes,
)
from tests.tipline.helpers import BALLOTS, seed
from tipline.db import session_scope, utcnow
from tipline.deliveries.models import WebhookDelivery
from tipline.settings import Settings
from tipline.simulator import voter_payloads as vp
from tipline.simulator.fake_graph import FakeGraph
from tipline.simulator.serving import run_fake_graph_in_thread
from tipline.tips.models import Tip
from tipline.worker import Worker


@pytest.fixture
def graph(db_settings: Settings) -> Iterator[tuple[Settings, FakeGraph]]:
    """Settings whose Graph API is the fake, over real HTTP, so sends and their failures are Meta-like."""
    root, fake, stop = run_fake_graph_in_thread(access_token=db_settings.whatsapp_access_token)
    try:
        yield db_settings.model_copy(update={"graph_api_url": root + "/v25.0"}), fake
    finally:
        stop()


def _meta_reports_window_closed(worker: Worker, engine: Engine, row: OutboxMessage) -> None:
    """Meta accepted the message, then reports in a status webhook that it failed: 131047."""
    failed = vp.status_update(
        "1122334455667",
        wamid=row.graph_message_id or "",
        status="failed",
        wa_id="6281234567890",
        bsuid="ID.1234567890",
        error=vp.reengagement_error(),
    )
    with session_scope(engine) as session:
        session.add(WebhookDelivery(received_at=utcnow(), body=vp.to_bytes(failed)))
    worker.step()


def _writes_again_and_gets_the_verdict_once(
    worker: Worker, engine: Engine, fake: FakeGraph, tip: Tip, text: str
) -> None:
    before = len(fake.accepted())
    voter_writes(engine, text)
    worker.step()
    [follow_up] = outbox_rows(engine, "follow_up")
    assert follow_up.state == "sent" and BALLOTS.url in follow_up.body["text"]["body"]
    assert tip_state(engine, tip) == "answered"
    worker.step()
    voter_writes(engine, "makasih")  # and not again after that
    worker.step()
    sent = [entry["body"] for entry in fake.accepted()[before:]]
    assert sum(BALLOTS.url in body.get("text", {}).get("body", "") for body in sent) == 1


@pytest.mark.parametrize("refused", ["when sent", "in a status webhook"])
def test_a_later_verdict_meta_refuses_for_good_leaves_the_tip_waiting_and_goes_when_the_voter_writes(
    engine: Engine, graph: tuple[Settings, FakeGraph], refused: str
) -> None:
    settings, fake = graph
    worker, tip = queued_tip(engine, settings)
    seed(engine, BALLOTS)
    # The voter's window closed while the verdict waited to go out, and no template is configured.
    if refused == "when sent":
        fake.fail_next(1, 400, 131047, message="Re-engagement message", details="more than 24 hours")
    worker.step()
    [follow_up] = outbox_rows(engine, "follow_up")
    if refused == "in a status webhook":
        assert follow_up.state == "sent" and tip_state(engine, tip) == "answered"
        _meta_reports_window_closed(worker, engine, follow_up)
        [follow_up] = outbox_rows(engine, "follow_up")
    assert (follow_up.state, follow_up.error_code) == ("failed", 131047)
    assert tip_state(engine, tip) == "queued"  # not answered: the voter never got it
    # Their next message reopens the window: the verdict goes, once, as a reply to the tip.
    _writes_again_and_gets_the_verdict_once(worker, engine, fake, tip, "pagi min")


def test_a_verdict_at_once_that_never_reached_the_voter_goes_when_they_write_again(
    engine: Engine, graph: tuple[Settings, FakeGraph]
) -> None:
    settings, fake = graph
    seed(engine, BALLOTS)
    worker = Worker.build(settings, engine=engine)
    tip = tip_sent(worker, engine)
    [verdict] = outbox_rows(engine, "verdict")
    assert tip.state == "answered" and verdict.state == "sent"
    # The workers were down for a day (election night): Meta refuses the reply, the window has closed.
    _meta_reports_window_closed(worker, engine, verdict)
    assert tip_state(engine, tip) == "queued" and outbox_rows(engine, "follow_up") == []
    # No debunk changed since, yet the verdict is news to this voter: their next message brings it.
    _writes_again_and_gets_the_verdict_once(worker, engine, fake, tip, "halo min, jadi gimana?")
    # Meta sends the old failure again (it retries webhooks): a status seen once is not applied twice, so
    # the tip, whose voter now has the verdict, stays answered.
    _meta_reports_window_closed(worker, engine, verdict)
    assert tip_state(engine, tip) == "answered"


def test_a_verdict_for_a_tapped_suggestion_that_never_reached_the_voter_goes_when_they_write_again(
    engine: Engine, graph: tuple[Settings, FakeGraph]
) -> None:
    settings, fake = graph
    [debunk_id] = seed(engine, BALLOTS)
    # Auto answers switched off: the tip is offered the debunk as a suggestion, and the voter taps it.
    worker = Worker.build(settings.model_copy(update={"match_auto_threshold": 1.01}), engine=engine)
    tip = tip_sent(worker, engine)
    [offer] = outbox_rows(engine, "suggest")
    assert tip.state == "suggested" and offer.graph_message_id
    tap = vp.voter_message(
        "1122334455667",
        wa_id="6281234567890",
        bsuid="ID.1234567890",
        name="Voter",
        message=vp.button_reply(f"suggest:{debunk_id}", "Kontainer surat suara"),
        reply_to=offer.graph_message_id,
    )
    with session_scope(engine) as session:
        session.add(WebhookDelivery(received_at=utcnow(), body=vp.to_bytes(tap)))
    worker.step()
    [verdict] = outbox_rows(engine, "verdict")
    assert verdict.state == "sent" and tip_state(engine, tip) == "answered"
    _meta_reports_window_closed(worker, engine, verdict)
    assert tip_state(engine, tip) == "queued"  # the voter picked it, but never got it
    _writes_again_and_gets_the_verdict_once(worker, engine, fake, tip, "min, jadi gimana?")


def test_a_verdict_the_voter_saw_is_not_sent_again_when_they_write(
    engine: Engine, db_settings: Settings
) -> None:
    seed(engine, BALLOTS)
    worker = Worker.build(db_settings, engine=engine)
    tip = tip_sent(worker, engine)
    assert tip.state == "answered"
    change_tip(engine, tip, state="queued")  # say, reopened by hand; its verdict was not refused
    voter_writes(engine, "halo min")
    worker.step()
    assert outbox_rows(engine, "follow_up") == []
