"""A tip that denies the debunked claim ("... kecapekan, bukan diracun"): suggested, not answered at once."""

from __future__ import annotations

from datetime import date

import pytest

from tipline.matching.decision import Policy
from tipline.matching.denials import denied_words, denies, opposite_words
from tipline.matching.documents import DebunkDoc
from tipline.matching.matcher import Matcher

ALWAYS_AUTO = Policy(auto_threshold=0.0, suggest_threshold=0.0, min_auto_words=4, today=date(2024, 3, 1))
POISON = "Ingat 2019! Petugas KPPS meninggal karena diracuni PKI, jangan sampai terulang di pemilu 2024."
POSTPONED = "PILPRES 2024 DIBATALKAN, ditunda sampai 2029!"
SERVER = "Bocor! Server KPU ada di Singapura dan sudah disetting supaya paslon 01 menang 57%."
NO_INVITATION = "Sekarang pemilu bisa nyoblos online, tidak perlu ke TPS dan tidak ada undangan lagi!"
FORM_C6 = "Yang belum dapat formulir C6 tidak bisa nyoblos besok, hak suaranya hangus!"
ANIES = "Anies gagal nyapres, dinyatakan tidak cukup sehat mental waktu tes kesehatan!"
DEBUNKS = [
    DebunkDoc(1, "https://cekfakta.example/racun", POISON),
    DebunkDoc(2, "https://cekfakta.example/tunda", POSTPONED),
    DebunkDoc(3, "https://cekfakta.example/server", SERVER),
]


@pytest.mark.parametrize(
    ("tip", "claim", "denied"),
    [
        ("Petugas KPPS yang meninggal itu karena kecapekan, bukan diracun ya guys", POISON, {"racun"}),
        ("Pemilu tetap 14 Februari, gak ditunda. Jangan percaya hoaks", POSTPONED, {"tunda"}),
        ("KPU: server Sirekap ada di Indonesia, bukan di Singapura", SERVER, {"singapura"}),
        ("Pilpres ora ditunda, tetep tanggal 14", POSTPONED, {"tunda"}),
        ("The election was not postponed to 2029", "The election was postponed to 2029", {"postpon"}),
    ],
)
def test_a_negation_before_a_word_of_the_claim_denies_it(tip: str, claim: str, denied: set[str]) -> None:
    assert denied_words(tip, claim) == denied


@pytest.mark.parametrize(
    ("tip", "claim"),
    [
        # The voter asks: after a word of asking, or with nothing of substance after it.
        ("pilpres dibatalin sampe 2029 katanya, bener ga min", POSTPONED),
        ("server kpu di singapura, hoax bukan ini", SERVER),
        ("katanya server KPU di singapura, benar atau tidak?", SERVER),
        ("Is it true or not that the election was postponed?", "The election was postponed to 2029"),
        # The claim negates the same word: the tip repeats the hoax.
        ("bener ga sih skrg gak perlu undangan lagi, cukup cek nik online", NO_INVITATION),
        ("katanya kalo blm dapet undangan C6 gak boleh nyoblos ya? suaranya ilang?", FORM_C6),
        # A question with a negation asks; a claim's "gagal nyapres" is the tip's "tidak bisa nyapres".
        ("anies gagal tes kesehatan jiwa jadi gak bisa nyapres?", ANIES),
        ("jadi pilpres 2024 nggak ditunda ke 2029?", POSTPONED),
        ("anies gagal tes kesehatan jiwa jadi gak bisa nyapres", ANIES),
        # A negation of something the claim does not say.
        ("Petugas KPPS meninggal diracun PKI, jangan percaya media, tidak mungkin kelelahan", POISON),
    ],
)
def test_questions_and_the_hoax_repeated_deny_nothing(tip: str, claim: str) -> None:
    assert denied_words(tip, claim) == set()


def test_a_denial_is_suggested_not_answered_at_once() -> None:
    matcher = Matcher(DEBUNKS, policy=ALWAYS_AUTO)
    denial = matcher.match("Petugas KPPS yang meninggal itu karena kecapekan, bukan diracun ya guys")
    assert denial.candidates[0].debunk_id == 1
    assert (denial.decision, denial.reason) == ("suggest", "denies_claim")
    hoax = matcher.match("katanya petugas kpps 2019 mati diracun pki, ati2 ke tps")
    assert hoax.candidates[0].debunk_id == 1
    assert (hoax.decision, hoax.reason) == ("auto", None)


