"""Language of a tip: langdetect behind a small wrapper, deterministic, Javanese/Sundanese/Malay on purpose.

langdetect has no profile for jv, su or ms: it calls them "id" (or, on short text, Tagalog or Somali). Their
everyday function words are distinctive, so they are recognised by those first. Very short texts carry too
little signal, and the voter's known language is the better guess. Text mostly in another script than Latin
(Arabic, Chinese, Devanagari...) is told apart by all of langdetect's profiles, which rarely err there; a
Latin-script language is only answered if it is one of ours or one the tipline has debunks in (`also`): the
matcher compares a tip with debunks in its own language by their words, and a Spanish collection's Spanish
tips taken for Indonesian were compared as across languages (see matcher).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import langdetect
from langdetect import DetectorFactory, LangDetectException

from tipline.matching.normalize import LEXICON_DIR, fold, load_lexicon
from tipline.matching.urls import find_urls
from tipline.matching.word_languages import word_lean

SUPPORTED = ("id", "en", "jv", "su", "ms")
MIN_WORDS = 4
MIN_CHARS = 20
_MARKER_SHARE = 0.12


def _language_words(path: Path) -> dict[tuple[str, str], frozenset[str]]:
    """(kind, language) -> words, from content/matching/language_words.tsv."""
    words: dict[tuple[str, str], set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, language, listed = line.split("\t", 2)
            words.setdefault((kind, language), set()).update(listed.lower().split())
    return {key: frozenset(value) for key, value in words.items()}


_WORDS = _language_words(LEXICON_DIR / "language_words.tsv")
_MARKERS = {lang: words for (kind, lang), words in _WORDS.items() if kind == "marker"}
# langdetect calls short Indonesian headlines English ("Hasil Real Count ... AMIN 58,30%", "Foto Prabowo dan
# Titiek Naik Kereta Cepat"): such a tip would be scored by the English model. Function words settle it.
_ID_FUNCTION_WORDS = _WORDS["function", "id"]
_EN_FUNCTION_WORDS = _WORDS["function", "en"]

# Languages a tip here is in, plus those langdetect confuses short Indonesian with (tl, so, sw, af, nl...).
PROFILES = ("id", "en", "tl", "so", "sw", "af", "nl", "de", "fr", "es", "pt", "it", "vi", "ar", "tr")
MAX_CHARS = 400
# A Latin-script language other than ours must be clear: short Indonesian text can look Tagalog or Dutch.
OTHER_LATIN_PROBABILITY = 0.9
_PROFILE_DIR = Path(langdetect.__file__).parent / "profiles"
ALL_PROFILES = tuple(sorted(path.name for path in _PROFILE_DIR.iterdir())) if _PROFILE_DIR.is_dir() else ()
MIN_OTHER_SCRIPT_LETTERS = 4


def english_function_words() -> frozenset[str]:
    return _EN_FUNCTION_WORDS


def bare_words(words: Iterable[str]) -> list[str]:
    """Words without the punctuation around them ("don't," -> "don't"), for the word lists."""
    return [w.strip(".,!?;:\"'()") for w in words]


def language_code(code: str | None) -> str:
    """zh-cn, zh-TW, pt-BR -> zh, zh, pt: how debunks' inLanguage and detected languages are compared."""
    return (code or "").split("-")[0].lower()


# Malay, Javanese and Sundanese are matched as Indonesian: one lexicon (slang.tsv turns their function words
# into Indonesian ones) and one stemmer, and a regional-language tip names its claim in Indonesian words. A
# Malay collection's tips that langdetect calls Indonesian (it has no Malay profile) were compared with it as
# across languages: id-turnbackhoax-2024 relabelled "ms" scored MAP@5 0.746 that way, 0.818 as one language.
# The labelled set's Javanese and Sundanese tips are answered at once now (suggested before).
_MATCHED_AS = {"ms": "id", "jv": "id", "su": "id"}


# Languages multilingual-e5 barely knows: their tips' cosines come out flat (a Javanese question about the
# election ink scored 0.83-0.86 against every debunk, an unrelated English one highest), so a debunk in
# another language, which only the embedding links to the tip, is not offered to them. Their speakers read
# Indonesian, whose debunks are compared word for word.
NO_CROSS_LINGUAL = frozenset({"jv", "su"})


def matching_language(code: str | None) -> str:
    """The language a tip or debunk is compared in: its code (language_code), Malay, Javanese and Sundanese
    as Indonesian."""
    plain = language_code(code)
    return _MATCHED_AS.get(plain, plain)


def _mostly_other_script(text: str) -> bool:
    """More letters outside Latin (and its accents) than in it."""
    if text.isascii():
        return False
    other = latin = 0
    for ch in text:
        if ch.isalpha():
            if ch < "\u0250":
                latin += 1
            else:
                other += 1
    return other > latin and other >= MIN_OTHER_SCRIPT_LETTERS


def _east_asian(text: str) -> str | None:
    """Korean by Hangul, Japanese by kana, else Chinese by Han characters: langdetect took plain Chinese
    sentences for Korean ("现在可以用微信投票了，点链接就能投" -> ko 0.99)."""
    han = kana = hangul = 0
    for ch in text:
        if "\uac00" <= ch <= "\ud7af" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f":
            hangul += 1
        elif "\u3040" <= ch <= "\u30ff":
            kana += 1
        elif "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff":
            han += 1
    if hangul:
        return "ko"
    if kana:
        return "ja"
    return "zh" if han else None


