"""From confidence and top score to auto / suggest / none."""

from __future__ import annotations

from datetime import date

from tipline.matching.decision import Policy, decide

POLICY = Policy(
    auto_threshold=0.983,
    suggest_threshold=0.20,
    suggest_confidence=0.6,
    suggest_confidence_min_score=0.05,
    today=date(2024, 3, 1),
)


def test_a_likely_pair_is_suggested_and_a_weak_one_queued() -> None:
    assert decide(POLICY, 0.3, 0.25, 8, None) == ("suggest", None)
    assert decide(POLICY, 0.3, 0.12, 8, None) == ("none", "low_score")


def test_a_clear_winner_among_weak_pairs_is_suggested() -> None:
    # An Indonesian tip about an English debunk: only the embedding links them, far ahead of every other.
    assert decide(POLICY, 0.8, 0.14, 8, None) == ("suggest", None)


def test_a_winner_among_hopeless_pairs_is_not() -> None:
    # In a small collection every runner-up is hopeless, so an unrelated message looks like a clear winner.
    assert decide(POLICY, 0.65, 0.02, 8, None) == ("none", "low_score")


def test_confidence_alone_never_answers_at_once() -> None:
    assert decide(POLICY, 0.99, 0.14, 8, None) == ("suggest", None)
    assert decide(POLICY, 0.99, 0.25, 8, None) == ("auto", None)


def test_in_a_small_collection_only_a_likely_pair_is_answered_at_once() -> None:
    small = Policy(**{**POLICY.__dict__, "small_index_debunks": 300, "small_index_min_score": 0.95})
    # A confident top debunk in a collection of 41 is only far ahead of claims on other subjects.
    assert decide(small, 0.987, 0.76, 8, None, n_debunks=41) == ("suggest", "small_index")
    assert decide(small, 0.987, 0.97, 8, None, n_debunks=41) == ("auto", None)
    # With 300 debunks or more the margin over the best other claim says enough.
    assert decide(small, 0.987, 0.76, 8, None, n_debunks=300) == ("auto", None)
    assert decide(small, 0.987, 0.76, 8, None) == ("auto", None)
