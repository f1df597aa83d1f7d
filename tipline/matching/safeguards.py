"""Why a confident answer is only suggested: the tip is about the top claim, but says something else of it.

A tip that names another person, place or number than the claim (names.py: the hoax template reused), or
speaks of an office where the claim names a person (roles.py: maybe another holder of the office), or that
denies the claim or states what the fact-check found in its place (denials.py, findings.py: a voter who
writes the truth), has most of the claim's words and scores as high as a copy of the hoax. Answered at once,
the voter would get a verdict about someone else's claim, or be told not to spread what they had written
correctly. Offered as a suggestion, they see which claim the fact-check is about.
"""

from __future__ import annotations

from collections.abc import Sequence

from tipline.matching.denials import denies
from tipline.matching.documents import DebunkDoc
from tipline.matching.findings import states_finding
from tipline.matching.names import names_another
from tipline.matching.roles import office_for_name


def held_back(
    tip: str,
    tip_words: Sequence[str],
    doc: DebunkDoc,
    known_names: frozenset[str],
    across_languages: bool,
    unambiguous: bool = False,
) -> str | None:
    """The reason to suggest `doc` rather than answer with it ("other_names", "denies_claim"), or None.
    `tip_words`: the tip's words as matched (spelling corrected); `unambiguous`: the tip carries the
    debunk's own full link, which no other name in its text outweighs."""
    if not unambiguous and (
        names_another(tip, tip_words, doc, known_names) or office_for_name(tip_words, doc.claim, doc.headline)
    ):
        return "other_names"
    if denies(tip, doc.claim, across_languages=across_languages) or states_finding(tip_words, doc):
        return "denies_claim"
    return None