def _detect(text: str, profiles: tuple[str, ...], trials: int) -> list[tuple[str, float]]:
    try:
        detector = _factory(profiles).create()
        detector.n_trial = trials  # 7 by default; 3 agrees on real tips and costs less than half
        detector.append(text)
        return [(str(g.lang), float(g.prob)) for g in detector.get_probabilities()]
    except LangDetectException:
        return []


def _markers(words: list[str]) -> str | None:
    best, best_share = None, 0.0
    for language, markers in _MARKERS.items():
        share = sum(w in markers for w in words) / len(words)
        if share > best_share:
            best, best_share = language, share
    return best if best_share >= _MARKER_SHARE and best_share * len(words) >= 2 else None


def _more_indonesian_function_words(words: list[str]) -> bool:
    bare = bare_words(words)
    return sum(w in _ID_FUNCTION_WORDS for w in bare) > sum(w in _EN_FUNCTION_WORDS for w in bare)


def _english_words_only(text: str, words: list[str]) -> bool:
    """English function words and no Indonesian ones, and the everyday words English: "Anies did not change
    his name to Mahdi Yohanis Khan" (langdetect: Indonesian, for the names)."""
    bare = bare_words(words)
    english = sum(w in _EN_FUNCTION_WORDS for w in bare)
    if english < 2 or any(w in _ID_FUNCTION_WORDS for w in bare):
        return False
    indonesian_words, english_words = word_lean(text)
    # Not an English post with its Indonesian translation ("... Terjemahan: ..."): that one is read as before.
    return english_words > 0 and indonesian_words == 0


def detect_language(
    text: str,
    hint: str | None = None,
    default: str | None = None,
    trials: int = 3,
    also: frozenset[str] = frozenset(),
) -> str | None:
    """One of SUPPORTED, of `also` (Latin script) or a language of another script, the same answer for the
    same text; `hint` (the voter's language) on short text."""
    fallback = hint or default
    for url in find_urls(text):
        text = text.replace(url, " ")
    cleaned = fold(text)
    if _mostly_other_script(cleaned):
        east_asian = _east_asian(cleaned)
        if east_asian:
            return east_asian
        for lang, prob in _detect(cleaned[:MAX_CHARS], ALL_PROFILES, trials):
            return language_code(lang) if prob >= 0.5 else fallback
        return fallback
    words = [w for w in cleaned.split() if any(c.isalpha() for c in w)]
    if len(words) < MIN_WORDS or len(cleaned) < MIN_CHARS:
        return fallback
    marked = _markers(bare_words(words))
    if marked:
        return marked
    slang = load_lexicon().slang
    expanded = " ".join(slang.get(w, w) for w in words)[:MAX_CHARS]
    others = tuple(sorted(also.intersection(ALL_PROFILES) - set(PROFILES)))
    for lang, prob in _detect(expanded, PROFILES + others, trials):
        if lang == "en" and _more_indonesian_function_words(words):
            return "id"
        if lang == "id" and _english_words_only(text, words):
            return "en"
        if lang in SUPPORTED and prob >= 0.5:
            return lang
        if lang in also and prob >= OTHER_LATIN_PROBABILITY:
            return lang
    # Tagalog, Somali, Swahili... on Indonesian-looking text: keep what we knew.
    return fallback


def language_of_texts(*texts: str | None) -> str | None:
    """The language of a debunk that does not say (no inLanguage), from its words; None if unsure: English or
    Indonesian in Latin script, or the language of another script (Arabic, Chinese, Hindi...).

    Left empty it would be taken for the tipline's default language: an English fact-check would then be
    compared with English tips as a foreign one (en-clef2020-dev without inLanguage: MAP@5 0.908 -> 0.812).
    Javanese/Sundanese/Malay marker words are not trusted on a headline (26 of id-turnbackhoax-2024's 3,185
    Indonesian headlines came out Malay or Javanese), and an unsure guess is left to the collection (Matcher).
    """
    text = " ".join(t[:500] for t in texts if t)
    if _mostly_other_script(fold(text)):
        return detect_language(text, default=None, trials=7)
    # A fact-check's claim is a sentence: its function words settle what langdetect's trigrams leave open on
    # short text ("Osama bin Laden has been sighted in Utah." came out Indonesian).
    words = bare_words(fold(text).split())
    english = sum(w in _EN_FUNCTION_WORDS for w in words)
    indonesian = sum(w in _ID_FUNCTION_WORDS for w in words)
    if max(english, indonesian) >= 2 and english != indonesian:
        return "en" if english > indonesian else "id"
    detected = detect_language(text, default=None, trials=7)  # once per import: more trials are affordable
    return detected if detected in ("en", "id") else None


@lru_cache(maxsize=8)
def _factory(profiles: tuple[str, ...] = PROFILES) -> DetectorFactory:
    """Latin script: only the profiles a tip is plausibly in (or confused with), as each adds to the cost."""
    factory = DetectorFactory()
    factory.load_json_profile([(_PROFILE_DIR / name).read_text(encoding="utf-8") for name in profiles])
    factory.seed = 0  # each detector seeds its own Random with this: the same text, the same answer
    return factory
