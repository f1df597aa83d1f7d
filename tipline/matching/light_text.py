"""Light text over a picture: a short video's caption written over its frame, a meme's words over a photo.

Tesseract binarises the whole image at once: white letters over a busy, many-coloured frame come out broken
or not at all (on 200 drawn TikTok screenshots, 0.736 of a tip's words were read). Keeping only the light,
unsaturated pixels, and making them black on white, leaves the letters whole (0.968). It is worth a second
reading only for a picture: a screenshot of an app is a few flat colours, and its text is read well as it is.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageChops

# An app's screenshot (chat, post, page) has most of its pixels in a few flat colours: 0.88-0.99 of them in
# its six commonest (colours binned by 32 levels a channel) in the drawn chats and posts; a video's frame
# 0.39-0.67.
APP_MIN_FLAT_SHARE = 0.75
COMMONEST_COLOURS = 6
# Light: every channel above this; unsaturated: the channels this close. Letters are drawn white or nearly
# (200 left a small label's thin strokes broken);
# a picture's own light, unsaturated patches (sky, a wall) are read as no text, or as specks.
LIGHT_MIN = 170
LIGHT_MAX_SPREAD = 40


def is_picture(image: Image.Image) -> bool:
    """A photo or a video's frame, not a screenshot of an app's flat colours."""
    width = 200
    height = max(1, round(width * image.height / max(1, image.width)))
    bins = np.asarray(image.convert("RGB").resize((width, height)), dtype=np.int32) // 32
    codes = (bins[..., 0] * 64 + bins[..., 1] * 8 + bins[..., 2]).ravel()
    counts = np.sort(np.bincount(codes, minlength=512))
    return float(counts[-COMMONEST_COLOURS:].sum()) / codes.size < APP_MIN_FLAT_SHARE


def light_text_only(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """`image` at `size` (scaled before, so that the letters' edges stay smooth), its light unsaturated
    pixels black and all else white: light text as Tesseract reads best, dark on a plain page."""
    rgb = image.convert("RGB")
    if rgb.size != size:
        rgb = rgb.resize(size, Image.Resampling.LANCZOS)
    # Pillow's per-channel operations, not numpy: a phone screenshot scaled for Tesseract has millions of
    # pixels, and this is ten times faster.
    red, green, blue = rgb.split()
    low = ImageChops.darker(ImageChops.darker(red, green), blue)
    high = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    dark = low.point(lambda v: 0 if v > LIGHT_MIN else 255)
    saturated = ImageChops.subtract(high, low).point(lambda v: 0 if v < LIGHT_MAX_SPREAD else 255)
    return ImageChops.lighter(dark, saturated)
