"""The project's own labelled set, scored with floors: a regression here is a regression for voters."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tests.conftest import make_settings
from tests.matching.helpers import LABELLED, OTHER_LANGUAGES, lexical_matcher, read_records
from tipline.matching.evaluation import read_qrels, read_queries, score
from tipline.matching.indexing import doc_from_record
from tipline.matching.matcher import Matcher
from tipline.matching.service import policy_from


def test_labelled_set_lexical_floor() -> None:
    matcher = lexical_matcher()
    queries = read_queries(LABELLED / "queries.jsonl")
    qrels = read_qrels(LABELLED / "qrels.tsv")
    results = {q.id: matcher.match(q.text) for q in queries}
    scores = score(queries, qrels, results)
    assert scores.answerable == 30 and scores.unanswerable == 11
    # Lexical only (semantic is off in tests): English tips of Indonesian debunks are the hard part.
    assert scores.map5 >= 0.85
    assert scores.r5 >= 0.95
    assert scores.false_auto == 0.0
    assert scores.auto_precision >= 0.95 or scores.auto_coverage == 0.0


def test_labelled_set_in_other_languages_is_matched_within_each_language() -> None:
    """Spanish, Portuguese, French, Arabic, Chinese and Hindi debunks and tips, written by the project."""
    docs = [doc_from_record(i + 1, r) for i, r in enumerate(read_records(OTHER_LANGUAGES / "debunks.jsonl"))]
    matcher = Matcher(docs, policy=replace(policy_from(make_settings("sqlite://")), today=date(2024, 12, 1)))
    queries = read_queries(OTHER_LANGUAGES / "queries.jsonl")
    qrels = read_qrels(OTHER_LANGUAGES / "qrels.tsv")
    results = {q.id: matcher.match(q.text) for q in queries}
    scores = score(queries, qrels, results)
    assert scores.answerable == 54 and scores.unanswerable == 9
    # Lexical only: before Hindi words kept their vowel signs and Chinese counted by character pairs, 0.796.
    assert scores.map5 >= 0.95
    assert scores.false_auto == 0.0
    # Tips are taken for the language of their debunks (they were all "id", and so compared across languages):
    # all but a romanised Hindi tip and one short Spanish question langdetect calls Italian.
    same = [q.id for q in queries if q.id in qrels and results[q.id].language == q.id[:2]]
    assert len(same) >= 52
