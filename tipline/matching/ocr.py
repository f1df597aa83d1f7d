"""Read a screenshot's text with Tesseract (Debian's tesseract-ocr, tesseract-ocr-ind) to match it as text."""

from __future__ import annotations

import functools
import io
import logging
import os
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterable, Set
from concurrent.futures import ThreadPoolExecutor

from PIL import Image, ImageOps

from tipline.matching.chat_header import chat_bounds
from tipline.matching.chat_senders import OcrLine, sender_lines
from tipline.matching.images import open_image
from tipline.matching.light_text import is_picture, light_text_only
from tipline.matching.post_chrome import frame_lines, is_counter, without_caption_handle

log = logging.getLogger(__name__)

# Tesseract reads best with capitals 20-40px tall; phone screenshots shrunk by WhatsApp are smaller.
MIN_WIDTH = 1400
MAX_UPSCALE = 3.0
# Very tall screenshots (a scrolled chat) are kept, but not blown up past what Tesseract handles quickly.
MAX_SIDE = 6000
DARK_MEAN = 110  # dark-mode screenshots (light text on dark) read better inverted
CONFIDENT = 80  # of Tesseract's 0-100 confidence in a word
# On 200 drawn video screenshots the light-text reading found 0.968 of a tip's words, the first 0.736, and
# picking whichever was sure of more words 0.962; with this share, 0.968.
LIGHT_READING_SHARE = 0.8


class OcrUnavailable(RuntimeError):
    """Tesseract, or every requested language pack, is not installed: OCR is off, not failing per image."""


class OcrFailed(RuntimeError):
    """Tesseract ran but gave no answer for this image (timeout, crash)."""


def tesseract_path() -> str:
    path = shutil.which("tesseract")
    if path is None:
        raise OcrUnavailable("tesseract is not installed (Debian: tesseract-ocr tesseract-ocr-ind)")
    return path


def _environment() -> dict[str, str]:
    # Tesseract's OpenMP threads fight each other and the worker's own: one thread is 2-3x faster here.
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


