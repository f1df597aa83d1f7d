"""Stems for lexical matching: a light Indonesian affix stripper, then English Snowball.

Both run on every word: what matters is that a tip and a debunk reduce a word the same way, and a short tip's
language is too uncertain to pick one stemmer per text. The Indonesian rules follow Tala's light stemmer
(possessives, derivational suffixes, prefixes; not the particles -lah/-kah, which eat
masalah and sekolah) and undo the nasal assimilation of me-/pe-
(menyebarkan -> sebar, memilih -> pilih), which is what joins a headline to the hoax it quotes.
A word in a script of its own is stemmed by that script's Snowball stemmer instead (Arabic: بالحبر and الحبر
are one word; Cyrillic as Russian, Devanagari as Hindi): its script tells the language, a short tip may not.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import Stemmer

_english = Stemmer.Stemmer("english")
_BY_SCRIPT = {
    "ARABIC": "arabic",
    "CYRILLIC": "russian",
    "GREEK": "greek",
    "DEVANAGARI": "hindi",
    "TAMIL": "tamil",
}
_VOWELS = set("aeiou")
_POSSESSIVES = ("nya", "ku", "mu")
_SUFFIXES = ("kan", "an", "i")
_MIN_STEM = 3


def _strip_prefix(word: str) -> str:
    for prefix in ("meny", "peny"):
        if word.startswith(prefix) and len(word) > len(prefix) + 2 and word[len(prefix)] in _VOWELS:
            return "s" + word[len(prefix) :]
    for prefix in ("meng", "peng"):
        if word.startswith(prefix) and len(word) > len(prefix) + 2:
            return word[len(prefix) :]
    for prefix, restore in (("mem", "p"), ("pem", "p"), ("men", "t"), ("pen", "t")):
        if word.startswith(prefix) and len(word) > len(prefix) + 2:
            rest = word[len(prefix) :]
            if rest[0] in _VOWELS:
                return restore + rest
            if rest[0] in "bfv" or (prefix[1:] == "en" and rest[0] in "cdjz"):
                return rest
    for prefix in ("ber", "ter", "per", "me", "pe", "di", "ke", "se"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            return word[len(prefix) :]
    return word


def _strip_suffixes(word: str) -> str:
    for group in (_POSSESSIVES, _SUFFIXES):
        for suffix in group:
            if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM + 1:
                word = word[: -len(suffix)]
                break
    return word


@lru_cache(maxsize=16)
def _stemmer(script: str) -> Stemmer.Stemmer | None:
    algorithm = _BY_SCRIPT.get(script)
    return Stemmer.Stemmer(algorithm) if algorithm else None


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    if word and word[0] >= "\u0370":  # beyond Latin: Greek, Cyrillic, Arabic, Indic...
        by_script = _stemmer(unicodedata.name(word[0], "").split(" ")[0])
        return str(by_script.stemWord(word)) if by_script and len(word) > 3 else word
    if len(word) <= 4 or not word.isalpha():
        return word
    stemmed = _strip_prefix(_strip_suffixes(word))
    return str(_english.stemWord(stemmed))
