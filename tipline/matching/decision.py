"""From a tip's confidence and top score to auto / suggest / none, with the safeguards on auto."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Policy:
    auto_threshold: float = 0.9
    suggest_threshold: float = 0.5
    # A tip whose top pair scores under suggest_threshold is still offered suggestions when the confidence
    # model (score and margin over the best other claim) is this sure its top debunk is right, and the pair
    # scores at least suggest_confidence_min_score: in a small collection every runner-up is hopeless, and
    # "Anak saya demam sudah 3 hari" had a confidence of 0.65 at a pair score of 0.02.
    suggest_confidence: float = float("inf")
    suggest_confidence_min_score: float = 0.05
    min_auto_words: int = 4
    max_auto_age_days: int = 730
    # In a collection of fewer debunks than small_index_debunks an auto answer needs a pair score of at least
    # small_index_min_score: the confidence model trusts the margin over the best other claim, and a small
    # collection has no other claim on most subjects. With 166 of id-turnbackhoax-2024's debunks, 11 of 116
    # answers at once were about another claim ("Abu Janda kandidat utusan khusus" answered with "Gus Miftah
    # dipidanakan"), in the demo "Petugas KPPS di Bekasi meninggal karena kelelahan" got the verdict on the
    # poisoning hoax at a pair score of 0.76.
    small_index_debunks: int = 0
    small_index_min_score: float = 0.0
    today: date | None = None


def decide(
    policy: Policy,
    confidence: float,
    top_score: float,
    n_words: int,
    published: date | None,
    n_debunks: int | None = None,
) -> tuple[str, str | None]:
    """The decision and, when it is not auto, why. `n_debunks`: the size of the collection searched."""
    # An auto answer must also be a likely pair on its own, not only far ahead of weak runners-up.
    if confidence >= policy.auto_threshold and top_score >= policy.suggest_threshold:
        if n_words < policy.min_auto_words:
            return "suggest", "short_text"
        today = policy.today or date.today()
        if published is not None and (today - published).days > policy.max_auto_age_days:
            return "suggest", "old_debunk"
        small = n_debunks is not None and n_debunks < policy.small_index_debunks
        if small and top_score < policy.small_index_min_score:
            return "suggest", "small_index"
        return "auto", None
    if top_score >= policy.suggest_threshold or (
        confidence >= policy.suggest_confidence and top_score >= policy.suggest_confidence_min_score
    ):
        return "suggest", None
    return "none", "low_score"
