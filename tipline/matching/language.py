"""Language of a tip: langdetect behind a small wrapper, deterministic, Javanese/Sundanese/Malay on purpose.

langdetect has no profile for jv, su or ms: it calls them "id" (or, on short text, Tagalog or Somali). Their
everyday function words are distinctive, so they are recognised by those first. Very short texts carry too
little signal, and the voter's known language is the better guess.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import langdetect
from langdetect import DetectorFactory, LangDetectException

from tipline.matching.normalize import fold, load_lexicon
from tipline.matching.urls import find_urls

SUPPORTED = ("id", "en", "jv", "su", "ms")
MIN_WORDS = 4
MIN_CHARS = 20
_MARKERS = {
    "jv": frozenset(
        [
            "ora",
            "opo",
            "iki",
            "kuwi",
            "wis",
            "uwis",
            "durung",
            "karo",
            "ojo",
            "arep",
            "piye",
            "wong",
            "ngerti",
            "akeh",
            "saiki",
            "aku",
            "sampeyan",
            "panjenengan",
            "mboten",
            "nggih",
            "sing",
            "lan",
            "nang",
            "ning",
            "ndek",
            "iku",
        ]
    ),
    "su": frozenset(
        [
            "teu",
            "henteu",
            "naon",
            "ieu",
            "eta",
            "geus",
            "acan",
            "jeung",
            "abdi",
            "anjeun",
            "kumaha",
            "ayeuna",
            "loba",
            "urang",
            "mah",
            "atuh",
            "teh",
            "sareng",
            "hoyong",
            "sanes",
            "bade",
            "pisan",
        ]
    ),
    "ms": frozenset(
        [
            "kerana",
            "sahaja",
            "boleh",
            "awak",
            "hendak",
            "nak",
            "kerajaan",
            "bagaimanakah",
            "tersebar",
            "pihak",
            "berkuasa",
            "rakyat",
            "negeri",
        ]
    ),
}
_MARKER_SHARE = 0.12
# langdetect calls short Indonesian headlines English ("Hasil Real Count ... AMIN 58,30%", "Foto Prabowo dan
# Titiek Naik Kereta Cepat"): such a tip would be scored by the English model. Function words settle it.
_ID_FUNCTION_WORDS = frozenset(
    [
        "dan",
        "yang",
        "di",
        "ke",
        "dari",
        "ini",
        "itu",
        "untuk",
        "dengan",
        "tidak",
        "akan",
        "sudah",
        "buat",
        "pada",
        "ada",
        "adalah",
        "atau",
        "juga",
        "karena",
        "oleh",
        "dalam",
        "bisa",
        "hasil",
        "akun",
        "naik",
        "jadi",
        "kata",
        "telah",
        "para",
        "bagi",
        "kami",
        "kita",
        "mereka",
        "saat",
        "sebagai",
    ]
)
_EN_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "is",
        "in",
        "for",
        "on",
        "that",
        "with",
        "are",
        "was",
        "this",
        "it",
        "be",
        "by",
        "at",
        "from",
        "has",
        "have",
        "will",
        "not",
        "a",
        "an",
        "you",
        "we",
        "they",
        "he",
        "she",
        "his",
        "her",
        "their",
        "who",
        "what",
    ]
)
# Languages a tip here is in, plus those langdetect confuses short Indonesian with (tl, so, sw, af, nl...).
PROFILES = ("id", "en", "tl", "so", "sw", "af", "nl", "de", "fr", "es", "pt", "it", "vi", "ar", "tr")
MAX_CHARS = 400


def _markers(words: list[str]) -> str | None:
    best, best_share = None, 0.0
    for language, markers in _MARKERS.items():
        share = sum(w in markers for w in words) / len(words)
        if share > best_share:
            best, best_share = language, share
    return best if best_share >= _MARKER_SHARE and best_share * len(words) >= 2 else None


def _more_indonesian_function_words(words: list[str]) -> bool:
    bare = [w.strip(".,!?;:\"'()") for w in words]
    return sum(w in _ID_FUNCTION_WORDS for w in bare) > sum(w in _EN_FUNCTION_WORDS for w in bare)


def detect_language(
    text: str, hint: str | None = None, default: str | None = None, trials: int = 3
) -> str | None:
    """One of SUPPORTED, the same answer for the same text; `hint` (the voter's language) on short text."""
    fallback = hint or default
    for url in find_urls(text):
        text = text.replace(url, " ")
    cleaned = fold(text)
    words = [w for w in cleaned.split() if any(c.isalpha() for c in w)]
    if len(words) < MIN_WORDS or len(cleaned) < MIN_CHARS:
        return fallback
    marked = _markers([w.strip(".,!?;:\"'()") for w in words])
    if marked:
        return marked
    slang = load_lexicon().slang
    expanded = " ".join(slang.get(w, w) for w in words)[:MAX_CHARS]
    try:
        detector = _factory().create()
        detector.n_trial = trials  # 7 by default; 3 agrees on real tips and costs less than half
        detector.append(expanded)
        guesses = detector.get_probabilities()
    except LangDetectException:
        return fallback
    for guess in guesses:
        if guess.lang == "en" and _more_indonesian_function_words(words):
            return "id"
        if guess.lang in SUPPORTED and guess.prob >= 0.5:
            return str(guess.lang)
    # Tagalog, Somali, Swahili... on Indonesian-looking text: keep what we knew.
    return fallback


def language_of_texts(*texts: str | None) -> str | None:
    """English or Indonesian for a debunk that does not say (no inLanguage), from its words; None if unsure.

    Left empty it would be taken for the tipline's default language: an English fact-check would then be
    compared with English tips as a foreign one (en-clef2020-dev without inLanguage: MAP@5 0.908 -> 0.812).
    Javanese/Sundanese/Malay marker words are not trusted on a headline (26 of id-turnbackhoax-2024's 3,185
    Indonesian headlines came out Malay or Javanese), and an unsure guess is left to the collection (Matcher).
    """
    text = " ".join(t[:500] for t in texts if t)
    # A fact-check's claim is a sentence: its function words settle what langdetect's trigrams leave open on
    # short text ("Osama bin Laden has been sighted in Utah." came out Indonesian).
    words = [w.strip(".,!?;:\"'()") for w in fold(text).split()]
    english = sum(w in _EN_FUNCTION_WORDS for w in words)
    indonesian = sum(w in _ID_FUNCTION_WORDS for w in words)
    if max(english, indonesian) >= 2 and english != indonesian:
        return "en" if english > indonesian else "id"
    detected = detect_language(text, default=None, trials=7)  # once per import: more trials are affordable
    return detected if detected in ("en", "id") else None


@lru_cache(maxsize=1)
def _factory() -> DetectorFactory:
    """Only the profiles a tip is plausibly in (or confused with): the cost grows with the language count."""
    directory = Path(langdetect.__file__).parent / "profiles"
    factory = DetectorFactory()
    factory.load_json_profile([(directory / name).read_text(encoding="utf-8") for name in PROFILES])
    factory.seed = 0  # each detector seeds its own Random with this: the same text, the same answer
    return factory
