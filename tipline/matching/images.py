"""Perceptual image hashing (PDQ): the same picture, re-encoded, resized or recompressed, hashes nearly alike.

Hex is the 256 bits packed most significant first, as python-threatexchange writes PDQ hashes, so hashes can
be compared with hash lists shared by other fact-checkers.
"""

from __future__ import annotations

import io
import warnings

import numpy as np
import pdqhash
from PIL import Image, ImageOps, UnidentifiedImageError

# PDQ downsamples to 64x64 anyway; hashing a 512px copy gives the same hash at a fraction of the cost.
HASH_SIDE = 512
# Pillow refuses larger images as decompression bombs; WhatsApp images are a few megapixels at most.
MAX_PIXELS = 64_000_000
HEX_LENGTH = 64


class ImageUnreadable(ValueError):
    """The bytes are not an image Pillow can decode (corrupt, truncated, not an image, absurdly large)."""


def open_image(data: bytes, *, draft_side: int | None = None) -> Image.Image:
    """Decode bytes into an RGB image, upright (EXIF orientation) and flattened onto white if transparent."""
    if not data:
        raise ImageUnreadable("no image bytes")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise ImageUnreadable(f"image of {image.width}x{image.height} pixels is too large")
            if draft_side is not None and image.format == "JPEG":
                image.draft("RGB", (draft_side, draft_side))  # decode a reduced JPEG: much faster
            image.load()
            image = ImageOps.exif_transpose(image) or image
            return _to_rgb(image)
    except ImageUnreadable:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        EOFError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise ImageUnreadable(f"{type(exc).__name__}: {exc}") from exc


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA"):
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        return background
    return image.convert("RGB") if image.mode != "RGB" else image


def _hashable(data: bytes) -> np.ndarray:
    image = open_image(data, draft_side=HASH_SIDE * 2)
    if max(image.size) > HASH_SIDE:
        image.thumbnail((HASH_SIDE, HASH_SIDE), Image.Resampling.BILINEAR)
    return np.asarray(image, dtype=np.uint8)


def pdq_hash(data: bytes) -> tuple[str, int]:
    """PDQ hash of image bytes: (64 hex chars, quality 0-100); under ~50 means a flat, featureless image."""
    bits, quality = pdqhash.compute(_hashable(data))
    return bits_to_hex(np.asarray(bits)), int(quality)


def pdq_hash_dihedral(data: bytes) -> tuple[list[str], int]:
    """The hashes of the image and of its 7 rotations/mirrors (first: as is), and its quality.

    Stored debunk images need only `pdq_hash`; hashing the voter's copy all 8 ways finds a hoax photo
    sent sideways (EXIF orientation lost) or mirrored (a known trick to dodge matching) at little cost.
    """
    hashes, quality = pdqhash.compute_dihedral(_hashable(data))
    return [bits_to_hex(np.asarray(bits)) for bits in hashes], int(quality)


def bits_to_hex(bits: np.ndarray) -> str:
    return np.packbits(bits.astype(np.uint8)).tobytes().hex()


def hex_to_bytes(pdq_hex: str) -> bytes:
    if len(pdq_hex) != HEX_LENGTH:
        raise ValueError(f"a PDQ hash has {HEX_LENGTH} hex characters, not {len(pdq_hex)}")
    return bytes.fromhex(pdq_hex)


def hamming(a_hex: str, b_hex: str) -> int:
    """Number of differing bits between two PDQ hashes (0 identical, ~128 unrelated, 256 inverted)."""
    a = int.from_bytes(hex_to_bytes(a_hex), "big")
    b = int.from_bytes(hex_to_bytes(b_hex), "big")
    return (a ^ b).bit_count()
