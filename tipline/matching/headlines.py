"""A fact-check headline read for its claim: its verdict label and framing taken off.

Fact-checkers frame their headlines: "[HOAKS] Tinta pemilu haram", "Cek Fakta: Tidak Benar ...", "Keliru,
klaim ...", "KPU bolehkan mencoblos online, benarkah?". The frame is about the debunk, not the claim, and
it is what a voter's own question sounds like: an English "Is it true the 2024 election is postponed to
2029?" came closer to "Cek fakta: KPU bolehkan mencoblos Pemilu 2024 secara online, benarkah?" than to the
debunk of the 2029 postponement. The labels are in content/matching/verdict_labels.txt.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from tipline.matching.normalize import LEXICON_DIR

_SEPARATOR = r"\s*(?:[:|!–—-]+|,|\.(?=\s))\s*"
_MIN_LEFT_CHARS = 12  # a headline that is only a label (or nearly) stays as it was


@lru_cache(maxsize=4)
def _patterns(directory: Path = LEXICON_DIR) -> tuple[re.Pattern[str], re.Pattern[str]]:
    starts, ends = [], []
    for line in (directory / "verdict_labels.txt").read_text(encoding="utf-8").splitlines():
        label = line.split("#", 1)[0].strip().lower()
        if label.startswith("..."):
            ends.append(label[3:].strip())
        elif label:
            starts.append(label)

    def alternatives(labels: list[str]) -> str:
        ordered = sorted(set(labels), key=len, reverse=True)
        return "|".join(r"\s+".join(re.escape(word) for word in label.split()) for label in ordered)

    bracketed = r"[\[(【]\s*[^\])】]{1,40}?\s*[\])】]\s*[:|–—-]?\s*"
    start = re.compile(rf"^\s*(?:{bracketed}|(?:{alternatives(starts)}){_SEPARATOR})", re.IGNORECASE)
    end = re.compile(rf"[\s,.:;–—-]*\b(?:{alternatives(ends)})\s*[?!.]*\s*$", re.IGNORECASE)
    return start, end


def claim_of_headline(headline: str) -> str:
    """`headline` less the verdict labels at its start and the framing question at its end."""
    start, end = _patterns()
    text = headline.strip()
    while True:
        shorter = end.sub("", start.sub("", text, count=1), count=1).strip()
        if shorter == text or len(shorter) < _MIN_LEFT_CHARS:
            return text
        text = shorter
