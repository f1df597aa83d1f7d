"""PDQ hashing: survives re-encoding and resizing, tells pictures apart, refuses non-images cleanly."""

from __future__ import annotations

import pytest
from PIL import Image

from tests.matching_images.synth import encode, photo, screenshot
from tipline.matching.images import ImageUnreadable, hamming, open_image, pdq_hash

MATCH = 31  # PDQ's usual threshold for "same picture"


@pytest.fixture(scope="module")
def original() -> Image.Image:
    return photo(seed=1)


@pytest.fixture(scope="module")
def original_hash(original: Image.Image) -> str:
    pdq_hex, quality = pdq_hash(encode(original, "PNG"))
    assert quality >= 80  # a photo-like picture has the detail PDQ needs
    return pdq_hex


def test_hash_is_64_hex_chars_and_deterministic(original: Image.Image, original_hash: str) -> None:
    assert len(original_hash) == 64
    int(original_hash, 16)
    assert pdq_hash(encode(original, "PNG"))[0] == original_hash


@pytest.mark.parametrize(
    ("label", "variant"),
    [
        ("jpeg quality 40", lambda im: encode(im, "JPEG", quality=40)),
        ("half size, jpeg quality 20", lambda im: encode(im.resize((400, 300)), "JPEG", quality=20)),
        ("webp, 320px", lambda im: encode(im.resize((320, 240)), "WEBP", quality=50)),
        ("upscaled 2x", lambda im: encode(im.resize((1600, 1200)), "JPEG", quality=85)),
        ("rgba png", lambda im: encode(im.convert("RGBA"), "PNG")),
    ],
)
def test_reencoded_and_resized_copies_match(
    original: Image.Image, original_hash: str, label: str, variant
) -> None:
    pdq_hex, _ = pdq_hash(variant(original))
    assert hamming(original_hash, pdq_hex) <= 16, label


def test_different_pictures_are_far_apart(original_hash: str) -> None:
    for seed in (2, 3, 4):
        assert hamming(original_hash, pdq_hash(encode(photo(seed), "PNG"))[0]) > 80


def test_different_screenshots_do_not_match() -> None:
    a = pdq_hash(encode(screenshot(["KPU umumkan pemilu diundur", "ke tahun 2030."]), "PNG"))[0]
    b = pdq_hash(encode(screenshot(["Foto banjir ini asli", "dari Jakarta kemarin."]), "PNG"))[0]
    assert hamming(a, b) > MATCH


def test_crops_and_rotations_are_not_robust(original: Image.Image, original_hash: str) -> None:
    """PDQ's known limit: a 5% crop lands near the threshold, larger crops and turns do not match."""
    slight = hamming(
        original_hash, pdq_hash(encode(original.crop((20, 15, 780, 585)), "JPEG", quality=80))[0]
    )
    heavy = hamming(original_hash, pdq_hash(encode(original.crop((80, 60, 720, 540)), "JPEG", quality=80))[0])
    turned = hamming(original_hash, pdq_hash(encode(original.rotate(90, expand=True), "PNG"))[0])
    assert slight < heavy
    assert heavy > MATCH
    assert turned > MATCH


def test_hamming_counts_bits() -> None:
    zero = "0" * 64
    assert hamming(zero, zero) == 0
    assert hamming(zero, "f" * 64) == 256
    assert hamming(zero, "0" * 63 + "7") == 3
    with pytest.raises(ValueError):
        hamming(zero, "abc")


@pytest.mark.parametrize(
    "image",
    [
        Image.new("RGB", (1, 1), (200, 10, 10)),
        Image.new("L", (7, 3), 128),
        Image.new("P", (40, 40)),
        Image.new("LA", (30, 30), (100, 0)),
        Image.new("I;16", (30, 30)),
    ],
)
def test_tiny_and_odd_modes_hash_with_low_quality(image: Image.Image) -> None:
    pdq_hex, quality = pdq_hash(encode(image, "PNG"))
    assert len(pdq_hex) == 64
    assert quality < 50  # flat: never allowed to decide a match alone


def test_transparent_pixels_are_flattened_onto_white() -> None:
    rgba = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    assert open_image(encode(rgba, "PNG")).getpixel((5, 5)) == (255, 255, 255)


@pytest.mark.parametrize(
    "data",
    [b"", b"not an image at all", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b"\xff\xd8\xff\xe0" + b"junk" * 10],
)
def test_garbage_raises_image_unreadable(data: bytes) -> None:
    with pytest.raises(ImageUnreadable):
        pdq_hash(data)


def test_truncated_jpeg_raises_image_unreadable(original: Image.Image) -> None:
    data = encode(original, "JPEG", quality=90)
    with pytest.raises(ImageUnreadable):
        pdq_hash(data[: len(data) // 3])
