"""Handle one stored voter message. Runs inside the worker's transaction; every step is idempotent."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from replies.errors import ErrorAction, GraphError, MediaDownloadError
from tipline.db import utcnow
from tipline.debunks.models import Debunk
from tipline.inbound.models import InboundMessage
from tipline.jobs import insert_ignore
from tipline.matching.image_index import LiveImageMatcher
from tipline.matching.links import LinkPreviewer
from tipline.matching.media import match_image
from tipline.matching.normalize import is_greeting as is_greeting_words
from tipline.matching.normalize import normalize
from tipline.matching.questions import is_question_only
from tipline.matching.service import MatcherService
from tipline.matching.types import MatchResult
from tipline.pipeline import answers
from tipline.pipeline.choices import handle_choice
from tipline.pipeline.follow_up import follow_up_tip, voters_tips_to_follow_up
from tipline.pipeline.links import match_with_readings
from tipline.pipeline.media_fetch import MediaFetcher
from tipline.pipeline.menu import OPTED_OUT, menu_request
from tipline.pipeline.metrics import TIPS
from tipline.pipeline.reach import offers_template, wants_answers_after_window
from tipline.settings import Settings
from tipline.tips.models import Tip, TipState
from tipline.voters.models import Voter

log = logging.getLogger(__name__)

MEDIA_TYPES = {"image", "video", "document"}
# How long after a tip a message that is only a question ("bener gak min?") is taken to be about it.
QUESTION_ABOUT_LAST_TIP = timedelta(minutes=10)
# Things a voter can send that carry no claim for us to check, and need no answer.
SILENT_TYPES = {"reaction", "system", "revoke"}
CHOICE_TYPES = {"interactive", "button"}


def is_greeting(text: str) -> bool:
    """Greetings, thanks, reactions or nothing but emoji (content/matching/greetings.txt): not a claim.

    One list with the matcher's: the pipeline's own shorter one let "halo min" through to the fact-checkers'
    queue."""
    norm = normalize(text)
    return not norm.urls and is_greeting_words(norm.words)


def _still_stored(session: Session, result: MatchResult) -> tuple[MatchResult, list[Debunk]]:
    """The candidates whose debunk is still stored, and those debunks. The matcher can predate a debunk's
    removal (by one reload, or a rebuild in the background): then what it chose is gone, and no verdict goes
    out at once under another debunk's name; the tip goes to the fact-checkers."""
    found = [session.get(Debunk, c.debunk_id) for c in result.candidates]
    debunks = [d for d in found if d is not None]
    if len(debunks) == len(found):
        return result, debunks
    kept = [c for c, d in zip(result.candidates, found, strict=True) if d is not None]
    decision = "none" if result.decision == "auto" or not kept else result.decision
    return replace(result, candidates=kept, decision=decision), debunks


def distinct_claims(debunks: list[Debunk]) -> list[Debunk]:
    """One row per claim: the same hoax debunked again (or by another fact-checker, with the same words)
    would fill the voter's three choices with one answer."""
    seen: set[str] = set()
    out = []
    for debunk in debunks:
        keys = {normalize(text).text for text in (debunk.headline, debunk.claim_reviewed) if text}
        if not keys & seen:
            out.append(debunk)
        seen |= keys
    return out


