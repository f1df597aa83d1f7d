"""A tip that denies the claim it matches: "Petugas KPPS meninggal karena kecapekan, bukan diracun".

Such a tip has most of the debunked claim's words, so it scored 0.90 against "Petugas KPPS meninggal karena
diracuni PKI" and was answered at once: "HOAKS ... jangan teruskan pesan yang keliru" to a voter who had
written what the fact-check says. It is offered the debunk as a suggestion instead: the voter sees which claim
the fact-check is about and picks it if that is what they meant.

A denial is a negation ("bukan", "tidak", "belum" and their chat forms, which normalize() writes out; "not",
"no", "never", "isn't") whose first word of substance is a word of the claim, in a clause of the claim that
negates nothing. A claim's own negation makes its polarity too subtle to read by words ("Tikus Tidak Pernah
Membangun Perangkap" for "no mouse would ever construct a mousetrap"), and words like "gagal" negate in a
claim ("Anies gagal nyapres" is a tip's "gak bisa nyapres"); a word the claim negates in one clause and
affirms in another is left alone too. A negation that asks is no denial: one after a word of asking ("benar
tidak", "hoaks bukan", "kamu tau gak"), or in a question ("pemilu nggak ditunda?"). A tip that says the
opposite word of the claim's ("Tinta pemilu halal" against "tintanya haram"; content/matching/antonyms.tsv)
denies it too, unless negated ("ga lolos tes" is the claim's "gagal"). A negation set against what follows it
("tidak meninggal karena capek, tapi diracun PKI") denies nothing when what follows is the claim's: the tip
says the hoax. On id-turnbackhoax-2024, whose tips spread hoaxes, the first drafts of this rule held back 32
right answers ("TAK BERKUTIK dicecar hakim"): hence the first word only, and the claim's clauses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from tipline.matching.normalize import LEXICON_DIR, load_lexicon, normalize, words_of
from tipline.matching.questions import question_words
from tipline.matching.stemming import stem

NEGATIONS = frozenset(
    {
        "tidak", "bukan", "belum",
        "not", "no", "never", "nor", "cannot",
        "isn", "aren", "wasn", "weren", "don", "doesn", "didn", "won", "hasn", "haven", "hadn",
    }
)  # fmt: skip
# Stems that negate what a claim says of them: in a tip they are too often the hoax itself ("gagal tes").
CLAIM_NEGATION_STEMS = frozenset(stem(w) for w in NEGATIONS) | frozenset(
    stem(w) for w in ("gagal", "batal", "larang", "tanpa", "hangus", "fail", "ban", "without", "cancel")
)
# Words that make the negation after them a question: "benar tidak", "hoaks bukan", "apa tidak", "or not".
ASKING = frozenset(
    {
        "benar", "betul", "beneran", "asli", "hoaks", "hoax", "valid", "fakta", "nyata", "palsu", "bohong",
        "atau", "apa", "apakah", "tahu", "tau", "true", "real", "fake", "false", "or", "legit",
    }
)  # fmt: skip
CONJUNCTIONS = frozenset({"dan", "tapi", "tetapi", "namun", "serta", "padahal", "sedangkan", "and", "but"})
# "Not X but Y": the sentence asserts Y.
CONTRASTS = frozenset({"tapi", "tetapi", "namun", "melainkan", "but", "rather", "instead"})
MAX_CHARS = 2000  # a voter's denial is in the first lines; a 360,000-character tip took 0.7 s to read whole
MAX_WORDS_ACROSS = 20
WITHIN_WORDS = 3  # a denial names what it denies at once: "bukan di Singapura", "tidak ditunda"
_PIECES = re.compile(r"([^.,;:!?\n]+)([.,;:!?\n]*)")
_SENTENCES = re.compile(r"([^.!?\n]+)([.!?\n]*)")


def _pieces(text: str) -> Iterator[tuple[str, ...]]:
    """The normalised words of each sentence or clause."""
    for piece, _ in _PIECES.findall(text):
        if piece.strip():
            yield words_of(piece)


def _sentences(text: str, questions: bool) -> Iterator[list[tuple[str, ...]]]:
    """Each sentence, as the normalised words of its clauses (split at commas); those ending in "?" only if
    `questions`."""
    for sentence, end in _SENTENCES.findall(text):
        if sentence.strip() and (questions or "?" not in end):
            yield [words for words in _pieces(sentence) if words]


def _clauses(words: Sequence[str]) -> Iterator[list[str]]:
    clause: list[str] = []
    for word in words:
        if word in CONJUNCTIONS:
            yield clause
            clause = []
        else:
            clause.append(word)
    yield clause


def _first_substance(words: Sequence[str]) -> str | None:
    """The stem of the first word of substance within WITHIN_WORDS, if no negation or asking comes first."""
    stopwords = load_lexicon().stopwords
    for word in words[:WITHIN_WORDS]:
        if word in NEGATIONS or word in question_words():
            return None
        if word not in stopwords and len(word) > 1:
            return stem(word)
    return None


def _contrasted(clauses: Sequence[Sequence[str]], clause: int, at: int) -> str | None:
    """The first word of substance after the contrast ("tapi") that follows a negation in its sentence."""
    rest = [list(clauses[clause][at + 1 :]), *(list(c) for c in clauses[clause + 1 :])]
    for words in rest:
        for i, word in enumerate(words):
            if word in CONTRASTS:
                return _first_substance(words[i + 1 :])
    return None


def _negations(tip: str, questions: bool = False) -> Iterator[tuple[str, str | None]]:
    """(negated stem, contrasted stem or None) for each negation that does not ask, in the tip's statements
    (and questions if `questions`)."""
    for clauses in _sentences(tip, questions):
        for number, words in enumerate(clauses):
            for at, word in enumerate(words):
                if word not in NEGATIONS or (at > 0 and words[at - 1] in ASKING):
                    continue
                negated = _first_substance(words[at + 1 :])
                if negated is not None:
                    yield negated, _contrasted(clauses, number, at)


def _claim_stems(claim: str) -> tuple[set[str], set[str]]:
    """The stems of the claim's clauses that negate nothing, and of those that negate something."""
    affirmed: set[str] = set()
    negated: set[str] = set()
    for piece in _pieces(claim):
        for clause in _clauses(piece):
            stems = {stem(w) for w in clause}
            if stems & CLAIM_NEGATION_STEMS:
                negated |= stems
            else:
                affirmed |= stems
    return affirmed, negated


