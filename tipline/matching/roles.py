"""A person by office in the tip, a named person in the claim: maybe someone else holding that office.

"KPK names former minister a suspect over social aid corruption" has nearly every word of the debunked
"Anies Baswedan officially named a corruption suspect by the KPK over Formula E and social aid", and scored
0.99. The tip names nobody, so no name is swapped (names.py); it speaks of "a minister", which the claim never
says. Such news is often true of someone else (a former social affairs minister was named a suspect over
social aid), and a verdict at once would call it false. Offered as a suggestion, the voter sees whose claim
the fact-check is about.

The office words are content/matching/role_words.txt (Indonesian and English). A tip that names any of the
claim's people or places, or whose office is in the claim too ("Gubernur Anies", "President Trump"), is not
held back.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from tipline.matching.names import acronyms, name_words
from tipline.matching.normalize import LEXICON_DIR, normalize, words_of


@lru_cache(maxsize=1)
def role_words(path: Path = LEXICON_DIR / "role_words.txt") -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    words = (normalize(line).words for line in lines if line.strip() and not line.startswith("#"))
    return frozenset(w for ws in words for w in ws)


def office_for_name(tip_words: Sequence[str], claim: str, headline: str | None = None) -> bool:
    """Whether the tip speaks of an office the claim and headline do not, and names none of the claim's
    names (by case: capitalised inside a sentence) but its acronyms. `tip_words`: the tip's words as
    matched. Acronyms are mostly bodies (KPK, KPU), which say nothing of who the person is."""
    tip = set(tip_words)
    debunk = set(words_of(claim)) | set(words_of(headline or ""))
    if not (tip & role_words()) - debunk:
        return False
    names = (name_words(claim) or frozenset()) - acronyms(claim)
    return bool(names) and not names & tip
