"""Typos in a tip, corrected towards the words the debunks use.

A voter typing fast on a phone drops, doubles, swaps or mistypes a letter (`pmeilu`, `ribuaan`, `kecurnagan`).
Such a word matches no debunk, and worse, an unknown word weighs like the rarest word there is, so the tip
looks unlike its debunk even when every other word is the headline's: the calibrated confidence falls below
the auto threshold and the voter gets suggestions instead of the verdict.

A word that is neither in a debunk nor in wordfreq's lists of Indonesian and English words is replaced by the
most frequent debunk word one edit away (a letter deleted, inserted, replaced, or two neighbours swapped:
Norvig's corrector, with the debunks as its dictionary), a thumb's likely slip (a letter left out, two
swapped, a key next to the right one) counting three times: among the 730 words of id-turnbackhoax-2024's
tips it corrects, 11 change, 7 to the word meant (kpada -> kepada, not pada; tangal -> tanggal, not
tangan), 1 away from it. Without the word lists, a third of id-turnbackhoax-2024's tips had a real word
"corrected" into another (sesat -> sesak, pemilih -> pemilik), and English tweets lost their names and rarer
words (wombat -> combat).
The edits are generated for the tip's unknown words at query time (~50 per letter, looked up in a dict), so
the index keeps no table of misspellings. A word of three or four letters only loses a doubled letter (sahh
-> sah): at that length almost every word is one edit from another.

The embedder reads the tip as typed, so it gets the same corrections, and the chat spellings that
normalisation writes out (`jdi` -> `jadi`, `yg` -> `yang`), in the case they were typed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from tipline.matching.language import matching_language

LETTERS = "abcdefghijklmnopqrstuvwxyz"
MIN_LENGTH = 5
# The languages of the word lists: a Spanish tip's words are in neither (quitar became quita), so a tip in
# another language is left as typed.
LANGUAGES = ("id", "en")
_WORDS = re.compile(r"\w+")


def edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [left + right[1:] for left, right in splits if right]
    swaps = [left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1]
    replaces = [left + c + right[1:] for left, right in splits if right for c in LETTERS]
    inserts = [left + c + right for left, right in splits for c in LETTERS]
    return set(deletes + swaps + replaces + inserts)


def _neighbours() -> dict[str, set[str]]:
    rows = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
    near: dict[str, set[str]] = {}
    for r, row in enumerate(rows):
        for c, key in enumerate(row):
            around = {row[i] for i in (c - 1, c + 1) if 0 <= i < len(row)}
            # On a phone's keyboard each row sits half a key right of the one above.
            for other in (r - 1, r + 1):
                if 0 <= other < len(rows):
                    shift = c if other > r else c + 1
                    around |= {rows[other][i] for i in (shift - 1, shift) if 0 <= i < len(rows[other])}
            near[key] = around
    return near


KEY_NEIGHBOURS = _neighbours()
# How much likelier a thumb's slip is than another edit: a word three times as used still wins (najwa over
# nata for natwa, tentang over terang for tertang), a likely slip wins among words used about as much.
SLIP_ODDS = 3
# Words whose correction is remembered: a tip's words are corrected two or three times (the lexical features,
# the text the embedder reads, the safeguards), and an unknown word's edits took ~0.2 ms each time.
CORRECTIONS_KEPT = 50_000


def likely_slip(typed: str, meant: str) -> bool:
    """Whether `typed` is `meant` with the slips a thumb makes: a letter left out, two swapped, a key next to
    the right one, or an extra key pressed beside a letter's own. A letter replaced by a far one, or an
    unrelated one added, is rarer: "garua" is "garuda" with the d left out sooner than "gara" with a u added,
    "tynggal" is "tunggal" (y is next to u) sooner than "tanggal"."""
    if len(meant) == len(typed) + 1:
        return True
    if len(typed) == len(meant) + 1:
        i = next((i for i, (a, b) in enumerate(zip(typed, meant, strict=False)) if a != b), len(meant))
        extra, beside = typed[i], {typed[j] for j in (i - 1, i + 1) if 0 <= j < len(typed)}
        return bool(beside & ({extra} | KEY_NEIGHBOURS.get(extra, set())))
    if len(typed) != len(meant):
        return False
    differ = [i for i, (a, b) in enumerate(zip(typed, meant, strict=True)) if a != b]
    if len(differ) == 2:
        first, second = differ
        return second == first + 1 and (typed[first], typed[second]) == (meant[second], meant[first])
    return len(differ) == 1 and typed[differ[0]] in KEY_NEIGHBOURS.get(meant[differ[0]], set())


def undoubled(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(1, len(word)) if word[i] == word[i - 1]}


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """Indonesian and English words (270k, ~60 MB per process): spelt right even when no debunk uses them.
    English's long tail is kept: without it, names such as Modica became Monica, and the common misspelling
    facist became racist."""
    from wordfreq import get_frequency_dict

    return frozenset(
        word
        for language in LANGUAGES
        for word in get_frequency_dict(language, wordlist="best")
        if len(word) >= 3 and word.isascii() and word.isalpha()
    )


def corrects(language: str | None) -> bool:
    """A tip of unknown language is taken to be in the tipline's own (Indonesian, then English)."""
    return not language or matching_language(language) in LANGUAGES


