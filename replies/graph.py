"""A thin synchronous client for the WhatsApp Cloud (Graph) API: send, mark as read, fetch media."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

import httpx

from replies.errors import ErrorAction, GraphError, MediaDownloadError
from tipline.settings import Settings

__all__ = ["GraphClient", "GraphError", "MediaInfo", "recipient_fields"]


@dataclass(frozen=True)
class MediaInfo:
    id: str
    url: str
    mime_type: str | None = None
    sha256: str | None = None
    file_size: int | None = None


def recipient_fields(wa_id: str | None, bsuid: str | None) -> dict[str, str]:
    """Whom a body goes to. The phone wins: sending to a BSUID is newer and some templates refuse it."""
    digits = "".join(ch for ch in (wa_id or "") if ch.isdigit())
    if digits:
        # Without the "+", Meta prepends our own number's country code and may reach a stranger.
        return {"to": "+" + digits}
    if bsuid:
        return {"recipient": bsuid}
    raise ValueError("a voter with neither a phone number nor a business-scoped id cannot be written to")


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _error_from_response(response: httpx.Response) -> GraphError:
    try:
        payload = response.json()
    except ValueError:
        payload = None
    error = payload.get("error", payload) if isinstance(payload, dict) else None
    if not isinstance(error, dict) or "code" not in error:
        snippet = response.text[:200].replace("\n", " ")
        return GraphError(None, f"unreadable answer: {snippet}", http_status=response.status_code)
    error_data = error.get("error_data")
    details = error_data.get("details") if isinstance(error_data, dict) else None
    return GraphError(
        _as_int(error.get("code")),
        str(error.get("message") or ""),
        subcode=_as_int(error.get("error_subcode")),
        details=str(details) if details is not None else None,
        fbtrace_id=error.get("fbtrace_id"),
        http_status=response.status_code,
    )


def _matches_checksum(data: bytes, expected: str) -> bool:
    digest = hashlib.sha256(data).digest()
    expected = expected.strip()
    if hmac.compare_digest(digest.hex(), expected.lower()):
        return True
    try:
        # Webhooks give the digest in base64, GET /{media-id} has been seen giving it in hex.
        return hmac.compare_digest(digest, base64.b64decode(expected, validate=True))
    except (binascii.Error, ValueError):
        return False


class GraphClient:
    def __init__(
        self,
        base_url: str,
        access_token: str,
        phone_number_id: str,
        *,
        timeout: float = 10.0,
        http: httpx.Client | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.phone_number_id = phone_number_id
        self._headers = {"Authorization": f"Bearer {access_token}"}
        self._owns_http = http is None
        self._http = http if http is not None else httpx.Client(timeout=timeout)
        self._timeout = timeout

    @classmethod
    def from_settings(cls, settings: Settings, *, http: httpx.Client | None = None) -> GraphClient:
        return cls(
            settings.graph_api_url,
            settings.whatsapp_access_token,
            settings.whatsapp_phone_number_id,
            timeout=settings.graph_timeout_seconds,
            http=http,
        )

    def __enter__(self) -> GraphClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def _request(self, method: str, url: str, *, json: dict[str, Any] | None = None) -> httpx.Response:
        try:
            response = self._http.request(
                method, url, json=json, headers=self._headers, timeout=self._timeout
            )
        except httpx.TransportError as exc:  # connection refused, reset, timeout, ...
            raise GraphError(None, f"{type(exc).__name__}: {exc}", action=ErrorAction.RETRY) from exc
        if response.status_code >= 400:
            raise _error_from_response(response)
        return response

    def _post_message(self, body: dict[str, Any]) -> dict[str, Any]:
        response = self._request("POST", f"{self.base_url}/{self.phone_number_id}/messages", json=body)
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            # Meta may have accepted it: sending again could reach the voter twice, so do not retry.
            raise GraphError(
                None,
                "accepted with an unreadable answer",
                http_status=response.status_code,
                action=ErrorAction.PERMANENT,
            )
        return payload

    def send(self, body: dict[str, Any]) -> str:
        """POST a message body (with its recipient) and return the wamid Meta gave it."""
        payload = self._post_message({"messaging_product": "whatsapp", **body})
        messages = payload.get("messages")
        if (
            isinstance(messages, list)
            and messages
            and isinstance(messages[0], dict)
            and messages[0].get("id")
        ):
            return str(messages[0]["id"])
        raise GraphError(None, "accepted without a message id", action=ErrorAction.PERMANENT)

    def mark_read(self, wamid: str, typing: bool = False) -> None:
        body: dict[str, Any] = {"messaging_product": "whatsapp", "status": "read", "message_id": wamid}
        if typing:
            body["typing_indicator"] = {"type": "text"}
        payload = self._post_message(body)
        if payload.get("success") is not True:
            raise GraphError(None, "mark as read not confirmed", action=ErrorAction.PERMANENT)

    def media_info(self, media_id: str) -> MediaInfo:
        response = self._request("GET", f"{self.base_url}/{media_id}")
        payload = response.json()
        if not isinstance(payload, dict) or not payload.get("url"):
            raise GraphError(None, "media answer without a url", action=ErrorAction.PERMANENT)
        return MediaInfo(
            id=str(payload.get("id") or media_id),
            url=str(payload["url"]),
            mime_type=payload.get("mime_type"),
            sha256=payload.get("sha256"),
            file_size=_as_int(payload.get("file_size")),
        )

    def download(self, url: str, max_bytes: int, *, sha256: str | None = None) -> bytes:
        """The media bytes, read with the same Bearer token; never more than `max_bytes` are held."""
        try:
            with self._http.stream("GET", url, headers=self._headers, timeout=self._timeout) as response:
                if response.status_code >= 400:
                    response.read()
                    raise _error_from_response(response)
                declared = _as_int(response.headers.get("content-length"))
                if declared is not None and declared > max_bytes:
                    raise MediaDownloadError(f"media is {declared} bytes, more than {max_bytes}")
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise MediaDownloadError(f"media is more than {max_bytes} bytes")
                    chunks.append(chunk)
        except httpx.TransportError as exc:
            raise GraphError(None, f"{type(exc).__name__}: {exc}", action=ErrorAction.RETRY) from exc
        data = b"".join(chunks)
        if sha256 and not _matches_checksum(data, sha256):
            raise MediaDownloadError("media bytes do not match the sha256 Meta gave")
        return data
