"""Serving the fake Graph API (or any ASGI app) over real TCP in a background thread, for tests and tools."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import uvicorn

from tipline.simulator.fake_graph import FakeGraph, create_fake_graph_app, fake_graph_of


def serve_app_in_thread(
    app: Any, port: int = 0, *, host: str = "127.0.0.1"
) -> tuple[str, Callable[[], None]]:
    """Serve an ASGI app with uvicorn in a background thread; returns its root URL and a stop function."""
    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", lifespan="off", timeout_graceful_shutdown=2
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="fake-graph", daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the server could not start")
        time.sleep(0.01)
    bound_port = server.servers[0].sockets[0].getsockname()[1]

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=10)

    return f"http://{host}:{bound_port}", stop


def run_fake_graph_in_thread(
    port: int = 0, *, access_token: str | None = None, host: str = "127.0.0.1"
) -> tuple[str, FakeGraph, Callable[[], None]]:
    """A fresh fake over real TCP: root URL (Graph base: root + "/v25.0"), its state, a stop function."""
    app = create_fake_graph_app(access_token)
    root_url, stop = serve_app_in_thread(app, port, host=host)
    return root_url, fake_graph_of(app), stop
