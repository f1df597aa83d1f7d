"""URLs in forwarded messages: found, canonicalised, and shorteners recorded as such."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'`]+|\b(?:[a-z0-9-]+\.)+(?:com|id|net|org|co|ly|gl|me|gd)/[^\s<>\"'`]*",
    re.IGNORECASE,
)

# A shortener hides the target: the same short link is still an exact match, but it says nothing of the site.
SHORTENERS = frozenset(
    [
        "bit.ly",
        "s.id",
        "t.co",
        "tinyurl.com",
        "goo.gl",
        "ow.ly",
        "is.gd",
        "buff.ly",
        "rebrand.ly",
        "cutt.ly",
        "shorturl.at",
        "t.ly",
        "tiny.cc",
        "lnkd.in",
        "fb.me",
        "wa.me",
        "youtu.be",
        "linktr.ee",
        "rb.gy",
        "bit.do",
        "v.gd",
    ]
)
TRACKING_PARAMS = frozenset(
    [
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "igshid",
        "igsh",
        "si",
        "mc_cid",
        "mc_eid",
        "ref",
        "ref_src",
        "ref_url",
        "feature",
        "share_id",
        "s",
        "_ga",
        "wt.mc_id",
        "cmpid",
        "spm",
    ]
)
_STRIP_HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.")


@dataclass(frozen=True)
class CanonicalUrl:
    url: str
    host: str
    is_shortener: bool


def _split(raw: str) -> SplitResult:
    """A link as found in a message: trailing punctuation dropped, http:// assumed when it has no scheme."""
    text = raw.strip().rstrip(".,;:!?)]}'\"")
    if not re.match(r"^[a-z][a-z0-9+.-]*://", text, re.IGNORECASE):
        text = "http://" + text
    return urlsplit(text)


def _untracked(query: str) -> list[tuple[str, str]]:
    return [
        (k, v)
        for k, v in parse_qsl(query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in TRACKING_PARAMS
    ]


def canonical_url(raw: str) -> CanonicalUrl:
    """Same page, same string: no scheme, no www./m., lower-case host, no tracking parameters or fragment."""
    parts = _split(raw)
    host = (parts.hostname or "").lower().rstrip(".")
    for prefix in _STRIP_HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    query = _untracked(parts.query)
    query.sort()
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/")
    if host in ("youtu.be",) and path:
        # youtu.be/ID and youtube.com/watch?v=ID are the same video.
        host, query, path = "youtube.com", [("v", path.lstrip("/"))], "/watch"
    url = urlunsplit(("", host, path, urlencode(query), "")).lstrip("/")
    return CanonicalUrl(url=url, host=host, is_shortener=host in SHORTENERS)


def without_tracking(raw: str) -> str:
    """The link as sent, minus its tracking and share parameters (`fbclid`, `igshid`, `si`, `utm_*`, ...):
    some name the person who shared it, and none is needed to open the page."""
    parts = _split(raw)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(_untracked(parts.query)), ""))


def find_urls(text: str) -> list[str]:
    return [m.group(0) for m in URL_RE.finditer(text)]
