"""A voter's link is opened safely, once, and read for the claim on its page."""

from __future__ import annotations

import gzip
import time
import tracemalloc
from pathlib import Path

import pytest
from prometheus_client import REGISTRY

from tests.pages import Pages, html_page, serving_pages, tls_for
from tipline.matching import links
from tipline.matching.links import LinkPreviewer, LinkRefused, page_charset, read_head

TITLE = "Tujuh kontainer surat suara sudah dicoblos ditemukan di Tanjung Priok"
DESCRIPTION = "Beredar kabar surat suara tercoblos untuk pasangan calon tertentu."


def test_the_page_title_and_description_are_read_as_a_link_preview_shows_them() -> None:
    html = (
        "<html><head><title> Kabar  &amp; berita\n</title>"
        "<meta name='twitter:description' content='Deskripsi &quot;viral&quot;'></head><body>x</body></html>"
    )
    assert read_head(html) == ("Kabar & berita", 'Deskripsi "viral"')
    assert read_head(html_page(TITLE, DESCRIPTION).decode()) == (TITLE, DESCRIPTION)  # og:title first
    assert read_head("<p>no head at all") == ("", "")


def test_a_shortened_link_is_followed_to_the_page_and_read() -> None:
    pages = {
        "/s/Xy12": (302, "/berita/kontainer?utm_source=wa", b""),
        "/berita/kontainer": (200, "text/html; charset=utf-8", html_page(TITLE, DESCRIPTION)),
    }
    with serving_pages(pages) as (base, _):
        previews = LinkPreviewer(allow_private=True)
        readings = previews.readings(f"cek min {base}/s/Xy12 benar gak?")
    # Where it led (it moved), then what the page says it is, each to be matched with the message.
    assert readings == [f"{base}/berita/kontainer?utm_source=wa", TITLE, DESCRIPTION]


def test_a_link_that_leads_nowhere_new_adds_nothing() -> None:
    pages = {"/file.pdf": (200, "application/pdf", b"%PDF-1.4"), "/empty": (200, "text/html", b"<p>hi")}
    with serving_pages(pages) as (base, _):
        previews = LinkPreviewer(allow_private=True)
        assert previews.readings(f"{base}/file.pdf {base}/empty") == []
        assert previews.readings(f"{base}/missing") == []  # 404
        assert previews.readings("no link here") == []


def _count(outcome: str) -> float:
    return REGISTRY.get_sample_value("tipline_link_previews_total", {"outcome": outcome}) or 0.0


def test_each_link_is_fetched_once_while_it_is_remembered_and_counted() -> None:
    pages = {"/viral": (200, "text/html", html_page(TITLE, DESCRIPTION))}
    before = {outcome: _count(outcome) for outcome in ("read", "refused", "failed")}
    with serving_pages(pages) as (base, requested):
        previews = LinkPreviewer(allow_private=True)
        for _ in range(3):
            assert TITLE in previews.readings(f"{base}/viral")
        closed = base.rsplit(":", 1)[0] + ":9"  # nothing listens there
        assert previews.readings(f"{closed}/gone") == []
    assert LinkPreviewer().readings("http://10.1.2.3/x") == []
    assert len(requested) == 1
    after = {outcome: _count(outcome) - before[outcome] for outcome in before}
    assert after == {"read": 1, "refused": 1, "failed": 1}


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://127.0.0.1/admin", "public address"),
        ("http://localhost:8000/metrics", "public address"),
        ("http://169.254.169.254/latest/meta-data/", "public address"),
        ("http://[::1]/", "public address"),
        ("file:///etc/passwd", "http(s)"),
        ("ftp://example.org/x", "http(s)"),
        ("https://chat.whatsapp.com/AbCdEf", "not opened"),
    ],
)
def test_links_into_this_machine_or_its_network_are_not_opened(url: str, why: str) -> None:
    previews = LinkPreviewer()
    with pytest.raises(LinkRefused, match="public address|http\\(s\\)|not opened") as refused:
        previews.check(url)
    assert why in str(refused.value)
    assert previews.page(url) is None


def test_the_approved_address_is_the_one_connected_to_and_redirects_are_checked_again() -> None:
    """Here the loopback address stands for "public": a name resolved once is connected to at that address
    (a second DNS answer cannot steer the request), and a redirect to any other address is refused."""
    pages = {
        "/hoax": (200, "text/html", html_page(TITLE, DESCRIPTION)),
        "/to-internal": (302, "http://10.0.0.7/secret", b""),
    }
    with serving_pages(pages) as (base, requested):
        port = int(base.rsplit(":", 1)[1])
        names = {"hoaks.example": ["127.0.0.1"], "internal.example": ["10.0.0.7"]}
        previews = LinkPreviewer(
            resolve=lambda host, _port: names.get(host, []), address_allowed=lambda a: a == "127.0.0.1"
        )
        # hoaks.example exists only in our resolver: reaching the page proves the connection was pinned.
        assert TITLE in previews.readings(f"http://hoaks.example:{port}/hoax")
        assert requested == [f"hoaks.example:{port}/hoax"]  # the site still sees its own name
        assert previews.readings(f"http://hoaks.example:{port}/to-internal") == []
        assert len(requested) == 2  # the redirect was read, its target never requested
        with pytest.raises(LinkRefused):
            previews.check("http://internal.example/secret")


