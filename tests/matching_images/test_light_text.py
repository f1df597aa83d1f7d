"""White words over a photo or a video's frame are read; a screenshot of an app is read once, as before."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from tests.matching_images.synth import encode, photo, screenshot, social_post, tiktok_post, with_keyboard
from tipline.matching import ocr
from tipline.matching.light_text import is_picture, light_text_only
from tipline.matching.normalize import normalize
from tipline.matching.ocr import read_text

CLAIM = ["Beredar kabar KPU akan menunda pemilu", "ke tahun 2030 karena anggaran negara", "habis untuk IKN."]
CLAIM_WORDS = normalize(" ".join(CLAIM)).words


def share_read(data: bytes) -> float:
    words = normalize(read_text(data)).words
    return sum(word in words for word in CLAIM_WORDS) / len(CLAIM_WORDS)


# Frames over which Tesseract, reading the whole image at once, read 0-53 % of the words.
@pytest.mark.parametrize(("width", "seed"), [(400, 0), (400, 6), (540, 2), (540, 4)])
def test_white_words_over_a_busy_video_frame_are_read(width: int, seed: int) -> None:
    video = tiktok_post(CLAIM, width=width, font_size=round(34 * width / 720), seed=seed)
    # The claim's first line runs under the column of counts: its last word is cut.
    assert share_read(encode(video, "JPEG", quality=70)) >= 0.85


def test_dark_words_on_a_white_box_over_a_video_are_read() -> None:
    video = tiktok_post(CLAIM, width=540, font_size=26, seed=4, boxed=True)
    assert share_read(encode(video, "JPEG", quality=70)) >= 0.85


def test_the_first_reading_is_kept_when_the_light_text_reading_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    video = encode(tiktok_post(CLAIM, width=540, font_size=26, seed=4, boxed=True), "JPEG", quality=70)

    def crashes(*args: object) -> str:
        raise ocr.OcrFailed("tesseract exited with -11")

    monkeypatch.setattr(ocr, "_read_light_text", crashes)
    assert share_read(video) >= 0.85


def test_a_photo_without_words_reads_as_nothing() -> None:
    for seed in (0, 3):
        assert read_text(encode(photo(seed, (720, 1280)), "JPEG", quality=70)) == ""


def test_a_picture_is_told_from_an_apps_screenshot() -> None:
    assert is_picture(photo(3, (720, 1280)))
    assert is_picture(tiktok_post(CLAIM, seed=5))
    assert not is_picture(screenshot(CLAIM, sender="Budi"))
    assert not is_picture(with_keyboard(screenshot(CLAIM, dark=True), dark=True))
    assert not is_picture(social_post(CLAIM, platform="facebook"))
    assert not is_picture(Image.new("RGB", (400, 300), (255, 255, 255)))


def test_light_text_only_keeps_white_and_light_grey_as_ink() -> None:
    pixels = np.array([[[255, 255, 255], [200, 205, 210], [250, 240, 40], [20, 20, 20], [120, 130, 140]]])
    image = Image.fromarray(pixels.astype(np.uint8), "RGB")
    ink = np.asarray(light_text_only(image, image.size))
    assert ink.tolist() == [[0, 0, 255, 255, 255]]
    assert light_text_only(image, (10, 2)).size == (10, 2)
