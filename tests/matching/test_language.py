"""Language detection: deterministic, voter's language on short text, jv/su/ms on purpose."""

from __future__ import annotations

import pytest

from tipline.matching.language import detect_language, language_of_texts

INDONESIAN = "Kotak suara dibakar di Bogor dan polisi belum memberikan keterangan resmi"


def test_same_text_gives_the_same_answer_every_time() -> None:
    answers = {detect_language("pemilu besok ditunda atau tidak ya kak") for _ in range(20)}
    assert len(answers) == 1


def test_indonesian_and_english() -> None:
    assert detect_language(INDONESIAN) == "id"
    assert detect_language("The election was postponed because the commission ran out of money") == "en"


def test_slang_heavy_indonesian_is_still_indonesian() -> None:
    assert detect_language("yg bener aja gak mungkin bgt pemilu ditunda krn duit abis", hint="en") == "id"


def test_javanese_and_sundanese_are_recognised() -> None:
    assert detect_language("Jare pemilu ditunda, wis ora ono duwite, bener opo ora iki?") == "jv"
    assert detect_language("Ceunah pemilu ditunda, ieu teh leres teu? naon atuh") == "su"


def test_short_text_falls_back_to_the_voters_language() -> None:
    assert detect_language("hoax?", hint="su") == "su"
    assert detect_language("ok min", hint="en") == "en"
    assert detect_language("ok min", hint=None, default="id") == "id"


def test_url_only_message_uses_the_fallback() -> None:
    assert detect_language("https://bit.ly/abc https://detik.com/x", hint="jv") == "jv"


def test_indonesian_headlines_that_langdetect_takes_for_english_stay_indonesian() -> None:
    # Made-up tips of the kind langdetect misreads: names and loanwords, few Indonesian words.
    assert detect_language("Foto Gibran dan Kaesang Naik Pesawat Jet Pribadi ke Singapore") == "id"
    assert detect_language("Hasil Quick Count Final Pilpres Paslon 02 Only 41 Persen") == "id"
    assert detect_language("The KPU server in Singapore was set up to make one candidate win") == "en"


@pytest.mark.parametrize(
    ("texts", "language"),
    [
        (("Osama bin Laden has been sighted in Utah.",), "en"),
        (("Jill Stein endorsed Donald Trump for President.",), "en"),
        (("Najwa Shihab Diteror Usai Komentari Video Prabowo", None), "id"),
        (("Surat suara sudah dicoblos di dalam kontainer",), "id"),
        (("AHY Nyatakan Dukungan dan Minta Rakyat Pilih Anies",), "id"),
        (("Vin Diesel",), None),
        ((None, ""), None),
    ],
)
def test_a_debunks_language_is_english_indonesian_or_unsure(
    texts: tuple[str | None, ...], language: str | None
) -> None:
    assert language_of_texts(*texts) == language
