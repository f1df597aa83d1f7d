"""A tip nobody had checked is answered when a fact-check for it is published, once, and only then."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tests.matching_images.synth import encode, photo
from tests.tipline.follow_up_helpers import (
    INK,
    change_tip,
    outbox_rows,
    queued_tip,
    tip_sent,
    voter_writes,
)
from tests.tipline.helpers import (
    BALLOTS,
    HOAX_FORWARD,
    photo_delivery,
    running_app,
    seed,
    text_delivery,
    wait_for,
)
from tipline.db import session_scope, utcnow
from tipline.debunks.claimreview import claimreview_from_fields
from tipline.debunks.commands import import_command
from tipline.debunks.service import mark_images_indexed
from tipline.deliveries.models import WebhookDelivery
from tipline.inbound.models import InboundMessage
from tipline.matching.image_index import default_fetch, index_debunk_images
from tipline.matching.images import pdq_hash_dihedral
from tipline.matching.normalize import normalize
from tipline.settings import Settings
from tipline.simulator import voter_payloads as vp
from tipline.tips.models import Tip
from tipline.voters.models import Voter
from tipline.worker import Worker


def test_a_queued_tip_gets_the_verdict_when_its_fact_check_is_published(
    engine: Engine, db_settings: Settings
) -> None:
    worker, tip = queued_tip(engine, db_settings)
    assert tip.state == "queued" and [r.purpose for r in outbox_rows(engine, "checking")] == ["checking"]
    worker.step()
    assert outbox_rows(engine, "follow_up") == []  # nothing new to say yet
    [ballots_id] = seed(engine, BALLOTS)
    worker.step()
    [follow_up] = outbox_rows(engine, "follow_up")
    with Session(engine) as session:
        message = session.execute(select(InboundMessage)).scalar_one()
        answered = session.get(Tip, tip.id)
        assert answered is not None and (answered.state, answered.top_debunk_id) == ("answered", ballots_id)
    # It quotes the voter's own message (sent a while ago) and says this is news.
    assert follow_up.body["context"]["message_id"] == message.wamid
    assert follow_up.body["text"]["body"].startswith("🔎 *Kabar terbaru")
    assert BALLOTS.url in follow_up.body["text"]["body"]
    # Later changes to the debunks tell the voter nothing more.
    seed(engine, replace(INK, url="https://cekfakta.example/2024/tinta-lagi"))
    worker.step()
    assert len(outbox_rows(engine, "follow_up")) == 1


def test_a_tip_older_than_whatsapps_24_hour_window_is_left_to_fact_checkers(
    engine: Engine, db_settings: Settings
) -> None:
    worker, _ = queued_tip(engine, db_settings)
    seed(engine, BALLOTS)
    worker.step(now=utcnow() + timedelta(hours=25))
    assert outbox_rows(engine, "follow_up") == []
    with Session(engine) as session:
        assert session.execute(select(Tip)).scalar_one().state == "queued"


def test_a_debunk_the_voter_already_turned_down_is_not_sent_later(
    engine: Engine, db_settings: Settings
) -> None:
    seed(engine, BALLOTS)
    # Offered as a suggestion (auto answers off), then "none of these": the tip waits for fact-checkers.
    suggesting = Worker.build(db_settings.model_copy(update={"match_auto_threshold": 1.01}), engine=engine)
    tip = tip_sent(suggesting, engine)
    assert tip.state == "suggested"
    change_tip(engine, tip, state="queued")
    worker = Worker.build(db_settings, engine=engine)
    seed(engine, INK)  # an unrelated fact-check changes the index: the tip is matched again
    worker.step()
    # The matcher would now answer it with the kontainer debunk at once, but the voter said it is not that.
    assert outbox_rows(engine, "follow_up") == []


def test_a_backlog_of_queued_tips_is_followed_up_a_batch_per_step_between_new_messages(
    engine: Engine, db_settings: Settings
) -> None:
    seed(engine, INK)
    receiving = Worker.build(db_settings, engine=engine)
    with session_scope(engine) as session:
        for n in range(3):
            delivery = text_delivery(HOAX_FORWARD, wa_id=f"62811111111{n}", bsuid=f"ID.{n}")
            session.add(WebhookDelivery(received_at=utcnow(), body=vp.to_bytes(delivery)))
    receiving.step()
    one_at_a_time = Worker.build(db_settings.model_copy(update={"worker_batch_size": 1}), engine=engine)
    one_at_a_time.step()  # the index as it is: nothing to follow up
    seed(engine, BALLOTS)
    one_at_a_time.step()
    assert len(outbox_rows(engine, "follow_up")) == 1
    # A voter writes meanwhile: the next step answers them as well as the next tip of the backlog.
    voter_writes(engine, "halo min")
    one_at_a_time.step()
    assert len(outbox_rows(engine, "greeting")) == 1 and len(outbox_rows(engine, "follow_up")) == 2
    one_at_a_time.step()
    assert len(outbox_rows(engine, "follow_up")) == 3
    one_at_a_time.step()
    assert len(outbox_rows(engine, "follow_up")) == 3


def test_an_older_tip_is_followed_up_while_its_voter_is_still_writing_to_us(
    engine: Engine, db_settings: Settings
) -> None:
    worker, tip = queued_tip(engine, db_settings)
    change_tip(
        engine, tip, created_at=utcnow() - timedelta(days=3)
    )  # sent three days ago; writing again today
    seed(engine, BALLOTS)
    worker.step()
    assert len(outbox_rows(engine, "follow_up")) == 1


def test_a_voter_who_said_stop_gets_no_follow_up(engine: Engine, db_settings: Settings) -> None:
    worker, _ = queued_tip(engine, db_settings)
    voter_writes(engine, "STOP")
    worker.step()
    [confirmed] = outbox_rows(engine, "opted_out")
    assert confirmed.body["text"]["body"].startswith("Baik, kami tidak akan mengirim kabar lanjutan lagi")
    seed(engine, BALLOTS)
    worker.step()
    assert outbox_rows(engine, "follow_up") == []
    with Session(engine) as session:
        assert session.execute(select(Tip)).scalar_one().state == "queued"  # still with the fact-checkers


def test_a_voter_writing_again_gets_the_answer_published_while_they_were_away(
    engine: Engine, db_settings: Settings
) -> None:
    worker, tip = queued_tip(engine, db_settings)
    two_days_ago = utcnow() - timedelta(days=2)
    with session_scope(engine) as session:
        stored, voter = session.get(Tip, tip.id), session.get(Voter, tip.voter_id)
        assert stored is not None and voter is not None
        stored.created_at = voter.last_inbound_at = two_days_ago
    seed(engine, BALLOTS)
    worker.step()
    assert outbox_rows(engine, "follow_up") == []  # their window had closed: no free-form message allowed
    voter_writes(engine, "pagi min")
    worker.step()
    assert len(outbox_rows(engine, "greeting")) == 1 and len(outbox_rows(engine, "follow_up")) == 1


def test_a_tip_whose_suggestions_were_not_picked_is_followed_up_too(
    engine: Engine, db_settings: Settings
) -> None:
    worker, tip = queued_tip(engine, db_settings)
    change_tip(
        engine, tip, state="suggested"
    )  # offered the ink debunk, say; the voter has not tapped anything
    seed(engine, BALLOTS)
    worker.step()
    assert len(outbox_rows(engine, "follow_up")) == 1


@pytest.mark.parametrize("kind", ["video", "document"])
def test_a_video_or_document_is_followed_up_by_its_caption(
    engine: Engine, db_settings: Settings, kind: str
) -> None:
    worker, tip = queued_tip(engine, db_settings)
    change_tip(engine, tip, kind=kind)  # the hoax text came as the caption of a video (or a PDF)
    seed(engine, BALLOTS)
    worker.step()
    [follow_up] = outbox_rows(engine, "follow_up")
    assert BALLOTS.url in follow_up.body["text"]["body"]


def test_a_screenshot_is_followed_up_by_the_words_read_from_it(engine: Engine, db_settings: Settings) -> None:
    worker, tip = queued_tip(engine, db_settings)
    # A photo without a caption: only the words OCR read from it were kept, normalised.
    change_tip(engine, tip, kind="image", text=None, normalized_text=normalize(HOAX_FORWARD).text)
    seed(engine, BALLOTS)
    worker.step()
    [follow_up] = outbox_rows(engine, "follow_up")
    assert BALLOTS.url in follow_up.body["text"]["body"]


BURNING = replace(
    BALLOTS,
    url="https://cekfakta.example/2024/video-surat-suara-dibakar",
    claim_reviewed="Video surat suara pemilu 2024 dibakar seperti sampah",
    headline="[SALAH] Video surat suara dibakar",
    review_body="Video itu rekaman pemusnahan surat suara rusak yang sah menurut aturan KPU.",
    image_urls=["images/burning.png"],
)


def _with_burning_photo(settings: Settings, tmp_path: Path) -> Settings:
    (tmp_path / "images").mkdir()
    photo(7).save(tmp_path / "images" / "burning.png")
    return settings.model_copy(update={"content_dir": tmp_path, "match_index_images": True})


def test_a_photo_without_words_is_answered_when_a_debunk_of_that_picture_is_published(
    engine: Engine, db_settings: Settings, tmp_path: Path
) -> None:
    settings = _with_burning_photo(db_settings, tmp_path)
    worker, tip = queued_tip(engine, settings)
    # The voter's copy, re-encoded by WhatsApp; nothing for OCR to read: only its hashes were kept.
    hashes, quality = pdq_hash_dihedral(encode(photo(7).resize((640, 480)), "JPEG", quality=60))
    change_tip(
        engine, tip, kind="image", text=None, normalized_text="", image_hashes=hashes, image_quality=quality
    )
    # An import stores the debunk's text and commits, then fetches and hashes its picture: a worker that
    # follows up in between finds no picture to match yet.
    [burning_id] = seed(engine, BURNING)
    worker.step()
    assert outbox_rows(engine, "follow_up") == []
    with session_scope(engine) as session:
        assert index_debunk_images(session, [burning_id], default_fetch, settings=settings) == []
        mark_images_indexed(session, [burning_id])
    worker.step()
    [follow_up] = outbox_rows(engine, "follow_up")
    assert BURNING.url in follow_up.body["text"]["body"]


def test_a_photo_sent_through_whatsapp_is_followed_up_after_an_import(
    db_settings: Settings, tmp_path: Path
) -> None:
    settings = _with_burning_photo(db_settings, tmp_path)
    with running_app(settings) as app:
        app.fake.add_media("901", encode(photo(7).resize((640, 480)), "JPEG", quality=60), "image/jpeg")
        assert app.post(photo_delivery("901")).status_code == 200
        wait_for(lambda: outbox_rows(app.engine, "checking"), what="the photo queued for fact-checkers")
        debunks = tmp_path / "burning.jsonl"
        debunks.write_text(json.dumps(claimreview_from_fields(BURNING)) + "\n", encoding="utf-8")
        assert import_command(app.settings, [debunks], progress=False) == 0
        [follow_up] = wait_for(lambda: outbox_rows(app.engine, "follow_up"), what="the follow-up verdict")
        assert BURNING.url in follow_up.body["text"]["body"]
