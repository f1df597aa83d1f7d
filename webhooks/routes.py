"""GET|POST /webhooks/whatsapp: the verification handshake and Meta's signed event deliveries.

The POST only checks the signature and stores the raw bytes; parsing, matching and replying happen in the
worker, so Meta gets its 200 in milliseconds and nothing is lost if a later step fails.
"""

from __future__ import annotations

import hmac
import logging

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse
from prometheus_client import Counter

from tipline.deliveries.writer import DeliveryWriter
from tipline.settings import Settings
from webhooks.signature import is_valid_signature

log = logging.getLogger(__name__)

DELIVERIES = Counter("tipline_webhook_deliveries_total", "Webhook POSTs by outcome", ["outcome"])
_STORED = DELIVERIES.labels("stored")
_FORBIDDEN = DELIVERIES.labels("bad_signature")
_TOO_LARGE = DELIVERIES.labels("too_large")
_UNSTORED = DELIVERIES.labels("store_failed")


class BodyTooLarge(Exception):
    pass


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    if declared is not None:
        body = await request.body()
        if len(body) > limit:
            raise BodyTooLarge
        return body
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def build_webhook_router(settings: Settings, writer: DeliveryWriter) -> APIRouter:
    router = APIRouter()
    secret = settings.whatsapp_app_secret
    verify_token = settings.whatsapp_verify_token
    limit = settings.webhook_max_body_bytes
    if not secret:
        log.error("TIPLINE_WHATSAPP_APP_SECRET is empty: every webhook POST will be refused (403)")

    @router.get("/webhooks/whatsapp", response_class=PlainTextResponse)
    async def verify(request: Request) -> Response:
        params = request.query_params
        token = params.get("hub.verify_token", "")
        ok = (
            bool(verify_token)
            and params.get("hub.mode") == "subscribe"
            and hmac.compare_digest(token.encode(), verify_token.encode())
        )
        if not ok:
            return PlainTextResponse("forbidden", status_code=403)
        return PlainTextResponse(
            params.get("hub.challenge", ""), headers={"X-Content-Type-Options": "nosniff"}
        )

    @router.post("/webhooks/whatsapp")
    async def receive(request: Request) -> Response:
        try:
            body = await _read_body(request, limit)
        except BodyTooLarge:
            _TOO_LARGE.inc()
            return Response(status_code=413)
        if not is_valid_signature(secret, body, request.headers.get("x-hub-signature-256")):
            _FORBIDDEN.inc()
            return Response(status_code=403)
        try:
            await writer.store(body)
        except Exception:
            # Not stored means not acknowledged: Meta will deliver it again.
            _UNSTORED.inc()
            return Response(status_code=503)
        _STORED.inc()
        return Response(status_code=200)

    return router
