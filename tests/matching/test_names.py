"""A debunked hoax with its people, places or numbers swapped: suggested, not answered at once."""

from __future__ import annotations

from datetime import date

import pytest

from tipline.matching.decision import Policy
from tipline.matching.documents import DebunkDoc
from tipline.matching.matcher import Matcher
from tipline.matching.names import collection_names, name_votes, name_words, percentages, swapped_names
from tipline.matching.normalize import normalize

ALWAYS_AUTO = Policy(auto_threshold=0.0, suggest_threshold=0.0, min_auto_words=4, today=date(2024, 3, 1))
DEBUNKS = [
    DebunkDoc(
        1,
        "https://cekfakta.example/dkpp",
        "Breaking news: DKPP resmi diskualifikasi Prabowo-Gibran, paslon 02 tidak ikut pemilu!",
    ),
    DebunkDoc(
        2, "https://cekfakta.example/rumah", "Rumah Ketua KPU ambruk, azab karena memikul dosa curang pemilu!"
    ),
    DebunkDoc(
        3,
        "https://cekfakta.example/wna",
        "Ribuan WNA China sudah dibuatkan KTP buat nyoblos di pemilu 2024, alamak!",
    ),
    DebunkDoc(4, "https://cekfakta.example/ganjar", "Ganjar dan Mahfud bungkam soal kecurangan paslon 02"),
]


def swap(tip: str, debunk: str) -> tuple[list[str], list[str]] | None:
    return swapped_names(tip, normalize(tip).words, debunk)


@pytest.mark.parametrize(
    ("tip", "debunk_id", "span"),
    [
        (
            "Breaking news: DKPP resmi diskualifikasi Anies-Muhaimin, paslon 01 tidak ikut pemilu!",
            1,
            ["anies", "muhaimin"],
        ),
        ("Rumah Ketua Bawaslu ambruk, azab karena memikul dosa curang pemilu!", 2, ["bawaslu"]),
        ("ribuan WNA India sudah dibuatkan KTP buat nyoblos di pemilu 2024", 3, ["india"]),
        ("Ribuan WNA China sudah dibuatkan KTP buat nyoblos di pemilu 2019!", 3, ["2019"]),
    ],
)
def test_another_name_in_the_same_place_is_only_suggested(tip: str, debunk_id: int, span: list[str]) -> None:
    matcher = Matcher(DEBUNKS, policy=ALWAYS_AUTO)
    result = matcher.match(tip)
    assert result.candidates[0].debunk_id == debunk_id
    assert (result.decision, result.reason) == ("suggest", "other_names")
    found = swap(tip, DEBUNKS[debunk_id - 1].claim)
    assert found is not None and found[0] == span


@pytest.mark.parametrize(
    ("tip", "debunk_id"),
    [
        # The same names, told otherwise or with more around them.
        ("Astaga, DKPP resmi diskualifikasi Prabowo-Gibran! paslon 02 tidak ikut pemilu, sebarkan", 1),
        # A number written another way is the same number; a misspelt name is the same name.
        ("GEGER MALAM INI Ganjar dan Mahfut bungkam soal kecurangan paslon 2", 4),
        ("ribuan wna china sudah dibuatkan ktp buat nyoblos di pemilu 2024", 3),
    ],
)
def test_the_same_claim_in_other_words_is_still_answered_at_once(tip: str, debunk_id: int) -> None:
    result = Matcher(DEBUNKS, policy=ALWAYS_AUTO).match(tip)
    assert result.candidates[0].debunk_id == debunk_id
    assert result.decision == "auto"


def test_case_only_tells_names_in_ordinary_sentences() -> None:
    assert name_words("Kata Pak Ganjar, server KPU ada di Malaysia") == {"ganjar", "kpu", "malaysia", "bapak"}
    # Title case, capitals and lower case say nothing: every word, or none, would be a name.
    assert name_words("Server KPU Ada Di Malaysia Dan Sudah Disetting") is None
    assert name_words("SERVER KPU ADA DI MALAYSIA") is None
    assert name_words("server kpu ada di malaysia") is None
    # A sentence's first word is not a name for its capital, nor a hashtag's that opens a tweet.
    assert name_words("Ternyata begitu. Semua sudah diatur oleh Jokowi") == {"jokowi"}
    assert name_words("#Omg. Look how Obama endorsed a terrorist's grandson") == {"obama"}


