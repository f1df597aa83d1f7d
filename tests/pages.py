"""A real HTTP server on this machine serving fixed pages and redirects, for link previews."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# path -> (status, content type or redirect location, body[, more headers])
Pages = dict[str, tuple[int, str, bytes] | tuple[int, str, bytes, dict[str, str]]]


@contextmanager
def serving_pages(pages: Pages) -> Iterator[tuple[str, list[str]]]:
    """Yields the server's base url and the list of paths requested (with their Host header)."""
    requested: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            requested.append(f"{self.headers.get('Host')}{self.path}")
            status, kind, body, *more = pages.get(self.path.split("?")[0], (404, "text/plain", b"not here"))
            self.send_response(status)
            self.send_header("Location" if 300 <= status < 400 else "Content-Type", kind)
            for name, value in (more[0] if more else {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requested
    finally:
        server.shutdown()
        server.server_close()


def html_page(title: str, description: str) -> bytes:
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{title} - Berita Viral</title>"
        f"<meta property='og:title' content='{title}'>"
        f"<meta name='description' content='{description}'>"
        "</head><body><p>Isi berita yang panjang...</p></body></html>"
    ).encode()
