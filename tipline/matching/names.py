"""Another name in the same place: a tip that is a debunked hoax with its people, places or numbers swapped.

Hoaxes are templates. "DKPP resmi diskualifikasi Prabowo-Gibran, paslon 02 tidak ikut pemilu!" comes back
as "... diskualifikasi Anies-Muhaimin, paslon 01 ...", the money giveaway of one politician as another's,
the collapsed house of the KPU chairman as Bawaslu's. Nearly every word is the debunk's, so the tip scored
0.98 and was answered at once with a fact-check about someone else. Such a tip is offered the debunk as a
suggestion instead: the voter sees which claim it is and says whether it is theirs.

A swap is a span of one to three words where the tip and the debunk's claim each have a name of one kind
that the other lacks: a word written with a capital inside a sentence, or a number the other text does not
have (leading zeros aside: "paslon 2" is "paslon 02"; a year only stands for a year). Where case says
nothing (capitals, title case, all lower case) the words the debunk collection writes as names count.
There, a word after a head of names ("Bank Jatim", "Kabupaten Pali", "Gunung Raung";
content/matching/name_heads.txt; not after a count, "40 kecamatan") is a name too; where case tells nothing
in either text, so is an acronym in a text not written in capitals ("Undian BNI" against "Undian BJB"):
template hoaxes come back with a bank or a town swapped, in title case.
A text's first word is capitalised whatever it is, so it is no name by its case; but an acronym opening one
text against another capitalised word opening the other, in a span with no other name, is one subject for
another ("Polri bakal ambil alih pemerintahan ..." against "TNI akan mengambil alih ..."). A near spelling
("Mahfut" / "Mahfud") or a shortening of the other side's words ("Jabar" / "Jawa Barat", "NFL") is the same
name. A share ("58 persen") the other text states differently ("38%") is another claim wherever it stands.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from tipline.matching.documents import DebunkDoc
from tipline.matching.normalize import LEXICON_DIR, content_words, normalize, words_of

MAX_SPAN_WORDS = 3
MIN_LOWER_SHARE = 0.4  # of the words inside sentences: less, and the text is in title case or capitals
SAME_NAME_RATIO = 0.75  # difflib's ratio at or above which two words are one name misspelt
_TOKEN = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")
_SENTENCE_END = re.compile(r"[.!?:;\n]")
_DIGITS = re.compile(r"\d+")
_YEAR = re.compile(r"(?:19|20)\d\d")
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_PERCENT = re.compile(r"(?<![\d.,])(\d+(?:[.,]\d+)?)\s*(?:%|persen\b|percent\b|per cent\b)", re.IGNORECASE)


def _inside_sentences(text: str) -> list[str]:
    """The words of `text` that do not start a sentence, or none if case tells nothing there: a title in
    title case or a message in capitals, where nearly every word starts with a capital."""
    inside, previous_end = [], None
    for match in _TOKEN.finditer(text):
        starts = previous_end is None or _SENTENCE_END.search(text, previous_end, match.start()) is not None
        previous_end = match.end()
        if not starts and match.group(0)[:1].isalpha():
            inside.append(match.group(0))
    if len(inside) < 3 or sum(t[:1].islower() for t in inside) < MIN_LOWER_SHARE * len(inside):
        return []
    return inside


def _opening(text: str) -> tuple[str, bool] | None:
    """The text's first word when it is one capitalised word, and whether it is an acronym."""
    match = _TOKEN.search(text)
    words = words_of(match.group(0)) if match else ()
    if match is None or len(words) != 1 or not match.group(0)[:1].isupper():
        return None
    return words[0], bool(_ACRONYM.fullmatch(match.group(0))) and bool(acronyms(text))


def _subjects_swapped(tip: str, tip_word: str, debunk: str, debunk_word: str) -> bool:
    """Both texts, in ordinary sentences, open with these words, an acronym and another word or acronym
    ("Polri" / "TNI", "MK" / "KPU"; not "Kpu" / "KPU")."""
    if not (_inside_sentences(tip) and _inside_sentences(debunk)):
        return False
    ours, theirs = _opening(tip), _opening(debunk)
    if (
        ours is None
        or theirs is None
        or not (ours[1] or theirs[1])
        or (ours[0], theirs[0]) != (tip_word, debunk_word)
    ):
        return False
    return SequenceMatcher(None, tip_word, debunk_word).ratio() < SAME_NAME_RATIO


def name_words(text: str) -> frozenset[str] | None:
    """The normalised words of `text` written as names (capitalised inside a sentence, or all capitals),
    or None when case tells nothing: title case, capitals, or no capital at all ("rumah ketua bawaslu")."""
    names = [token for token in _inside_sentences(text) if token[:1].isupper()]
    return frozenset(w for token in names for w in words_of(token)) if names else None


class NameVotes(NamedTuple):
    """A text's normalised words inside its sentences: those written with a capital, and the others."""

    capitalised: tuple[str, ...]
    lower: tuple[str, ...]


def name_votes(text: str, token_words: dict[str, tuple[str, ...]] | None = None) -> NameVotes:
    """`token_words`: each token's normalised words, shared between calls: 10k debunks hold ~150k tokens
    but few distinct ones, and normalising every token took 3.4 s of the matcher's 11.6 s build there."""
    known = {} if token_words is None else token_words
    capitalised: list[str] = []
    lower: list[str] = []
    for token in _inside_sentences(text):
        words = known.get(token)
        if words is None:
            words = known[token] = normalize(token).words
        (capitalised if token[:1].isupper() else lower).extend(words)
    return NameVotes(tuple(capitalised), tuple(lower))


