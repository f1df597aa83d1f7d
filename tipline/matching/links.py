"""What a voter's link points to: where it leads and what the page says it is (its title and description, as
a link preview shows them), so that a bare link is matched by the claim on the page.

Why the care: the link comes from anyone. Only http(s) pages on public addresses are fetched (each redirect
is checked again, so a link cannot reach the tipline's own network), a few seconds and a few hundred
kilobytes at most, HTML only. A link that cannot be fetched is matched as it was sent.
"""

from __future__ import annotations

import codecs
import ipaddress
import logging
import re
import socket
import ssl
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import httpx
from prometheus_client import Counter

from tipline.matching.urls import canonical_url, find_urls, without_tracking

log = logging.getLogger(__name__)

MAX_REDIRECTS = 4
MAX_LINKS_OPENED = 2  # a message's first links: a chain with ten links is not ten fetches
# A chat invite or a message link says nothing of a claim, and opening it could tell its owner we looked.
SKIPPED_HOSTS = frozenset({"chat.whatsapp.com", "wa.me", "api.whatsapp.com", "whatsapp.com"})
DESCRIPTION_KEYS = ("og:title", "twitter:title", "og:description", "twitter:description", "description")

Resolver = Callable[[str, int], list[str]]
# An operator sees a broken egress (every link "failed") or a wave of links into private networks ("refused").
PREVIEWS = Counter(
    "tipline_link_previews_total", "Voters' links opened for matching, by outcome", ["outcome"]
)


class LinkRefused(ValueError):
    """A link we will not open (scheme, host or address)."""


@dataclass(frozen=True)
class LinkPage:
    url: str  # where the link led, after redirects
    title: str
    description: str


# getaddrinfo has no timeout of its own: a resolver that does not answer would hold the worker.
_RESOLVERS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="link-dns")
RESOLVE_TIMEOUT_SECONDS = 3.0


def resolve_host(host: str, port: int) -> list[str]:
    lookup = _RESOLVERS.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        infos = lookup.result(timeout=RESOLVE_TIMEOUT_SECONDS)
    except FutureTimeout as exc:
        raise TimeoutError(f"{host}: no DNS answer in {RESOLVE_TIMEOUT_SECONDS} s") from exc
    return list({str(info[4][0]) for info in infos})


def is_public_address(address: str) -> bool:
    return ipaddress.ip_address(address.split("%")[0]).is_global


class _HeadReader(HTMLParser):
    """<title> and the description <meta> tags; the rest of the page is ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.meta: dict[str, str] = {}
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag == "meta":
            values = {name.lower(): value or "" for name, value in attrs}
            key = (values.get("property") or values.get("name") or "").lower()
            if key in DESCRIPTION_KEYS and key not in self.meta:
                self.meta[key] = values.get("content", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._-]+)""", re.IGNORECASE)


def page_charset(declared: str | None, body: bytes) -> str:
    """The header's charset, else the page's own <meta charset> (many small sites declare it only
    there), else UTF-8."""
    for name in (declared, *(m.group(1).decode("ascii") for m in META_CHARSET.finditer(body[:4096]))):
        if name:
            try:
                return codecs.lookup(name).name
            except LookupError:
                continue
    return "utf-8"


def read_head(html: str) -> tuple[str, str]:
    """(title, description) of an HTML page, whitespace collapsed."""
    reader = _HeadReader()
    reader.feed(html)
    reader.close()
    title = reader.meta.get("og:title") or reader.meta.get("twitter:title") or reader.title
    description = (
        reader.meta.get("og:description")
        or reader.meta.get("twitter:description")
        or reader.meta.get("description")
        or ""
    )
    return " ".join(title.split())[:300], " ".join(description.split())[:600]