def test_where_case_tells_nothing_the_collections_names_count() -> None:
    claims = [
        "Rumah Ketua KPU ambruk, azab karena dosa curang pemilu",
        "Surat resmi Bawaslu Jatim: hasil pilkada Jember dibatalkan",
        "Bawaslu temukan surat suara rusak di gudang KPU",
        "Kata ketua RT, warga belum dapat undangan",
    ]
    known = collection_names(name_votes(claim) for claim in claims)
    assert {"kpu", "bawaslu", "jatim", "jember"} <= known
    assert "ketua" not in known  # written in lower case as often as not
    matcher = Matcher(
        DEBUNKS
        + [
            DebunkDoc(
                5, "https://cekfakta.example/bawaslu", "Surat resmi Bawaslu Jatim: pilkada Jember dibatalkan"
            )
        ],
        policy=ALWAYS_AUTO,
    )
    for tip in [
        "rumah ketua bawaslu ambruk, azab karena memikul dosa curang pemilu",
        "RUMAH KETUA BAWASLU AMBRUK, AZAB KARENA MEMIKUL DOSA CURANG PEMILU!",
    ]:
        result = matcher.match(tip)
        assert result.candidates[0].debunk_id == 2
        assert (result.decision, result.reason) == ("suggest", "other_names")


MILITARY_TAKEOVER = "TNI akan mengambil alih pemerintahan jika hasil pemilu diumumkan"


@pytest.mark.parametrize(
    ("tip", "span"),
    [
        ("Polri akan mengambil alih pemerintahan jika hasil pemilu diumumkan", ["polri"]),
        ("MK akan mengambil alih pemerintahan jika hasil pemilu diumumkan", ["mk"]),
        ("BAWASLU akan mengambil alih pemerintahan jika hasil pemilu diumumkan", ["bawaslu"]),
        ("Polri bakal ambil alih pemerintahan kalau hasil pemilu diumumin", ["polri", "bakal", "ambil"]),
    ],
)
def test_another_subject_for_the_acronym_opening_the_claim_is_another_claim(
    tip: str, span: list[str]
) -> None:
    found = swap(tip, MILITARY_TAKEOVER)
    assert found is not None and found[0] == span and found[1][0] == "tni"
    matcher = Matcher([DebunkDoc(1, "https://cekfakta.example/tni", MILITARY_TAKEOVER)], policy=ALWAYS_AUTO)
    result = matcher.match(tip)
    assert result.candidates[0].debunk_id == 1
    assert (result.decision, result.reason) == ("suggest", "other_names")


@pytest.mark.parametrize(
    ("tip", "debunk"),
    [
        ("TNI ambil alih pemerintahan kalo hasil pemilu diumumin", MILITARY_TAKEOVER),
        ("Katanya TNI akan mengambil alih pemerintahan kalau hasil pemilu diumumkan", MILITARY_TAKEOVER),
        ("Tni akan mengambil alih pemerintahan jika hasil pemilu diumumkan", MILITARY_TAKEOVER),
        # A name spelt out: the opening words are not one word each.
        ("Komisi Pemilihan Umum akan membagikan pulsa gratis", "KPU akan membagikan pulsa gratis"),
        # Neither opening is an acronym: a sentence's first word tells nothing by its capital.
        (
            "Dear Joe Biden. You said that to a largely Black audience",
            "Sen. Joe Biden said that to an audience",
        ),
    ],
)
def test_the_same_or_an_unclear_opening_is_no_swap(tip: str, debunk: str) -> None:
    assert swap(tip, debunk) is None


def test_a_forwarded_copy_of_the_debunked_text_is_no_swap() -> None:
    text = DEBUNKS[0].claim
    assert swap(text, text) is None


