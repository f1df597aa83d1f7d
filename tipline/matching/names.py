"""Another name in the same place: a tip that is a debunked hoax with its people, places or numbers swapped.

Hoaxes are templates. "DKPP resmi diskualifikasi Prabowo-Gibran, paslon 02 tidak ikut pemilu!" comes back
as "... diskualifikasi Anies-Muhaimin, paslon 01 ...", the money giveaway of one politician as another's,
the collapsed house of the KPU chairman as Bawaslu's. Nearly every word is the debunk's, so the tip scored
0.98 and was answered at once with a fact-check about someone else. Such a tip is offered the debunk as a
suggestion instead: the voter sees which claim it is and says whether it is theirs.

A swap is a span of one to three words where the tip and the debunk each have a name the other lacks: a
word written with a capital inside a sentence (in a text that is not all capitals or title case, where case
says nothing), or a number the other text does not have (leading zeros aside: "paslon 2" is "paslon 02").
Near spellings are the same name ("Mahfut" / "Mahfud").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from tipline.matching.documents import DebunkDoc
from tipline.matching.normalize import content_words, normalize

MAX_SPAN_WORDS = 3
MIN_LOWER_SHARE = 0.4  # of the words inside sentences: less, and the text is in title case or capitals
SAME_NAME_RATIO = 0.75  # difflib's ratio at or above which two words are one name misspelt
_TOKEN = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")
# What may stand between a sentence's end and its first word: spaces, quotes, emoji, "#", "*"...
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n])[^\w.!?:;\n]*$")
_DIGITS = re.compile(r"\d+")
_YEAR = re.compile(r"(?:19|20)\d\d")


def name_words(text: str) -> frozenset[str]:
    """The normalised words of `text` that look like names: capitalised inside a sentence, or all capitals."""
    inside = [
        m.group(0)
        for m in _TOKEN.finditer(text)
        if m.group(0)[:1].isalpha() and not _SENTENCE_START.search(text[: m.start()])
    ]
    # In a headline in title case or a message in capitals nearly every word starts with a capital.
    if len(inside) < 3 or sum(t[:1].islower() for t in inside) < MIN_LOWER_SHARE * len(inside):
        return frozenset()
    return frozenset(w for token in inside if token[:1].isupper() for w in normalize(token).words)


def _numbers(words: Sequence[str]) -> set[str]:
    return {d.lstrip("0") or "0" for w in words for d in _DIGITS.findall(w)}


def _kind(word: str) -> str:
    """A year only stands in for a year ("pemilu 2024" is no other "14 Februari"), a number for a number."""
    numbers = _DIGITS.findall(word)
    if not numbers:
        return "name"
    return "year" if all(_YEAR.fullmatch(n) for n in numbers) else "number"


def _is_short_for(word: str, words: Sequence[str]) -> bool:
    """Whether `word` is made of the starts of two to four words in a row of `words`: "nfl" (national
    football league), "kpu", "jabar" (jawa barat), "pragib" (prabowo gibran)."""

    def made_of(rest: str, at: int, used: int) -> bool:
        if not rest:
            return used >= 2
        if at >= len(words) or used == 4:
            return False
        head = words[at]
        return any(
            made_of(rest[n:], at + 1, used + 1) for n in range(1, len(rest) + 1) if head.startswith(rest[:n])
        )

    return len(word) >= 2 and any(made_of(word, i, 0) for i in range(len(words)) if words[i][:1] == word[:1])


def _names_of_span(span: list[str], names: frozenset[str], other: list[str]) -> dict[str, str]:
    """The span's words the other text lacks that are names or numbers, by kind."""
    other_words, other_numbers = set(other), _numbers(other)
    out = {}
    for word in set(span) - other_words:
        kind = _kind(word)
        named = word in names and not _is_short_for(word, other)
        if named if kind == "name" else not _numbers([word]) <= other_numbers:
            out[word] = kind
    return out


def _swapped(mine: dict[str, str], theirs: dict[str, str]) -> bool:
    """A name of one kind on each side, and no two of them one name spelt two ways."""
    for kind in set(mine.values()) & set(theirs.values()):
        ours = {w for w, k in mine.items() if k == kind}
        others = {w for w, k in theirs.items() if k == kind}
        if all(SequenceMatcher(None, a, b).ratio() < SAME_NAME_RATIO for a in ours for b in others):
            return True
    return False


def swapped_names(tip: str, tip_words: Sequence[str], debunk: str) -> tuple[list[str], list[str]] | None:
    """The first span where `tip` names someone or something else than `debunk` (tip words, debunk words),
    or None. `tip_words` are the tip's words as matched (spelling corrected)."""
    ours = content_words(list(tip_words))
    theirs = content_words(normalize(debunk).words)
    tip_names, debunk_names = name_words(tip), name_words(debunk)
    for op, i1, i2, j1, j2 in SequenceMatcher(None, ours, theirs, autojunk=False).get_opcodes():
        if op != "replace" or i2 - i1 > MAX_SPAN_WORDS or j2 - j1 > MAX_SPAN_WORDS:
            continue
        mine = _names_of_span(ours[i1:i2], tip_names, theirs)
        other = _names_of_span(theirs[j1:j2], debunk_names, ours)
        if _swapped(mine, other):
            return ours[i1:i2], theirs[j1:j2]
    return None


def names_another(tip: str, tip_words: Sequence[str], doc: DebunkDoc) -> bool:
    """Whether the tip names someone or something else than the debunk's claim (the hoax as it circulated;
    a headline is the fact-checker's own wording, "Pemilu 2024 ditunda" for a tip's "14 Februari")."""
    return swapped_names(tip, tip_words, doc.claim) is not None
