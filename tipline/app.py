"""The FastAPI application, built from one Settings object (never at import time)."""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from tipline.db import make_engine
from tipline.deliveries.writer import DeliveryWriter
from tipline.health import build_health_router
from tipline.settings import Settings
from tipline.wake import make_waker
from webhooks.routes import build_webhook_router

log = logging.getLogger(__name__)


class ConfigurationError(RuntimeError):
    pass


def create_app(settings: Settings, *, with_worker: bool = True) -> FastAPI:
    if not settings.secret_key:
        # Phone numbers are stored encrypted with it; without one we would have to store them in clear.
        raise ConfigurationError("TIPLINE_SECRET_KEY is not set (any long random string; keep it stable)")
    engine = make_engine(settings)
    waker = make_waker(settings.redis_url)
    writer = DeliveryWriter(engine, on_stored=waker.notify)
    stop = threading.Event()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        writer.start()
        thread = None
        if with_worker:
            from tipline.worker import Worker

            worker = Worker.build(settings, engine=engine, waker=waker)
            app.state.worker = worker
            thread = threading.Thread(target=worker.run, args=(stop,), name="tipline-worker", daemon=True)
            thread.start()
        # Everything loaded so far lives as long as the process: keep the collector from rescanning it on
        # every full collection, which otherwise shows up as 100 ms stalls in webhook answers.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            stop.set()
            waker.close()
            if thread is not None:
                thread.join(timeout=15)
            writer.stop()
            engine.dispose()

    app = FastAPI(title="tipline", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.engine = engine
    app.state.writer = writer
    app.include_router(build_webhook_router(settings, writer))
    app.include_router(build_health_router(settings, engine))
    if settings.demo:
        from tipline.simulator.routes import mount_simulator

        mount_simulator(app, settings)
    return app
