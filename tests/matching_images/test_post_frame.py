"""Screenshots of a post, a tweet or a short video are read without its author, age, counts, actions."""

from __future__ import annotations

import pytest

from tests.matching_images.synth import POST_CHROME, TIKTOK_CHROME, encode, social_post, tiktok_post
from tipline.matching.normalize import normalize
from tipline.matching.ocr import clean_text, read_text
from tipline.matching.post_chrome import (
    frame_lines,
    is_counter,
    is_counts_or_actions,
    is_post_header,
    without_caption_handle,
)

CLAIM = ["Beredar kabar KPU akan menunda pemilu", "ke tahun 2030 karena anggaran negara", "habis untuk IKN."]
CLAIM_WORDS = " ".join(CLAIM).split()


@pytest.mark.parametrize("platform", sorted(POST_CHROME))
@pytest.mark.parametrize("width", [400, 720])
def test_a_posts_frame_is_not_read(platform: str, width: int) -> None:
    font_size = round(30 * width / 720)
    post = social_post(CLAIM, platform=platform, width=width, font_size=font_size, author="Budi Santoso")
    data = encode(post, "JPEG", quality=70)
    assert read_text(data).split() == CLAIM_WORDS
    framed = read_text(data, skip_post_frame=False).split()
    author = "budisantoso" if platform.startswith("instagram") else "Santoso"
    assert author in framed and len(framed) >= len(CLAIM_WORDS) + 8


@pytest.mark.parametrize(
    "line",
    [
        "12rb 345 komentar 12 kali dibagikan",
        "Suka Komentari Kirim Bagikan",
        "1.2K 345 comments 12 shares",
        "Like Comment Send Share",
        "10:42 AM - Feb 3, 2024 - 1.2M Views",
        "10.42- 3 Feb 2024 - 1,2 jt Tayangan",
        "345 Postingan ulang 12 Kutipan 3rb Suka",
        "345 Reposts 12 Guotes 3K Likes",  # one word misread
        "10.42- 3 Feb 2024-1,2 jt Tayangan",  # separators glued to their neighbours
        "345 Postingan ulang 12Kutipan 3rb Suka",
    ],
)
def test_counts_and_action_bars_are_frame(line: str) -> None:
    assert is_counts_or_actions(line)


@pytest.mark.parametrize(
    "line",
    [
        "Video Dharma Pongrekun Mau Bagi Uang Rp15 Juta",
        "85 Ribu",  # an amount wrapped onto its own line
        "DIBAGIKAN",  # one such word alone: a claim's wrapped line
        "kali dibagikan.",
        "Jokowi suka komentar pedas",
        "Tgl 5 September libur nasional",
    ],
)
def test_a_claims_own_lines_are_not_frame(line: str) -> None:
    assert not is_counts_or_actions(line) and not is_post_header(line)


def test_instagrams_lines_under_a_post_are_frame() -> None:
    for line in (
        "Disukai oleh andi dan 1.234 lainnya",
        "Liked by andi and 1,234 others",
        "View all 345 comments",
        "Lihat semua 345 komentar",
        "2 hari yang lalu",
        "2 days ago",
    ):
        assert frame_lines([line, "KPU tunda pemilu"]) == {0}, line
    for header in ("Budi Santoso « Ikuti", "DG Ibu Sri © Ikuti", "A Gita + Follow"):
        assert frame_lines([header, "KPU tunda pemilu"]) == {0}, header
    assert frame_lines(["Ayo ikuti", "KPU tunda pemilu"]) == set()
    # Further down, "* ikuti" is a list's item.
    assert frame_lines(["Kuis berhadiah", "Syarat:", "jawab kuisnya", "anda jawab kuisnya * ikuti"]) == set()
    # A claim that says as much is kept.
    for line in ("Disukai oleh jutaan warga, Prabowo menang", "Gempa 2 hari yang lalu di Cianjur"):
        assert frame_lines([line]) == set(), line


def test_instagrams_caption_begins_without_its_authors_handle() -> None:
    header = "budisantoso • Ikuti"
    lines = [header, "budisantoso KPU akan menunda pemilu", "ke tahun 2030"]
    assert without_caption_handle(lines) == [header, "KPU akan menunda pemilu", "ke tahun 2030"]
    # Only the header's handle, only where a line begins with it, only once.
    assert without_caption_handle(["KPU akan menunda pemilu", "budisantoso bilang begitu"]) == [
        "KPU akan menunda pemilu",
        "budisantoso bilang begitu",
    ]
    kept = [header, "Kata budisantoso KPU menunda pemilu", "ke tahun 2030"]
    assert without_caption_handle(kept) == kept
    twice = [header, "budisantoso: KPU menunda pemilu", "budisantoso juga bilang"]
    assert without_caption_handle(twice) == [header, "KPU menunda pemilu", "budisantoso juga bilang"]
    # A handle too short to be told from a word is left alone.
    short = ["yg • Ikuti", "yg benar KPU menunda pemilu"]
    assert without_caption_handle(short) == short


