"""Language detection: deterministic, voter's language on short text, jv/su/ms on purpose."""

from __future__ import annotations

import pytest

from tipline.matching.language import detect_language, language_of_texts, matching_language

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


SPANISH = "Si no vas a votar te quitan los subsidios del gobierno, compartan con todos"


def test_a_latin_language_of_the_tiplines_debunks_is_answered() -> None:
    # A Spanish collection: its Spanish tips must be compared with it as the same language.
    assert detect_language(SPANISH, default="id", also=frozenset({"es"})) == "es"
    assert (
        detect_language(
            "A urna eletrônica muda o voto sozinha para o outro candidato", also=frozenset({"pt"})
        )
        == "pt"
    )


def test_a_latin_language_without_debunks_keeps_the_fallback() -> None:
    assert detect_language(SPANISH, default="id") == "id"
    assert detect_language(SPANISH, hint="en", default="id") == "en"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("现在可以用微信投票了，点链接就能投", "zh"),  # langdetect alone said Korean
        ("透過微信就可以參加選舉投票", "zh"),
        ("投票所で身分証明書が没収されるという噂", "ja"),
        ("투표소에서 신분증을 압수한다는 소문", "ko"),
        ("هل صحيح أنه يمكن التصويت في الانتخابات عن طريق رسالة", "ar"),
        ("क्या सच में ईवीएम ब्लूटूथ से हैक हो सकती है?", "hi"),
        ("Говорят, что выборы перенесли на следующий год", "ru"),
    ],
)
def test_other_scripts_are_recognised_whatever_the_debunks(text: str, language: str) -> None:
    assert detect_language(text, default="id") == language


def test_debunk_without_inlanguage_in_another_script_gets_it() -> None:
    assert language_of_texts("الحبر الانتخابي يحتوي على مادة سامة تسبب أمراض الجلد", None) == "ar"
    assert language_of_texts("计票服务器设在海外并被操控", "错误：计票服务器并未被境外操控") == "zh"


def test_regional_languages_are_compared_as_indonesian_and_codes_drop_their_region() -> None:
    codes = ("ms", "ms-MY", "jv", "su", "id-ID", "zh-TW", "EN", None)
    assert [matching_language(c) for c in codes] == ["id"] * 5 + ["zh", "en", ""]
