"""Menu words get their canned reply, never a place in the fact-checkers' queue; claims stay claims."""

from __future__ import annotations

import json

import pytest

from tipline.pipeline.menu import MENU_FILE, menu_request
from tipline.settings import CONTENT_DIR


@pytest.mark.parametrize(
    ("text", "key", "language"),
    [
        ("privasi", "privacy_note", "id"),
        ("Privasi?", "privacy_note", "id"),
        ("min, privasi 🙏", "privacy_note", "id"),
        ("privacy policy", "privacy_note", "en"),
        ("help", "help", None),
        ("halo min, help", "help", None),
        ("MENU", "help", None),
        ("gimana caranya", "help", "id"),
        ("how does it work?", "help", "en"),
    ],
)
def test_menu_words_ask_for_their_reply(text: str, key: str, language: str | None) -> None:
    asked = menu_request(text)
    assert asked is not None and (asked.reply_key, asked.language) == (key, language)


@pytest.mark.parametrize(
    "text",
    [
        "Data pribadi pemilih bocor di situs KPU, privasi kita terancam!",
        "info dari grup: TPS pindah ke balai kota",
        "halo min",
        "https://bit.ly/privasi",
        "",
    ],
)
def test_claims_and_greetings_are_not_menu_requests(text: str) -> None:
    assert menu_request(text) is None


def test_every_menu_reply_exists_in_both_languages() -> None:
    menu = json.loads(MENU_FILE.read_text(encoding="utf-8"))
    for language in ("id", "en"):
        canned = json.loads((CONTENT_DIR / "replies" / f"{language}.json").read_text(encoding="utf-8"))
        assert set(menu[language]) <= set(canned)
    # The help text names the word that asks for the privacy note, in each language.
    for language, word in (("id", "privasi"), ("en", "privacy")):
        canned = json.loads((CONTENT_DIR / "replies" / f"{language}.json").read_text(encoding="utf-8"))
        assert f"*{word}*" in canned["help"]
        assert menu_request(word) is not None
