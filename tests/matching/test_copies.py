"""Copies of one claim (republished, or gathered twice in a collection): the first imported is shown first."""

from __future__ import annotations

from datetime import date

import numpy as np

from tipline.matching.copies import ClaimCopies, rival_logits, top_claim_right
from tipline.matching.decision import Policy
from tipline.matching.documents import DebunkDoc
from tipline.matching.matcher import Matcher

ALWAYS_AUTO = Policy(
    auto_threshold=0.0, suggest_threshold=0.0, min_auto_words=4, max_auto_age_days=730, today=date(2024, 3, 1)
)
CLAIM = 'The governor banned "full face" veils in public places across the province.'


def copies_matcher(first_published: date | None = None, copy_published: date | None = None) -> Matcher:
    docs = [
        DebunkDoc(
            1, "https://check.example/veils", CLAIM, "Were veils banned?", date_published=first_published
        ),
        # The copy's headline shares more words with the tips below: alone it would come first.
        DebunkDoc(
            2,
            "https://check.example/veils-again",
            CLAIM.replace('"full face"', "'full face'"),
            "Did the governor ban full face veils in public places?",
            date_published=copy_published,
        ),
        DebunkDoc(3, "https://check.example/masks", "The governor banned masks in public places.", "Masks?"),
    ]
    return Matcher(docs, policy=ALWAYS_AUTO)


def test_the_first_imported_copy_comes_first_with_the_better_score() -> None:
    tip = "the governor will ban full face veils in public places from monday"
    unaware = copies_matcher()
    unaware.copies = ClaimCopies([])
    before = unaware.match(tip)
    assert before.candidates[0].url == "https://check.example/veils-again"
    result = copies_matcher().match(tip)
    assert [c.url for c in result.candidates[:2]] == [
        "https://check.example/veils",
        "https://check.example/veils-again",
    ]
    assert [c.score for c in result.candidates] == [c.score for c in before.candidates]
    scores = [c.score for c in result.candidates]
    assert scores == sorted(scores, reverse=True)


def test_a_copy_the_voter_links_to_keeps_its_place() -> None:
    result = copies_matcher().match("is this true? https://check.example/veils-again")
    assert result.candidates[0].url == "https://check.example/veils-again"


def test_a_recent_copy_keeps_an_old_first_debunk_answerable_at_once() -> None:
    tip = "the governor will ban full face veils in public places from monday"
    old_only = copies_matcher(first_published=date(2019, 1, 1), copy_published=date(2019, 2, 1)).match(tip)
    assert (old_only.decision, old_only.reason) == ("suggest", "old_debunk")
    refreshed = copies_matcher(first_published=date(2019, 1, 1), copy_published=date(2024, 1, 1)).match(tip)
    assert refreshed.candidates[0].url == "https://check.example/veils"
    assert refreshed.decision == "auto"


def test_groups_keep_their_places_and_order_by_import() -> None:
    copies = ClaimCopies(["a", "b", "a", "", "b", "c"])
    assert copies.first_imported_first([4, 5, 2, 0, 1], exact=set()) == [1, 5, 0, 2, 4]
    # The copy the tip repeats word for word or links to goes first.
    assert copies.first_imported_first([4, 5, 2, 0, 1], exact={2}) == [1, 5, 2, 0, 4]
    assert copies.first_imported_first([3, 5], exact=set()) == [3, 5]


def test_a_copy_is_no_rival_for_the_confidence() -> None:
    """The top claim's margin was over its own copy: nothing, and such tips were seldom answered at once."""
    tip = "the governor will ban full face veils in public places from monday"
    unaware = copies_matcher()
    unaware.copies = ClaimCopies([])
    aware = copies_matcher().match(tip)
    assert aware.confidence is not None and unaware.match(tip).confidence is not None
    assert aware.confidence > unaware.match(tip).confidence + 0.2


def test_rival_logits_leave_out_only_the_top_claims_other_copies() -> None:
    logits = np.array([1.0, 3.0, 2.9, 2.0, 2.8])
    groups = np.array([-1, 7, 7, 4, 4])
    assert rival_logits(logits, groups).tolist() == [1.0, 3.0, -np.inf, 2.0, 2.8]
    assert rival_logits(np.array([1.0, 0.5]), np.array([-1, -1])).tolist() == [1.0, 0.5]
    # For training: the top claim is right when the copy the tips are labelled with is among its copies.
    assert top_claim_right(np.array([False, False, True]), groups[:3], best=1)
    assert not top_claim_right(np.array([True, False, False]), groups[:3], best=1)


def test_a_claim_too_short_to_be_one_makes_no_copies() -> None:
    """Some collections fill claimReviewed with "Video viral": such debunks are about different things."""
    docs = [
        DebunkDoc(1, "https://check.example/a", "Video viral", "Video of the flood in Jakarta is from 2013"),
        DebunkDoc(2, "https://check.example/b", "video viral!", "Video of the flood in Bekasi was staged"),
        DebunkDoc(3, "https://check.example/c", CLAIM, "Were veils banned?"),
        DebunkDoc(4, "https://check.example/d", CLAIM.upper(), "Veils banned?"),
    ]
    copies = Matcher(docs, policy=ALWAYS_AUTO).copies
    assert copies.group_ids([0, 1, 2, 3]).tolist() == [-1, -1, 2, 2]
