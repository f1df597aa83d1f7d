"""A chat screenshot's title bar is found and left unread; memes, pages, posters and crops are read whole."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw

from tests.matching_images.synth import HEADER_STYLES, encode, font, photo, screenshot, with_keyboard
from tipline.matching.chat_header import title_bar_height
from tipline.matching.ocr import read_text

HOAX = ["BREAKING: KPU umumkan pemilu diundur", "ke tahun 2030 karena anggaran habis."]
MEMBERS = ("Keluarga Besar", "Andi, Budi, Citra, Anda")


def as_jpeg(image: Image.Image) -> Image.Image:
    return Image.open(io.BytesIO(encode(image, "JPEG", quality=60)))


@pytest.mark.parametrize("style", sorted(HEADER_STYLES))
@pytest.mark.parametrize("width", [400, 720])
@pytest.mark.parametrize("header", [("Grup Keluarga",), MEMBERS])
def test_finds_the_bottom_of_a_chat_title_bar(style: str, width: int, header: tuple[str, ...]) -> None:
    shot = screenshot(HOAX, width=width, style=style, font_size=round(30 * width / 720), header=header)
    bar = round((50 + 40 * len(header)) * width / 720)
    bubble_text = bar + round(60 * width / 720)
    # Below every line of the bar, above the bubble's first line.
    assert bar - 12 <= title_bar_height(as_jpeg(shot)) < bubble_text


@pytest.mark.parametrize("style", sorted(HEADER_STYLES))
@pytest.mark.parametrize("width", [400, 720])
def test_finds_the_title_bar_with_the_keyboard_open(style: str, width: int) -> None:
    """Taken while typing: the message field and a keyboard fill the bottom third, not the chat's colour."""
    shot = screenshot(HOAX, width=width, style=style, font_size=round(24 * width / 720), header=MEMBERS)
    bar = round(130 * width / 720)
    typing = with_keyboard(shot, dark=style == "dark")
    assert bar - 12 <= title_bar_height(as_jpeg(typing)) < bar + round(60 * width / 720)


def test_a_chat_without_title_bar_is_not_cut() -> None:
    assert title_bar_height(as_jpeg(screenshot(HOAX, header=()))) == 0
    bubble_only = screenshot(HOAX, header=()).crop((0, 30, 720, 260))
    assert title_bar_height(bubble_only) == 0


def test_a_memes_caption_band_over_a_photo_is_kept() -> None:
    meme = Image.new("RGB", (720, 720), (255, 255, 255))
    meme.paste(photo(seed=3, size=(720, 600)), (0, 120))
    ImageDraw.Draw(meme).text((20, 30), "KPU UMUMKAN PEMILU DIUNDUR", font=font(40), fill=(0, 0, 0))
    assert title_bar_height(as_jpeg(meme)) == 0


def test_a_posters_banner_over_its_page_is_kept() -> None:
    poster = Image.new("RGB", (720, 900), (255, 255, 255))
    draw = ImageDraw.Draw(poster)
    draw.rectangle((0, 0, 720, 120), fill=(200, 0, 0))
    draw.text((20, 40), "PENGUMUMAN KPU", font=font(40), fill=(255, 255, 255))
    for i in range(8):
        draw.text((20, 160 + 70 * i), "Pemilu diundur ke tahun 2030", font=font(30), fill=(0, 0, 0))
    assert title_bar_height(as_jpeg(poster)) == 0


def test_a_page_of_text_is_not_cut() -> None:
    page = Image.new("RGB", (720, 900), (255, 255, 255))
    draw = ImageDraw.Draw(page)
    for i in range(10):
        draw.text((20, 20 + 60 * i), "Surat edaran resmi KPU", font=font(30), fill=(0, 0, 0))
    assert title_bar_height(page) == 0


@pytest.mark.parametrize("style", sorted(HEADER_STYLES))
def test_ocr_reads_the_message_not_the_groups_name_and_members(style: str) -> None:
    shot = screenshot(HOAX, width=540, style=style, font_size=22, header=MEMBERS)
    text = read_text(encode(shot, "JPEG", quality=70)).lower()
    assert "kpu umumkan pemilu diundur" in text
    for word in ("keluarga", "andi", "budi", "citra"):
        assert word not in text
