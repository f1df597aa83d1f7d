"""Following up waiting tips with several workers: each tip matched once per change, leases, quiet polls."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tests.tipline.follow_up_helpers import INK, outbox_rows, queued_tip
from tests.tipline.helpers import BALLOTS, HOAX_FORWARD, seed, text_delivery
from tipline import worker as worker_module
from tipline.db import session_scope, utcnow
from tipline.deliveries.models import WebhookDelivery
from tipline.matching.types import MatchResult
from tipline.pipeline.follow_up import claim_tips_to_follow_up
from tipline.settings import Settings
from tipline.simulator import voter_payloads as vp
from tipline.tips.models import Tip
from tipline.worker import Worker


def _counting_matches(worker: Worker) -> list[str]:
    calls: list[str] = []
    original = worker.pipeline.matcher.match_text

    def counted(text: str, **kwargs: Any) -> MatchResult:
        calls.append(text)
        return original(text, **kwargs)

    worker.pipeline.matcher.match_text = counted  # type: ignore[method-assign]
    return calls


def test_each_waiting_tip_is_matched_again_once_per_change_across_workers_and_restarts(
    engine: Engine, db_settings: Settings
) -> None:
    seed(engine, INK)
    with session_scope(engine) as session:
        for n in range(4):
            delivery = text_delivery(HOAX_FORWARD, wa_id=f"62822222222{n}", bsuid=f"ID.w{n}")
            session.add(WebhookDelivery(received_at=utcnow(), body=vp.to_bytes(delivery)))
    Worker.build(db_settings, engine=engine).step()
    seed(engine, replace(INK, url="https://cekfakta.example/2024/tinta-lagi"))  # a change that answers none
    pair = db_settings.model_copy(update={"worker_batch_size": 2})
    first, second = Worker.build(pair, engine=engine), Worker.build(pair, engine=engine)
    by_first, by_second = _counting_matches(first), _counting_matches(second)
    first.step()
    second.step()
    # Two workers, four waiting tips: two each, none matched twice; still waiting.
    assert (len(by_first), len(by_second)) == (2, 2) and outbox_rows(engine, "follow_up") == []
    restarted = Worker.build(db_settings, engine=engine)
    by_restarted = _counting_matches(restarted)
    restarted.step()
    assert by_restarted == []  # already matched against these debunks: nothing to redo after a restart
    seed(engine, BALLOTS)
    restarted.step()
    assert len(by_restarted) == 4 and len(outbox_rows(engine, "follow_up")) == 4


def test_tips_a_worker_claimed_before_dying_are_followed_up_by_another_when_its_lease_ends(
    engine: Engine, db_settings: Settings
) -> None:
    worker, tip = queued_tip(engine, db_settings)
    seed(engine, BALLOTS)
    through = worker.pipeline.matcher.built_through()
    assert through is not None
    # Another worker claims the tip for this change, then dies before matching it.
    lease = db_settings.lease_seconds
    assert claim_tips_to_follow_up(engine, utcnow(), through, 10, lease) == [tip.id]
    worker.step()
    assert outbox_rows(engine, "follow_up") == []  # still held by the dead worker
    worker.step(now=utcnow() + timedelta(seconds=lease + 1))
    assert len(outbox_rows(engine, "follow_up")) == 1
    with Session(engine) as session:
        stored = session.get(Tip, tip.id)
        assert stored is not None and stored.leased_until is None and stored.state == "answered"


def test_an_idle_worker_does_not_write_a_claim_at_every_poll(
    engine: Engine, db_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    worker, _ = queued_tip(engine, db_settings)
    claims: list[object] = []
    original = worker_module.claim_tips_to_follow_up

    def counted(*args: Any) -> list[int]:
        claims.append(args)
        return original(*args)

    monkeypatch.setattr(worker_module, "claim_tips_to_follow_up", counted)
    seed(engine, BALLOTS)
    for _ in range(3):
        worker.step()
    # One claim for the change, then quiet.
    assert len(claims) == 1 and len(outbox_rows(engine, "follow_up")) == 1
    seed(engine, replace(INK, url="https://cekfakta.example/2024/tinta-lagi"))
    worker.step()
    assert len(claims) == 2
