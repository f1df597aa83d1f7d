"""What matching returns: the public contract the pipeline and the CLI build on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    debunk_id: int
    url: str
    score: float


@dataclass(frozen=True)
class MatchResult:
    decision: str  # "auto" | "suggest" | "none"
    candidates: list[Candidate]  # best first, up to 5
    normalized_text: str
    language: str | None  # the language its sender writes, replies go out in (reply_language.py)
    reason: str | None = None
    confidence: float | None = None  # calibrated probability that the top candidate is right
    # A photo's PDQ hashes (as sent, turned and mirrored) and their quality: kept with a waiting tip so that a
    # debunk of the same picture published later answers it.
    image_hashes: tuple[str, ...] = ()
    image_quality: int | None = None
