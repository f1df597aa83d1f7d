"""OCR with the real tesseract binary and its Indonesian language pack."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.matching_images.synth import encode, photo, screenshot, with_keyboard
from tipline.matching import ocr
from tipline.matching.images import ImageUnreadable
from tipline.matching.normalize import normalize
from tipline.matching.ocr import OcrUnavailable, read_text

MEMBERS = ("Grup Keluarga", "Andi, Budi, Anda")
HOAX = [
    "BREAKING: KPU umumkan pemilu diundur",
    "ke tahun 2030 karena anggaran habis.",
    "Sebarkan ke semua grup!",
]


@pytest.fixture
def fresh_language_cache() -> Iterator[None]:
    ocr.installed_languages.cache_clear()
    yield
    ocr.installed_languages.cache_clear()


def test_indonesian_and_english_packs_are_installed() -> None:
    assert {"ind", "eng"} <= ocr.installed_languages()


@pytest.mark.parametrize("dark", [False, True])
@pytest.mark.parametrize("width", [720, 400])
def test_reads_a_chat_screenshot(dark: bool, width: int) -> None:
    image = screenshot(HOAX, width=width, dark=dark, font_size=round(30 * width / 720))
    text = read_text(encode(image, "JPEG", quality=70)).lower()
    for words in ("kpu umumkan pemilu diundur", "anggaran habis"):
        assert words in text


def test_chat_time_stamps_are_not_read_as_words_of_the_claim() -> None:
    raw = "Rapat KPU jam 10.00 bocor 08.15\n\n  KPU tunda   pemilu\n10:42 PM\n21.07 VV\n"
    assert ocr.clean_text(raw) == "Rapat KPU jam 10.00 bocor\nKPU tunda pemilu"


def test_a_bubbles_wrapped_lines_are_one_line_and_a_wrapped_phrase_one_phrase() -> None:
    raw = "Hati2 tinta pemilu haram,\nwudhu jadi ga sah. Dari grup\nsebelah 08.15\n\nSebarkan!\n"
    assert ocr.clean_text(raw) == "Hati2 tinta pemilu haram, wudhu jadi ga sah. Dari grup sebelah\nSebarkan!"
    assert "grup" not in normalize(ocr.clean_text(raw)).words
    assert "grup" not in normalize("Tinta pemilu haram. Dari grup\nsebelah").words  # typed that way too


@pytest.mark.parametrize("sender", ["+62 812-3456-7890 ~Budi", "+62 857-1122-3344", "0813 9988 7766 — Andi"])
def test_a_group_senders_number_is_not_read_into_the_message(sender: str) -> None:
    raw = f"{sender}\nKPU umumkan pemilu diundur\nke tahun 2030.\n\nHubungi 0812-1111-2222 untuk daftar\n"
    text = ocr.clean_text(raw)
    assert text == "KPU umumkan pemilu diundur ke tahun 2030.\nHubungi 0812-1111-2222 untuk daftar"
    shot = screenshot(HOAX, width=540, font_size=22, sender=sender)
    read = read_text(encode(shot, "JPEG", quality=70))
    assert "kpu umumkan pemilu diundur" in read.lower() and sender[:6] not in read


@pytest.mark.parametrize("style", ["teal", "light", "dark"])
@pytest.mark.parametrize("width", [400, 720])
def test_a_screenshot_taken_while_typing_reads_as_the_message(style: str, width: int) -> None:
    shot = screenshot(HOAX[:2], width=width, style=style, font_size=round(30 * width / 720), header=MEMBERS)
    typing = with_keyboard(shot, dark=style == "dark")
    assert read_text(encode(typing, "JPEG", quality=60)).split() == " ".join(HOAX[:2]).split()


def test_the_message_field_and_specks_are_not_read() -> None:
    raw = "KPU tunda pemilu\nke 2030\n\nKetik pesan 0\n\n© Type a message\n\na) | a =\n"
    assert ocr.clean_text(raw) == "KPU tunda pemilu ke 2030"
    assert ocr.clean_text("Pesan dari KPU: pemilu\nditunda\nOk") == "Pesan dari KPU: pemilu ditunda Ok"


def test_photo_without_text_reads_next_to_nothing() -> None:
    text = read_text(encode(photo(seed=5), "JPEG", quality=80))
    assert "pemilu" not in text.lower()
    assert len(text.split()) < 10


def test_missing_tesseract_raises_ocr_unavailable(
    monkeypatch: pytest.MonkeyPatch, fresh_language_cache: None
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(OcrUnavailable):
        read_text(encode(screenshot(HOAX), "PNG"))


def test_missing_language_packs_raise_ocr_unavailable(fresh_language_cache: None) -> None:
    with pytest.raises(OcrUnavailable):
        read_text(encode(screenshot(HOAX), "PNG"), languages="xxx+yyy")


def test_one_missing_language_still_reads_with_the_other() -> None:
    assert "pemilu" in read_text(encode(screenshot(HOAX), "PNG"), languages="ind+xxx").lower()


def test_garbage_bytes_raise_image_unreadable() -> None:
    with pytest.raises(ImageUnreadable):
        read_text(b"GIF89a-but-not-really")


def test_timeout_is_a_clean_failure() -> None:
    with pytest.raises(ocr.OcrFailed):
        read_text(encode(screenshot(HOAX * 6), "PNG"), timeout_seconds=0.001)
