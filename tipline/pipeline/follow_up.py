"""Tips waiting for an answer, answered when a fact-check published later settles them.

The voter was told "we will tell you here when there is a result". When debunks change (an import, an edit),
each text or photo tip still queued (or offered suggestions nobody picked) is matched again (a photo by its
stored PDQ hashes, then by the words read from it); one the matchers now answer at once with a debunk
published or changed since the tip arrived gets that verdict, as a reply to the voter's own message, or, once
the voter's 24-hour window has closed, as the approved template if they tapped "notify me". A tip whose
verdict (given at once, or on a tapped suggestion) Meta refused for good waits again and gets that verdict the
same way.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from tipline.debunks.models import Debunk
from tipline.inbound.models import InboundMessage
from tipline.jobs import claim_ids
from tipline.matching.image_index import ImageMatcher
from tipline.matching.media import debunk_for_stored_hashes
from tipline.matching.service import MatcherService
from tipline.pipeline import answers
from tipline.pipeline.links import match_with_readings
from tipline.pipeline.metrics import TIPS
from tipline.pipeline.reach import in_window, offers_template, wants_answers_after_window
from tipline.settings import Settings
from tipline.tips.models import Tip, TipState
from tipline.voters.models import Voter

log = logging.getLogger(__name__)

# A week-old tip is still worth its answer to a voter who is writing to us again; an older one less so.
FOLLOW_UP_MAX_AGE = timedelta(days=7)
# Queued for fact-checkers, or offered suggestions the voter has not picked from: both still wait.
WAITING = (TipState.QUEUED, TipState.SUGGESTED)
# Texts, photos, and videos or documents by their caption (what the voter says they show).
FOLLOWED_KINDS = ("text", "image", "video", "document")


def _waiting(now: datetime, latest: datetime) -> list[ColumnElement[bool]]:
    """Waiting text and photo tips of the last week that arrived before the debunk change `latest`, or whose
    verdict at once never reached the voter."""
    return [
        col(Tip.state).in_(WAITING),
        col(Tip.kind).in_(FOLLOWED_KINDS),
        or_(
            col(Tip.text).is_not(None),
            col(Tip.normalized_text).is_not(None),
            col(Tip.image_hashes).is_not(None),
        ),
        col(Tip.created_at) >= now - FOLLOW_UP_MAX_AGE,
        or_(col(Tip.created_at) < latest, answers.has_refused_verdict(col(Tip.inbound_message_id))),
    ]


def _undelivered_verdict(session: Session, tip: Tip) -> Debunk | None:
    """The debunk of the tip's verdict (given at once, or on a tapped suggestion) that Meta refused for good
    (`wait_again`): the voter has not seen it, so it is news to them however old it is."""
    if tip.top_debunk_id is None or not answers.verdict_refused(session, tip.inbound_message_id):
        return None
    return session.get(Debunk, tip.top_debunk_id)


def voters_tips_to_follow_up(session: Session, now: datetime, voter_id: int, besides: int) -> list[int]:
    """One voter's waiting tips (not the message `besides`), for when they write again."""
    latest = session.execute(select(func.max(col(Debunk.updated_at)))).scalar_one()
    if latest is None:
        return []
    query = select(col(Tip.id)).where(
        *_waiting(now, latest), col(Tip.voter_id) == voter_id, col(Tip.inbound_message_id) != besides
    )
    return [int(tip_id) for tip_id in session.execute(query.order_by(col(Tip.id))).scalars()]


def _unchecked(through: datetime) -> ColumnElement[bool]:
    checked = col(Tip.follow_up_checked_through)
    return or_(checked.is_(None), checked < through)


