"""The eval's suggestion sweep: what voters not answered at once would be offered at each threshold."""

from __future__ import annotations

from tipline.matching.evaluation import Query, suggest_confidence_sweep, suggest_sweep
from tipline.matching.types import Candidate, MatchResult


def _result(
    decision: str,
    scores_urls: list[tuple[float, str]],
    reason: str | None = None,
    confidence: float | None = None,
) -> MatchResult:
    candidates = [Candidate(i + 1, url, score) for i, (score, url) in enumerate(scores_urls)]
    return MatchResult(decision, candidates, "", "id", reason=reason, confidence=confidence)


def test_each_offer_is_counted_by_what_the_voter_would_find_in_it() -> None:
    queries = [Query(q, "") for q in ("auto", "right3", "wrong", "new", "low", "greeting")]
    qrels = {"auto": {"a"}, "right3": {"r"}, "wrong": {"w"}, "low": {"l"}, "greeting": {"g"}}
    results = {
        "auto": _result("auto", [(0.99, "a")]),  # answered at once: never counted as an offer
        "right3": _result("suggest", [(0.5, "x"), (0.4, "y"), (0.3, "r"), (0.2, "z")]),  # right one third
        "wrong": _result("suggest", [(0.25, "x"), (0.2, "y"), (0.1, "z"), (0.05, "w")]),  # right one fourth
        "new": _result("suggest", [(0.35, "x")]),  # no debunk exists for it
        "low": _result("none", [(0.12, "l"), (0.1, "x")], reason="low_score"),  # right first, scored low
        "greeting": _result("none", [], reason="greeting"),
    }
    (high, at_high), (low, at_low) = suggest_sweep(queries, qrels, results, [0.3, 0.1])
    assert (high, low) == (0.3, 0.1)
    assert (at_high.shown, at_high.right, at_high.none_right, at_high.new_claims) == (2, 1, 0, 1)
    assert at_high.right_first_hidden == 1  # "low": its debunk first, and nothing offered
    assert (at_low.shown, at_low.right, at_low.none_right, at_low.new_claims) == (4, 2, 1, 1)
    assert at_low.right_first_hidden == 0


def test_a_clear_winner_among_weak_pairs_is_offered_when_it_scores_above_the_floor() -> None:
    queries = [Query(q, "") for q in ("clear", "unrelated", "unsure")]
    qrels = {"clear": {"c"}}
    results = {
        # A tip in another language: its debunk scores low, far ahead of every other one.
        "clear": _result("none", [(0.14, "c"), (0.01, "x")], reason="low_score", confidence=0.8),
        # A sick child in a small collection: hopeless runners-up make a "clear" winner of a hopeless pair.
        "unrelated": _result("none", [(0.02, "x"), (0.001, "y")], reason="low_score", confidence=0.65),
        "unsure": _result("none", [(0.12, "x"), (0.11, "y")], reason="low_score", confidence=0.3),
    }
    [(_, by_score)] = suggest_sweep(queries, qrels, results, [0.2], min_confidence=0.6, confidence_floor=0.05)
    assert (by_score.shown, by_score.right, by_score.new_claims, by_score.right_first_hidden) == (1, 1, 0, 0)
    (_, strict), (_, lenient) = suggest_confidence_sweep(queries, qrels, results, [0.9, 0.2], 0.2, 0.05)
    assert (strict.shown, strict.right_first_hidden) == (0, 1)
    assert (lenient.shown, lenient.right, lenient.new_claims) == (2, 1, 1)
