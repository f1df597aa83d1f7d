"""Menu words: a message that only asks how the tipline works, what it does with the voter's data, or for
no more messages ("stop").

The help text tells voters to type "privasi"; without this, that word went to the fact-checkers' queue as a
tip. Phrases live in content/replies/menu.json.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tipline.matching.normalize import load_lexicon, normalize
from tipline.settings import CONTENT_DIR

MENU_FILE = CONTENT_DIR / "replies" / "menu.json"
OPTED_OUT = "opted_out"  # "stop": the reply confirms it, and no follow-up is sent from then on


@dataclass(frozen=True)
class MenuRequest:
    reply_key: str  # a canned reply: "help", "privacy_note", "opted_out"
    language: str | None  # the language of the phrase, None when it is the same in several


@lru_cache(maxsize=4)
def _phrases(path: Path = MENU_FILE) -> dict[str, tuple[str, frozenset[str]]]:
    """Normalised phrase -> (reply key, languages it belongs to)."""
    found: dict[str, tuple[str, set[str]]] = {}
    for language, replies in json.loads(path.read_text(encoding="utf-8")).items():
        if language.startswith("_"):
            continue
        for key, phrases in replies.items():
            for phrase in phrases:
                words = normalize(phrase).text
                found.setdefault(words, (key, set()))[1].add(language)
    return {words: (key, frozenset(languages)) for words, (key, languages) in found.items()}


def menu_request(text: str) -> MenuRequest | None:
    """The reply a menu message asks for ("privasi", "min, help?"), or None for anything else."""
    phrases = _phrases()
    norm = normalize(text)
    if norm.urls or not norm.words:
        return None
    greetings = load_lexicon().greetings
    words = " ".join(w for w in norm.words if w not in greetings or w in phrases)
    if words not in phrases:
        # A greeting that is also a menu word ("info") still counts when it is the whole message.
        words = norm.text
    if words not in phrases:
        return None
    key, languages = phrases[words]
    return MenuRequest(key, next(iter(languages)) if len(languages) == 1 else None)
