"""Matching a message with what its links' pages say (as Check does with link previews)."""

from __future__ import annotations

from tipline.matching.service import MatcherService
from tipline.matching.types import MatchResult

DECISION_RANK = {"none": 0, "suggest": 1, "auto": 2}


def match_with_readings(
    matcher: MatcherService, text: str, readings: list[str], language_hint: str | None
) -> tuple[MatchResult, str | None]:
    """The message alone, then with each reading of its links (a page's title, its description, where a
    short link led); the surest decision wins, the message alone on a tie. Returns it and the reading used."""
    best, used = matcher.match_text(text, language_hint=language_hint), None
    for reading in readings:
        if best.decision == "auto":
            break
        result = matcher.match_text(f"{text}\n{reading}", language_hint=language_hint)
        if _sureness(result) > _sureness(best):
            best, used = result, reading
    return best, used


def _sureness(result: MatchResult) -> tuple[int, float]:
    return DECISION_RANK.get(result.decision, 0), result.confidence or 0.0