def test_a_tip_with_the_claims_own_words_is_still_answered() -> None:
    matcher = Matcher(DEBUNKS, policy=ALWAYS_AUTO)
    result = matcher.match(SERVER)
    assert (result.decision, result.candidates[0].debunk_id) == ("auto", 3)


def test_across_languages_a_negation_denies_a_claim_that_negates_nothing() -> None:
    name = "Anies sekarang ganti nama jadi Mahdi Yohanis Khan, main-main dengan agama demi ambisi jadi RI-1!"
    assert denies("Anies did not change his name to Mahdi Yohanis Khan", name, across_languages=True)
    assert not denies("Anies changed his name to Mahdi Yohanis Khan", name, across_languages=True)
    assert not denies("Did Anies not change his name to Mahdi Yohanis Khan?", name, across_languages=True)
    # The claim negates too: the tip says the same ("will not take part" is "tidak ikut").
    dkpp = "Breaking news: DKPP resmi diskualifikasi Prabowo-Gibran, paslon 02 tidak ikut pemilu!"
    tip = "Breaking: DKPP disqualifies Prabowo-Gibran, candidate pair 02 will not take part in the election!"
    assert not denies(tip, dkpp, across_languages=True)


INK = "Jangan mau celup jari ke tinta pemilu, tintanya haram dan bikin wudhu tidak sah!"
RETRIAL = "Harapan rakyat terwujud! Malam ini gugatan di MK disetujui, pemilu 2024 resmi diulang."


def test_the_opposite_word_of_the_claims_denies_it() -> None:
    assert opposite_words("Tinta pemilu halal, sudah ada sertifikat MUI", INK) == {("halal", "haram")}
    # "disetujui" and "ditolak" meet "setuju" and "tolak" in the list, as written or as stemmed.
    assert ("tolak", "setuju") in opposite_words("Gugatan di MK ditolak, pemilu tidak diulang", RETRIAL)
    # The tip that has the claim's word too repeats or asks about the hoax.
    assert opposite_words("KPU bilang tinta pemilu haram??", INK) == set()
    assert opposite_words("tinta pemilu haram atau halal sih?", INK) == set()
    # A negated opposite says the claim: "ga lolos" is "gagal".
    assert opposite_words("Anies ga lolos tes kesehatan jiwa jadi ga bisa nyapres", ANIES) == set()
    assert opposite_words("Anies ga lolos tes kesehatan jiwa?", ANIES) == set()
    assert ("lolos", "gagal") in opposite_words("Anies lolos tes kesehatan, bisa nyapres", ANIES)
    matcher = Matcher([DebunkDoc(1, "https://cekfakta.example/tinta", INK)], policy=ALWAYS_AUTO)
    result = matcher.match("Tinta pemilu halal, sudah ada sertifikat MUI untuk wudhu")
    assert (result.decision, result.reason) == ("suggest", "denies_claim")


def test_some_where_the_claim_says_all_denies_it() -> None:
    flood = "Semua TPS di Jakarta dipindah ke masjid karena banjir"
    assert opposite_words("Hanya beberapa TPS yang dipindah karena banjir", flood) == {("beberapa", "semua")}
    assert opposite_words("Some polling stations were moved", "All polling stations were moved") == {
        ("some", "all")
    }
    # A tip with both words says something of its own about them.
    both = "katanya coblos semua paslon, beberapa orang bilang tetap sah"
    assert opposite_words(both, "Mencoblos semua pasangan calon membuat surat suara tetap sah") == set()


@pytest.mark.parametrize(
    ("tip", "denied"),
    [
        # "Not X but Y" where Y is the claim's: the tip says the hoax.
        ("Petugas KPPS 2019 itu tidak meninggal karena capek, tapi diracun PKI!", set()),
        ("KPPS meninggal bukan karena kelelahan melainkan diracun", set()),
        # Where Y is not the claim's, the negation still denies it.
        ("Petugas KPPS tidak diracun, tapi kelelahan", {"racun"}),
        ("Petugas KPPS tidak diracun. Tapi dari PKI ada yang meninggal", {"racun"}),
    ],
)
def test_a_negation_set_against_the_claims_words_says_the_claim(tip: str, denied: set[str]) -> None:
    assert denied_words(tip, POISON) == denied


def test_a_tag_question_after_a_comma_asks() -> None:
    assert denied_words("pemilu nggak ditunda, kan?", POSTPONED) == set()
