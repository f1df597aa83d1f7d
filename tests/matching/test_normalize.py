"""Normalisation of WhatsApp text as voters write it."""

from __future__ import annotations

import pytest

from tipline.matching.lexical import terms
from tipline.matching.normalize import (
    content_words,
    embedding_text,
    is_greeting,
    normalize,
    without_boilerplate,
    words_of,
)
from tipline.matching.urls import canonical_url


def test_slang_is_expanded_to_standard_indonesian() -> None:
    assert normalize("yg gak bener bgt udh krn dia").text == "yang tidak benar banget sudah karena dia"


def test_colloquial_verbs_and_words_meet_the_formal_ones_a_debunk_uses() -> None:
    voter = normalize("KPU udah batalin hasilnya, ntar diumumin lgsg, gatau dapet dr mana")
    formal = normalize("KPU sudah membatalkan hasilnya, nanti diumumkan langsung, tidak tahu dapat dari mana")
    assert terms(voter.words) == terms(formal.words)


def test_postponed_in_everyday_words_is_the_fact_checkers_word_but_resigning_is_not() -> None:
    voter, formal = normalize("pemilu 2024 diundur ke 2029"), normalize("Pemilu 2024 ditunda ke 2029")
    assert terms(voter.words) == terms(formal.words)
    assert "ditunda" not in normalize("Ketua KPU mengundurkan diri").text
    # Chat writes the prefix apart; the preposition stays one.
    assert normalize("pemilu di undur ke 2029").words == ("pemilu", "ditunda", "ke", "2029")
    assert normalize("hasilnya di umumin, server di singapura").words == (
        "hasilnya", "diumumkan", "server", "di", "singapura",
    )  # fmt: skip


def test_a_padded_candidate_number_is_the_number_voters_write() -> None:
    # Hoaxes write the pairs' ballot numbers "01", "02", "03"; voters "nomer 3" and "paslon 1".
    assert (
        normalize("Prabowo jadi nomor 03, paslon 01 menang").words
        == normalize("prabowo jadi nomer 3, paslon 1 menang").words
    )
    assert normalize("jam 07.00 tanggal 2024-02-14").words == ("jam", "7", "00", "tanggal", "2024", "2", "14")
    assert normalize("0812 3456 100").words == ("0812", "3456", "100")


def test_javanese_and_chat_negations_are_written_out() -> None:
    assert normalize("dudu diracun, mboten ditunda, belom diumumkan, gbs nyoblos").words == (
        "bukan", "diracun", "tidak", "ditunda", "belum", "diumumkan", "tidak", "bisa", "mencoblos",
    )  # fmt: skip


def test_stretched_letters_collapse() -> None:
    assert normalize("bangeeet parahhhh tidaaak").text == "banget parah tidak"


def test_whatsapp_marks_emoji_and_case_are_removed() -> None:
    assert normalize("*PEMILU* _ditunda_ ~besok~ ```resmi``` 😱🙏🏽").text == "pemilu ditunda besok resmi"


def test_nfkc_folds_styled_unicode_letters() -> None:
    assert normalize("𝘗𝘌𝘔𝘐𝘓𝘜 ｄｉｔｕｎｄａ").text == "pemilu ditunda"


def test_chain_boilerplate_is_dropped() -> None:
    text = "Forwarded many times\nDari grup sebelah: kotak suara dibakar! Sebarkan! viralkan"
    assert normalize(text).text == "kotak suara dibakar"


def test_the_embedder_reads_the_claim_as_written_without_its_chain_wrapping() -> None:
    text = "*PENTING!!* Forwarded many times\n\nKotak suara DIBAKAR di Bogor 😱 copas dari grup, sebarkan!!"
    assert without_boilerplate(embedding_text(text)) == "Kotak suara DIBAKAR di Bogor , !"


def test_reduplication_with_2_is_spelled_out() -> None:
    assert normalize("anak2 dan ibu2").text == "anak anak dan ibu ibu"


def test_javanese_and_sundanese_function_words_map_to_indonesian() -> None:
    assert normalize("iki ora bener").text == "ini tidak benar"
    assert normalize("ieu teu bener").text == "ini tidak benar"


