"""The frame a social network draws around a post, in a screenshot's OCR lines: not part of the claim.

Hoaxes travel as screenshots of Facebook, X and Instagram posts as much as of chats. Read whole, the
post's header ("Budi Santoso · 2 jam · Publik", "@budisan · 5h", "budisan • Ikuti"), its counts ("1,2 rb
345 komentar 12 kali dibagikan", "1.2M Views", "Disukai oleh andi dan 1.234 lainnya") and its action bar
("Suka Komentari Kirim Bagikan") are words no debunk has, and the author's name is a third person's. A line
goes only when nothing else is in it (counts, actions, "Lihat semua 345 komentar", "2 hari yang lalu"), or
when it ends the way a post's header does (a handle or a time after a separator, the audience "Publik",
"Ikuti"); the short line just above such a header is its author's name and goes too. A short video's
screenshot (TikTok, Reels) has its own frame: the tabs over it ("LIVE Mengikuti Untuk Anda"), the
"@budisan · 2-3" under it, its music ("♫ suara asli - budisan") and the app's bar of screens ("Beranda Teman +
Kotak Masuk Profil"); the text written over the video is the claim."""

from __future__ import annotations

import re
from functools import lru_cache

from tipline.settings import CONTENT_DIR

CHROME_PATH = CONTENT_DIR / "matching" / "post_chrome.txt"
MAX_CHROME_TOKENS = 14
MAX_HEADER_WORDS = 10
MAX_NAME_WORDS = 4

# Allowed in such a line without making it one: dates, times, units of counts.
_NEUTRAL_WORDS = (
    "jan feb mar apr mei may jun jul agu agt aug sep okt oct nov des dec am pm pagi siang sore malam "
    "rb ribu jt juta k m kali times postingan"
)
_NEUTRAL = frozenset(_NEUTRAL_WORDS.split())
_COUNT = re.compile(r"^\d+(?:[.,:]\d+)*(?:rb|k|m|jt|b)?$")
# A count standing alone beside a video, its separator misread ("125°3K"); not a year.
_LONE_COUNT = re.compile(r"^(?!(?:19|20)\d\d$)\d+(?:[.,:°'’]\d+)*(?:rb|k|m|jt|b)?$")
_AGE = r"\d{1,2}\s?(?:j|jam|h|hr|hrs|m|mnt|menit|min|mins|d|hari|mg|w)\b"
_SEP = r"[·•\-–—:|«»]"  # Tesseract reads a dot as a dash, a colon or a guillemet
_LINK = re.compile(r"https?://|www\.|\.\w{2,3}/", re.IGNORECASE)
_HEADER = re.compile(
    rf"(?:@\w+\s*{_SEP}\s*{_AGE}"  # "@budisan · 5h"
    rf"|{_SEP}\s*(?:publik|public)"  # "2 jam · Publik"
    rf"|(?:^|\s){_SEP}\s*(?:teman|friends)"  # "2 jam · Teman" (not "teman-teman")
    rf"|^{_AGE}\s*{_SEP}?)\s*$",  # "2 jam" alone under the name
    re.IGNORECASE,
)


# Instagram's header, the author beside the button: "budisan • Ikuti" (the dot read as ©, *, +). A list's
# "* ikuti" is also that, so only among the first lines read, where a post's header is.
_FOLLOW_HEADER = re.compile(r"\s[^\w\s]\s*(?:ikuti|follow)\s*$", re.IGNORECASE)
FOLLOW_HEADER_LINES = 3
# Instagram's lines under a post: who liked it, the way to its comments, its age.
_UNDER_A_POST = re.compile(
    r"^(?:(?:disukai oleh|liked by)\b.{0,50}\b(?:lainnya|others)"
    r"|(?:lihat semua|view all)\s+\S+\s+(?:komentar|comments)"
    r"|\d{1,2}\s?(?:hari|jam|menit|minggu|days?|hours?|minutes?|weeks?)\s+(?:yang lalu|lalu|ago))\W{0,3}$",
    re.IGNORECASE,
)

# A short video's frame. Its tabs: "LIVE Mengikuti Untuk Anda" (the search icon read as a letter or two).
_VIDEO_TABS = re.compile(
    r"^\W{0,3}(?:(?:live|mengikuti|following|teman|friends|jelajahi|explore|shop|stem)\W{0,3}\s+){1,4}"
    r"(?:untuk anda|for you)\W{0,3}(?:\s\S{1,2})?$",
    re.IGNORECASE,
)
# Its author and date, with no name above: "@budisan · 2-3".
# (The dot read as any mark: white on a picture reads worse than a page.)
_VIDEO_AUTHOR = re.compile(r"^\W{0,2}@\w+\s*[^\w\s]{0,2}\s*(?:\d{4}-)?\d{1,2}-\d{1,2}\W{0,2}$")
# Its music, when the author's own: "♫ suara asli - budisan" (the note read as J, JJ, fa or nothing; "asli"
# as "asi!", "asii").
_VIDEO_SOUND = re.compile(
    r"^\W{0,3}(?:\S{1,2}\W{0,2}\s+)?(?:suara as\S{0,2}|original sou\S{0,3}|sonido original|som original)\s*"
    rf"{_SEP}\s*\S.{{0,40}}$",
    re.IGNORECASE,
)
# The app's bar of screens, from its first to its last, one of those between: "Beranda Teman + Kotak Masuk
# Profil", "Home Shop + Inbox Profile" (the last one read apart, or as "Prot!": then two of those between).
_BAR_MIDDLE = r"(?:teman|friends|kotak masuk|inbox|shop|temukan|discover)"
_APP_BAR = re.compile(
    rf"^\W{{0,3}}(?:beranda|home)\s+(?:\S+\s+){{0,4}}?{_BAR_MIDDLE}"
    rf"\s+(?:\S+\s+){{0,4}}?(?:pro\S{{0,5}}|saya|me|{_BAR_MIDDLE})\W{{0,3}}$",
    re.IGNORECASE,
)