def collection_names(votes: Iterable[NameVotes]) -> frozenset[str]:
    """Words the debunks' claims write as names more often than not, for texts whose case tells nothing."""
    capitalised: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for vote in votes:
        capitalised.update(vote.capitalised)
        lower.update(vote.lower)
    return frozenset(w for w, n in capitalised.items() if n > lower[w] and len(w) > 1)


@lru_cache(maxsize=1)
def name_heads(path: Path = LEXICON_DIR / "name_heads.txt") -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _headed_names(words: Sequence[str]) -> set[str]:
    """The word after a head of names ("bank jatim"), after any heads in a row ("pilkada kabupaten pali"),
    unless the head is counted ("40 kecamatan terombang-ambing")."""
    heads = name_heads()
    return {
        words[i + 1]
        for i in range(len(words) - 1)
        if words[i] in heads and words[i + 1] not in heads and not (i > 0 and words[i - 1].isdigit())
    }


def acronyms(text: str) -> set[str]:
    """Words in capitals ("BJB") in a text that is not: in a text in capitals every word looks like one."""
    letters = [c for c in text if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) > 0.5 * len(letters):
        return set()
    return {w for token in _ACRONYM.findall(text) for w in words_of(token)}


def _names_in(
    text: str, by_case: frozenset[str] | None, words: Sequence[str], known: frozenset[str], caseless: bool
) -> frozenset[str]:
    """`by_case`: name_words(text); `caseless`: case tells nothing in either text. (Otherwise an acronym
    would meet a name told by case: "OED definition of trumpery" against "The English word trumpery".)"""
    if by_case is not None:
        return by_case
    names = known.intersection(words) | _headed_names(words)
    return (names | acronyms(text)) if caseless else names


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
    """A name of one kind on each side, and no two of them one name spelt two ways (numbers have no
    spellings: 900000 is not a slip for 600000)."""
    for kind in set(mine.values()) & set(theirs.values()):
        ours = {w for w, k in mine.items() if k == kind}
        others = {w for w, k in theirs.items() if k == kind}
        if kind != "name" or all(
            SequenceMatcher(None, a, b).ratio() < SAME_NAME_RATIO for a in ours for b in others
        ):
            return True
    return False


def swapped_names(
    tip: str, tip_words: Sequence[str], debunk: str, known: frozenset[str] = frozenset()
) -> tuple[list[str], list[str]] | None:
    """The first span where `tip` names someone or something else than `debunk` (tip words, debunk words),
    else the shares each states when they have none in common, or None. `tip_words` are the tip's words as
    matched (spelling corrected); `known` the collection's names (`collection_names`)."""
    ours = content_words(list(tip_words))
    theirs = content_words(words_of(debunk))
    tip_case, debunk_case = name_words(tip), name_words(debunk)
    caseless = tip_case is None and debunk_case is None
    tip_names = _names_in(tip, tip_case, ours, known, caseless)
    debunk_names = _names_in(debunk, debunk_case, theirs, known, caseless)
    for op, i1, i2, j1, j2 in SequenceMatcher(None, ours, theirs, autojunk=False).get_opcodes():
        if op != "replace" or i2 - i1 > MAX_SPAN_WORDS or j2 - j1 > MAX_SPAN_WORDS:
            continue
        mine = _names_of_span(ours[i1:i2], tip_names, theirs)
        other = _names_of_span(theirs[j1:j2], debunk_names, ours)
        # The openings and words that are no names around them ("Polri bakal ambil" / "TNI mengambil").
        opening = (
            i1 == j1 == 0
            and set(mine) <= {ours[0]}
            and set(other) <= {theirs[0]}
            and _subjects_swapped(tip, ours[0], debunk, theirs[0])
        )
        if _swapped(mine, other) or opening:
            return ours[i1:i2], theirs[j1:j2]
    tip_shares, debunk_shares = percentages(tip), percentages(debunk)
    if tip_shares and debunk_shares and not tip_shares & debunk_shares:
        return sorted(tip_shares), sorted(debunk_shares)
    return None


def percentages(text: str) -> frozenset[str]:
    """The shares a text states ("58%", "58 persen", "57,5 percent"). A share is what a vote count, a poll or
    a pay rise claims, and the rest of such a message is the debunk's words: "Real count KPU: Prabowo-Gibran
    unggul 58 persen" shares "real count KPU", "unggul" and both names with the debunked "Anies-Cak Imin
    38%, makin dekat dengan Prabowo-Gibran", in no span of a few words."""
    return frozenset(m.group(1).replace(",", ".") for m in _PERCENT.finditer(text))


def names_another(
    tip: str, tip_words: Sequence[str], doc: DebunkDoc, known: frozenset[str] = frozenset()
) -> bool:
    """Whether the tip names someone or something else than the debunk's claim (the hoax as it circulated;
    a headline is the fact-checker's own wording, "Pemilu 2024 ditunda" for a tip's "14 Februari")."""
    return swapped_names(tip, tip_words, doc.claim, known) is not None