def test_the_page_is_opened_without_the_share_identifiers_that_name_the_sharer() -> None:
    pages = {"/watch": (200, "text/html", html_page(TITLE, DESCRIPTION))}
    with serving_pages(pages) as (base, requested):
        link = f"{base}/watch?v=abc123&si=Qx9sharerId&fbclid=IwAR0xyz&utm_source=whatsapp"
        assert TITLE in LinkPreviewer(allow_private=True).readings(f"lihat ini {link}")
    assert requested == [f"{base.removeprefix('http://')}/watch?v=abc123"]


def test_a_compressed_page_is_read_but_never_inflated_past_the_cap() -> None:
    head = html_page(TITLE, DESCRIPTION)
    bomb = gzip.compress(head + b" " * (200 * 1024 * 1024), compresslevel=9)  # 200 MB in ~200 kB
    gzipped = {"Content-Encoding": "gzip"}
    pages = {
        "/gz": (200, "text/html", gzip.compress(head), gzipped),
        "/bomb": (200, "text/html", bomb, gzipped),
        "/broken": (200, "text/html", b"not gzip at all", gzipped),
        "/brotli": (200, "text/html", b"...", {"Content-Encoding": "br"}),
    }
    with serving_pages(pages) as (base, _):
        previews = LinkPreviewer(allow_private=True, max_bytes=64 * 1024)
        assert TITLE in previews.readings(f"{base}/gz")
        tracemalloc.start()
        assert TITLE in previews.readings(f"{base}/bomb")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak < 8 * 1024 * 1024
        assert previews.readings(f"{base}/broken") == []
        assert previews.readings(f"{base}/brotli") == []  # an encoding we did not ask for is not read


def test_a_resolver_that_does_not_answer_does_not_hold_the_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    def silent_resolver(*args: object, **kwargs: object) -> list[object]:
        time.sleep(3)
        return []

    monkeypatch.setattr(links.socket, "getaddrinfo", silent_resolver)
    monkeypatch.setattr(links, "RESOLVE_TIMEOUT_SECONDS", 0.2)
    failed = _count("failed")
    started = time.monotonic()
    assert LinkPreviewer().readings("https://berita-viral.example/kpu") == []
    assert time.monotonic() - started < 1.5
    assert _count("failed") == failed + 1


def test_over_https_the_pinned_connection_still_checks_the_certificate_of_the_name(tmp_path: Path) -> None:
    server_tls, trusting = tls_for("hoaks.example", tmp_path)
    pages = {"/hoax": (200, "text/html", html_page(TITLE, DESCRIPTION))}
    with serving_pages(pages, tls=server_tls) as (base, requested):
        port = int(base.rsplit(":", 1)[1])
        names = {"hoaks.example": ["127.0.0.1"], "other.example": ["127.0.0.1"]}

        def previewer() -> LinkPreviewer:
            return LinkPreviewer(
                resolve=lambda host, _port: names.get(host, []),
                address_allowed=lambda a: a == "127.0.0.1",
                verify=trusting,
            )

        # Connected to 127.0.0.1, yet TLS was asked for (SNI) and verified against hoaks.example.
        assert TITLE in previewer().readings(f"https://hoaks.example:{port}/hoax")
        assert requested == [f"hoaks.example:{port}/hoax"]
        # The same address under a name the certificate does not carry: refused by TLS, nothing read.
        assert previewer().readings(f"https://other.example:{port}/hoax") == []
    assert len(requested) == 1


def test_a_page_in_a_legacy_charset_declared_only_in_its_html_is_read_right() -> None:
    title = "Pemilu ditunda — kata Menteri «resmi»"
    latin = f"<html><head><meta charset='windows-1252'><title>{title}</title></head>".encode("cp1252")
    quoted = (
        "<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-1'><title>Café</title>"
    ).encode("latin-1")
    pages = {"/cp1252": (200, "text/html", latin), "/latin1": (200, "text/html", quoted)}
    with serving_pages(pages) as (base, _):
        previews = LinkPreviewer(allow_private=True)
        assert previews.readings(f"{base}/cp1252") == [title]
        assert previews.readings(f"{base}/latin1") == ["Café"]
    assert page_charset("utf-8", b"<meta charset='latin-1'>") == "utf-8"  # the header wins
    assert page_charset(None, b"<meta charset='no-such-charset'>") == "utf-8"


def test_a_link_that_failed_is_tried_again_sooner_than_one_that_was_read() -> None:
    pages: Pages = {}
    with serving_pages(pages) as (base, requested):
        remembering = LinkPreviewer(allow_private=True)
        retrying = LinkPreviewer(allow_private=True, failure_cache_seconds=0.0)
        for previews in (remembering, retrying):
            assert previews.readings(f"{base}/late") == []  # not there yet (404)
        pages["/late"] = (200, "text/html", html_page(TITLE, DESCRIPTION))
        assert remembering.readings(f"{base}/late") == []  # within its 5 minutes
        assert TITLE in retrying.readings(f"{base}/late")
    assert len(requested) == 3