@functools.cache
def installed_languages() -> frozenset[str]:
    try:
        done = subprocess.run(  # noqa: S603 (our own argument list, no shell)
            [tesseract_path(), "--list-langs"], capture_output=True, text=True, timeout=30, env=_environment()
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OcrUnavailable(f"tesseract cannot run: {exc}") from exc
    lines = done.stdout.splitlines()[1:]  # the first line says where the tessdata directory is
    return frozenset(line.strip() for line in lines if line.strip())


def usable_languages(languages: str) -> str:
    installed = installed_languages()
    wanted = [lang for lang in languages.split("+") if lang]
    usable = [lang for lang in wanted if lang in installed]
    if not usable:
        raise OcrUnavailable(
            f"none of the OCR languages {languages!r} is installed (have {sorted(installed)})"
        )
    if len(usable) < len(wanted):
        log.warning("OCR languages missing: %s", sorted(set(wanted) - set(usable)))
    return "+".join(usable)


def prepare(image: Image.Image) -> Image.Image:
    gray = ImageOps.grayscale(image)
    scale = min(MAX_UPSCALE, MIN_WIDTH / gray.width) if gray.width < MIN_WIDTH else 1.0
    scale = min(scale, MAX_SIDE / max(gray.size))
    if abs(scale - 1.0) > 0.05:
        size = (max(1, round(gray.width * scale)), max(1, round(gray.height * scale)))
        gray = gray.resize(size, Image.Resampling.LANCZOS)
    histogram = gray.histogram()
    mean = sum(i * n for i, n in enumerate(histogram)) / max(1, sum(histogram))
    if mean < DARK_MEAN:
        gray = ImageOps.invert(gray)
    return ImageOps.autocontrast(gray, cutoff=1)


# A chat screenshot's time stamps (08.15, 10:42 PM, with the delivery ticks Tesseract reads as V or /) say
# nothing about the claim, and every screenshot has them: read as words, they made its tip less sure.
_TIME_STAMP = re.compile(
    r"(?:^|\s)\d{1,2}[.:]\d{2}(?:\s?[ap]\.?m\.?)?(?:\s?[✓✔vV/]{1,2})?\s*$", re.IGNORECASE
)


# A group chat heads a bubble with its sender: a name the voter saved, or a number with the name its owner
# gave ("+62 812-3456-7890 ~Budi", Tesseract reads the ~ as a dash). The number is someone's personal data and
# neither is the claim; a line that is only that goes. (A name alone looks like a list's "- Item" line: kept.)
_SENDER_NUMBER = r"\+?\d[\d \-]{8,16}\d(?:\s*[~\-—–]\s*\S.{0,40})?"
# A screenshot taken while typing shows the message field's placeholder above the keyboard (whose keys
# Tesseract does not read as words); the send button beside it reads as a stray character.
_MESSAGE_FIELD = r"\W{0,3}(?:ketik pesan|type a message|message|pesan)\W{0,3}(?:\s\S{1,3})?"
_NOT_THE_MESSAGE = re.compile(rf"^(?:{_SENDER_NUMBER}|{_MESSAGE_FIELD})$", re.IGNORECASE)
# A line without two letters or digits together is specks and icons read as characters ("a) | a =").
_WORD = re.compile(r"[^\W_]{2}")


def clean_text(raw: str) -> str:
    """One line per paragraph Tesseract found: a bubble's text wraps at the screen's edge, not where the voter
    broke it, and a phrase wrapped over two lines ("dari grup / sebelah") is still one phrase."""
    return _joined(block.splitlines() for block in re.split(r"\n[ \t]*\n", raw))


def _joined(paragraphs: Iterable[Iterable[str]], *, skip_post_frame: bool = True) -> str:
    blocks = [
        [_TIME_STAMP.sub("", re.sub(r"[ \t]+", " ", line)).strip() for line in lines] for lines in paragraphs
    ]
    flat = [line for block in blocks for line in block if line]
    # A post's header, counts and actions around a screenshot of Facebook, X or Instagram are not the claim.
    frame = frame_lines(flat) if skip_post_frame else set()
    if skip_post_frame:
        flat = without_caption_handle(flat)
    out, at = [], 0
    for block in blocks:
        kept = []
        for _ in filter(None, block):
            line = flat[at]
            if at not in frame and _WORD.search(line) and not _NOT_THE_MESSAGE.match(line):
                kept.append(line)
            at += 1
        # A paragraph of one count or label is the column beside a video; a claim's amount is in a sentence.
        if kept and not (skip_post_frame and all(is_counter(line) for line in kept)):
            out.append(" ".join(kept))
    return "\n".join(out)


def parse_tsv(tsv: str, scale: float = 1.0) -> list[OcrLine]:
    """Tesseract's TSV output as lines in reading order, boxes divided by `scale` (the image's upscaling)."""
    words: dict[tuple[int, int, int], list[tuple[str, int, int, int, int]]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        try:
            left, top, width, height = (int(value) for value in cols[6:10])
            key = (int(cols[2]), int(cols[3]), int(cols[4]))
        except ValueError:  # not Tesseract's own row: skip it rather than lose the image's text
            continue
        words.setdefault(key, []).append((cols[11].strip(), left, top, left + width, top + height))
    return [
        OcrLine(
            text=" ".join(word[0] for word in line),
            paragraph=key[:2],
            box=(
                round(min(w[1] for w in line) / scale),
                round(min(w[2] for w in line) / scale),
                round(max(w[3] for w in line) / scale),
                round(max(w[4] for w in line) / scale),
            ),
            word_height=round(max(w[4] - w[2] for w in line) / scale),
        )
        for key, line in words.items()
    ]


def lines_text(lines: list[OcrLine], skip: Set[int] = frozenset(), *, skip_post_frame: bool = True) -> str:
    """The lines as paragraphs (see clean_text), less those at the indexes in `skip`."""
    paragraphs: dict[tuple[int, int], list[str]] = {}
    for index, line in enumerate(lines):
        paragraphs.setdefault(line.paragraph, [])
        if index not in skip:
            paragraphs[line.paragraph].append(line.text)
    return _joined(paragraphs.values(), skip_post_frame=skip_post_frame)


def read_text(
    data: bytes,
    languages: str = "ind+eng",
    *,
    timeout_seconds: float = 20.0,
    skip_title_bar: bool = True,
    skip_senders: bool = True,
    skip_post_frame: bool = True,
    light_text: bool = True,
) -> str:
    """The text Tesseract reads in an image ('' when there is none), without a chat's title bar and its
    senders' names, or a post's header, counts and actions, unless told; a photo's or a video frame's white
    words read apart too, unless told (`light_text`).

    Raises ImageUnreadable for bytes that are not an image, OcrUnavailable when tesseract or its languages are
    missing, OcrFailed when tesseract times out or crashes on this image.
    """
    image = open_image(data)
    # The group's name and members are not the claim, nor the keyboard under a chat taken while typing.
    top, bottom = chat_bounds(image) if skip_title_bar else (0, image.height)
    if (top, bottom) != (0, image.height):
        image = image.crop((0, top, image.width, bottom))
    prepared = prepare(image)
    langs = usable_languages(languages)
    scale = prepared.width / image.width
    if not (light_text and is_picture(image)):
        tsv = _tesseract(prepared, langs, timeout_seconds)
        return _text(tsv, image, scale, skip_senders, skip_post_frame)[0]
    # White words over a photo or a video's frame are read again, alone, by a second Tesseract beside the
    # first (each runs one thread: the voter waits for one reading, not two). That reading is kept when it is
    # sure of a word, unless the first is sure of clearly more of the words it keeps (frame and names left
    # out): words the first broke over the picture come out as short fragments it is sure of ("ng", "pe").
    with ThreadPoolExecutor(max_workers=1) as beside:
        light_tsv = beside.submit(_read_light_text, image, prepared.size, langs, timeout_seconds)
        tsv = _tesseract(prepared, langs, timeout_seconds)
        read = _text(tsv, image, scale, skip_senders, skip_post_frame)
        try:
            light_tsv_text = light_tsv.result()
        except OcrFailed as exc:  # the first reading stands on its own, as for an app's screenshot
            log.warning("light-text reading failed, first reading kept: %s", exc)
            return read[0]
    light_read = _text(light_tsv_text, image, scale, skip_senders, skip_post_frame)
    if light_read[1] > 0 and light_read[1] >= LIGHT_READING_SHARE * read[1]:
        return light_read[0]
    return read[0]


def _read_light_text(image: Image.Image, size: tuple[int, int], langs: str, timeout_seconds: float) -> str:
    return _tesseract(light_text_only(image, size), langs, timeout_seconds)


def _text(
    tsv: str, image: Image.Image, scale: float, skip_senders: bool, skip_post_frame: bool
) -> tuple[str, int]:
    """The text kept of one reading, and how many of its words Tesseract was sure of."""
    lines = parse_tsv(tsv, scale)
    # A group member's name over their bubble is theirs, not the claim's.
    senders = sender_lines(image, lines) if skip_senders else frozenset()
    text = lines_text(lines, senders, skip_post_frame=skip_post_frame)
    sure = confident_words(tsv)
    kept = 0
    for word in text.split():
        if sure[word] > 0:
            sure[word] -= 1
            kept += 1
    return text, kept


def _tesseract(prepared: Image.Image, langs: str, timeout_seconds: float) -> str:
    png = io.BytesIO()
    prepared.save(png, format="PNG", compress_level=1)
    command = [tesseract_path(), "stdin", "stdout", "-l", langs, "--psm", "3", "tsv"]
    try:
        done = subprocess.run(  # noqa: S603 (our own argument list, no shell)
            command, input=png.getvalue(), capture_output=True, timeout=timeout_seconds, env=_environment()
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrFailed(f"tesseract took more than {timeout_seconds}s") from exc
    except OSError as exc:
        installed_languages.cache_clear()
        raise OcrUnavailable(f"tesseract cannot run: {exc}") from exc
    if done.returncode != 0:
        raise OcrFailed(
            f"tesseract exited with {done.returncode}: {done.stderr.decode(errors='replace')[-300:]}"
        )
    return done.stdout.decode("utf-8", errors="replace")


def confident_words(tsv: str) -> Counter[str]:
    """The words of Tesseract's TSV output it is sure of (confidence 80 or more, two letters or digits)."""
    sure: Counter[str] = Counter()
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not _WORD.search(cols[11]):
            continue
        try:
            confident = float(cols[10]) >= CONFIDENT
        except ValueError:
            continue
        if confident:
            sure[cols[11].strip()] += 1
    return sure
