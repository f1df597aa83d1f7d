"""A forwarded hoax in, a verdict out: webhook, worker, matcher, outbox, fake Graph API over HTTP."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from replies.models import OutboxMessage
from tests.tipline.helpers import (
    BALLOTS,
    HOAX_FORWARD,
    messages_handled,
    photo_delivery,
    running_app,
    seed,
    text_delivery,
    texts_sent,
    wait_for,
)
from tipline.settings import Settings
from tipline.simulator import voter_payloads as vp
from tipline.tips.models import Tip
from tipline.voters.models import Voter


def test_forwarded_hoax_gets_verdict_with_source(db_settings: Settings) -> None:
    with running_app(db_settings) as app:
        seed(app.engine, BALLOTS)
        assert app.post(text_delivery(HOAX_FORWARD)).status_code == 200
        texts = wait_for(lambda: texts_sent(app.fake), what="a verdict at the fake Graph API")
        assert BALLOTS.url in texts[0]
        assert "SALAH" in texts[0].upper()
        # The incoming message was marked as read, and nothing else was sent.
        reads = [e for e in app.fake.sent if e["body"].get("status") == "read"]
        assert len(reads) == 1
        with Session(app.engine) as session:
            tip = session.execute(select(Tip)).scalar_one()
            assert tip.decision == "auto" and tip.state == "answered" and tip.viral
            # The fake has the message; the sender records Meta's answer a moment later.
            row = wait_for(
                lambda: session.execute(
                    select(OutboxMessage).where(
                        OutboxMessage.purpose == "verdict", OutboxMessage.state == "sent"
                    )
                ).scalar_one_or_none(),
                what="the verdict recorded as sent",
            )
            assert row.graph_message_id
            voter = session.execute(select(Voter)).scalar_one()
            assert voter.bsuid == "ID.1234567890"
            assert "6281234567890" not in (voter.wa_id_encrypted or "")


def test_unknown_claim_is_queued_with_honest_ack(db_settings: Settings) -> None:
    with running_app(db_settings) as app:
        seed(app.engine, BALLOTS)
        text = "Katanya besok semua TPS di Bandung pindah ke balai kota karena banjir, benar tidak?"
        assert app.post(text_delivery(text)).status_code == 200
        texts = wait_for(lambda: texts_sent(app.fake), what="an acknowledgement")
        assert BALLOTS.url not in texts[0]
        with Session(app.engine) as session:
            tip = session.execute(select(Tip)).scalar_one()
            assert tip.state == "queued" and tip.decision in ("none", "suggest")


@pytest.mark.parametrize(
    ("text", "acknowledgement", "tip_language", "voter_languages"),
    [
        # Chinese is not a reply language: the voter's language is left for a later message to set.
        ("听说明天投票站会没收选民的身份证，是真的吗？", "Thank you for sending this!", "zh", (None, "id")),
        # langdetect takes the headline for English; its everyday words are Indonesian.
        ("Real count KPU: Prabowo-Gibran unggul 58 persen", "Terima kasih sudah mengirim!", "id", ("id",)),
    ],
)
def test_a_new_voter_is_answered_in_the_language_they_write(
    db_settings: Settings,
    text: str,
    acknowledgement: str,
    tip_language: str,
    voter_languages: tuple[str | None, ...],
) -> None:
    with running_app(db_settings) as app:
        seed(app.engine, BALLOTS)
        assert app.post(text_delivery(text)).status_code == 200
        texts = wait_for(lambda: texts_sent(app.fake), what="an acknowledgement")
        assert texts[0].startswith(acknowledgement)
        with Session(app.engine) as session:
            tip = session.execute(select(Tip)).scalar_one()
            assert tip.language == tip_language and tip.state == "queued"
            assert session.execute(select(Voter)).scalar_one().language in voter_languages


def test_greetings_and_a_thumbs_up_get_the_greeting_and_are_not_queued(db_settings: Settings) -> None:
    with running_app(db_settings) as app:
        seed(app.engine, BALLOTS)
        for text in ("halo min", "pagi kak, punten", "👍"):
            assert app.post(text_delivery(text)).status_code == 200
        texts = wait_for(
            lambda: len(texts_sent(app.fake)) == 3 and texts_sent(app.fake), what="three replies"
        )
        assert all(t.startswith("Halo!") for t in texts)
        with Session(app.engine) as session:
            assert session.execute(select(func.count()).select_from(Tip)).scalar_one() == 0


def test_a_question_alone_is_told_to_forward_the_message_and_is_not_queued(db_settings: Settings) -> None:
    with running_app(db_settings) as app:
        seed(app.engine, BALLOTS)
        assert app.post(text_delivery("Min, ini bener gak?? 🙏")).status_code == 200
        [text] = wait_for(lambda: texts_sent(app.fake), what="the greeting")
        assert text.startswith("Halo!") and "Teruskan" in text
        with Session(app.engine) as session:
            assert session.execute(select(func.count()).select_from(Tip)).scalar_one() == 0


def test_a_question_after_a_forward_asks_about_it_and_gets_no_second_reply(db_settings: Settings) -> None:
    with running_app(db_settings) as app:
        seed(app.engine, BALLOTS)
        assert app.post(text_delivery(HOAX_FORWARD)).status_code == 200
        [verdict] = wait_for(lambda: texts_sent(app.fake), what="the verdict")
        assert app.post(text_delivery("bener gak sih min?")).status_code == 200
        with Session(app.engine) as session:
            # Both messages handled (the question marked as read), one tip, and the verdict the only reply.
            wait_for(
                lambda: messages_handled(session) == 2,
                what="both messages handled",
            )
            assert session.execute(select(func.count()).select_from(Tip)).scalar_one() == 1
        assert texts_sent(app.fake) == [verdict] and BALLOTS.url in verdict


def test_a_question_around_a_forward_is_left_out_of_the_tip_matched(db_settings: Settings) -> None:
    with running_app(db_settings) as app:
        seed(app.engine, BALLOTS)
        assert (
            app.post(text_delivery(f"Min, ini bener gak?\n{HOAX_FORWARD}\n\nhoax bukan sih 🙏")).status_code
            == 200
        )
        texts = wait_for(lambda: texts_sent(app.fake), what="a verdict")
        assert BALLOTS.url in texts[0]


def test_the_word_the_help_text_names_gets_the_privacy_note_not_a_place_in_the_queue(
    db_settings: Settings,
) -> None:
    with running_app(db_settings) as app:
        seed(app.engine, BALLOTS)
        assert app.post(text_delivery("help")).status_code == 200
        [help_text] = wait_for(lambda: texts_sent(app.fake), what="the help text")
        assert help_text.startswith("Cara pakainya mudah") and "*privasi*" in help_text
        assert app.post(text_delivery("privasi")).status_code == 200
        texts = wait_for(
            lambda: len(texts_sent(app.fake)) == 2 and texts_sent(app.fake), what="the privacy note"
        )
        assert texts[1].startswith("Privasimu penting buat kami")
        with Session(app.engine) as session:
            assert session.execute(select(func.count()).select_from(Tip)).scalar_one() == 0


def test_a_voice_note_is_queued_for_people_and_a_sticker_is_explained(db_settings: Settings) -> None:
    voice = {"type": "audio", "audio": {"id": "7001", "mime_type": "audio/ogg; codecs=opus", "voice": True}}
    sticker = {"type": "sticker", "sticker": {"id": "7002", "mime_type": "image/webp", "animated": False}}
    with running_app(db_settings) as app:
        seed(app.engine, BALLOTS)
        for message, wa_id in ((voice, "6281111111111"), (sticker, "6282222222222")):
            payload = vp.voter_message(
                "1122334455667", wa_id=wa_id, bsuid=f"ID.{wa_id}", name="Voter", message=message
            )
            assert app.post(payload).status_code == 200
        heard = wait_for(lambda: texts_sent(app.fake, "+6281111111111"), what="an answer to the voice note")
        shown = wait_for(lambda: texts_sent(app.fake, "+6282222222222"), what="an answer to the sticker")
        # Voice notes carry hoaxes too: fact-checkers listen to them, and the voter is told so.
        assert heard[0].startswith("Terima kasih sudah mengirim!")
        # The sticker's answer names what we cannot check, and must not say voice notes are among them.
        cannot_check = shown[0].split("🙏")[0]
        assert "stiker" in cannot_check and "suara" not in cannot_check
        with Session(app.engine) as session:
            tip = session.execute(select(Tip)).scalar_one()
            assert (tip.kind, tip.state) == ("audio", "queued")


def test_forwarded_photo_of_a_debunked_image_gets_the_verdict(db_settings: Settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.matching_images.synth import encode, photo
    from tipline.db import session_scope
    from tipline.debunks.records import DebunkRecord
    from tipline.matching.image_index import default_fetch, index_debunk_images

    (tmp_path / "images").mkdir()
    photo(7).save(tmp_path / "images" / "burning.png")
    content = db_settings.model_copy(update={"content_dir": tmp_path})
    burning = DebunkRecord(
        url="https://cekfakta.example/video-surat-suara-dibakar",
        claim_reviewed="Video surat suara pemilu 2024 dibakar seperti sampah",
        headline="[SALAH] Video surat suara dibakar",
        review_body="Video itu rekaman pemusnahan surat suara rusak yang sah menurut aturan KPU.",
        rating="SALAH",
        language="id",
        image_urls=["images/burning.png"],
    )
    with running_app(content) as app:
        [debunk_id] = seed(app.engine, burning)
        with session_scope(app.engine) as session:
            assert index_debunk_images(session, [debunk_id], default_fetch, settings=content) == []
        # The voter's copy went through WhatsApp: re-encoded as a smaller JPEG.
        app.fake.add_media("901", encode(photo(7).resize((640, 480)), "JPEG", quality=60), "image/jpeg")
        assert app.post(photo_delivery("901")).status_code == 200
        texts = wait_for(lambda: texts_sent(app.fake), what="a verdict for the photo")
        assert burning.url in texts[0]


def test_metrics_show_backlog_and_answers(db_settings: Settings) -> None:
    with running_app(db_settings) as app:
        seed(app.engine, BALLOTS)
        app.post(text_delivery(HOAX_FORWARD))
        wait_for(lambda: texts_sent(app.fake), what="the verdict")
        import httpx

        def scraped() -> str | None:
            body = httpx.get(app.url + "/metrics").text
            return body if 'tipline_outbox_sends_total{result="sent"}' in body else None

        body = wait_for(scraped, what="send counted")
        assert 'tipline_backlog{queue="deliveries"} 0.0' in body
        assert 'tipline_tips_total{kind="text",state="answered"}' in body
        assert 'tipline_webhook_deliveries_total{outcome="stored"}' in body