_WHOLE_LINE_FRAME = (_UNDER_A_POST, _VIDEO_TABS, _VIDEO_AUTHOR, _VIDEO_SOUND, _APP_BAR)


@lru_cache(maxsize=1)
def chrome_words() -> frozenset[str]:
    lines = CHROME_PATH.read_text(encoding="utf-8").splitlines() if CHROME_PATH.exists() else []
    return frozenset(w for ln in lines if ln.strip() and not ln.startswith("#") for w in ln.lower().split())


def is_counts_or_actions(line: str) -> bool:
    """Nothing but a post's counts, actions, time and date: "345 Reposts 12 Quotes 3K Likes", "Suka Komentari
    Bagikan"; one such word alone is a claim's wrapped line. One word Tesseract misread ("Guotes") is let
    through in a line with three counts and two such words."""
    # Tesseract can glue a count to its word ("12Kutipan").
    tokens = re.split(r"[\s·•|\-–—]+", re.sub(r"(\d)([a-z]{3,})", r"\1 \2", line.lower()))
    tokens = [token for token in tokens if token]
    if not tokens or len(tokens) > MAX_CHROME_TOKENS:
        return False
    words = chrome_words()
    found, counts, unknown = 0, 0, 0
    for token in tokens:
        bare = token.strip(".,:;!?()·•-–—|")
        if bare in words:
            found += 1
        elif _COUNT.match(bare):
            counts += 1
        elif bare and bare not in _NEUTRAL:
            unknown += 1
    if unknown:
        return unknown == 1 and counts >= 3 and found >= 2
    return found >= 2 or (found == 1 and counts >= 1)


def is_counter(line: str) -> bool:
    """A count or an action's label alone ("125,3 rb", "8,901", "Bagikan"): the column of them at a video's
    edge, which Tesseract reads as paragraphs of their own. A paragraph of nothing else says nothing."""
    tokens = [token.strip(".,:;!?()·•-–—|") for token in line.lower().split()]
    tokens = [token for token in tokens if len(token) > 1 or token.isdigit()]
    if len(tokens) == 1 and tokens[0] in chrome_words():
        return True
    return 0 < len(tokens) <= 2 and bool(_LONE_COUNT.match(tokens[0])) and set(tokens[1:]) <= _NEUTRAL


def is_post_header(line: str) -> bool:
    """A post's header under or beside its author's name: "Budi Santoso @budisan · 5h", "2 jam · Publik"."""
    return len(line.split()) <= MAX_HEADER_WORDS and bool(_HEADER.search(line.strip()))


def frame_lines(lines: list[str]) -> set[int]:
    """Indexes of `lines` (one screenshot's OCR lines, in reading order) that are a post's frame."""
    found = set()
    for index, line in enumerate(lines):
        if _is_frame_alone(index, line):
            found.add(index)
        elif is_post_header(line):
            found.add(index)
            above = lines[index - 1] if index else ""
            if (
                0 < len(above.split()) <= MAX_NAME_WORDS
                and not _LINK.search(above)
                and index - 1 not in found
            ):
                found.add(index - 1)  # the author's name, on its own line above
    return found


def _is_frame_alone(index: int, line: str) -> bool:
    if is_counts_or_actions(line) or any(pattern.match(line.strip()) for pattern in _WHOLE_LINE_FRAME):
        return True
    short = len(line.split()) <= MAX_NAME_WORDS + 2
    return index < FOLLOW_HEADER_LINES and short and bool(_FOLLOW_HEADER.search(line))


def without_caption_handle(lines: list[str]) -> list[str]:
    """Instagram begins a post's caption with its author's handle, in bold on the caption's first line
    ("budisantoso KPU akan menunda pemilu"): the same handle as in the header ("budisantoso • Ikuti") is not
    part of the claim. `lines` as `frame_lines` takes them; the same lines, that word left out."""
    for index, line in enumerate(lines[:FOLLOW_HEADER_LINES]):
        follow = _FOLLOW_HEADER.search(line)
        if follow is None or len(line.split()) > MAX_NAME_WORDS + 2:
            continue
        before = line[: follow.start()].split()
        handle = before[-1].lower() if before else ""
        if len(handle) < 3:
            return lines
        out = list(lines)
        for at in range(index + 1, len(lines)):
            first, _, rest = lines[at].partition(" ")
            if first.lower().rstrip(":,") == handle and rest.strip():
                out[at] = rest.strip()
                return out
        return lines
    return lines
