"""A tip that states what the fact-check found, in the hoax's own sentence, without a word of denial.

"Ratusan petugas KPPS meninggal karena kelelahan" has every word of the debunked claim "Ratusan petugas KPPS
meninggal karena diracun" but one, and scored 0.99 against it: answered at once, a voter who wrote the truth
was told it was a hoax. denials.py needs a "bukan" or an opposite word; here the tip only puts, where the
claim has its hoax, a word of the debunk's conclusion ("... penyebab kematian petugas adalah penyakit
jantung, hipertensi dan kelelahan, bukan racun") that neither the claim nor the headline uses. Such a tip
is offered the debunk as a suggestion instead, and so is a tip in the conclusion's words more than in the
claim's ("Is it true that foreigners are excluded from the voter list?" against "Foreign nationals ... were
allowed to vote", concluded "... but are excluded from the voter list"). The conclusion's words count only
from clauses that negate nothing: a conclusion restates the hoax to deny it.

Only for a debunk with a conclusion and a tip about as short as the claim: a chain letter that quotes the
hoax and goes on about it uses the conclusion's words too, in its own sentences. A span in the claim's place
is a few words, in a tip with most of the claim's words.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from tipline.matching.denials import affirmed_stems
from tipline.matching.documents import DebunkDoc
from tipline.matching.lexical import terms
from tipline.matching.normalize import words_of

MAX_SPAN_WORDS = 3
MIN_CLAIM_SHARE = 0.6  # of the claim's words the tip has, to read a span of it as the claim's place
MAX_EXTRA_WORDS = 4  # the tip's words beyond the claim's count
MIN_FOUND_WORDS = 2


def states_finding(tip_words: Sequence[str], doc: DebunkDoc) -> bool:
    """Whether the tip replaces words of `doc`'s claim with words only its conclusion affirms, or has more
    of those words than of the claim's and headline's."""
    if not doc.body:
        return False
    ours, claim = terms(tip_words), terms(words_of(doc.claim))
    if not claim or len(ours) > len(claim) + MAX_EXTRA_WORDS:
        return False
    stated = set(claim) | set(terms(words_of(doc.headline or "")))
    # What the conclusion affirms: it restates the hoax to deny it ("Klaim bahwa tinta mengandung unsur babi
    # tidak berdasar", "Vaksin tidak mengandung perangkat elektronik"), and those words are the hoax's.
    found = affirmed_stems(doc.body) - stated
    said = len(found.intersection(ours))
    return _in_the_claims_place(ours, claim, found) or (
        said >= MIN_FOUND_WORDS and said > len(stated.intersection(ours))
    )


def _in_the_claims_place(ours: list[str], claim: list[str], found: set[str]) -> bool:
    if len(set(claim) & set(ours)) < MIN_CLAIM_SHARE * len(set(claim)):
        return False
    return any(
        op == "replace"
        and i2 - i1 <= MAX_SPAN_WORDS
        and j2 - j1 <= MAX_SPAN_WORDS
        and found.intersection(ours[i1:i2])
        for op, i1, i2, j1, j2 in SequenceMatcher(None, ours, claim, autojunk=False).get_opcodes()
    )
