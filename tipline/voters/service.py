"""Find or create the voter behind a message, keyed on the business-scoped id when Meta gives one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from tipline.events import VoterRef
from tipline.settings import Settings
from tipline.voters.crypto import encrypt_phone, phone_hash
from tipline.voters.models import Voter


def _find(session: Session, settings: Settings, ref: VoterRef) -> Voter | None:
    if ref.bsuid:
        voter = session.execute(select(Voter).where(col(Voter.bsuid) == ref.bsuid)).scalars().first()
        if voter:
            return voter
    if ref.wa_id:
        hashed = phone_hash(settings, ref.wa_id)
        return session.execute(select(Voter).where(col(Voter.wa_id_hash) == hashed)).scalars().first()
    return None


def voter_key(settings: Settings, ref: VoterRef) -> str:
    if ref.bsuid:
        return ref.bsuid
    if ref.wa_id:
        return "wa:" + phone_hash(settings, ref.wa_id)
    raise ValueError("a message without any sender id")


def upsert_voter(session: Session, settings: Settings, ref: VoterRef, *, seen_at: datetime) -> Voter:
    """Idempotent; concurrent workers creating the same voter meet at the unique key."""
    voter = _find(session, settings, ref)
    if voter is None:
        voter = Voter(key=voter_key(settings, ref), first_seen_at=seen_at)
        try:
            with session.begin_nested():
                session.add(voter)
                session.flush()
        except IntegrityError:
            found = _find(session, settings, ref)
            if found is None:
                raise
            voter = found
    if ref.bsuid and not voter.bsuid:
        voter.bsuid = ref.bsuid
    if ref.wa_id:
        hashed = phone_hash(settings, ref.wa_id)
        if voter.wa_id_hash != hashed:
            # A number change (system message) or the first time Meta shows us the number.
            voter.wa_id_hash = hashed
            voter.wa_id_encrypted = encrypt_phone(settings, ref.wa_id)
    # A voter who writes to us is reachable again, whatever an old 131026 said.
    voter.unreachable = False
    if voter.last_inbound_at is None or seen_at > voter.last_inbound_at:
        voter.last_inbound_at = seen_at
    session.add(voter)
    return voter
