"""The replies the pipeline queues, in the voter's language, composed by `replies.compose`."""

from __future__ import annotations

from sqlmodel import Session

from replies import compose
from replies.outbox import enqueue
from tipline.debunks.models import Debunk
from tipline.inbound.models import InboundMessage

REPLY_LANGUAGES = ("id", "en")


def reply_language(detected: str | None, known: str | None, default: str) -> str:
    for lang in (detected, known):
        if lang in REPLY_LANGUAGES:
            return lang
    # Javanese, Sundanese and Malay speakers read Indonesian.
    return default if default in REPLY_LANGUAGES else "id"


def send_verdict(session: Session, message: InboundMessage, debunk: Debunk, lang: str, *, key: str) -> None:
    assert message.voter_id is not None and message.id is not None
    body = compose.verdict_body(
        lang,
        rating=debunk.rating or "",
        claim=debunk.claim_reviewed,
        explanation=debunk.review_body or debunk.headline or "",
        source_url=debunk.url,
        reply_to_wamid=message.wamid,
    )
    enqueue(
        session,
        voter_id=message.voter_id,
        purpose="verdict",
        body=body,
        dedup_key=key,
        inbound_message_id=message.id,
    )


def send_text(session: Session, message: InboundMessage, lang: str, text_key: str, *, key: str) -> None:
    assert message.voter_id is not None and message.id is not None
    body = compose.text_body(lang, text_key, message.wamid)
    enqueue(
        session,
        voter_id=message.voter_id,
        purpose=text_key,
        body=body,
        dedup_key=key,
        inbound_message_id=message.id,
    )


def send_checking(session: Session, message: InboundMessage, lang: str, *, key: str) -> None:
    assert message.voter_id is not None and message.id is not None
    body = compose.checking_body(lang, message.wamid)
    enqueue(
        session,
        voter_id=message.voter_id,
        purpose="checking",
        body=body,
        dedup_key=key,
        inbound_message_id=message.id,
    )


def send_suggestions(
    session: Session, message: InboundMessage, debunks: list[Debunk], lang: str, *, key: str
) -> None:
    assert message.voter_id is not None and message.id is not None
    options = [(str(d.id), d.headline or d.claim_reviewed) for d in debunks]
    body = compose.suggest_body(lang, options, message.wamid)
    enqueue(
        session,
        voter_id=message.voter_id,
        purpose="suggest",
        body=body,
        dedup_key=key,
        inbound_message_id=message.id,
    )


def mark_read(session: Session, message: InboundMessage) -> None:
    assert message.voter_id is not None
    enqueue(
        session,
        voter_id=message.voter_id,
        purpose="mark_read",
        body={"messaging_product": "whatsapp", "status": "read", "message_id": message.wamid},
        dedup_key=f"read:{message.id}",
        inbound_message_id=message.id,
    )
