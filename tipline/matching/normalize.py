"""WhatsApp text as Indonesian voters write it, reduced to a comparable form.

NFKC, case, WhatsApp formatting marks, emoji, stretched letters, slang (content/matching/slang.tsv),
chain-message boilerplate (boilerplate.txt) and a feed's hashtags (feed_hashtags.txt: #fyp), reduplication
(anak2), digits standing for letters (J0K0WI, PENJAR4: spelled so to slip past filters), amounts of money as
one number (Rp75.000.000, 75jt -> 75000000), and URLs pulled out and canonicalised. Other scripts are kept
whole: vowel signs stay inside their word (Devanagari, Bengali, Thai), optional marks go (Latin accents,
Arabic harakat and tatweel, Hebrew points), traditional Chinese characters become simplified ones, and
scripts written without spaces (Chinese, Japanese, Thai...) count as overlapping character pairs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from opencc_purepy import OpenCC

from tipline.matching.amounts import spell_amounts
from tipline.matching.urls import CanonicalUrl, canonical_url, find_urls
from tipline.settings import CONTENT_DIR

LEXICON_DIR = CONTENT_DIR / "matching"

_FORMAT_MARKS = re.compile(r"[*_~`]+")
_STRETCHED = re.compile(r"([a-z])\1{2,}")
_REDUPLICATION = re.compile(r"\b([a-z]{2,})2\b")
# Combining marks are not word characters to `re`: without them a Hindi word broke at every vowel sign.
_MARKS = "".join(
    f"{chr(start)}-{chr(end)}"
    for start, end in (
        (0x0300, 0x036F),
        (0x0483, 0x0489),
        (0x0591, 0x05C7),
        (0x0610, 0x061A),
        (0x064B, 0x065F),
        (0x0670, 0x0670),
        (0x06D6, 0x06ED),
        (0x0900, 0x0DFF),  # Indic scripts: their letters match [^\W_] anyway
        (0x0E31, 0x0E4E),
        (0x0EB1, 0x0ECD),
        (0x1AB0, 0x1AFF),
        (0x1DC0, 0x1DFF),
        (0x20D0, 0x20FF),
        (0xFE20, 0xFE2F),
    )
)
_WORD = re.compile(rf"(?:[^\W_]|[{_MARKS}])+", re.UNICODE)
# Marks a writer may or may not type: Latin accents (eleicao / eleição), Arabic harakat and tatweel, Hebrew
# points. Removed after NFD, which also splits hamza and madda off alef (أ إ آ -> ا). Indic vowel signs stay.
_OPTIONAL_MARKS = re.compile("[\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u0640]")
_ARABIC_LETTERS = str.maketrans({"\u0649": "\u064a", "\u0629": "\u0647"})  # ى -> ي, ة -> ه
_UNSPACED_CHARS = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
)
_UNSPACED = re.compile(f"[{_UNSPACED_CHARS}]+")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_PADDED_DIGIT = re.compile(r"0[1-9]")
_SPLIT_PREFIX = re.compile(r"\bdi (\w+)")
# A run of letters and digits with a letter next to a digit. Tried only where a run starts (a run without
# such a pair fails from every start inside it), and only in a text with an ASCII digit: 20 -> 3 us a text.
_MIXED_WORD = re.compile(r"(?<![^\W_])[^\W_]*(?:[^\W\d_][0-9]|[0-9][^\W\d_])[^\W_]*")
_ASCII_DIGIT = re.compile(r"[0-9]")
_LEET = str.maketrans("013457", "oieast")
_KEEP_DIGITS = re.compile(r"\d{2,}|^[^\W\d_]{1,2}\d$|^\d[^\W\d_]{1,2}$")


def _letters_for_digits(match: re.Match[str]) -> str:
    word = match.group(0)
    letters = sum(ch.isalpha() for ch in word)
    # covid19, g20, 5g, mp3, h2o, tahun2024 keep their digits: a number there is meant as a number.
    if letters < 3 or letters < 2 * (len(word) - letters) or _KEEP_DIGITS.search(word):
        return word
    spelled = word.translate(_LEET)
    return spelled.upper() if word.upper() == word else spelled


def spell_out_digits(text: str) -> str:
    """J0K0WI -> JOKOWI, PENJAR4 -> PENJARA; case is kept, so the embedder can use it too."""
    return _MIXED_WORD.sub(_letters_for_digits, text) if _ASCII_DIGIT.search(text) else text


@dataclass(frozen=True)
class Lexicon:
    slang: dict[str, str]
    boilerplate: re.Pattern[str] | None
    stopwords: frozenset[str]
    greetings: frozenset[str]


def _lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and ln[0] != "#"]


def listed_words(path: Path) -> list[str]:
    """The lowercase words of a content word list (any number per line, # comments)."""
    return [w for ln in _lines(path) for w in ln.lower().split()]


def with_standard_forms(words: Iterable[str], slang: dict[str, str]) -> frozenset[str]:
    """A word list as written and as normalisation leaves it: a tip's words are compared after slang is
    written out, so "pagi pak" reads "pagi bapak", and a list with only "pak" missed that greeting."""
    listed = list(words)
    return frozenset(listed) | frozenset(w for word in listed for w in slang.get(word, word).split())


@lru_cache(maxsize=4)
def load_lexicon(directory: Path = LEXICON_DIR) -> Lexicon:
    slang = {}
    for line in _lines(directory / "slang.tsv"):
        key, _, value = line.partition("\t")
        if value:
            slang[key.strip().lower()] = value.strip().lower()
    phrases = sorted({p.lower() for p in _lines(directory / "boilerplate.txt")}, key=len, reverse=True)
    # Phrases are matched on the folded text (before punctuation is dropped), as whole words, whatever the
    # spaces between them (a phrase wrapped onto the next line is still the phrase).
    alternatives = "|".join(r"\s+".join(re.escape(word) for word in p.split()) for p in phrases)
    tags = [
        re.escape(tag[:-1]) + r"\w*" if tag.endswith("*") else re.escape(tag) + r"(?!\w)"
        for tag in (t.lower().lstrip("#") for t in _lines(directory / "feed_hashtags.txt"))
    ]
    parts = ([r"(?<!\w)(?:" + alternatives + r")(?!\w)"] if phrases else []) + (
        ["#(?:" + "|".join(tags) + ")"] if tags else []
    )
    pattern = re.compile("|".join(parts), re.IGNORECASE) if parts else None
    stopwords = with_standard_forms(listed_words(directory / "stopwords.txt"), slang)
    greetings = with_standard_forms(listed_words(directory / "greetings.txt"), slang)
    return Lexicon(slang=slang, boilerplate=pattern, stopwords=stopwords, greetings=greetings)


@dataclass(frozen=True)
class NormalizedText:
    text: str  # words after every step, single-spaced: the exact-match and cache key
    words: tuple[str, ...]
    urls: tuple[CanonicalUrl, ...]


class _SymbolsAsSpaces(dict[int, int | str | None]):
    """A `str.translate` table filled as characters are met: one C call a text instead of a Python step a
    character (9.6 -> 1.6 us a text). So/Sk: emoji and symbols; Co/Cs: private use and surrogates become a
    space. Cf (zero-width spaces and joiners, word joiners, direction marks) goes without a trace: scam
    chains put U+2060 inside words to slip past filters ("Th\u2060e A\u2060nti\u2060mon\u2060opo\u2060ly"),
    and a space there broke every word."""

    LIMIT = 100_000  # characters remembered: text made of every code point cannot grow it without end

    def __missing__(self, ordinal: int) -> int | str | None:
        category = unicodedata.category(chr(ordinal))
        out = None if category == "Cf" else " " if category in ("So", "Sk", "Co", "Cs") else ordinal
        if len(self) < self.LIMIT:
            self[ordinal] = out
        return out


_SYMBOLS = _SymbolsAsSpaces()


def _strip_symbols(text: str) -> str:
    return text.translate(_SYMBOLS)


def _visible(text: str) -> str:
    return _strip_symbols(unicodedata.normalize("NFKC", text))


def _lowered(visible: str) -> str:
    text = _FORMAT_MARKS.sub(" ", visible.casefold())
    return _STRETCHED.sub(r"\1", text)


@lru_cache(maxsize=1)
def _simplified_chinese() -> OpenCC:
    return OpenCC("t2s")


def without_optional_marks(text: str) -> str:
    if text.isascii():
        return text
    bare = _OPTIONAL_MARKS.sub("", unicodedata.normalize("NFD", text))
    bare = unicodedata.normalize("NFC", bare).translate(_ARABIC_LETTERS)
    # Traditional characters as simplified ones (選舉 = 选举): the same Chinese words, written two ways.
    return _simplified_chinese().convert(bare) if _HAN.search(bare) else bare


def fold(text: str) -> str:
    """NFKC, lower case, no emoji or WhatsApp formatting marks, stretched letters collapsed."""
    return _lowered(_visible(text))


def _joined_if_listed(match: re.Match[str], slang: dict[str, str]) -> str:
    joined = "di" + match.group(1)
    return joined if joined in slang else match.group(0)


def normalize(text: str, lexicon: Lexicon | None = None) -> NormalizedText:
    lex = lexicon or load_lexicon()
    raw_urls = find_urls(text)
    for raw in raw_urls:
        text = text.replace(raw, " ")
    urls = tuple(dict.fromkeys(canonical_url(u) for u in raw_urls))
    # Amounts and leet digits are read before case folding (spell_out_digits keeps case for the embedder).
    folded = without_optional_marks(_lowered(spell_out_digits(spell_amounts(_visible(text)))))
    if lex.boilerplate is not None:
        folded = lex.boilerplate.sub(" ", folded)
    folded = _REDUPLICATION.sub(r"\1 \1", folded)
    # Chat writes the passive prefix apart ("pemilu di undur"): the lexicon's "diundur" is meant there too.
    folded = _SPLIT_PREFIX.sub(lambda m: _joined_if_listed(m, lex.slang), folded)
    words: list[str] = []
    for word in _WORD.findall(folded):
        if _PADDED_DIGIT.fullmatch(word):  # "paslon 03" is "paslon 3" as voters write it
            word = word[1]
        words.extend(lex.slang.get(word, word).split())
    return NormalizedText(text=" ".join(words), words=tuple(words), urls=urls)


@lru_cache(maxsize=16384)
def words_of(text: str) -> tuple[str, ...]:
    """`normalize(text).words`, remembered: the safeguards read the same claims, names and clauses again for
    every tip that comes close to a debunk, and a clause of a tip once per rule."""
    return normalize(text).words


def _character_pairs(word: str) -> list[str]:
    """A word of a script written without spaces (a whole Chinese clause) as overlapping character pairs,
    the usual unit for such text when no word splitter is at hand; other parts of the word stay whole."""
    out: list[str] = []
    at = 0
    for run in _UNSPACED.finditer(word):
        if run.start() > at:
            out.append(word[at : run.start()])
        chars = run.group(0)
        out.extend(chars[i : i + 2] for i in range(max(len(chars) - 1, 1)))
        at = run.end()
    if at < len(word):
        out.append(word[at:])
    return out


def content_words(words: tuple[str, ...] | list[str], lexicon: Lexicon | None = None) -> list[str]:
    lex = lexicon or load_lexicon()
    if not all(w.isascii() for w in words) and any(_UNSPACED.search(w) for w in words):
        words = [unit for w in words for unit in _character_pairs(w)]
    return [w for w in words if w not in lex.stopwords and (len(w) > 1 or w.isdigit())]


def is_greeting(words: tuple[str, ...], lexicon: Lexicon | None = None) -> bool:
    """Only greetings, thanks or menu words (or nothing at all): not a claim."""
    lex = lexicon or load_lexicon()
    return all(w in lex.greetings or w in lex.stopwords for w in words)


_SPACES = re.compile(r"\s+")


def without_boilerplate(text: str, lexicon: Lexicon | None = None) -> str:
    """A tip as written, less the chain-message phrases around its claim ("Forwarded many times")."""
    lex = lexicon or load_lexicon()
    return _SPACES.sub(" ", lex.boilerplate.sub(" ", text)).strip() if lex.boilerplate is not None else text


def embedding_text(text: str) -> str:
    """What the embedder reads: case and punctuation kept (e5 uses them), only links, emoji and marks gone."""
    for raw in find_urls(text):
        text = text.replace(raw, " ")
    text = _FORMAT_MARKS.sub(" ", _strip_symbols(spell_out_digits(unicodedata.normalize("NFKC", text))))
    return _SPACES.sub(" ", text).strip()
