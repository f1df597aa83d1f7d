"""How long a voter waits for a photo's words to be read, against one Tesseract reading, in one run.

    .venv/bin/python bench/photo_ocr.py [--rounds 3]

A photo or a video's frame is read twice (`tipline/matching/ocr.py`: as it is, and with only its light
pixels as ink, for white words over the picture). The two readings run side by side; this prints the time of
`read_text` as the worker calls it, of one reading alone (`light_text=False`), and of the two readings one
after the other (what the worker did before), each as a ratio of one reading. Pictures are drawn here: short
videos' frames with a claim in white over them (400-720 px wide, JPEG 70) and photos without words. Each
round times every picture once per way, alternating ways; the figures are medians over all rounds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.matching_images.synth import encode, photo, tiktok_post  # noqa: E402
from tipline.matching import ocr  # noqa: E402
from tipline.matching.chat_header import chat_bounds  # noqa: E402
from tipline.matching.images import open_image  # noqa: E402
from tipline.matching.light_text import light_text_only  # noqa: E402

CLAIM = ["Beredar kabar KPU akan menunda pemilu", "ke tahun 2030 karena anggaran negara", "habis untuk IKN."]
LANGUAGES = "ind+eng"


def pictures() -> list[bytes]:
    frames = [
        tiktok_post(CLAIM, width=width, font_size=round(34 * width / 720), seed=seed)
        for width in (400, 540, 720)
        for seed in (0, 2, 4)
    ]
    photos = [photo(0, (720, 1280)), photo(3, (720, 1280))]
    return [encode(image, "JPEG", quality=70) for image in [*frames, *photos]]


def one_after_the_other(data: bytes) -> None:
    """Both readings in turn, as before they ran side by side (the rest of `read_text` is the same)."""
    image = open_image(data)
    top, bottom = chat_bounds(image)
    image = image.crop((0, top, image.width, bottom))
    prepared = ocr.prepare(image)
    langs = ocr.usable_languages(LANGUAGES)
    ocr._tesseract(prepared, langs, 20.0)
    ocr._tesseract(light_text_only(image, prepared.size), langs, 20.0)


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    data = pictures()
    ways: dict[str, Callable[[bytes], object]] = {
        "one reading (light_text=False)": lambda d: ocr.read_text(d, LANGUAGES, light_text=False),
        "both readings, side by side (read_text)": lambda d: ocr.read_text(d, LANGUAGES),
        "both readings, one after the other": one_after_the_other,
    }
    ocr.read_text(data[0], LANGUAGES)  # Tesseract's language files into the page cache
    times: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(args.rounds):
        for picture in data:
            for name, way in ways.items():
                started = time.perf_counter()
                way(picture)
                times[name].append(time.perf_counter() - started)
    base = statistics.median(times["one reading (light_text=False)"])
    print(
        f"{len(data)} pictures x {args.rounds} rounds; median seconds per picture, as a ratio of one reading"
    )
    for name, seconds in times.items():
        median = statistics.median(seconds)
        print(f"  {name:42} {median:6.3f} s  x{median / base:.2f}")


if __name__ == "__main__":
    main()
