"""Changes to a tip's state made from outside the pipeline's own flow."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, col

from tipline.tips.models import Tip, TipState


def wait_again(session: Session, inbound_message_id: int) -> bool:
    """The verdict sent for this tip, at once or after it waited, never reached the voter (Meta refused it for
    good: the window closed before it went out and there was no template, the template was rejected, the
    voter cannot be reached). The tip is not answered: it waits again, for fact-checkers and for the voter's
    next message, which reopens the window. True when the tip was answered and now waits."""
    query = select(Tip).where(col(Tip.inbound_message_id) == inbound_message_id)
    tip = session.execute(query).scalars().first()
    if tip is None or tip.state != TipState.ANSWERED:
        return False
    tip.state, tip.answered_at = TipState.QUEUED, None
    session.add(tip)
    return True
