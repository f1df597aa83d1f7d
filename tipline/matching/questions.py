"""A voter's own question around what they forward: "Min, ini bener gak?" is not part of the claim.

Voters often write one before or after the forwarded text, or send it as a message of its own. Matched with
the claim, its words were in no debunk and made a right answer less sure: the bench's "asked" tips got
~11 % fewer auto answers than the same tips without it (`make bench-noise`). Only whole sentences or lines at
the start or the end go, and only when every word is a question word (content/matching/questions.txt), a
greeting or a stopword, and at least one is a question word.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from tipline.matching.normalize import LEXICON_DIR, listed_words, load_lexicon, normalize, with_standard_forms

MAX_QUESTION_WORDS = 15  # longer than any question about "this"; spares the claim's own sentences a look
# Sentences end at ?, ! or . followed by a space; lines at a line break. A colon ends a voter's request
# before what they forward: "Tolong dicek min: katanya server KPU ...". An initial's point ends nothing
# ("a U.S. airstrike", "Joko W. Widodo"): a half sentence read alone answered for the whole one.
SENTENCE_BREAKS = re.compile(r"\n+|(?<=[?!.:])(?<![\s.][A-Z]\.)\s+")


@lru_cache(maxsize=4)
def question_words(directory: Path = LEXICON_DIR) -> frozenset[str]:
    return with_standard_forms(listed_words(directory / "questions.txt"), load_lexicon(directory).slang)


def is_question_only(text: str) -> bool:
    """Nothing but a question about a message ("ini hoax bukan sih?", "is this true?"): no claim in it."""
    if len(text.split()) > MAX_QUESTION_WORDS:
        return False
    lex, asking = load_lexicon(), question_words()
    # Read with the chain-message phrases kept: some are questions too ("tolong dicek", "is this true").
    norm = normalize(text, replace(lex, boilerplate=None))
    if norm.urls or not any(w in asking for w in norm.words):
        return False
    return all(w in asking or w in lex.greetings or w in lex.stopwords for w in norm.words)


def without_voter_question(text: str) -> str:
    """`text` less the question sentences or lines at its start and end; as it was if nothing else is left.
    What is kept is kept as written, line breaks and all (the embedder reads them)."""
    spans, at = [], 0
    for gap in [*SENTENCE_BREAKS.finditer(text), None]:
        end = gap.start() if gap else len(text)
        if text[at:end].strip():
            spans.append((at, end))
        at = gap.end() if gap else at
    first, last = 0, len(spans)
    while first < last and _asks_or_says_nothing(text[slice(*spans[first])]):
        first += 1
    while last > first and _asks_or_says_nothing(text[slice(*spans[last - 1])]):
        last -= 1
    if first == last or (first, last) == (0, len(spans)):
        return text
    return text[spans[first][0] : spans[last - 1][1]]


def _asks_or_says_nothing(piece: str) -> bool:
    """A question, or only emoji and punctuation ("🙏🙏" after "bener gak min??")."""
    norm = normalize(piece)
    return is_question_only(piece) or not (norm.words or norm.urls)
