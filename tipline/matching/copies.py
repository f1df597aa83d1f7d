"""Debunks that make the same claim word for word: which of them a tip is shown first.

Fact-checkers republish a claim under a new page, and collections gather such copies: en-clef2020's 10,375
claims hold 184 groups that differ only in quote marks, case or punctuation. Copies score alike, and which
came first was decided by noise (e5 reads 'these' and "these" a little differently). Among copies the one
imported first comes first: in en-clef2020-train it is the one the tips are labelled with in 185 of 190
pairs (dev split: 49 of 49). A copy the tip repeats or links to goes first: the voter sent that one.
And a copy is no rival: the confidence weighs the top claim against the best other claim.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from tipline.matching.documents import DebunkDoc
from tipline.matching.normalize import content_words, normalize

# A claim shorter than this ("Video viral", "Foto hoaks": some collections fill claimReviewed so) names no
# claim of its own, so two debunks that share it are no copies. As many words as an answer at once needs.
MIN_CLAIM_WORDS = 4


def claim_key(words: Sequence[str]) -> str:
    """What copies share: the normalised words of a claim long enough to be one, else ""."""
    return " ".join(words) if len(content_words(list(words))) >= MIN_CLAIM_WORDS else ""


class ClaimCopies:
    def __init__(self, claim_keys: Sequence[str]) -> None:
        """`claim_keys`: each debunk's normalised claim, in import order ("" for none)."""
        groups: dict[str, list[int]] = {}
        for index, key in enumerate(claim_keys):
            if key:
                groups.setdefault(key, []).append(index)
        self.group_of: dict[int, tuple[int, ...]] = {
            index: tuple(members) for members in groups.values() if len(members) > 1 for index in members
        }

    def first_imported_first(self, ranked: Sequence[int], exact: set[int]) -> list[int]:
        """`ranked` (document indices, best first) with each group of copies in the places the group held:
        a copy the tip repeats or links to (`exact`) first, then in import order."""
        out = list(ranked)
        done: set[tuple[int, ...]] = set()
        for index in ranked:
            group = self.group_of.get(index)
            if group is None or group in done:
                continue
            done.add(group)
            places = [place for place, other in enumerate(ranked) if self.group_of.get(other) == group]
            members = sorted((ranked[place] for place in places), key=lambda m: (m not in exact, m))
            for place, member in zip(places, members, strict=True):
                out[place] = member
        return out

    def newest_date(self, index: int, docs: Sequence[DebunkDoc]) -> date | None:
        """When the claim was last debunked: a recent copy keeps an old first debunk of it current."""
        dates = [docs[i].date_published for i in self.group_of.get(index, (index,))]
        known = [d for d in dates if d is not None]
        return max(known) if known else None

    def group_ids(self, candidates: Sequence[int]) -> np.ndarray:
        """Per candidate (document index), the first index of its group of copies, or -1 if it has none."""
        return np.array([self.group_of.get(index, (-1,))[0] for index in candidates], dtype=np.int64)


def copies_of(docs: Sequence[DebunkDoc]) -> ClaimCopies:
    """The copies among `docs` (in import order), as the matcher groups them."""
    return ClaimCopies(
        [claim_key(normalize(doc.fields()["claim"]).words) if "claim" in doc.fields() else "" for doc in docs]
    )


def rival_logits(logits: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """The scores the top candidate is weighed against: other copies of its claim are left out (a claim
    debunked twice in the same words had a margin of nothing over itself, and was never answered at once)."""
    best = int(np.argmax(logits))
    if groups[best] < 0:
        return logits
    beside = groups == groups[best]
    beside[best] = False
    return np.where(beside, -np.inf, logits)


def top_claim_right(labels: np.ndarray, groups: np.ndarray, best: int) -> bool:
    """Whether the best candidate's claim is a relevant one: itself or a copy of it (for training)."""
    if groups[best] < 0:
        return bool(labels[best])
    return bool(labels[groups == groups[best]].any())
