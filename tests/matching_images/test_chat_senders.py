"""A group member's coloured name over their bubble is not read; coloured headlines, links and pages are."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from tests.matching_images.synth import HEADER_STYLES, SENDER_COLOURS, encode, font, screenshot
from tipline.matching.ocr import parse_tsv, read_text

HOAX = ["KPU umumkan pemilu diundur ke", "tahun 2030 karena anggaran habis."]
SENDER = "Budi Santoso"


def words(text: str) -> list[str]:
    return text.lower().replace(".", " ").split()


def test_a_group_members_name_over_their_bubble_is_not_read() -> None:
    read_with_names = 0
    for style in sorted(HEADER_STYLES):
        for colour in SENDER_COLOURS:
            shot = screenshot(HOAX, width=540, font_size=22, style=style, sender=SENDER, sender_colour=colour)
            data = encode(shot, "JPEG", quality=60)
            read = words(read_text(data))
            assert "budi" not in read and "santoso" not in read, (style, colour)
            assert {"kpu", "pemilu", "diundur", "anggaran"} <= set(read), (style, colour)
            read_with_names += "santoso" in words(read_text(data, skip_senders=False))
    # Tesseract misses some names in a pale colour on its own (orange on white); most are there to be read.
    assert read_with_names >= 10


def test_a_name_in_the_messages_own_ink_is_read() -> None:
    """Without its colour a first line is the message's own (a list's heading, a quoted name)."""
    ink = HEADER_STYLES["light"][3]
    shot = screenshot(HOAX, width=540, font_size=22, style="light", sender=SENDER, sender_colour=ink)
    assert "santoso" in words(read_text(encode(shot, "PNG")))


def test_a_coloured_line_on_the_chats_own_background_is_read() -> None:
    """No bubble around it (a page, a crop of a poster): the colour is the author's, not a chat's."""
    background = HEADER_STYLES["light"][1]
    shot = screenshot(HOAX, width=540, font_size=22, style="light", sender=SENDER, bubble_colour=background)
    assert "santoso" in words(read_text(encode(shot, "PNG")))


@pytest.mark.parametrize("link", ["https://kpu.go.id/berita", "kpu.go.id/berita", "bit.ly/kpu-2030"])
def test_a_link_heading_a_bubble_is_read(link: str) -> None:
    shot = screenshot(HOAX, width=720, font_size=26, style="light", sender=link, sender_colour=(3, 155, 229))
    assert link.split("//")[-1].split("/")[0] in read_text(encode(shot, "PNG")).lower()


def test_a_posters_large_coloured_headline_is_read() -> None:
    poster = Image.new("RGB", (720, 520), HEADER_STYLES["light"][1])
    draw = ImageDraw.Draw(poster)
    draw.rounded_rectangle((20, 20, 680, 500), 18, fill=(255, 255, 255))
    draw.text((44, 40), "AWAS HOAKS", font=font(56), fill=(200, 0, 0))
    for i, line in enumerate(HOAX):
        draw.text((44, 140 + 45 * i), line, font=font(26), fill=(17, 17, 17))
    assert {"awas", "hoaks"} <= set(words(read_text(encode(poster, "JPEG", quality=70))))


def test_tesseract_tsv_becomes_lines_in_the_images_pixels() -> None:
    tsv = "\n".join(
        [
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
            "4\t1\t1\t1\t1\t0\t100\t50\t300\t40\t-1\t",
            "5\t1\t1\t1\t1\t1\t100\t50\t100\t40\t96.5\tBudi",
            "5\t1\t1\t1\t1\t2\t220\t54\t180\t30\t96.1\tSantoso",
            "5\t1\t1\t1\t2\t1\t100\t120\t200\t60\t95.0\tTinta",
            "5\t1\t1\t1\t2\t2\t320\t120\t100\t60\t-1\t ",
            "5\t1\t2\t1\t1\t1\t900\t300\t100\t40\t96.0\t08.15",
            "5\t1\tx\t1\t1\t1\t900\t300\t100\t40\t96.0\tbroken",
        ]
    )
    lines = parse_tsv(tsv, scale=2.0)
    assert [(line.text, line.paragraph) for line in lines] == [
        ("Budi Santoso", (1, 1)),
        ("Tinta", (1, 1)),
        ("08.15", (2, 1)),
    ]
    assert lines[0].box == (50, 25, 200, 45) and lines[0].word_height == 20
