"""A bare link is answered by what its page claims, now or when a fact-check for it is published."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from replies.models import OutboxMessage
from tests.pages import html_page, serving_pages
from tests.tipline.helpers import BALLOTS, seed, text_delivery
from tipline.db import session_scope, utcnow
from tipline.deliveries.models import WebhookDelivery
from tipline.settings import Settings
from tipline.simulator import voter_payloads as vp
from tipline.tips.models import Tip
from tipline.worker import Worker

PAGES = {
    "/s/Xy12": (302, "/berita/kontainer-surat-suara?utm_source=whatsapp", b""),
    "/berita/kontainer-surat-suara": (
        200,
        "text/html; charset=utf-8",
        # As a hoax site's article head usually is: its headline, and its first lines restating it.
        html_page(
            "VIRAL! Tujuh kontainer surat suara sudah dicoblos ditemukan di Tanjung Priok",
            BALLOTS.claim_reviewed + ". Sebarkan sebelum dihapus!",
        ),
    ),
}


def _previewing(settings: Settings) -> Settings:
    # The pages are served on this machine, which link previews otherwise refuse to open.
    return settings.model_copy(update={"match_link_previews": True, "link_preview_allow_private": True})


def _voter_sends(engine: Engine, worker: Worker, text: str) -> Tip:
    with session_scope(engine) as session:
        session.add(WebhookDelivery(received_at=utcnow(), body=vp.to_bytes(text_delivery(text))))
    worker.step()
    with Session(engine) as session:
        return session.execute(select(Tip).order_by(Tip.id.desc())).scalars().first()  # type: ignore[union-attr]


def _replies(engine: Engine) -> list[OutboxMessage]:
    with Session(engine) as session:
        return list(session.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars())


def test_a_bare_short_link_gets_the_verdict_on_the_claim_its_page_makes(
    engine: Engine, db_settings: Settings
) -> None:
    seed(engine, BALLOTS)
    with serving_pages(PAGES) as (base, _):
        link = f"{base}/s/Xy12"
        without = _voter_sends(engine, Worker.build(db_settings, engine=engine), link)
        assert without.state == "queued"  # the link alone says nothing
        tip = _voter_sends(engine, Worker.build(_previewing(db_settings), engine=engine), f"{link} benarkah?")
    assert (tip.state, tip.decision) == ("answered", "auto")
    assert tip.link_text is not None and "Tujuh kontainer" in tip.link_text
    verdict = _replies(engine)[-1]
    assert verdict.purpose == "verdict" and BALLOTS.url in verdict.body["text"]["body"]


def test_a_link_queued_for_fact_checkers_is_answered_when_its_claim_is_debunked(
    engine: Engine, db_settings: Settings
) -> None:
    worker = Worker.build(_previewing(db_settings), engine=engine)
    with serving_pages(PAGES) as (base, requested):
        tip = _voter_sends(engine, worker, f"{base}/s/Xy12")
        assert tip.state == "queued" and len(requested) == 2  # the short link, then the page
    seed(engine, BALLOTS)
    worker.step()  # the page is not opened again: what it said was kept with the tip
    follow_up = _replies(engine)[-1]
    assert follow_up.purpose == "follow_up" and BALLOTS.url in follow_up.body["text"]["body"]


def test_a_short_link_to_a_page_a_debunk_names_gets_that_debunk(
    engine: Engine, db_settings: Settings
) -> None:
    with serving_pages(PAGES) as (base, _):
        # The fact-check lists the hoax page among the claim's appearances; the voter has only a short link.
        page = f"{base}/berita/kontainer-surat-suara"
        raw = {"itemReviewed": {"appearance": [{"@type": "CreativeWork", "url": page}]}}
        [debunk_id] = seed(
            engine, replace(BALLOTS, claim_reviewed="Kontainer", headline="Kontainer", raw=raw)
        )
        tip = _voter_sends(engine, Worker.build(_previewing(db_settings), engine=engine), f"{base}/s/Xy12")
    assert (tip.state, tip.top_debunk_id) == ("answered", debunk_id)
