"""Images generated at test time: a photo-like picture, a phone-style screenshot of a hoax, re-encodings."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/liberation")]
FONT_NAMES = ["DejaVuSans.ttf", "LiberationSans-Regular.ttf"]


def font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for directory in FONT_DIRS:
        for name in FONT_NAMES:
            if bold:
                name = name.replace("Sans.", "Sans-Bold.").replace("-Regular.", "-Bold.")
            if (directory / name).exists():
                return ImageFont.truetype(str(directory / name), size)
    return ImageFont.load_default(size)


def photo(seed: int, size: tuple[int, int] = (800, 600)) -> Image.Image:
    """Smooth random blobs over a gradient: structure at every scale, like a photograph."""
    rng = np.random.default_rng(seed)
    width, height = size
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    channels = []
    for _ in range(3):
        value = rng.uniform(0, 80) + rng.uniform(0, 100) * x / width + rng.uniform(0, 60) * y / height
        for _ in range(12):
            cx, cy = rng.uniform(0, width), rng.uniform(0, height)
            radius = rng.uniform(30, 220)
            value = value + rng.uniform(-120, 120) * np.exp(
                -((x - cx) ** 2 + (y - cy) ** 2) / (2 * radius**2)
            )
        channels.append(np.clip(value, 0, 255))
    image = Image.fromarray(np.stack(channels, axis=-1).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(40):  # objects with edges: what gives a real photo its PDQ quality
        x0, y0 = rng.uniform(-50, width), rng.uniform(-50, height)
        box = (x0, y0, x0 + rng.uniform(20, width / 3), y0 + rng.uniform(20, height / 3))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=colour)
    noise = rng.normal(0, 6, (height, width, 3))
    pixels = np.clip(np.asarray(image, dtype=np.float32) + noise, 0, 255).astype(np.uint8)
    return Image.fromarray(pixels, "RGB").filter(ImageFilter.GaussianBlur(1))


HEADER_STYLES = {  # title bar, chat background, bubble, ink: WhatsApp's old teal, today's light, dark mode
    "teal": ((0, 128, 105), (236, 229, 221), (255, 255, 255), (17, 17, 17)),
    "light": ((255, 255, 255), (239, 234, 226), (255, 255, 255), (17, 17, 17)),
    "dark": ((31, 44, 52), (11, 20, 26), (32, 44, 51), (233, 237, 239)),
}

# A group chat draws each member's name in a colour of their own.
SENDER_COLOURS = [(198, 70, 128), (31, 122, 236), (232, 96, 40), (2, 150, 100), (166, 44, 160)]


def screenshot(
    lines: list[str],
    *,
    width: int = 720,
    dark: bool = False,
    font_size: int = 30,
    style: str | None = None,
    header: tuple[str, ...] = ("Grup Keluarga",),
    sender: str | None = None,
    sender_colour: tuple[int, int, int] = SENDER_COLOURS[0],
    bubble_colour: tuple[int, int, int] | None = None,
) -> Image.Image:
    """A chat-bubble screenshot: title bar (the group's name, its members), a bubble of wrapped text under its
    `sender`'s name or number in `sender_colour` (as a group chat shows them), a time stamp. `style` is a key
    of HEADER_STYLES (default: "dark" if `dark` else "teal"); no header if empty."""
    bar, background, bubble, ink = HEADER_STYLES[style or ("dark" if dark else "teal")]
    rows = len(lines) + (1 if sender else 0)
    text_font = font(font_size)
    line_height = int(font_size * 1.35)
    unit = width / 720  # a phone draws its title bar in proportion to its screen
    bar_height = round((50 + 40 * len(header)) * unit) if header else 0
    top = bar_height + round(40 * unit)
    height = top + 20 + line_height * rows + 120
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    if header:
        draw.rectangle((0, 0, width, bar_height), fill=bar)
        bar_ink = (255, 255, 255) if bar == HEADER_STYLES["teal"][0] else ink
        for i, words in enumerate(header):
            size = round((32 if i == 0 else 22) * unit)
            draw.text((round(96 * unit), round((24 + 44 * i) * unit)), words, font=font(size), fill=bar_ink)
        picture = [round(v * unit) for v in (20, 22, 76, 78)]
        draw.ellipse(picture, fill=(150, 160, 170))  # the group's picture
    bubble = bubble_colour or bubble
    draw.rounded_rectangle((20, top, width - 40, top + 20 + line_height * rows + 50), 18, fill=bubble)
    if sender:
        draw.text((44, top + 20), sender, font=font(round(font_size * 0.85)), fill=sender_colour)
    for i, line in enumerate(lines, start=rows - len(lines)):
        draw.text((44, top + 20 + i * line_height), line, font=text_font, fill=ink)
    stamp = (width - 150, top + 20 + line_height * rows + 10)
    draw.text(stamp, "08.15", font=font(20), fill=(120, 120, 120))
    return image


def encode(image: Image.Image, fmt: str = "PNG", **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


POST_CHROME = {  # a social network's post around its text: header under the name, counts, actions
    "facebook": (
        "2 jam · Publik",
        "1,2 rb    345 komentar    12 kali dibagikan",
        "Suka    Komentari    Kirim    Bagikan",
    ),
    "facebook-en": ("5h · Public", "1.2K    345 comments    12 shares", "Like    Comment    Send    Share"),
    "instagram": (
        "• Ikuti",
        "Disukai oleh andi dan 1.234 lainnya",
        "Lihat semua 345 komentar\n2 hari yang lalu",
    ),
    "instagram-en": ("• Follow", "Liked by andi and 1,234 others", "View all 345 comments\n2 days ago"),
    "x": (
        "@budisan · 5j",
        "10.42 · 3 Feb 2024 · 1,2 jt Tayangan",
        "345 Postingan ulang    12 Kutipan    3 rb Suka",
    ),
    "x-en": ("@budisan · 5h", "10:42 AM · Feb 3, 2024 · 1.2M Views", "345 Reposts    12 Quotes    3K Likes"),
}


def social_post(
    lines: list[str],
    *,
    platform: str = "facebook",
    width: int = 720,
    font_size: int = 30,
    author: str = "Budi",
) -> Image.Image:
    """A screenshot of a post on a social network (`platform` is a key of POST_CHROME): its author's picture,
    name and the post's age, the text, the counts of reactions and shares, the action bar. Instagram shows
    its author's handle instead, and again in bold at the start of the caption (`lines` are re-wrapped)."""
    header, counts, actions = POST_CHROME[platform]
    handle = ""
    if platform.startswith("instagram"):
        handle = "".join(ch for ch in author.lower() if ch.isalpha()) or "wargaku"
        author = handle
        chars = int((width - 60) / (0.6 * font_size))
        lines = textwrap.wrap(" ".join([handle, *lines]), width=chars) or [handle]
    unit = width / 720
    small, grey = font(round(24 * unit)), (101, 103, 107)
    line_height = int(font_size * 1.35)
    top = round(120 * unit)
    height = top + line_height * len(lines) + round(200 * unit)
    image = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.ellipse([round(v * unit) for v in (20, 20, 96, 96)], fill=(150, 160, 170))
    if not platform.startswith("facebook"):  # the header beside the name
        draw.text(
            (round(116 * unit), round(24 * unit)),
            f"{author} {header}",
            font=font(round(28 * unit)),
            fill=(15, 20, 25),
        )
    else:
        draw.text((round(116 * unit), round(20 * unit)), author, font=font(round(28 * unit)), fill=(5, 5, 5))
        draw.text((round(116 * unit), round(58 * unit)), header, font=small, fill=grey)
    for i, line in enumerate(lines):
        at = round(24 * unit)
        if i == 0 and handle:
            draw.text((at, top), handle, font=font(font_size, bold=True), fill=(5, 5, 5))
            at += round(draw.textlength(handle + " ", font=font(font_size, bold=True)))
            line = line[len(handle) :].lstrip()
        draw.text((at, top + i * line_height), line, font=font(font_size), fill=(5, 5, 5))
    below = top + line_height * len(lines) + round(30 * unit)
    draw.text((round(24 * unit), below), counts, font=small, fill=grey)
    draw.line((0, below + round(60 * unit), width, below + round(60 * unit)), fill=(220, 222, 226), width=2)
    draw.text((round(40 * unit), below + round(90 * unit)), actions, font=small, fill=grey)
    return image


def with_keyboard(shot: Image.Image, *, dark: bool = False) -> Image.Image:
    """`shot` as taken while typing: the message field and the phone's keyboard below the chat."""
    width = shot.width
    unit = width / 720
    field, keys = round(90 * unit), round(330 * unit)
    image = Image.new("RGB", (width, shot.height + field + keys), shot.getpixel((2, shot.height - 2)))
    image.paste(shot, (0, 0))
    draw = ImageDraw.Draw(image)
    top = shot.height
    box = (
        round(10 * unit),
        top + round(12 * unit),
        width - round(100 * unit),
        top + field - round(12 * unit),
    )
    draw.rounded_rectangle(box, round(30 * unit), fill=(32, 44, 51) if dark else (255, 255, 255))
    draw.text(
        (box[0] + round(30 * unit), box[1] + round(16 * unit)),
        "Ketik pesan",
        font=font(round(26 * unit)),
        fill=(134, 150, 160),
    )
    draw.ellipse((width - round(86 * unit), box[1], width - round(20 * unit), box[3]), fill=(0, 168, 132))
    board = (36, 36, 36) if dark else (210, 213, 219)
    key, letter = ((75, 75, 75), (240, 240, 240)) if dark else ((255, 255, 255), (20, 20, 20))
    draw.rectangle((0, top + field, width, image.height), fill=board)
    rows = ["qwertyuiop", "asdfghjkl", "zxcvbnm", ["?123", ",", "spasi", ".", "⏎"]]
    step = width / 10
    for r, row in enumerate(rows):
        labels = list(row)
        y0 = top + field + round((14 + 78 * r) * unit)
        x = (width - step * len(labels)) / 2 if r < 3 else step / 2
        for label in labels:
            span = step * (4 if label == "spasi" else 1)
            draw.rounded_rectangle((x + 4, y0, x + span - 4, y0 + round(64 * unit)), 8, fill=key)
            draw.text(
                (x + span / 2 - round(8 * unit), y0 + round(14 * unit)),
                label,
                font=font(round(30 * unit)),
                fill=letter,
            )
            x += span
    return image


TIKTOK_CHROME = {  # the tabs over a video, its column of counts, the music line, the bar of screens below
    "tiktok": (
        "LIVE      Mengikuti      Untuk Anda",
        ("125,3 rb", "2.345", "8.901", "Bagikan"),
        "♫ suara asli - budisan",
        "Beranda     Teman       +       Kotak Masuk     Profil",
    ),
    "tiktok-en": (
        "LIVE      Following      For You",
        ("125.3K", "2,345", "8,901", "Share"),
        "♫ original sound - budisan",
        "Home     Friends       +       Inbox     Profile",
    ),
}


def _outlined(draw: ImageDraw.ImageDraw, at: tuple[int, int], text: str, size: int) -> None:
    """White text with a dark edge, as a video's captions and the app's labels are drawn over the picture."""
    draw.text(at, text, font=font(size), fill=(255, 255, 255), stroke_width=2, stroke_fill=(20, 20, 20))


def tiktok_post(
    lines: list[str],
    *,
    platform: str = "tiktok",
    caption: str = "#fyp #viral #pemilu2024",
    seed: int = 7,
    width: int = 720,
    font_size: int = 34,
    boxed: bool = False,
) -> Image.Image:
    """A screenshot of a short video: a frame of it with its text written over the picture (white with a dark
    edge, or `boxed`: black on a white box), the tabs above, the column of likes, comments, saves and shares
    at the right edge, the author's handle and date, the caption and the music line at the bottom left, the
    app's bar below."""
    tabs, counts, music, bar = TIKTOK_CHROME[platform]
    unit = width / 720
    height = round(1400 * unit)
    frame = photo(seed, (width, height))
    # The app darkens the frame towards its top and bottom edges, where its own labels are.
    rows = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None, None]
    shade = 0.55 * np.clip(1.0 - np.maximum(0.25 - rows, rows - 0.6) * 2.5, 0.3, 1.0)
    image = Image.fromarray((np.asarray(frame, dtype=np.float32) * shade).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    _outlined(draw, (round(150 * unit), round(50 * unit)), tabs, round(28 * unit))
    line_height = int(font_size * 1.4)
    for i, line in enumerate(lines):
        at = (round(40 * unit), round(330 * unit) + i * line_height)
        if boxed:
            left, top, right, bottom = draw.textbbox(at, line, font=font(font_size))
            pad = round(8 * unit)
            draw.rectangle((left - pad, top - pad, right + pad, bottom + pad), fill=(255, 255, 255))
            draw.text(at, line, font=font(font_size), fill=(0, 0, 0))
        else:
            _outlined(draw, at, line, font_size)
    column = round(640 * unit)
    for i, count in enumerate(counts):
        y = round((620 + 130 * i) * unit)
        draw.ellipse((column, y, column + round(60 * unit), y + round(60 * unit)), fill=(235, 235, 235))
        _outlined(draw, (column - round(10 * unit), y + round(66 * unit)), count, round(22 * unit))
    bottom = height - round(110 * unit)
    _outlined(draw, (round(24 * unit), bottom - round(250 * unit)), "@budisan · 2-3", round(30 * unit))
    _outlined(draw, (round(24 * unit), bottom - round(195 * unit)), caption, round(28 * unit))
    _outlined(draw, (round(24 * unit), bottom - round(130 * unit)), music, round(26 * unit))
    draw.rectangle((0, bottom, width, height), fill=(0, 0, 0))
    draw.text(
        (round(20 * unit), bottom + round(35 * unit)), bar, font=font(round(24 * unit)), fill=(255, 255, 255)
    )
    return image
