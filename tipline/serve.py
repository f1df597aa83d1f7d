"""`tipline serve`: uvicorn with the app (and the worker in the same process unless told otherwise)."""

from __future__ import annotations

import logging

import uvicorn

from tipline.app import create_app
from tipline.settings import Settings


def configure_logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Request lines would name media URLs and add nothing the outbox does not record.
    logging.getLogger("httpx").setLevel(logging.WARNING)


def run_server(settings: Settings, *, host: str, port: int, with_worker: bool) -> None:
    configure_logging()
    app = create_app(settings, with_worker=with_worker)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