def test_urls_are_pulled_out_of_the_text() -> None:
    norm = normalize("lihat https://www.detik.com/berita/1?utm_source=wa sekarang")
    assert norm.text == "lihat sekarang"
    assert [u.url for u in norm.urls] == ["detik.com/berita/1"]


def test_canonical_url_drops_scheme_www_mobile_tracking_and_fragment() -> None:
    a = canonical_url("https://www.Kompas.com/read/2024/01/x/?utm_medium=social&fbclid=abc&page=2#top")
    b = canonical_url("http://m.kompas.com/read/2024/01/x?page=2&igshid=zz")
    assert a.url == b.url == "kompas.com/read/2024/01/x?page=2"
    assert not a.is_shortener


def test_shorteners_are_recorded_as_such() -> None:
    link = canonical_url("https://bit.ly/3AbC?utm_source=x")
    assert link.is_shortener
    assert link.url == "bit.ly/3AbC"  # the path of a short link is case-sensitive
    assert canonical_url("s.id/pemilu").is_shortener


def test_youtube_short_and_long_links_are_the_same_video() -> None:
    assert (
        canonical_url("https://youtu.be/abc123?si=x").url == canonical_url("youtube.com/watch?v=abc123").url
    )


def test_greetings_are_recognised_and_claims_are_not() -> None:
    assert is_greeting(normalize("Halo min, selamat pagi 🙏").words)
    assert is_greeting(normalize("terima kasih kak").words)
    assert not is_greeting(normalize("halo, pemilu ditunda ya?").words)


@pytest.mark.parametrize("text", ["pagi pak", "halo pak admin", "assalamualaikum pak", "makasih pak"])
def test_a_greeting_whose_words_slang_writes_out_is_still_a_greeting(text: str) -> None:
    # "pak" is written out as "bapak" before the words are compared: the list is read the same way.
    assert is_greeting(normalize(text).words)


@pytest.mark.parametrize(
    "text",
    [
        "makasih infonya min 🙏",
        "ok noted",
        "tq min",
        "wah ternyata hoax ya",
        "min mau tanya",
        "thank you so much",
    ],
)
def test_thanks_reactions_and_lead_ins_are_not_claims(text: str) -> None:
    assert is_greeting(normalize(text).words)


def test_a_claim_with_a_reaction_is_still_a_claim() -> None:
    assert not is_greeting(normalize("Server KPU di Singapura hoax ya min?").words)


def test_content_words_drop_function_words() -> None:
    assert content_words(normalize("yang ini adalah kotak suara").words) == ["kotak", "suara"]


def test_digits_standing_for_letters_are_spelled_out() -> None:
    assert normalize("J0K0WI masuk PENJAR4, pasr4h").text == "jokowi masuk penjara pasrah"
    assert embedding_text("J0K0WI masuk PENJAR4") == "JOKOWI masuk PENJARA"


def test_numbers_inside_words_that_mean_numbers_are_kept() -> None:
    assert normalize("covid19 g20 5g mp3 tahun2024 kpu2024 10rb").text == (
        "covid19 g20 5g mp3 tahun2024 kpu2024 10000"  # 10rb: ten thousand (rupiah), see the amounts tests
    )


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("TF 60jt tanpa diundi", ("transfer", "60000000", "tanpa", "diundi")),
        ("Bagikan Uang 60 Juta Rupiah", ("bagikan", "uang", "60000000", "rupiah")),
        ("hadiah Rp75.000.000", ("hadiah", "75000000")),
        ("HADIAH IDR 75,000,000", ("hadiah", "75000000")),
        ("cuma 600Rb/unit", ("hanya", "600000", "unit")),
        ("Rp2,5 M", ("2500000000",)),
        ("dana 5juta", ("dana", "5000000")),
    ],
)
def test_amounts_of_money_become_one_number(text: str, words: tuple[str, ...]) -> None:
    assert normalize(text).words == words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("HUT RI ke-79", ("hut", "ri", "ke", "79")),
        ("pemilu 2024", ("pemilu", "2024")),
        ("5 m dari jalan", ("5", "m", "dari", "jalan")),
        ("0812-8715-9969", ("0812", "8715", "9969")),
        ("jam 19.00", ("jam", "19", "00")),
    ],
)
def test_numbers_that_are_not_amounts_are_left_alone(text: str, words: tuple[str, ...]) -> None:
    assert normalize(text).words == words


