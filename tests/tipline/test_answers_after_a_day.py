"""Answers after WhatsApp's 24-hour window: only to a voter who tapped "notify me", only as the approved
template; inside the window a free-form reply, with the template in reserve should Meta find it shut."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from replies.compose import NOTIFY_ME
from replies.models import OutboxMessage
from tests.tipline.helpers import BALLOTS, HOAX_FORWARD, seed
from tests.tipline.test_follow_up import INK
from tipline.db import session_scope, utcnow
from tipline.debunks.models import Debunk
from tipline.deliveries.models import WebhookDelivery
from tipline.inbound.models import InboundMessage
from tipline.pipeline.answers import verdict_template
from tipline.settings import Settings
from tipline.simulator import voter_payloads as vp
from tipline.tips.models import Tip
from tipline.voters.models import Voter
from tipline.worker import Worker

OTHER_CLAIM = "Semua TPS di Bandung dipindah ke balai kota karena banjir, sebarkan!"
TPS = replace(
    BALLOTS,
    url="https://cekfakta.example/2024/tps-bandung",
    claim_reviewed="Semua TPS di Bandung dipindah ke balai kota karena banjir",
    headline="[HOAKS] Semua TPS di Bandung dipindah ke balai kota karena banjir",
    review_body="KPU Kota Bandung memastikan lokasi TPS tidak berubah.",
    rating="HOAKS",
)


def _deliver(engine: Engine, message: dict[str, object]) -> None:
    payload = vp.voter_message(
        "1122334455667", wa_id="6281234567890", bsuid="ID.1234567890", name="V", message=message
    )
    with session_scope(engine) as session:
        session.add(WebhookDelivery(received_at=utcnow(), body=vp.to_bytes(payload)))


def _writes(worker: Worker, engine: Engine, text: str) -> None:
    _deliver(engine, vp.text_message(text))
    worker.step()


def _taps_notify_me(worker: Worker, engine: Engine) -> None:
    _deliver(engine, vp.button_reply(NOTIFY_ME, "🔔 Kabari saya"))
    worker.step()


def _rows(engine: Engine, purpose: str) -> list[OutboxMessage]:
    with Session(engine) as session:
        query = select(OutboxMessage).where(OutboxMessage.purpose == purpose).order_by(OutboxMessage.id)
        return list(session.execute(query).scalars())


def _tip_state(engine: Engine) -> str:
    with Session(engine) as session:
        first = session.execute(select(Tip).order_by(col(Tip.id))).scalars().first()
        assert first is not None
        return first.state


def _worker(engine: Engine, settings: Settings, template: str = "tipline_verdict") -> Worker:
    seed(engine, INK)  # the only debunk is about something else: tips are queued
    return Worker.build(settings.model_copy(update={"follow_up_template": template}), engine=engine)


def _asked_then_answered(engine: Engine, settings: Settings) -> Worker:
    """A voter sent a tip nobody had checked and tapped "notify me"; then its fact-check was published."""
    worker = _worker(engine, settings)
    _writes(worker, engine, HOAX_FORWARD)
    _taps_notify_me(worker, engine)
    seed(engine, BALLOTS)
    return worker


def test_the_checking_reply_offers_notify_me_only_where_a_template_can_answer_later(
    engine: Engine, db_settings: Settings
) -> None:
    _writes(_worker(engine, db_settings, template=""), engine, HOAX_FORWARD)
    [plain] = _rows(engine, "checking")
    assert plain.body["type"] == "text"  # no template configured: nothing to opt in to

    worker = _worker(engine, db_settings)
    _writes(worker, engine, OTHER_CLAIM)
    offer = _rows(engine, "checking")[1].body
    assert offer["type"] == "interactive"
    [button] = offer["interactive"]["action"]["buttons"]
    assert button["reply"] == {"id": NOTIFY_ME, "title": "🔔 Kabari saya"}
    assert "lewat sehari" in offer["interactive"]["body"]["text"]

    _taps_notify_me(worker, engine)
    [confirmed] = _rows(engine, "notify_confirmed")
    assert confirmed.body["text"]["body"].startswith("Siap!")
    with Session(engine) as session:
        assert session.execute(select(Voter)).scalar_one().follow_up_consent_at is not None
    _writes(worker, engine, "Pemilih di luar negeri tidak bisa memilih lewat pos tahun ini, benarkah?")
    assert _rows(engine, "checking")[2].body["type"] == "text"  # asked once is enough


def test_a_voter_who_asked_gets_the_verdict_as_the_template_after_a_day(
    engine: Engine, db_settings: Settings
) -> None:
    worker = _asked_then_answered(engine, db_settings)
    worker.step(now=utcnow() + timedelta(hours=25))
    [follow_up] = _rows(engine, "follow_up")
    assert follow_up.body["type"] == "template" and "context" not in follow_up.body
    template = follow_up.body["template"]
    assert (template["name"], template["language"]) == ("tipline_verdict", {"code": "id"})
    values = {p["parameter_name"]: p["text"] for p in template["components"][0]["parameters"]}
    assert values["verdict"] == "❌ SALAH" and values["source"] == BALLOTS.url
    assert values["claim"] == BALLOTS.claim_reviewed
    assert values["asked_on"].split()[1] in {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun"} | {
        "Jul",
        "Agu",
        "Sep",
        "Okt",
        "Nov",
        "Des",
    }
    assert follow_up.fallback_body is None
    assert _tip_state(engine) == "answered"


def test_after_a_day_a_voter_who_did_not_ask_is_not_written_to(engine: Engine, db_settings: Settings) -> None:
    worker = _worker(engine, db_settings)
    _writes(worker, engine, HOAX_FORWARD)
    seed(engine, BALLOTS)
    worker.step(now=utcnow() + timedelta(hours=25))
    assert _rows(engine, "follow_up") == []
    assert _tip_state(engine) == "queued"


def test_stop_withdraws_the_consent_and_a_new_tap_gives_it_again(
    engine: Engine, db_settings: Settings
) -> None:
    worker = _worker(engine, db_settings)
    _taps_notify_me(worker, engine)
    _writes(worker, engine, "stop")
    _writes(worker, engine, HOAX_FORWARD)  # a tip after "stop" may be answered, but only inside the window
    seed(engine, BALLOTS)
    worker.step(now=utcnow() + timedelta(hours=25))
    assert _rows(engine, "follow_up") == []
    _taps_notify_me(worker, engine)  # the tap is a message too: the window is open, the answer comes as text
    assert [row.body["type"] for row in _rows(engine, "follow_up")] == ["text"]
    _writes(worker, engine, OTHER_CLAIM)
    seed(engine, TPS)
    worker.step(now=utcnow() + timedelta(hours=25))
    assert [row.body["type"] for row in _rows(engine, "follow_up")] == ["text", "template"]


def test_inside_the_window_the_answer_is_free_text_with_the_template_in_reserve(
    engine: Engine, db_settings: Settings
) -> None:
    worker = _asked_then_answered(engine, db_settings)
    worker.step()
    [follow_up] = _rows(engine, "follow_up")
    assert follow_up.body["type"] == "text" and follow_up.body["text"]["body"].startswith("🔎 *Kabar terbaru")
    assert follow_up.fallback_body is not None and follow_up.fallback_body["type"] == "template"


def test_a_template_approved_in_one_language_is_sent_in_it_whole(db_settings: Settings) -> None:
    """An English reader gets the Indonesian template where Meta approved only that one: its month and
    verdict in Indonesian too, not English words inside an Indonesian sentence."""
    settings = db_settings.model_copy(
        update={"follow_up_template": "tipline_verdict", "follow_up_template_languages": "id"}
    )
    sent_at = datetime(2026, 8, 16, 20, 0, tzinfo=UTC)  # 17 August in Jakarta
    message = InboundMessage(wamid="wamid.X", type="text", received_at=sent_at, sent_at=sent_at)
    debunk = Debunk(url=TPS.url, claim_reviewed=TPS.claim_reviewed, rating="FALSE", created_at=sent_at)
    body = verdict_template(message, debunk, "en", settings)
    values = {p["parameter_name"]: p["text"] for p in body["template"]["components"][0]["parameters"]}
    assert body["template"]["language"] == {"code": "id"}
    assert (values["asked_on"], values["verdict"]) == ("17 Agu 2026", "❌ SALAH")


def test_an_unknown_time_zone_stops_the_start_with_a_clear_error(db_settings: Settings) -> None:
    with pytest.raises(ValidationError, match="unknown time zone 'Jakarta'"):
        Settings(**{**db_settings.model_dump(), "timezone": "Jakarta"})