def affirmed_stems(text: str) -> set[str]:
    """The stems `text` states in clauses that negate nothing, and not in one that does."""
    affirmed, negated = _claim_stems(text)
    return affirmed - negated


def denied_words(tip: str, claim: str) -> set[str]:
    """The stems of the claim's words that `tip` denies (empty: no denial)."""
    affirmed, negated = _claim_stems(claim)
    said = affirmed - negated
    return {word for word, instead in _negations(tip) if word in said and instead not in said}


def _forms(words: Sequence[str]) -> set[str]:
    """Each word as written and as stemmed: the light stemmer takes "setuju" to "tuju" but "disetujui" to
    "setuju", so a listed word and a text's word meet in one form or the other."""
    return {form for w in words for form in (w, stem(w))}


@lru_cache(maxsize=1)
def _opposites(path: Path = LEXICON_DIR / "antonyms.tsv") -> dict[str, frozenset[str]]:
    """Each form of a listed word -> the forms of its opposites (content/matching/antonyms.tsv)."""
    opposites: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            one, other = line.split("\t")
            for a, b in ((one, other), (other, one)):
                for form in _forms([a]):
                    opposites.setdefault(form, set()).update(_forms([b]))
    return {form: frozenset(others) for form, others in opposites.items()}


def opposite_words(tip: str, claim: str) -> set[tuple[str, str]]:
    """(tip word, claim word) pairs of opposites that only one side has: "halal" in the tip where the claim
    has "haram" and the tip does not. Not a negated opposite: "ga lolos tes" is the claim's "gagal"."""
    negated = {word for word, _ in _negations(tip, questions=True)}
    ours = _forms([w for w in normalize(tip).words if stem(w) not in negated])
    theirs = _forms(words_of(claim))
    opposites = _opposites()
    return {(a, b) for a in ours - theirs for b in opposites.get(a, ()) if b in theirs - ours}


def denies(tip: str, claim: str, across_languages: bool = False) -> bool:
    """Whether `tip` denies `claim`. Across languages no word can be compared: a tip that negates something
    denies a claim that negates nothing ("Anies did not change his name" against "Anies sekarang ganti nama
    jadi Mahdi Yohanis Khan"); one whose claim negates too ("... will not take part in the election" against
    "... tidak ikut pemilu") is taken to say the same. Only a tip of a sentence or two: in a longer one a
    negation is mostly about something else ("Her fans won't care though" after a photo's description)."""
    tip = tip[:MAX_CHARS]
    if not across_languages:
        return bool(denied_words(tip, claim) or opposite_words(tip, claim))
    short = len(tip.split()) <= MAX_WORDS_ACROSS
    return short and next(_negations(tip), None) is not None and not _claim_stems(claim)[1]
