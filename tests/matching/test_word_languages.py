"""The language a tip is matched and answered in: everyday words outweigh the trigrams of names."""

from __future__ import annotations

import pytest

from tipline.matching.language import detect_language
from tipline.matching.reply_language import reply_language


@pytest.mark.parametrize(
    "tip",
    [
        "Real count KPU: Prabowo-Gibran unggul 58 persen",
        "Quick count Litbang Kompas: Prabowo-Gibran 58,47 persen",
        "CNN News Mempromosikan Situs Judi Online",
        "REAL COUNT KPU PRABOWO UNGGUL 58 PERSEN",
    ],
)
def test_indonesian_words_outweigh_english_looking_trigrams(tip: str) -> None:
    assert reply_language(tip, "en") == "id"


@pytest.mark.parametrize(
    "tip",
    [
        # Indonesian names are no Indonesian words: written with capitals, they do not count.
        "Prabowo wins election in Jakarta",
        "Breaking: Anies Baswedan officially named a corruption suspect by the KPK",
        "BREAKING NEWS PRABOWO DISQUALIFIED",
        # An English function word settles it.
        "Jokowi says pemilu is postponed",
    ],
)
def test_english_stays_english(tip: str) -> None:
    assert reply_language(tip, "en") == "en"


def test_only_english_is_second_guessed() -> None:
    assert reply_language("Real count KPU: Prabowo-Gibran unggul 58 persen", "id") == "id"
    assert reply_language("Die Wahl wurde verschoben, sagt die KPU", "de") == "de"
    assert reply_language("", None) is None


def test_the_headline_is_still_matched_as_langdetect_reads_it() -> None:
    # The matcher's English model weighs such headlines better: only the reply changes.
    assert detect_language("Real count KPU: Prabowo-Gibran unggul 58 persen", default="id") == "en"


def test_english_words_outweigh_indonesian_looking_names() -> None:
    # langdetect reads the names as Indonesian; the function words and everyday words are English.
    assert detect_language("Anies did not change his name to Mahdi Yohanis Khan", default="id") == "en"
    # Indonesian everyday words keep a chat with a few English-looking words Indonesian.
    chat = "A: Selamat siang B: Selamat siang Tks pak A: Gimana kabarnya sekeluarga"
    assert detect_language(chat, default="id") == "id"
