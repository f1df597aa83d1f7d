"""How a voter can be reached now: any message inside WhatsApp's 24-hour customer-service window, after it
only an approved template, and that only to a voter who asked for it ("notify me")."""

from __future__ import annotations

from datetime import datetime, timedelta

from tipline.settings import Settings
from tipline.voters.models import Voter

# The window opens (or starts again) with each message from the voter.
CUSTOMER_SERVICE_WINDOW = timedelta(hours=24)


def in_window(voter: Voter, now: datetime) -> bool:
    return voter.last_inbound_at is not None and voter.last_inbound_at >= now - CUSTOMER_SERVICE_WINDOW


def offers_template(settings: Settings) -> bool:
    """Whether answers after the window can be sent at all (an approved template is configured)."""
    return bool(settings.follow_up_template.strip())


def wants_answers_after_window(voter: Voter) -> bool:
    """The voter tapped "notify me", and has not sent "stop" since."""
    consent = voter.follow_up_consent_at
    return consent is not None and (voter.opted_out_at is None or consent > voter.opted_out_at)


def template_language(settings: Settings, lang: str) -> str:
    """The template's language for a reply in `lang`: itself when Meta approved the template in it."""
    approved = [code.strip() for code in settings.follow_up_template_languages.split(",") if code.strip()]
    if lang in approved or not approved:
        return lang
    return approved[0]