def claim_tips_to_follow_up(
    engine: Engine, now: datetime, through: datetime, limit: int, lease_seconds: float
) -> list[int]:
    """Lease up to `limit` waiting tips not yet matched against the debunks as of `through`. A worker marks
    each as matched (`mark_followed_up`) in the transaction that answers it; one that dies mid-batch leaves
    its tips to be claimed again when the lease runs out."""
    ready = and_(*_waiting(now, through), _unchecked(through))
    return claim_ids(engine, Tip, ready=ready, now=now, lease_seconds=lease_seconds, limit=limit)


def mark_followed_up(session: Session, tip_id: int, through: datetime) -> None:
    """This tip was matched against the debunks as of `through`: not again for this change."""
    session.execute(
        update(Tip).where(col(Tip.id) == tip_id).values(follow_up_checked_through=through, leased_until=None)
    )


def any_left_to_follow_up(engine: Engine, now: datetime, through: datetime) -> bool:
    """Whether some waiting tip is still to be matched for this change (claimed by a worker or not)."""
    with Session(engine) as session:
        query = select(col(Tip.id)).where(*_waiting(now, through), _unchecked(through)).limit(1)
        return session.execute(query).first() is not None


def follow_up_tip(
    session: Session,
    matcher: MatcherService,
    settings: Settings,
    tip_id: int,
    now: datetime,
    image_matcher: ImageMatcher | None = None,
) -> bool:
    """Answer one waiting tip if a newer debunk now settles it; True when a verdict was queued.
    `image_matcher` should hold the debunk images as of the change being followed up."""
    tip = session.get(Tip, tip_id)
    if tip is None or tip.state not in WAITING or tip.voter_id is None:
        return False
    voter = session.get(Voter, tip.voter_id)
    message = session.get(InboundMessage, tip.inbound_message_id)
    if voter is None or voter.unreachable or message is None:
        return False
    # Past WhatsApp's 24-hour window only an approved template reaches the voter, and only one who asked.
    open_window = in_window(voter, now)
    by_template = offers_template(settings) and wants_answers_after_window(voter)
    if not open_window and not by_template:
        return False
    if voter.opted_out_at is not None and voter.opted_out_at > tip.created_at:
        return False  # "stop" after this tip (a tip sent after it asks again)
    debunk_id = _answering_debunk(tip, matcher, image_matcher, settings, voter.language)
    debunk = session.get(Debunk, debunk_id) if debunk_id is not None else None
    # Debunks older than the tip were weighed when it came in (the voter may have said "none of these").
    if debunk is None or debunk.updated_at <= tip.created_at:
        debunk = _undelivered_verdict(session, tip)
    if debunk is None:
        return False
    tip.state, tip.top_debunk_id, tip.answered_at = TipState.ANSWERED, debunk.id, now
    session.add(tip)
    lang = answers.reply_language(tip.language, voter.language, settings.default_language)
    template = answers.verdict_template(message, debunk, lang, settings) if by_template else None
    answers.send_follow_up(session, message, debunk, lang, free_form=open_window, template=template)
    TIPS.labels(tip.kind, "answered_later").inc()
    log.info("tip %s answered by debunk %s published after it", tip.id, debunk.id)
    return True


def _answering_debunk(
    tip: Tip,
    matcher: MatcherService,
    image_matcher: ImageMatcher | None,
    settings: Settings,
    language: str | None,
) -> int | None:
    """The debunk the matchers now answer this tip with at once: a photo by its picture first, then by the
    words read from it (and its caption) as normalised when it came in; a text by its text."""
    if tip.kind == "image" and tip.image_hashes and image_matcher is not None:
        by_picture = debunk_for_stored_hashes(
            tip.image_hashes, tip.image_quality or 0, image_matcher, settings
        )
        if by_picture is not None:
            return by_picture
    text = tip.normalized_text if tip.kind == "image" else tip.text
    if not text:
        return None
    readings = (tip.link_text or "").splitlines() if tip.kind != "image" else []
    result = match_with_readings(matcher, text, readings, language)
    return result.candidates[0].debunk_id if result.decision == "auto" and result.candidates else None
