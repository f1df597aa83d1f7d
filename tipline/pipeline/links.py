"""Matching a message with what its links' pages say (as Check does with link previews)."""

from __future__ import annotations

from tipline.matching.service import MatcherService
from tipline.matching.types import MatchResult

DECISION_RANK = {"none": 0, "suggest": 1, "auto": 2}


def match_with_readings(
    matcher: MatcherService, text: str, readings: list[str], language_hint: str | None
) -> MatchResult:
    """The message alone, then with each reading of its links (a page's title, its description, where a
    short link led); the surest decision wins, the message alone on a tie."""
    best = matcher.match_text(text, language_hint=language_hint)
    for reading in readings:
        if best.decision == "auto":
            break
        result = matcher.match_text(f"{text}\n{reading}", language_hint=language_hint)
        if _sureness(result) > _sureness(best):
            best = result
    return best


def _sureness(result: MatchResult) -> tuple[int, float]:
    return DECISION_RANK.get(result.decision, 0), result.confidence or 0.0