@dataclass(kw_only=True)
class LinkPreviewer:
    """Fetches link pages for matching; remembers each for `cache_seconds` (a viral link is fetched once)."""

    timeout_seconds: float = 3.0
    max_bytes: int = 256 * 1024
    allow_private: bool = False
    cache_size: int = 2048
    cache_seconds: float = 3600.0
    failure_cache_seconds: float = 300.0  # a site down a moment (or our network) is tried again soon
    resolve: Resolver = resolve_host
    address_allowed: Callable[[str], bool] = is_public_address
    verify: ssl.SSLContext | bool = True  # certificates are checked (a test may bring its own authority)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _cache: OrderedDict[str, tuple[float, LinkPage | None]] = field(
        default_factory=OrderedDict, init=False, repr=False
    )

    def readings(self, text: str) -> list[str]:
        """What the first links in `text` say, each to be matched with it: the page's title, its
        description, and its address when a redirect (a shortener) led elsewhere. Each on its own: a
        description often repeats the title, and the two together read as a longer, vaguer text."""
        found: list[str] = []
        for raw in find_urls(text)[:MAX_LINKS_OPENED]:
            page = self.page(without_tracking(raw))
            if page is None:
                continue
            moved = canonical_url(page.url).url != canonical_url(raw).url
            found.extend(part for part in (page.url if moved else "", page.title, page.description) if part)
        return list(dict.fromkeys(found))

    def page(self, url: str) -> LinkPage | None:
        """The page a link leads to, or None when it is refused or cannot be read."""
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(url)
            if cached is not None:
                stored_at, page = cached
                if now - stored_at < (self.cache_seconds if page else self.failure_cache_seconds):
                    return page
        try:
            found: LinkPage | None = self._fetch(url)
            PREVIEWS.labels("read").inc()
        except LinkRefused as exc:
            log.info("link not previewed: %s", exc)
            found = None
            PREVIEWS.labels("refused").inc()
        except (httpx.HTTPError, OSError, UnicodeError, zlib.error) as exc:
            log.info("link could not be opened (%s): %s", type(exc).__name__, exc)
            found = None
            PREVIEWS.labels("failed").inc()
        with self._lock:
            self._cache[url] = (now, found)
            self._cache.move_to_end(url)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return found

    def check(self, url: str) -> str | None:
        """The public address to connect to for `url` (None: any, when private ones are allowed); raises
        LinkRefused unless it is http(s) on a host whose every address is public."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise LinkRefused(f"not an http(s) link: {url[:100]}")
        host = parts.hostname.lower().rstrip(".")
        if host in SKIPPED_HOSTS:
            raise LinkRefused(f"not opened: {host}")
        if self.allow_private:
            return None
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = self.resolve(host, port)
        if not addresses or not all(self.address_allowed(a) for a in addresses):
            raise LinkRefused(f"{host} is not on a public address")
        return sorted(addresses)[0]

    def _request(self, client: httpx.Client, url: str) -> httpx.Request:
        """A GET of `url` sent to the address `check` approved, so a host that answers DNS differently the
        second time cannot steer us into a private network; TLS still checks the certificate of its name."""
        address = self.check(url)
        if address is None:
            return client.build_request("GET", url)
        parts = urlsplit(url)
        host = parts.hostname or ""
        pinned = f"[{address}]" if ":" in address else address
        netloc = pinned + (f":{parts.port}" if parts.port else "")
        pinned_url = parts._replace(netloc=netloc).geturl()
        host_header = host + (f":{parts.port}" if parts.port else "")
        return client.build_request(
            "GET", pinned_url, headers={"Host": host_header}, extensions={"sni_hostname": host}
        )

    def _fetch(self, url: str) -> LinkPage | None:
        target = url if "://" in url else "http://" + url
        headers = {"User-Agent": "tipline-link-preview/1", "Accept": "text/html", "Accept-Encoding": "gzip"}
        # The timeout holds each read; the deadline the whole page, so a server dripping bytes cannot hold the
        # worker (and the messages behind this one) for long.
        deadline = time.monotonic() + 2 * self.timeout_seconds
        with httpx.Client(
            timeout=self.timeout_seconds, follow_redirects=False, headers=headers, verify=self.verify
        ) as client:
            for _ in range(MAX_REDIRECTS + 1):
                if time.monotonic() > deadline:
                    raise LinkRefused("too slow")
                response = client.send(self._request(client, target), stream=True)
                try:
                    if response.is_redirect and response.headers.get("location"):
                        target = urljoin(target, response.headers["location"])
                        continue
                    return self._read(target, response, deadline)
                finally:
                    response.close()
        raise LinkRefused(f"more than {MAX_REDIRECTS} redirects")

    def _read(self, url: str, response: httpx.Response, deadline: float) -> LinkPage:
        if response.status_code >= 400:
            raise LinkRefused(f"HTTP {response.status_code}")
        if "html" not in response.headers.get("content-type", "html").lower():
            return LinkPage(url=url, title="", description="")  # a file: only where the link led
        encoding = response.headers.get("content-encoding", "identity").lower()
        if encoding not in ("identity", "gzip", "x-gzip"):
            return LinkPage(url=url, title="", description="")  # not what we asked for: not read
        # Decompressed by hand, never past max_bytes: a small gzip body can inflate a thousandfold.
        inflate = zlib.decompressobj(wbits=31) if encoding != "identity" else None
        body = b""
        for chunk in response.iter_raw():
            body += inflate.decompress(chunk, self.max_bytes - len(body)) if inflate else chunk
            if len(body) >= self.max_bytes or time.monotonic() > deadline:
                break  # the head, where title and description are, comes first
        title, description = read_head(body.decode(page_charset(response.charset_encoding, body), "replace"))
        return LinkPage(url=url, title=title, description=description)