def test_post_headers_and_the_authors_name_above_them() -> None:
    assert is_post_header("Budi Santoso @budisan - 5h")
    assert is_post_header("2 jam : Publik") and is_post_header("5h · Public") and is_post_header("2 jam")
    assert is_post_header("a> Dewi EP 2 jam- Publik")  # the picture read as letters, the dot as a dash
    assert not is_post_header("nafas bau jika teman-teman")
    assert not is_post_header("Ustadz @Ust_AbdulSomad kpd @Kemenag_RI : Anda")
    assert frame_lines(["Budi Santoso", "2 jam - Publik", "KPU tunda pemilu"]) == {0, 1}
    # A link above is never taken for a name.
    assert frame_lines(["https://t.co/abc via", "@budisan - 5h", "KPU tunda pemilu"]) == {1}


def test_chat_text_keeps_its_lines() -> None:
    raw = "Hadiah 85\nRibu untuk yang bagikan\n\nSuka Komentari Bagikan\n"
    assert clean_text(raw) == "Hadiah 85 Ribu untuk yang bagikan"


VIDEO_FRAME_WORDS = {
    "live",
    "mengikuti",
    "following",
    "budisan",
    "suara",
    "asli",
    "original",
    "sound",
    "beranda",
}


@pytest.mark.parametrize("platform", sorted(TIKTOK_CHROME))
@pytest.mark.parametrize(("width", "seed"), [(400, 1), (720, 3)])
def test_a_short_videos_frame_is_not_read(platform: str, width: int, seed: int) -> None:
    video = tiktok_post(CLAIM, platform=platform, width=width, font_size=round(34 * width / 720), seed=seed)
    data = encode(video, "JPEG", quality=70)
    # The text over the video and the caption's topic are read (the words over the picture not always
    # rightly); its feed hashtags (#fyp #viral) are not matched, nor the tabs, the author, the counts, the
    # music and the app's bar.
    words = normalize(read_text(data)).words
    claim = normalize(" ".join(CLAIM)).words
    assert sum(w in words for w in claim) >= 0.8 * len(claim) and "pemilu2024" in words
    frame = VIDEO_FRAME_WORDS | {
        "home",
        "profil",
        "profile",
        "inbox",
        "fyp",
        "viral",
        "bagikan",
        "share",
        "8901",
    }
    assert not frame & set(words)
    framed = set(normalize(read_text(data, skip_post_frame=False)).words)
    assert len(frame & framed) >= 6


@pytest.mark.parametrize(
    "line",
    [
        "LIVE Mengikuti Untuk Anda",
        ": LIVE Following For You Q",
        "Teman Mengikuti Untuk Anda",
        "@budisan : 2-3",
        "@budi_santoso · 2024-2-3",
        "J suara asli - budisan",
        "J) original sound - Budi Santoso",
        "Beranda Teman + Kotak Masuk Profil",
        "Home Friends + Inbox Profile",
        # As Tesseract reads white labels over a picture.
        '@budisan "2-3',
        "@budisan :- 2-3",
        "~ suara asi! - budisan",
        "2 Suara asii - budisan",
        "Beranda Teran + Kotak Masuk Prot!",
        "Beranda Teman + Kotak Masuk",
    ],
)
def test_a_short_videos_frame_lines(line: str) -> None:
    assert frame_lines([line, "KPU tunda pemilu"]) == {0}


@pytest.mark.parametrize(
    "line",
    [
        "Untuk anda yang tinggal di Jakarta",
        "Live streaming debat capres untuk anda",
        "Suara asli Prabowo terekam di video ini",
        "Home of the president profile",
        "Beranda teman",
        "@budisan 12-3 menang",
        "Home to friends of the president",
        "Suara asing menguasai pemilu - kata budi",
        "suara asing - kata budi",
    ],
)
def test_a_claims_lines_are_not_a_videos_frame(line: str) -> None:
    assert frame_lines([line, "KPU tunda pemilu"]) == set()


def test_a_paragraph_of_one_count_or_label_is_not_read() -> None:
    for alone in ("125,3 rb", "8,901", "125°3K", "2.345", "Bagikan", "Share", "Profil"):
        assert clean_text(f"KPU tunda pemilu\n\n{alone}") == "KPU tunda pemilu", alone
        assert is_counter(alone), alone
    # A year alone, a word, an amount within a sentence: kept.
    for kept in ("2024", "PENTING", "Rp 85 ribu"):
        assert clean_text(f"KPU tunda pemilu\n\n{kept}") == f"KPU tunda pemilu\n{kept}", kept
    assert clean_text("Bantuan tunai sebesar\n85 Ribu") == "Bantuan tunai sebesar 85 Ribu"
