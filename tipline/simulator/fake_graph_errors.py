"""The fake Graph API's error answers: Meta's error envelope, and the faults a test queues."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from fastapi import Response
from fastapi.responses import JSONResponse


@dataclass(frozen=True)
class Fault:
    http_status: int | None  # None: only stall, then answer normally
    code: int | None
    subcode: int | None
    message: str
    details: str | None
    raw_body: str | None
    delay_seconds: float


def _trace_id() -> str:
    return secrets.token_urlsafe(16)


def error_envelope(
    code: int,
    message: str,
    *,
    details: str | None = None,
    subcode: int | None = None,
    error_type: str = "OAuthException",
) -> dict[str, Any]:
    """Meta's synchronous error body (Cloud API notes §5.2)."""
    error: dict[str, Any] = {"message": message, "type": error_type, "code": code}
    if details is not None:
        error["error_data"] = {"messaging_product": "whatsapp", "details": details}
    if subcode is not None:
        error["error_subcode"] = subcode
    error["fbtrace_id"] = _trace_id()
    return {"error": error}


def unauthorised() -> JSONResponse:
    body = error_envelope(190, "Invalid OAuth access token - Cannot parse access token")
    return JSONResponse(body, status_code=401)


def not_found(what: str) -> JSONResponse:
    message = f"Unsupported get request. Object with ID '{what}' does not exist"
    return JSONResponse(
        error_envelope(100, message, subcode=33, error_type="GraphMethodException"), status_code=400
    )


def fault_response(fault: Fault) -> Response:
    status = fault.http_status or 500
    if fault.raw_body is not None:
        return Response(fault.raw_body, status_code=status, media_type="text/html")
    code = fault.code if fault.code is not None else 1
    details = fault.details or fault.message
    body = error_envelope(code, f"(#{code}) {fault.message}", details=details, subcode=fault.subcode)
    return JSONResponse(body, status_code=status)
