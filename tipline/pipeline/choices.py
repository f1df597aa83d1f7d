"""A voter's tap on a button or list row we sent: a suggestion picked, "none of these", or "notify me"."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from replies import compose
from replies.models import OutboxMessage
from tipline.db import utcnow
from tipline.debunks.models import Debunk
from tipline.inbound.models import InboundMessage
from tipline.pipeline import answers
from tipline.tips.models import Tip, TipState
from tipline.voters.models import Voter


def handle_choice(
    session: Session,
    message: InboundMessage,
    voter: Voter,
    data: dict[str, Any],
    default_language: str,
    *,
    may_ask_consent: bool,
) -> None:
    """A tap on a suggestion (answer it, or queue the original tip) or on "notify me" (the consent)."""
    reply_id = str(data.get("id") or data.get("payload") or "")
    picked = compose.parse_suggestion_reply(reply_id)
    tip = tip_replied_to(session, message)
    lang = answers.reply_language(tip.language if tip else None, voter.language, default_language)
    if reply_id == compose.NOTIFY_ME:
        voter.follow_up_consent_at = utcnow()
        session.add(voter)
        answers.send_text(session, message, lang, "notify_confirmed")
        return
    if picked is not None and picked.isdigit():
        debunk = session.get(Debunk, int(picked))
        if debunk is not None:
            if tip is not None:
                tip.state, tip.top_debunk_id, tip.answered_at = TipState.ANSWERED, debunk.id, utcnow()
                session.add(tip)
            tip_message_id = tip.inbound_message_id if tip is not None else None
            answers.send_verdict(session, message, debunk, lang, tip_message_id=tip_message_id)
            return
    if tip is not None and tip.state == TipState.SUGGESTED:
        tip.state = TipState.QUEUED
        session.add(tip)
        answers.send_checking(session, message, lang, offer_notify=may_ask_consent)
        return
    answers.send_text(session, message, lang, "greeting")


def tip_replied_to(session: Session, message: InboundMessage) -> Tip | None:
    """The tip whose reply (suggestions, "we are checking", a verdict) the voter's message answers."""
    if not message.reply_to_wamid:
        return None
    query = select(OutboxMessage).where(col(OutboxMessage.graph_message_id) == message.reply_to_wamid)
    outbox = session.execute(query).scalars().first()
    if outbox is None or outbox.inbound_message_id is None:
        return None
    return (
        session.execute(select(Tip).where(col(Tip.inbound_message_id) == outbox.inbound_message_id))
        .scalars()
        .first()
    )