class Pipeline:
    def __init__(
        self,
        settings: Settings,
        matcher: MatcherService,
        *,
        images: LiveImageMatcher | None = None,
        fetch_media: MediaFetcher | None = None,
        links: LinkPreviewer | None = None,
    ) -> None:
        self.settings = settings
        self.matcher = matcher
        self.images = images
        self.fetch_media = fetch_media
        self.links = links

    def handle(self, session: Session, message: InboundMessage) -> None:
        if message.voter_id is None or message.type in SILENT_TYPES:
            return
        voter = session.get(Voter, message.voter_id)
        if voter is None or voter.unreachable:
            return
        answers.mark_read(session, message) if self.settings.mark_incoming_as_read else None
        kind = message.type
        data: dict[str, Any] = (message.payload or {}).get("data") or {}
        if kind in CHOICE_TYPES:
            consent = self._may_ask_consent(voter)
            default = self.settings.default_language
            handle_choice(session, message, voter, data, default, may_ask_consent=consent)
        elif kind == "request_welcome":
            answers.send_text(session, message, self._lang(None, voter), "greeting")
        elif kind == "image" and self.images is not None and self.fetch_media is not None:
            self._handle_image(session, message, voter)
        elif message.text and message.text.strip():
            self._handle_text(session, message, voter, kind)
        elif kind in MEDIA_TYPES or kind == "audio":
            self._queue_tip(session, message, voter, kind, None)
        else:
            lang = self._lang(None, voter)
            answers.send_text(session, message, lang, "unsupported_type")
        self._follow_up_voter(session, voter, message)

    def _follow_up_voter(self, session: Session, voter: Voter, message: InboundMessage) -> None:
        """A voter writing again reopens WhatsApp's 24-hour window: their earlier tips that a debunk published
        while it was closed now answers get that verdict too."""
        now = utcnow()
        assert voter.id is not None and message.id is not None
        tip_ids = voters_tips_to_follow_up(session, now, voter.id, message.id)
        images = self.images.current(fresh=True) if tip_ids and self.images else None
        for tip_id in tip_ids:
            try:
                follow_up_tip(session, self.matcher, self.settings, tip_id, now, images)
            except Exception:  # the new message's own answer must not wait on an old tip's
                log.exception("tip %s could not be followed up", tip_id)

    def queue_for_people(self, session: Session, message: InboundMessage) -> None:
        """A tip the worker gave up on (matcher or photo kept failing) goes to the fact-checkers unmatched."""
        if message.voter_id is None or message.type in SILENT_TYPES | CHOICE_TYPES | {"request_welcome"}:
            return
        voter = session.get(Voter, message.voter_id)
        if voter is not None and not voter.unreachable:
            self._queue_tip(session, message, voter, message.type, None)

    def _lang(self, detected: str | None, voter: Voter) -> str:
        return answers.reply_language(detected, voter.language, self.settings.default_language)

    def _handle_text(self, session: Session, message: InboundMessage, voter: Voter, kind: str) -> None:
        text = message.text or ""
        asked = menu_request(text) if kind == "text" else None
        if asked is not None:
            default = asked.language or self.settings.default_language
            lang = answers.reply_language(None, voter.language, default)
            answers.send_text(session, message, lang, asked.reply_key)
            if asked.reply_key == OPTED_OUT:
                voter.opted_out_at = utcnow()
                session.add(voter)
            return
        if kind == "text" and is_greeting(text):
            answers.send_text(session, message, self._lang(None, voter), "greeting")
            return
        if kind == "text" and is_question_only(text):
            # "Min, ini bener gak?" is no claim for the fact-checkers. Typed after a tip, it asks about that
            # tip, which has its answer; before any, the greeting tells the voter to forward the message.
            if not self._tipped_since(session, voter, utcnow() - QUESTION_ABOUT_LAST_TIP):
                answers.send_text(session, message, self._lang(None, voter), "greeting")
            return
        result = self.matcher.match_text(text, language_hint=voter.language)
        readings: list[str] = []
        if result.decision != "auto" and self.links is not None:
            # A link no debunk answers at once is opened; what its page says is kept for follow-ups too.
            readings = self.links.readings(text)
            if readings:
                result = match_with_readings(self.matcher, text, readings, voter.language)
        self._answer(session, message, voter, result, kind, link_text="\n".join(readings) or None)

    def _handle_image(self, session: Session, message: InboundMessage, voter: Voter) -> None:
        assert self.images is not None and self.fetch_media is not None
        try:
            data = self.fetch_media((message.payload or {}).get("media") or {})
        except (GraphError, MediaDownloadError) as exc:
            if isinstance(exc, GraphError) and exc.action == ErrorAction.RETRY:
                raise  # Meta is briefly unavailable: the worker tries this message again later
            log.warning("photo of message %s could not be fetched (%s); queued for people", message.id, exc)
            self._queue_tip(session, message, voter, "image", None)
            return
        result = match_image(
            data,
            caption=message.text,
            image_matcher=self.images.current(),
            text_matcher=self.matcher,
            language_hint=voter.language,
            settings=self.settings,
        )
        self._answer(session, message, voter, result, "image")

    def _answer(
        self,
        session: Session,
        message: InboundMessage,
        voter: Voter,
        result: MatchResult,
        kind: str,
        *,
        link_text: str | None = None,
    ) -> None:
        if result.language in answers.REPLY_LANGUAGES:
            voter.language = result.language
            session.add(voter)
        lang = self._lang(result.language, voter)
        result, debunks = _still_stored(session, result)
        if result.decision == "auto" and debunks:
            self._record_tip(
                session, message, voter, result, TipState.ANSWERED, kind=kind, link_text=link_text
            )
            answers.send_verdict(session, message, debunks[0], lang)
        elif result.decision == "suggest" and debunks:
            self._record_tip(
                session, message, voter, result, TipState.SUGGESTED, kind=kind, link_text=link_text
            )
            answers.send_suggestions(session, message, distinct_claims(debunks)[:3], lang)
        else:
            self._queue_tip(session, message, voter, kind, result, link_text=link_text)

    def _queue_tip(
        self,
        session: Session,
        message: InboundMessage,
        voter: Voter,
        kind: str,
        result: MatchResult | None,
        *,
        link_text: str | None = None,
    ) -> None:
        self._record_tip(session, message, voter, result, TipState.QUEUED, kind=kind, link_text=link_text)
        lang = self._lang(result.language if result else None, voter)
        answers.send_checking(session, message, lang, offer_notify=self._may_ask_consent(voter))

    def _tipped_since(self, session: Session, voter: Voter, since: datetime) -> bool:
        query = select(col(Tip.id)).where(col(Tip.voter_id) == voter.id, col(Tip.created_at) >= since)
        return session.execute(query.limit(1)).first() is not None

    def _may_ask_consent(self, voter: Voter) -> bool:
        """Offer "notify me" where answers can come after the 24-hour window, to a voter not yet asking."""
        return offers_template(self.settings) and not wants_answers_after_window(voter)

    def _record_tip(
        self,
        session: Session,
        message: InboundMessage,
        voter: Voter,
        result: MatchResult | None,
        state: str,
        *,
        kind: str,
        link_text: str | None = None,
    ) -> None:
        TIPS.labels(kind, state).inc()
        now = utcnow()
        candidates = (
            [{"debunk_id": c.debunk_id, "url": c.url, "score": c.score} for c in result.candidates]
            if result
            else []
        )
        insert_ignore(
            session,
            Tip,
            {
                "inbound_message_id": message.id,
                "voter_id": voter.id,
                "kind": kind[:16],
                "text": message.text,
                "normalized_text": result.normalized_text if result else None,
                "language": result.language if result else None,
                "viral": message.frequently_forwarded,
                "decision": result.decision if result else "none",
                "top_debunk_id": result.candidates[0].debunk_id if result and result.candidates else None,
                "top_score": result.candidates[0].score if result and result.candidates else None,
                "candidates": candidates,
                "image_hashes": list(result.image_hashes) if result and result.image_hashes else None,
                "image_quality": result.image_quality if result and result.image_hashes else None,
                "link_text": link_text,
                "state": state,
                "created_at": now,
                "answered_at": now if state == TipState.ANSWERED else None,
            },
            ["inbound_message_id"],
        )
