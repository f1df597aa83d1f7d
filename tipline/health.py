"""/healthz (the process answers), /readyz (it can reach what it needs), /metrics (Prometheus)."""

from __future__ import annotations

from collections.abc import Iterator

import redis
from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import text
from sqlalchemy.engine import Engine

from tipline.settings import Settings

BACKLOG_SQL = text(
    "SELECT 'deliveries', count(*) FROM webhook_delivery WHERE state = 'pending'"
    " UNION ALL SELECT 'deliveries_unparseable', count(*) FROM webhook_delivery WHERE state = 'unparseable'"
    " UNION ALL SELECT 'messages', count(*) FROM inbound_message WHERE state = 'pending'"
    " UNION ALL SELECT 'messages_failed', count(*) FROM inbound_message WHERE state = 'failed'"
    " UNION ALL SELECT 'outbox', count(*) FROM outbox_message WHERE state = 'pending'"
    " UNION ALL SELECT 'outbox_failed', count(*) FROM outbox_message WHERE state = 'failed'"
    " UNION ALL SELECT 'tips_queued', count(*) FROM tip WHERE state = 'queued'"
)


class BacklogCollector(Collector):
    """What is waiting, read from the database at scrape time: the numbers an operator looks at first."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def collect(self) -> Iterator[GaugeMetricFamily]:
        gauge = GaugeMetricFamily("tipline_backlog", "Rows waiting or parked, by queue", labels=["queue"])
        with self.engine.connect() as conn:
            for name, count in conn.execute(BACKLOG_SQL):
                gauge.add_metric([name], count)
        yield gauge


def build_health_router(settings: Settings, engine: Engine) -> APIRouter:
    router = APIRouter()
    registry = CollectorRegistry()
    registry.register(BacklogCollector(engine))

    @router.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/readyz")
    def readyz() -> Response:
        checks: dict[str, str] = {}
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            checks["database"] = "ok"
        except Exception as exc:
            checks["database"] = f"error: {type(exc).__name__}"
        if settings.redis_url:
            try:
                client = redis.Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2)
                client.ping()
                client.close()
                checks["redis"] = "ok"
            except redis.RedisError as exc:
                checks["redis"] = f"error: {type(exc).__name__}"
        ready = all(v == "ok" for v in checks.values())
        return JSONResponse({"ready": ready, "checks": checks}, status_code=200 if ready else 503)

    @router.get("/metrics")
    def metrics() -> Response:
        body = generate_latest() + generate_latest(registry)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    return router