class Speller:
    def __init__(self, counts: Mapping[str, int], dictionary: frozenset[str] | None = None) -> None:
        """`counts`: how many debunks use each word; `dictionary`: words never corrected (wordfreq's)."""
        self.counts = counts
        self.dictionary = dictionary_words() if dictionary is None else dictionary
        self._corrected: dict[str, str] = {}

    @classmethod
    def from_documents(
        cls, documents: Iterable[Iterable[str]], dictionary: frozenset[str] | None = None
    ) -> Speller:
        counts: dict[str, int] = {}
        for words in documents:
            for word in set(words):
                counts[word] = counts.get(word, 0) + 1
        return cls(counts, dictionary)

    def correct(self, word: str) -> str:
        if word in self.counts:
            return word
        corrected = self._corrected.get(word)
        if corrected is None:
            if len(self._corrected) >= CORRECTIONS_KEPT:
                self._corrected.clear()
            corrected = self._corrected[word] = self._correct(word)
        return corrected

    def forget(self) -> None:
        """Drops the remembered corrections (the eval times tips as if never seen)."""
        self._corrected.clear()

    def _correct(self, word: str) -> str:
        # Before the word lists: they hold the chat forms too (wordfreq reads subtitles and social media).
        formal = self.formal_verb(word)
        if formal or word in self.dictionary or not (word.isascii() and word.isalpha()):
            return formal or word
        if len(word) < MIN_LENGTH:
            # Only a doubled letter undone (saah -> sah): a short word is one edit from too many others.
            known = [candidate for candidate in undoubled(word) if candidate in self.counts]
        else:
            known = [candidate for candidate in edits1(word) if candidate in self.counts]
        return self._most_used(known, word) or word

    def _most_used(self, known: list[str], typed: str = "") -> str | None:
        """The debunk word most used, a likely slip of `typed` counting SLIP_ODDS times; ties go to the
        likely slip, then to the alphabetically first, so a tip always reads the same."""

        def odds(candidate: str) -> tuple[int, bool, str]:
            likely = likely_slip(typed, candidate)
            return (-self.counts[candidate] * (SLIP_ODDS if likely else 1), not likely, candidate)

        return min(known, key=odds, default=None)

    def formal_verb(self, word: str) -> str | None:
        """A Jakarta chat verb as the debunks write it: -in for -kan or -i (`dibatalin` -> `dibatalkan`,
        `batalin` -> `membatalkan`), ng-/ny- for meng-/meny- (`ngumumin` -> `mengumumkan`, `nyebar` ->
        `menyebar`); only to a word some debunk uses."""
        if len(word) < MIN_LENGTH or not (word.isascii() and word.isalpha()):
            return None
        forms = [word, "me" + word] if word.startswith(("ng", "ny")) else [word]
        candidates = forms[1:]
        for form in forms:
            if form.endswith("in"):
                stem = form[:-2]
                candidates += [stem + "kan", stem + "i"]
                if not form.startswith(("di", "me")):
                    candidates += [prefix + stem + "kan" for prefix in ("mem", "men", "meng", "me")]
        return self._most_used([candidate for candidate in candidates if candidate in self.counts])

    def correct_words(self, words: Sequence[str], language: str | None = None) -> tuple[str, ...]:
        if not corrects(language):
            return tuple(words)
        return tuple(self.correct(word) for word in words)

    def correct_text(
        self,
        text: str,
        words: Sequence[str],
        slang: Mapping[str, str] | None = None,
        language: str | None = None,
    ) -> str:
        """`text` as written (for the embedder) with the misspelt `words` of its normalised form corrected,
        and chat spellings in `slang` written out (`jdi` -> `jadi`), in the case they were typed in."""
        if not corrects(language):
            return text
        fixes = {word: fixed for word in set(words) if (fixed := self.correct(word)) != word}
        if slang:
            typed_words = set(_WORDS.findall(text.lower()))
            fixes.update({typed: slang[typed] for typed in typed_words if typed in slang})
        if not fixes:
            return text

        def fix(match: re.Match[str]) -> str:
            typed = match.group(0)
            fixed = fixes.get(typed.lower(), typed)
            if typed.isupper() and len(typed) > 1:
                return fixed.upper()
            return fixed[:1].upper() + fixed[1:] if typed[0].isupper() else fixed

        longest_first = sorted(fixes, key=len, reverse=True)
        pattern = r"(?<!\w)(?:" + "|".join(re.escape(w) for w in longest_first) + r")(?!\w)"
        return re.sub(pattern, fix, text, flags=re.IGNORECASE)
