"""Which language a text's everyday words belong to, by wordfreq's word frequencies in Indonesian and English.

langdetect reads letter trigrams, which names sway: "Real count KPU: Prabowo-Gibran unggul 58 persen" came out
English and "Anies did not change his name to Mahdi Yohanis Khan" Indonesian. The words a sender writes in
lower case (names aside) are the sender's language: "unggul" and "persen" are common in Indonesian and next to
unknown in English, "change" and "name" the other way round; "real" and "count" are common in both.
"""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

ZIPF_GAP = 1.5  # a word ~30x commoner in one language than in the other belongs to it
_WORD = re.compile(r"[^\W\d_]{2,}")  # not the "t" of "don't"


def _lower_case_words(text: str) -> list[str]:
    words = _WORD.findall(text)
    if not any(w.islower() for w in words):  # capitals throughout: case tells nothing
        return [w.lower() for w in words]
    return [w for w in words if w.islower()]


def word_lean(text: str) -> tuple[int, int]:
    """How many of the text's lower-case words are Indonesian rather than English, and the other way round."""
    indonesian = english = 0
    for word in _lower_case_words(text):
        gap = zipf_frequency(word, "id") - zipf_frequency(word, "en")
        indonesian += gap >= ZIPF_GAP
        english += gap <= -ZIPF_GAP
    return indonesian, english