def test_zero_width_characters_inside_words_are_dropped_not_turned_into_spaces() -> None:
    hidden = "Ban\u2060tu\u2060an Rp5\u200bjuta dari pre\u200dsiden \u202akpu\u202c"
    assert normalize(hidden).words == ("bantuan", "5000000", "dari", "presiden", "kpu")
    assert embedding_text(hidden) == "Bantuan Rp5juta dari presiden kpu"


def test_vowel_signs_stay_inside_their_word() -> None:
    # Devanagari vowel signs are combining marks, not word characters to `re`: "गिनती" had become "ग", "नत".
    assert normalize("गिनती सर्वर में धांधली हुई है").words == ("गिनती", "सर्वर", "में", "धांधली", "हुई", "है")


def test_optional_marks_go_latin_accents_and_arabic_harakat() -> None:
    assert normalize("A eleição foi adiada").words == normalize("a eleicao foi adiada").words
    # Harakat, and alef with hamza / ta marbuta / alef maqsura written either way, are the same word.
    assert normalize("الحبرُ الانتخابيُّ سامةٍ").words == normalize("الحبر الانتخابي سامة").words
    assert normalize("أجلوا الانتخابات إلى").words == normalize("اجلوا الانتخابات الى").words


def test_text_without_spaces_counts_as_character_pairs() -> None:
    words = normalize("投票站没收身份证").words
    assert words == ("投票站没收身份证",)  # one key for exact matches and the repeat cache
    assert content_words(words) == ["投票", "票站", "站没", "没收", "收身", "身份", "份证"]
    assert content_words(normalize("2024年选举 KPU").words) == ["2024", "年选", "选举", "kpu"]


def test_words_of_other_scripts_are_stemmed_by_their_scripts_stemmer() -> None:
    # "with the ink" / "the ink", "for the elections" / "the elections"; Hindi and Russian plurals.
    assert terms(["بالحبر", "للانتخابات"]) == terms(["الحبر", "الانتخابات"])
    assert terms(["चुनावों"]) == terms(["चुनाव"])
    assert terms(["выборов"]) == terms(["выборы"])
    assert terms(["memilih"]) == ["pilih"]  # Latin script: the Indonesian and English stemmers as before


def test_traditional_chinese_is_read_as_simplified() -> None:
    # The same words written two ways share no character pair until folded: 選舉 / 选举, 參加 / 参加.
    assert normalize("透過微信就可以參加選舉投票").words == normalize("透过微信就可以参加选举投票").words
    assert content_words(normalize("選舉墨水").words) == ["选举", "举墨", "墨水"]
    assert normalize("Pemilu ditunda ke 2029").words == ("pemilu", "ditunda", "ke", "2029")


def test_a_feeds_hashtags_are_not_matched_a_topics_are() -> None:
    text = "Gibran tolak IKN #fyp #fypシ #FYPPPPP #foryoupage #viral #xyzbca #pemilu2024 #gibran video viral"
    assert normalize(text).words == ("gibran", "tolak", "ikn", "pemilu2024", "gibran", "video", "viral")
    assert without_boilerplate(text) == "Gibran tolak IKN #pemilu2024 #gibran video viral"
    # Glued, or a word that only begins like one: the tag goes, the word stays.
    assert normalize("hoaks#fyp#fyi").words == ("hoaks",)
    assert normalize("#fyrefestival #explorer").words == ("fyrefestival", "explorer")


def test_words_remembered_for_the_safeguards_are_normalize_words() -> None:
    clause = "*Pemilu* 2024 gak jadi DITUNDA bgt!!! https://bit.ly/x"
    assert words_of(clause) == normalize(clause).words
    assert words_of(clause) is words_of(clause)  # read once, however many rules ask
