"""A claim buried in a long chain letter: matched on its own sentence as well as in the whole message.

Chain letters wrap a one-sentence claim in paragraphs of greetings, provenance ("saya dapat dari kakak ipar
yang kerja di kecamatan") and pleas to share. Matched whole, the claim's words are a small share of the
message's, and the embedder reads only the first 64 tokens, often all greeting: the right debunk came first
but at 0.10-0.19, under the suggest threshold, so the voter heard "we are checking" about a debunked hoax.
A long message that is not answered at once is also matched on its one sentence that BM25 finds most like
some debunk; where that sentence decides more about the debunk the whole message put first too, its
decision is kept.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tipline.matching.lexical import terms
from tipline.matching.normalize import content_words, normalize
from tipline.matching.questions import SENTENCE_BREAKS
from tipline.matching.types import MatchResult

if TYPE_CHECKING:
    from tipline.matching.matcher import Matcher

LONG_TIP_WORDS = 30  # content words; shorter tips are read whole by every retriever already
MIN_SENTENCE_WORDS = 4  # content words: as few as an auto answer needs
MAX_SHARE = 0.5  # of the tip's content words: a larger sentence is read well enough in the whole
MAX_SENTENCES = 24  # a sentence's BM25 pass costs ~1 ms at 100k debunks; a longer letter is cut
_DECISIONS = {"none": 0, "suggest": 1, "auto": 2}


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_BREAKS.split(text) if s.strip()]


def densest_sentence(matcher: Matcher, text: str, n_words: int) -> str | None:
    """The sentence of a long tip with the highest BM25 score against any debunk, or None for a short one."""
    if n_words < LONG_TIP_WORDS:
        return None
    best, best_score, best_words = None, 0.0, 0
    for sentence in sentences(text)[:MAX_SENTENCES]:
        words = matcher.speller.correct_words(normalize(sentence).words)
        n_sentence = len(content_words(words))
        if n_sentence < MIN_SENTENCE_WORDS:
            continue
        score = float(matcher.bm25.scores(terms(words)).max(initial=0.0))
        if score > best_score:
            best, best_score, best_words = sentence, score, n_sentence
    # Most of the tip already (a tweet of two sentences): the whole reading was this reading.
    return best if best_words <= MAX_SHARE * n_words else None


def better(whole: MatchResult, part: MatchResult) -> MatchResult:
    """The sentence's decision where it decides more (suggest over none, auto over suggest) about the
    debunk the whole message put first too; the whole message's ranking stays. Both readings agreeing is
    what lets the sentence speak: alone, a letter's side remark ("we should have captured Osama bin Laden
    long before we did") answered it with a debunk of its own."""
    if not part.candidates or not whole.candidates or _DECISIONS[part.decision] <= _DECISIONS[whole.decision]:
        return whole
    top, ours = part.candidates[0], whole.candidates[0]
    if top.debunk_id != ours.debunk_id:
        return whole
    first = replace(ours, score=max(ours.score, top.score))
    return replace(
        part,
        candidates=[first, *whole.candidates[1:]],
        normalized_text=whole.normalized_text,
        language=whole.language,
    )
