"""The replies the pipeline queues, in the voter's language, composed by `replies.compose`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, exists, select
from sqlmodel import Session, col

from replies import compose, templates
from replies.models import OutboxMessage, OutboxState
from replies.outbox import FOLLOW_UP, VERDICT, enqueue
from tipline.debunks.models import Debunk
from tipline.inbound.models import InboundMessage
from tipline.matching.headlines import claim_of_headline
from tipline.pipeline.reach import template_language
from tipline.settings import Settings

REPLY_LANGUAGES = ("id", "en")
READ_INDONESIAN = ("id", "jv", "su", "ms")


def reply_language(detected: str | None, known: str | None, default: str) -> str:
    for lang in (detected, known):
        if lang in REPLY_LANGUAGES:
            return lang
    # Javanese, Sundanese and Malay speakers read Indonesian; a newcomer writing Chinese, Arabic or Hindi
    # (told apart by their script) more likely reads English than Indonesian.
    if detected and detected not in READ_INDONESIAN and "en" in REPLY_LANGUAGES:
        return "en"
    return default if default in REPLY_LANGUAGES else "id"


def _queue(
    session: Session,
    message: InboundMessage,
    purpose: str,
    body: dict[str, Any],
    key: str,
    fallback: dict[str, Any] | None = None,
    again_if_failed: bool = False,
    tip_message_id: int | None = None,
) -> None:
    assert message.voter_id is not None and message.id is not None
    enqueue(
        session,
        voter_id=message.voter_id,
        purpose=purpose,
        body=body,
        dedup_key=key,
        inbound_message_id=tip_message_id or message.id,
        fallback_body=fallback,
        again_if_failed=again_if_failed,
    )


def _reply_key(message: InboundMessage) -> str:
    # One answer per voter message: a retried job meets this key and sends nothing new.
    return f"reply:{message.id}"


def _verdict_body(
    message: InboundMessage, debunk: Debunk, lang: str, intro_key: str = "verdict_intro"
) -> dict[str, Any]:
    return compose.verdict_body(
        lang,
        rating=debunk.rating or "",
        claim=debunk.claim_reviewed,
        explanation=debunk.review_body or debunk.headline or "",
        source_url=debunk.url,
        reply_to_wamid=message.wamid,
        intro_key=intro_key,
    )


def send_verdict(
    session: Session, message: InboundMessage, debunk: Debunk, lang: str, *, tip_message_id: int | None = None
) -> None:
    """The verdict as the reply to `message`: the tip itself, or a tap on a suggestion for the tip sent as
    `tip_message_id` (the row names the tip, so a verdict Meta refuses leaves that tip waiting)."""
    body = _verdict_body(message, debunk, lang)
    _queue(session, message, VERDICT, body, _reply_key(message), tip_message_id=tip_message_id)


def has_refused_verdict(tip_message_id: Any) -> ColumnElement[bool]:
    """SQL for: a verdict given for the tip sent as `tip_message_id` was refused by Meta for good."""
    return exists().where(
        col(OutboxMessage.inbound_message_id) == tip_message_id,
        col(OutboxMessage.purpose) == VERDICT,
        col(OutboxMessage.state) == OutboxState.FAILED,
    )


def verdict_refused(session: Session, tip_message_id: int) -> bool:
    """Whether the tip's last verdict (given at once, or on a tapped suggestion) failed for good."""
    query = (
        select(col(OutboxMessage.state))
        .where(col(OutboxMessage.inbound_message_id) == tip_message_id, col(OutboxMessage.purpose) == VERDICT)
        .order_by(col(OutboxMessage.id).desc())
    )
    return session.execute(query).scalars().first() == OutboxState.FAILED


def verdict_template(
    message: InboundMessage, debunk: Debunk, lang: str, settings: Settings
) -> dict[str, Any]:
    """The verdict as the approved template, for a voter whose 24-hour window has closed."""
    code = template_language(settings, lang)
    words = code if code in REPLY_LANGUAGES else lang  # the verdict and the month in the template's language
    return templates.verdict_template_body(
        settings.follow_up_template,
        code,
        words,
        rating=debunk.rating or "",
        claim=debunk.claim_reviewed or debunk.headline,
        source_url=debunk.url,
        asked=templates.asked_on(message.sent_at or message.received_at, words, settings.timezone),
    )


def send_follow_up(
    session: Session,
    message: InboundMessage,
    debunk: Debunk,
    lang: str,
    *,
    free_form: bool = True,
    template: dict[str, Any] | None = None,
) -> None:
    """The verdict for a tip that waited, once per tip: a reply quoting the voter's message while their window
    is open (`template` is sent instead if Meta says it has closed by then), else the `template` alone."""
    body = _verdict_body(message, debunk, lang, "verdict_intro_follow_up") if free_form else template
    assert body is not None, "a follow-up outside the window needs its template"
    fallback = template if free_form else None
    # One per tip; one Meta refused for good left the tip waiting, and it may be sent again (`wait_again`).
    _queue(session, message, FOLLOW_UP, body, f"follow-up:{message.id}", fallback, again_if_failed=True)


def send_text(session: Session, message: InboundMessage, lang: str, text_key: str) -> None:
    _queue(session, message, text_key, compose.text_body(lang, text_key, message.wamid), _reply_key(message))


def send_checking(
    session: Session, message: InboundMessage, lang: str, *, offer_notify: bool = False
) -> None:
    body = compose.checking_body(lang, message.wamid, offer_notify=offer_notify)
    _queue(session, message, "checking", body, _reply_key(message))


def send_suggestions(session: Session, message: InboundMessage, debunks: list[Debunk], lang: str) -> None:
    # The claim, not the fact-checker's label: a list row's title holds 24 characters, and "[HOAKS atau
    # FAKTA]: ..." filled them with nothing the voter could choose by.
    titles = [claim_of_headline(d.headline) if d.headline else d.claim_reviewed for d in debunks]
    options = [(str(d.id), title[:1].upper() + title[1:]) for d, title in zip(debunks, titles, strict=True)]
    _queue(
        session, message, "suggest", compose.suggest_body(lang, options, message.wamid), _reply_key(message)
    )


def mark_read(session: Session, message: InboundMessage) -> None:
    _queue(session, message, "mark_read", compose.mark_read_body(message.wamid), f"read:{message.id}")
