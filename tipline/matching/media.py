"""Match a voter's image: its PDQ hash against debunk images first, then the text in it (and its caption).

Why PDQ decides alone only when the image has detail (quality) and the distance is small: flat images
(a plain background with a few words) hash alike whatever their words say, so for those the text decides.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import date

from tipline.db import utcnow
from tipline.matching.image_index import ImageMatcher
from tipline.matching.images import ImageUnreadable, pdq_hash_dihedral
from tipline.matching.normalize import normalize
from tipline.matching.ocr import OcrFailed, OcrUnavailable, read_text
from tipline.matching.service import MatcherService
from tipline.matching.types import Candidate, MatchResult
from tipline.settings import Settings

log = logging.getLogger(__name__)

MAX_CANDIDATES = 5
# OCR of a photo with no text yields a few stray letters; fewer real words than this is "no text".
MIN_OCR_WORDS = 3
UNRELATED_DISTANCE = 128  # expected Hamming distance between two unrelated PDQ hashes


def pdq_score(distance: int) -> float:
    return round(max(0.0, 1.0 - distance / UNRELATED_DISTANCE), 4)


def _word_count(text: str) -> int:
    return sum(1 for word in text.split() if sum(ch.isalpha() for ch in word) >= 2)


def _pdq_candidates(matches: list[tuple[int, int]], matcher: ImageMatcher) -> list[Candidate]:
    return [
        Candidate(debunk_id=d, url=matcher.urls.get(d, ""), score=pdq_score(distance))
        for d, distance in matches[:MAX_CANDIDATES]
    ]


def _too_old(published: date | None, settings: Settings) -> bool:
    """The text matcher's safeguard, kept for images: an old debunk is suggested, never asserted."""
    return published is not None and (utcnow().date() - published).days > settings.match_max_auto_age_days


def ocr_text(data: bytes, settings: Settings) -> str:
    """Text in the image; '' when there is none or OCR cannot run (logged: the tip still reaches humans)."""
    try:
        text = read_text(data, settings.ocr_languages, timeout_seconds=settings.ocr_timeout_seconds)
    except (OcrUnavailable, OcrFailed) as exc:
        log.warning("image OCR skipped: %s", exc)
        return ""
    return text if _word_count(text) >= MIN_OCR_WORDS else ""


def match_image(
    data: bytes,
    *,
    caption: str | None,
    image_matcher: ImageMatcher,
    text_matcher: MatcherService,
    language_hint: str | None,
    settings: Settings | None = None,
) -> MatchResult:
    """Decide on an image. `reason` starts with the path that decided: "pdq", "ocr", "caption" or "none",
    followed by ":detail" when there is one ("pdq:low_quality", "ocr:old_debunk", "none:unreadable", ...).
    """
    settings = settings or text_matcher.settings
    caption = (caption or "").strip()
    readable = True
    pdq_matches: list[tuple[int, int]] = []
    hashes: list[str] = []
    quality = 0
    try:
        hashes, quality = pdq_hash_dihedral(data)  # as sent, turned or mirrored
        limit = max(image_matcher.max_distance, settings.match_pdq_auto_distance)
        pdq_matches = image_matcher.match_hashes(hashes, limit)
    except ImageUnreadable as exc:
        log.info("voter image unreadable: %s", exc)
        readable = False
    if _pdq_decides(pdq_matches, quality, image_matcher, settings):
        return MatchResult(
            decision="auto",
            candidates=_pdq_candidates(pdq_matches, image_matcher),
            normalized_text=normalize(caption).text if caption else "",
            language=language_hint,
            reason="pdq",
            confidence=None,
            image_hashes=tuple(hashes),
            image_quality=quality,
        )

    text = ocr_text(data, settings) if readable else ""
    result: MatchResult | None = None
    if text or caption:
        combined = "\n".join(part for part in (caption, text) if part)
        result = text_matcher.match_text(combined, language_hint=language_hint)
        if result.decision in ("auto", "suggest") and result.candidates:
            reason = _reason("ocr" if text else "caption", result.reason)
            return dataclasses.replace(
                result, reason=reason, image_hashes=tuple(hashes), image_quality=quality
            )
    if pdq_matches:  # featureless, old, or between the auto and search distances: the voter confirms
        return MatchResult(
            decision="suggest",
            candidates=_pdq_candidates(pdq_matches, image_matcher)[:3],
            normalized_text=result.normalized_text if result else "",
            language=result.language if result else language_hint,
            reason=_reason("pdq", _why_not_auto(pdq_matches[0], quality, image_matcher, settings)),
            image_hashes=tuple(hashes),
            image_quality=quality,
        )
    return MatchResult(
        decision="none",
        candidates=list(result.candidates) if result else [],
        normalized_text=result.normalized_text if result else "",
        language=result.language if result else language_hint,
        reason=_reason("none", "unreadable" if not readable else result.reason if result else "no_text"),
        image_hashes=tuple(hashes),
        image_quality=quality if readable else None,
    )


def _pdq_decides(
    matches: list[tuple[int, int]], quality: int, image_matcher: ImageMatcher, settings: Settings
) -> bool:
    """The nearest debunk image answers alone: a detailed picture, near enough, of a recent debunk."""
    return bool(
        matches
        and quality >= settings.match_pdq_min_quality
        and matches[0][1] <= settings.match_pdq_auto_distance
        and not _too_old(image_matcher.published.get(matches[0][0]), settings)
    )


def debunk_for_stored_hashes(
    hashes: list[str], quality: int, image_matcher: ImageMatcher, settings: Settings
) -> int | None:
    """The debunk a photo's stored hashes now answer at once (by the rule `match_image` applies), if any."""
    limit = max(image_matcher.max_distance, settings.match_pdq_auto_distance)
    matches = image_matcher.match_hashes(hashes, limit)
    return matches[0][0] if _pdq_decides(matches, quality, image_matcher, settings) else None


def _reason(path: str, detail: str | None) -> str:
    return f"{path}:{detail}" if detail else path


def _why_not_auto(best: tuple[int, int], quality: int, matcher: ImageMatcher, settings: Settings) -> str:
    if quality < settings.match_pdq_min_quality:
        return "low_quality"
    if _too_old(matcher.published.get(best[0]), settings):
        return "old_debunk"
    return "distance"
