"""Where a chat screenshot's title bar ends, so that the group's name and members are not read as the claim.

Read with the tip, a group's name and members cost the bench's screenshots a third of their auto answers
(auto coverage 0.291 against 0.423 without them, `make bench-screenshots`). A chat app draws its title bar
as a band of one colour across the whole width, and the chat below on another colour that shows at both
edges of nearly every row, beside bubbles of a third, down to where the chat ends (the bottom, or a keyboard
open while typing). A meme's caption band above a photo, a poster's banner above its page, a page of text or
a crop of one bubble has no such layout, and is read whole."""

from __future__ import annotations

import numpy as np
from PIL import Image

SCAN_WIDTH = 160  # columns looked at: a title bar and the chat's margins survive this shrink
MAX_BAR_SHARE = 0.35  # of the height: a title bar is a strip at the top (of a cropped chat, too)
NEAR = 16  # largest channel difference still "the same colour" (JPEG noise, the wallpaper's doodles)
STEP = 18  # smallest channel difference between bar and chat (WhatsApp's dark mode: 24)
UNIFORM = 0.9  # share of a row in one colour for it to be a plain row (no text, no bubble across it)
EDGES = 0.75  # share of the chat's rows whose edge pixels are its background
EDGE_COLUMNS = 2
BUBBLES = 0.2  # share of the chat's rows mostly covered by bubbles
KEYBOARD_GAP = 0.12  # of the height: this many rows in a row without the chat at their edges end it
MIN_CHAT_SHARE = 0.2  # of the height: a chat shows at least this much between its bar and whatever is below


def title_bar_height(image: Image.Image) -> int:
    """Rows at the top of `image` that are a chat app's title bar; 0 when there is none to be sure of."""
    return chat_bounds(image)[0]


def chat_bounds(image: Image.Image) -> tuple[int, int]:
    """The rows of `image` between a chat app's title bar and whatever is below the chat (a keyboard open
    while typing, whose keys are no part of the message); (0, height) when there is no chat layout."""
    rgb = image.convert("RGB")
    scale = min(1.0, SCAN_WIDTH / max(1, rgb.width))
    if scale < 1.0:
        size = (SCAN_WIDTH, max(1, round(rgb.height * scale)))
        rgb = rgb.resize(size, Image.Resampling.BOX)
    pixels = np.asarray(rgb, dtype=np.int16)
    height = pixels.shape[0]
    colours = np.median(pixels, axis=1)
    plain = (np.abs(pixels - colours[:, None, :]).max(axis=2) <= NEAR).mean(axis=1) >= UNIFORM
    edges = np.concatenate([pixels[:, :EDGE_COLUMNS], pixels[:, -EDGE_COLUMNS:]], axis=1)
    # A bar's lower edge may be blurred over two rows (its shadow, the shrink, JPEG's ringing): the colours
    # compared are those either side of them.
    for row in range(2, min(int(height * MAX_BAR_SHARE), height - 2)):
        if not (plain[row - 1] and plain[row + 2]):
            continue
        bar, chat = colours[row - 1], colours[row + 2]
        if np.abs(bar - chat).max() < STEP:
            continue
        end = _chat_end(edges, chat, row, height)
        below = slice(row, min(end, int(height * 0.9)))
        if below.stop - below.start < MIN_CHAT_SHARE * height:
            continue
        if (
            _edges_share(edges[:row], bar) >= 0.5
            and _edges_share(edges[below], chat) >= EDGES
            and _bubbles_share(colours[below], chat) >= BUBBLES
        ):
            return min(image.height, round(row / scale)), min(image.height, round(end / scale))
    return 0, image.height


def _chat_end(edges: np.ndarray, chat: np.ndarray, start: int, stop: int) -> int:
    """The row where the chat gives way to something else below it (a keyboard open while typing, taking a
    third of the screen): the first of enough rows in a row whose edges are not the chat's colour."""
    gap = max(4, round(KEYBOARD_GAP * len(edges)))
    outside = ~(np.abs(edges[start:stop] - chat).max(axis=2) <= NEAR).all(axis=1)
    run = 0
    for offset, away in enumerate(outside):
        run = run + 1 if away else 0
        if run >= gap:
            return start + offset - run + 1
    return stop


def _bubbles_share(colours: np.ndarray, background: np.ndarray) -> float:
    """Share of rows mostly covered by something else than the background: a chat's bubbles. A poster's
    banner over a page of text on the page's own colour has none, and its banner is kept."""
    if not len(colours):
        return 0.0
    return float((np.abs(colours - background).max(axis=1) > NEAR).mean())


def _edges_share(edges: np.ndarray, colour: np.ndarray) -> float:
    """Share of rows whose edge pixels are all `colour`."""
    if not len(edges):
        return 0.0
    return float((np.abs(edges - colour).max(axis=2) <= NEAR).all(axis=1).mean())
