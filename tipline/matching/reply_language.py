"""The language a tip's sender reads: an Indonesian headline langdetect calls English gets Indonesian.

"Real count KPU: Prabowo-Gibran unggul 58 persen" has no function word, and its trigrams ("real count", the
names) look English to langdetect (0.86). The tip is matched as English, which is right for the matcher (on
id-turnbackhoax-2024 such headlines, read as Indonesian, lost two right answers at once: the English model
weighs them better), but a new voter sending it was answered in English and remembered as an English reader.
"""

from __future__ import annotations

from tipline.matching.language import bare_words, english_function_words
from tipline.matching.word_languages import word_lean


def reply_language(text: str, detected: str | None) -> str | None:
    """`detected` (the language the tip is matched in), or Indonesian for a tip taken for English that has no
    English function word and more words of Indonesian than of English (word_languages.py)."""
    words = bare_words(text.lower().split())
    if detected != "en" or any(w in english_function_words() for w in words):
        return detected
    indonesian, english = word_lean(text)
    return "id" if indonesian > english else detected
