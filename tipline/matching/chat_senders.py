"""Which lines of a chat screenshot are a group member's name over their bubble, so as not to read them.

A group chat heads each bubble with its sender's name in a colour of their own (pink, blue, orange...), over
text drawn in black, or in white in dark mode. The name is a third person's and no part of the claim; read
with the tip it made the tip less like its debunk. A line is taken for a sender when it is short, drawn in
a colour, at most a little taller than the neutral line under it, and on a bubble (a background that is not
the colour at the screenshot's edges beside it). A poster's coloured headline is larger than its text, a
link or a mention is kept (they can be the claim), and a crop of one bubble has no chat around it: all are
read whole."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from PIL import Image

MAX_WORDS = 5
MAX_CHARS = 40
INK_STEP = 60  # smallest channel difference between a pixel of a letter and its background
COLOURED = 30  # smallest chroma (max - min channel) of a letter's core pixels for the ink to be a colour
NEUTRAL = 25  # largest chroma of the line under it: black or white text (JPEG: up to ~17)
BUBBLE_STEP = 15  # smallest channel difference between a bubble and the chat around it
MAX_NAME_LINES = 3
TALLER = 1.25  # a sender's name is drawn no larger than the message


_ADDRESS = re.compile(r"://|www\.|[a-z0-9-]\.[a-z]{2,}(?:/|$|\s)", re.IGNORECASE)


@dataclass(frozen=True)
class OcrLine:
    """One line Tesseract read: its words, its paragraph, and its box in the image's own pixels."""

    text: str
    paragraph: tuple[int, int]
    box: tuple[int, int, int, int]  # left, top, right, bottom
    word_height: int  # the tallest word's height: the line's type size, give or take its descenders


def sender_lines(image: Image.Image, lines: list[OcrLine]) -> set[int]:
    """Indexes of `lines` that are a sender's name heading a bubble in `image` (RGB, the lines' pixels)."""
    pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
    found: set[int] = set()
    for start, line in enumerate(lines):
        if start and lines[start - 1].paragraph == line.paragraph:
            continue
        # A name Tesseract misreads can come out as a few short lines of letters: all of them go.
        end = start
        while end < len(lines) and end - start < MAX_NAME_LINES and _a_coloured_name(pixels, lines[end]):
            end += 1
        if end == start or end == len(lines):
            continue
        message = lines[end]
        ink, _ = _ink_chroma(pixels, message.box)
        if ink <= NEUTRAL and all(
            lines[i].word_height <= TALLER * message.word_height for i in range(start, end)
        ):
            found.update(range(start, end))
    return found


def _a_coloured_name(pixels: np.ndarray, line: OcrLine) -> bool:
    if not _looks_like_a_name(line.text):
        return False
    ink, background = _ink_chroma(pixels, line.box)
    return ink >= COLOURED and _on_a_bubble(pixels, line.box, background)


def _looks_like_a_name(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= MAX_WORDS
        and len(text) <= MAX_CHARS
        and not _ADDRESS.search(text)  # WhatsApp draws links in blue, often without their scheme
        and not text.startswith("@")
    )


def _ink_chroma(pixels: np.ndarray, box: tuple[int, int, int, int]) -> tuple[float, np.ndarray]:
    """The chroma of a line's letters (their darkest or brightest quarter: the edges blend into the
    background, and JPEG smears a thin letter's colour) and the background they sit on (the box's margin:
    inside a tight box a bold colour can cover half the pixels)."""
    left, top, right, bottom = box
    pad = max(2, (bottom - top) // 4)
    height, width = pixels.shape[:2]
    rows, columns = (
        slice(max(0, top - pad), min(height, bottom + pad)),
        slice(max(0, left - pad), right + pad),
    )
    outer = pixels[rows, columns]
    region = pixels[max(0, top) : bottom, max(0, left) : right].reshape(-1, 3)
    if not len(region) or outer.shape[0] < 2 or outer.shape[1] < 2:
        return 0.0, np.zeros(3)
    ring = np.concatenate([outer[0], outer[-1], outer[:, 0], outer[:, -1]])
    background = np.median(ring, axis=0)
    distance = np.abs(region - background).max(axis=1)
    ink = region[distance >= INK_STEP]
    if len(ink) < 4:
        return 0.0, background
    core = ink[np.abs(ink - background).max(axis=1) >= np.quantile(distance[distance >= INK_STEP], 0.75)]
    chroma = core.max(axis=1) - core.min(axis=1)
    return float(np.median(chroma)), background


def _on_a_bubble(pixels: np.ndarray, box: tuple[int, int, int, int], background: np.ndarray) -> bool:
    _, top, _, bottom = box
    rows = pixels[max(0, top) : bottom]
    if not len(rows):
        return False
    edges = np.concatenate([rows[:, :2], rows[:, -2:]], axis=1).reshape(-1, 3)
    return bool(np.abs(np.median(edges, axis=0) - background).max() >= BUBBLE_STEP)
