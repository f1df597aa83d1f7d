"""A claim inside more words than its own: matched on a part of the message as well as on the whole.

Chain letters wrap a one-sentence claim in paragraphs of greetings, provenance ("saya dapat dari kakak ipar
yang kerja di kecamatan") and pleas to share. Matched whole, the claim's words are a small share of the
message's, and the embedder reads only the first 64 tokens, often all greeting: the right debunk came first
but at 0.10-0.19, under the suggest threshold, so the voter heard "we are checking" about a debunked hoax.
A long message that is not answered at once is also matched on its one sentence that BM25 finds most like
some debunk.

A voter's own lines around a forward ("Assalamualaikum, maaf nak admin, ibu dapat kiriman ini dari grup
keluarga. Apa betul ini?") are no claim either, and questions.py only takes out lines made of nothing but
asking words. A message not answered at once that is close to an answer is also matched without its first
or its last line (sentence, in a one-line message), whichever is less about the debunk the whole message put
first, if that edge is not about it: bench-noise's `unseen` questions cost x0.84 of the auto
answers before, x1.00 after.

Either reading counts only where it decides more about the debunk the whole message put first too. Except
for a message in two languages whose densest sentence is in the other one (an English tweet forwarded inside
an Indonesian chain letter): its part in that language stands for it, when that part finds a debunk in its
own language. Read as Indonesian, bench-noise's English tweets buried in such letters found their debunk
first for a fifth of them (MAP@5 0.346); read as their English part, 0.899.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tipline.matching.language import detect_language, matching_language
from tipline.matching.lexical import terms
from tipline.matching.normalize import NormalizedText, content_words, normalize
from tipline.matching.questions import SENTENCE_BREAKS, without_voter_question
from tipline.matching.types import MatchResult

if TYPE_CHECKING:
    from tipline.matching.matcher import Matcher

LONG_TIP_WORDS = 30  # content words; shorter tips are read whole by every retriever already
MIN_SENTENCE_WORDS = 4  # content words: as few as an auto answer needs
MAX_SHARE = 0.5  # of the tip's content words: a larger sentence is read well enough in the whole
MAX_SENTENCES = 24  # a sentence's BM25 pass costs ~1 ms at 100k debunks; a longer letter is cut
MAX_EDGE_WORDS = 40  # a voter's few sentences around a forward; a longer line is part of what they forward
# IDF-weighted share of the debunk's claim or headline an edge may repeat and still go. On
# id-turnbackhoax-2024 0.20 / 0.35 / no limit give auto coverage 0.403 / 0.406 / 0.408 with the same wrong
# answers at once, but without a limit a tweet's half sentence answered for it ("Former Gitmo detainee killed
# by a U.S.", when an initial's point still ended a sentence) with another claim than the whole tweet's.
MAX_EDGE_COVERAGE = 0.35
# The whole reading's confidence from which a reading without an edge is worth one more embedding: on
# id-turnbackhoax-2024 no floor gives the same answers, at a novel-tip p50 of 26.7 ms against 21.7 (one run
# each).
MIN_EDGE_CONFIDENCE = 0.5
_DECISIONS = {"none": 0, "suggest": 1, "auto": 2}


def reread(
    matcher: Matcher, text: str, norm: NormalizedText, whole: MatchResult, language_hint: str | None
) -> MatchResult:
    """`whole` (the message's reading, not an answer at once) or a part's reading that decides more."""
    part = sentence_reading(matcher, text, len(content_words(norm.words)), language_hint)
    foreign = None if part is None else in_its_own_language(matcher, text, whole, part, language_hint)
    if foreign is not None:
        # The part in the other language stands for the message from here on: its own densest sentence and
        # edges. Read in the message's language, a short tweet's attribution ("— Dinesh D'Souza") was a long
        # letter's densest sentence and answered for it.
        text, whole = foreign
        part = sentence_reading(matcher, text, len(content_words(normalize(text).words)), language_hint)
    if part is not None:
        whole = better(whole, part)
    if whole.decision == "auto" or not whole.candidates or (whole.confidence or 0.0) < MIN_EDGE_CONFIDENCE:
        return whole
    top = matcher.index_of[whole.candidates[0].debunk_id]
    # Past the voter's question lines (each reading leaves them out anyway), or the edge to go is one.
    rest = without_edge(matcher, without_voter_question(text), top)
    if rest is None:
        return whole
    return better(whole, matcher.match_reading(rest, normalize(rest), language_hint))


def sentence_reading(
    matcher: Matcher, text: str, n_words: int, language_hint: str | None
) -> MatchResult | None:
    sentence = densest_sentence(matcher, text, n_words)
    return None if sentence is None else matcher.match_reading(sentence, normalize(sentence), language_hint)


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


def without_edge(matcher: Matcher, text: str, top: int) -> str | None:
    """`text` less its first or its last line (sentence, if it is one line), whichever covers less of the
    debunk `top` (the whole reading's first), or None. An edge that covers much of it, or more than the rest
    does, stays: it is about the answer, and without it a part can look surer of that debunk than the whole
    message is."""
    joint = "\n" if "\n" in text else " "
    units = [unit for unit in (text.split("\n") if joint == "\n" else sentences(text)) if unit.strip()]
    if len(units) < 2:
        return None
    readings = []
    for kept, edge in ((units[1:], units[0]), (units[:-1], units[-1])):
        rest = joint.join(kept)
        too_long = len(edge.split()) > MAX_EDGE_WORDS
        if too_long or len(content_words(normalize(rest).words)) < MIN_SENTENCE_WORDS:
            continue
        covered, rest_covered = (_coverage(matcher, piece, top) for piece in (edge, rest))
        if covered <= MAX_EDGE_COVERAGE and covered < rest_covered:
            readings.append((covered, rest))
    return min(readings)[1] if readings else None


def _coverage(matcher: Matcher, piece: str, doc: int) -> float:
    """IDF-weighted share of debunk `doc`'s claim or headline found in `piece` (typos mended)."""
    words = matcher.speller.correct_words(normalize(piece).words)
    return float(matcher.bm25.coverage(terms(words), [doc])[0, 0])


def in_its_own_language(
    matcher: Matcher, text: str, whole: MatchResult, part: MatchResult, language_hint: str | None
) -> tuple[str, MatchResult] | None:
    """When the densest sentence is in another language than the message (an English tweet forwarded inside
    an Indonesian chain letter), the part of the message in that language and its reading, ranking and all,
    if that reading finds a debunk in that language. Read whole, such a message was taken for Indonesian,
    compared with English debunks only across languages, and embedded as the letter's greetings. All of the
    part in that language, not the densest sentence alone: a tweet's side remark ("we should have captured
    Osama bin Laden long before we did") answered for the tweet with another claim. Nor a part that finds a
    debunk only across languages (an English paper title quoted in an Indonesian post): cosines across
    languages are close together."""
    language = matching_language(part.language)
    if language == matching_language(whole.language):
        return None
    own = " ".join(in_language(matcher, sentences(text)[:MAX_SENTENCES], language))
    if not own:
        return None
    reading = matcher.match_reading(own, normalize(own), language_hint)
    if not reading.candidates:
        return None
    if matcher.compared_languages[matcher.index_of[reading.candidates[0].debunk_id]] != language:
        return None
    return own, replace(reading, normalized_text=whole.normalized_text, language=whole.language)


def in_language(matcher: Matcher, units: list[str], language: str) -> list[str]:
    """From the first to the last of `units` in `language`, with the units too short to tell around them (a
    tweet's "Fools!.." and its "— Donald J. Trump (@realDonaldTrump)")."""
    found = [detect_language(unit, also=matcher.index_languages) for unit in units]
    inside = [i for i, lang in enumerate(found) if lang and matching_language(lang) == language]
    if not inside:
        return []
    first, last = inside[0], inside[-1]
    while first > 0 and found[first - 1] is None:
        first -= 1
    while last + 1 < len(units) and found[last + 1] is None:
        last += 1
    return units[first : last + 1]


def better(whole: MatchResult, part: MatchResult) -> MatchResult:
    """The part's decision where it decides more (suggest over none, auto over suggest) about the
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
