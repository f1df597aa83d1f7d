"""How well a tip sent as a screenshot is matched, against the same tip sent as text.

    .venv/bin/python bench/screenshots.py --set ../shared/eval/id-turnbackhoax-2024 [--queries 200]

Every `len/queries`-th tip of the set (of at most 60 words) is drawn as a phone chat screenshot (the test
suite's `screenshot`: a group's title bar with its name and members, a bubble of wrapped text under its
sender's name or number in a colour of their own, in WhatsApp's teal, light or dark style, 400-720 px wide),
saved as a JPEG of quality 60-80 as WhatsApp recompresses photos, read back with Tesseract as the worker does
(`ocr.read_text`), and matched; the same tips typed are matched in the same run, and the read text once more
without the spelling correction (Tesseract's misreadings are typos of a kind), once more read with the chat's
title bar, and once more with the senders' names over their bubbles (what `ocr.read_text` did before it
learned to leave each out); once more taken while typing (the message field and the keyboard below the
chat), read as the worker does and read whole. The same tips are drawn again as screenshots of a
Facebook, X or Instagram post (Indonesian or English interface: the author, the post's age, counts and
actions around the text) and read with and without that frame, and once more as screenshots of a short
video (TikTok's frame: tabs, the author's handle and date, the counts beside it, a caption of the feed's
hashtags, the music, the app's bar; the tip written over a frame of the picture), read with and without
that frame, and read once more without the white words' second reading. Nothing from the set is
written to disk except the tips' vectors in the eval's embedding cache.
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.matching_images.synth import (  # noqa: E402
    POST_CHROME,
    SENDER_COLOURS,
    TIKTOK_CHROME,
    encode,
    screenshot,
    social_post,
    tiktok_post,
    with_keyboard,
)
from tipline.matching.commands import scratch_set  # noqa: E402
from tipline.matching.evaluation import Query, read_qrels, read_queries, score  # noqa: E402
from tipline.matching.matcher import Matcher  # noqa: E402
from tipline.matching.normalize import normalize  # noqa: E402
from tipline.matching.ocr import read_text  # noqa: E402
from tipline.matching.spelling import Speller  # noqa: E402
from tipline.matching.types import MatchResult  # noqa: E402
from tipline.settings import Settings  # noqa: E402

MAX_WORDS = 60
# The title bar of a group chat: its name, and who is in it. Made up here, not taken from any set.
GROUPS = ["Grup Keluarga", "Alumni SMA 3 Angkatan 98", "RT 05 Kebon Jeruk", "Arisan Ibu-Ibu", "Info Warga"]
# Who sent the message, as a group chat heads its bubble: a saved contact's name, or a number and its name.
SENDERS = ["Budi", "Ibu Sri", "+62 812-3456-7890 ~Andi", "+62 857-1122-3344 ~Dewi", "+62 813-9988-7766"]
MEMBERS = ["Andi", "Budi", "Citra", "Dewi", "Eko", "Fajar", "Gita", "Hendra", "+62 812-3456-7890", "Ibu Sri"]


def as_screenshot(query: Query, *, keyboard: bool = False) -> bytes:
    rng = random.Random(query.id)
    width = rng.choice([400, 540, 720])
    font_size = round(30 * width / 720)
    # The bubble's text area is the width less ~90 px; an average character is ~0.6 of the font size.
    lines = textwrap.wrap(query.text, width=int((width - 90) / (0.6 * font_size))) or [""]
    style = rng.choice(["teal", "light", "light", "dark"])
    header = (rng.choice(GROUPS), ", ".join(rng.sample(MEMBERS, 4)) + ", Anda")
    sender = rng.choice(SENDERS)
    image = screenshot(
        lines,
        width=width,
        style=style,
        font_size=font_size,
        header=header,
        sender=sender,
        sender_colour=rng.choice(SENDER_COLOURS),
    )
    if keyboard:  # taken while typing a reply
        image = with_keyboard(image, dark=style == "dark")
    return encode(image, "JPEG", quality=rng.choice([60, 70, 80]))


def as_post(query: Query) -> bytes:
    """The tip as a screenshot of a Facebook, X or Instagram post, Indonesian or English interface."""
    rng = random.Random(f"post {query.id}")
    width = rng.choice([400, 540, 720])
    font_size = round(30 * width / 720)
    lines = textwrap.wrap(query.text, width=int((width - 60) / (0.6 * font_size))) or [""]
    platform = rng.choice(sorted(POST_CHROME))
    image = social_post(
        lines, platform=platform, width=width, font_size=font_size, author=rng.choice(MEMBERS)
    )
    return encode(image, "JPEG", quality=rng.choice([60, 70, 80]))


# A short video's caption: the feed's hashtags, sometimes a generic one ("latest news").
CAPTIONS = ["#fyp #viral", "#fyp #fypシ #viral #beritaterkini", "#foryou #trending", "#xyzbca #infoterkini"]


def as_video(query: Query) -> bytes:
    """The tip as a screenshot of a short video with the tip written over its picture (TikTok's frame)."""
    rng = random.Random(f"video {query.id}")
    width = rng.choice([400, 540, 720])
    font_size = round(34 * width / 720)
    lines = textwrap.wrap(query.text, width=int((width - 160) / (0.6 * font_size))) or [""]
    image = tiktok_post(
        lines,
        platform=rng.choice(sorted(TIKTOK_CHROME)),
        caption=rng.choice(CAPTIONS),
        seed=rng.randrange(1000),
        width=width,
        font_size=font_size,
    )
    return encode(image, "JPEG", quality=rng.choice([60, 70, 80]))


def report(
    name: str, queries: list[Query], qrels: dict[str, set[str]], results: dict[str, MatchResult]
) -> None:
    s = score(queries, qrels, results)
    print(
        f"{name:<28} MAP@5 {s.map5:.3f}  P@1 {s.p1:.3f}  R@5 {s.r5:.3f}  auto precision "
        f"{s.auto_precision:.3f}  auto coverage {s.auto_coverage:.3f}  false-auto {s.false_auto:.3f}  "
        # Screenshots carry numbers a tip does not (dates, counts): answers the "another name" rule held back.
        f"other names {sum(r.reason == 'other_names' for r in results.values())}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", required=True, type=Path, help="a set in the exchange format")
    parser.add_argument("--queries", type=int, default=200, help="how many of its tips (every n-th)")
    args = parser.parse_args()
    short = [q for q in read_queries(args.set / "queries.jsonl") if len(q.text.split()) <= MAX_WORDS]
    queries = short[:: max(1, len(short) // args.queries)][: args.queries]
    qrels = read_qrels(args.set / "qrels.tsv")
    started = time.perf_counter()
    read = [Query(q.id, read_text(as_screenshot(q)), q.language) for q in queries]
    seconds = (time.perf_counter() - started) / max(len(queries), 1)
    with_bar = [Query(q.id, read_text(as_screenshot(q), skip_title_bar=False), q.language) for q in queries]
    with_names = [Query(q.id, read_text(as_screenshot(q), skip_senders=False), q.language) for q in queries]
    typing = [Query(q.id, read_text(as_screenshot(q, keyboard=True)), q.language) for q in queries]
    typing_whole = [
        Query(q.id, read_text(as_screenshot(q, keyboard=True), skip_title_bar=False), q.language)
        for q in queries
    ]
    posts = [Query(q.id, read_text(as_post(q)), q.language) for q in queries]
    with_frame = [Query(q.id, read_text(as_post(q), skip_post_frame=False), q.language) for q in queries]
    videos = [Query(q.id, read_text(as_video(q)), q.language) for q in queries]
    video_frame = [Query(q.id, read_text(as_video(q), skip_post_frame=False), q.language) for q in queries]
    video_once = [Query(q.id, read_text(as_video(q), light_text=False), q.language) for q in queries]
    exact = sum(r.text.split() == q.text.split() for q, r in zip(queries, read, strict=True))
    exact_posts = sum(r.text.split() == q.text.split() for q, r in zip(queries, posts, strict=True))
    # A video's caption is read as well: its feed hashtags only, which matching leaves out.
    exact_videos = sum(
        normalize(r.text).words == normalize(q.text).words for q, r in zip(queries, videos, strict=True)
    )
    exact_typing = sum(r.text.split() == q.text.split() for q, r in zip(queries, typing, strict=True))
    print(
        f"set {args.set.name}: {len(queries)} tips of at most {MAX_WORDS} words as screenshots, "
        f"read in {seconds:.2f} s each; read back word for word: {exact} chats, {exact_typing} with the "
        f"keyboard open, {exact_posts} posts, {exact_videos} videos"
    )
    tips = [
        q.text
        for q in queries
        + read
        + with_bar
        + with_names
        + typing
        + typing_whole
        + posts
        + with_frame
        + videos
        + video_frame
        + video_once
    ]
    with scratch_set(Settings(), args.set, tips=tips) as scratch:
        matcher: Matcher = scratch.service.current_matcher()
        uncorrected = copy.copy(matcher)
        uncorrected.speller = Speller({}, frozenset())
        report("typed", queries, qrels, {q.id: matcher.match(q.text) for q in queries})
        report("screenshot", read, qrels, {q.id: matcher.match(q.text) for q in read})
        report("screenshot, no correction", read, qrels, {q.id: uncorrected.match(q.text) for q in read})
        for name, texts in (
            ("screenshot, title bar read", with_bar),
            ("screenshot, senders read", with_names),
            ("keyboard open", typing),
            ("keyboard open, read whole", typing_whole),
            ("post screenshot", posts),
            ("post, its frame read", with_frame),
            ("video screenshot", videos),
            ("video, its frame read", video_frame),
            ("video, read once", video_once),
        ):
            report(name, texts, qrels, {q.id: matcher.match(q.text) for q in texts})


if __name__ == "__main__":
    main()