@pytest.mark.parametrize(
    ("tip", "debunk"),
    [
        # Shortened names: initials, or the starts of words run together.
        (
            "Polisi Jabar marah terkait rekonstruksi ulang kasus Vina",
            "Polisi Jawa Barat marah terkait rekonstruksi ulang kasus Vina",
        ),
        (
            "Papa John's is pulling its ads from the NFL this season",
            "Papa John's is pulling its ads from the National Football League",
        ),
        (
            "MK menangkan Pragib, Aceh langsung kibarkan bendera",
            "MK menangkan Prabowo Gibran, Aceh langsung kibarkan bendera",
        ),
        # A day of the month is no other year; a number with a sentence's capital is no name.
        (
            "Pemilu tanggal 14 Februari ditunda karena anggaran habis",
            "Pemilu 2024 ditunda karena anggaran habis",
        ),
        (
            "#Omg. Obama just endorsed the grandson of a terrorist",
            "Former President Barack Obama endorsed the grandson of a terrorist",
        ),
    ],
)
def test_the_same_names_written_otherwise_are_no_swap(tip: str, debunk: str) -> None:
    assert swap(tip, debunk) is None


REAL_COUNT = (
    "Real count KPU terbaru: Anies-Cak Imin 38%, makin dekat dengan Prabowo-Gibran, pasti dua putaran!"
)


def test_another_share_is_another_claim_wherever_it_stands() -> None:
    # The words of the debunked claim, names included, but the vote share of a true count.
    assert swap("Real count KPU: Prabowo-Gibran unggul 58 persen", REAL_COUNT) == (["58"], ["38"])
    assert swap("Prabowo menang 57 persen di luar negeri", "Prabowo menang di luar negeri: 75%") == (
        ["57"],
        ["75"],
    )


@pytest.mark.parametrize(
    "tip",
    [
        "real count KPU anies cak imin 38 persen, dikit lagi dua putaran",  # the same share, written out
        "real count KPU anies cak imin makin dekat dengan prabowo",  # no share stated
    ],
)
def test_the_same_share_or_none_is_no_swap(tip: str) -> None:
    assert swap(tip, REAL_COUNT) is None


def test_shares_are_read_as_written() -> None:
    assert percentages("unggul 58%, naik 57,5 persen, 12.5 percent") == {"58", "57.5", "12.5"}
    assert percentages("pemilu 2024, Rp 1.500, 3 kali") == frozenset()


@pytest.mark.parametrize(
    ("tip", "debunk", "span"),
    [
        # Title case says nothing of names: the word after a head of names is one, and so is an acronym.
        (
            "Surat Pemberitahuan Perubahan Biaya Transfer Bank Jatim",
            "Surat Pemberitahuan Perubahan Biaya Transfer Bank BJB",
            (["jatim"], ["bjb"]),
        ),
        ("Undian Rejeki BNI Memperingati HUT RI", "Pendaftaran Undian BJB Memperingati HUT RI", None),
        (
            "Hasil Survei Elektabilitas Pilkada Palopo",
            "Survei Elektabilitas Pilkada Kabupaten Pali",
            (["palopo"], ["kabupaten", "pali"]),
        ),
        ("gunung raung meletus pada desember 2024", "Gunung Merapi telah meletus", (["raung"], ["merapi"])),
    ],
)
def test_where_case_tells_nothing_heads_and_acronyms_tell_names(
    tip: str, debunk: str, span: tuple[list[str], list[str]] | None
) -> None:
    found = swap(tip, debunk)
    assert found is not None
    if span is not None:
        assert found == span


@pytest.mark.parametrize(
    ("tip", "debunk"),
    [
        ("Tautan Pendaftaran Penerima Dana Bansos PKH 2024", "Link Pendaftaran Penerima Bansos PKH 2024"),
        ("Bank Jatim Buka Lowongan", "Lowongan Kerja di Bank Jatim, Cek Syaratnya"),
        # In capitals every word looks like an acronym.
        ("UNDIAN BANK JATIM BERHADIAH MOBIL", "Undian Bank Jatim berhadiah mobil"),
    ],
)
def test_other_words_around_the_same_names_are_no_swap(tip: str, debunk: str) -> None:
    assert swap(tip, debunk) is None


def test_an_acronym_does_not_meet_a_name_told_by_case() -> None:
    tip = "God-Hating Liberals DEMAND WWI Veterans Memorial Be Removed"
    assert swap(tip, "Liberals were offended by a World War I memorial and demanded it be torn down.") is None
