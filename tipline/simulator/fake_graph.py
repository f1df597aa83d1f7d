"""A fake WhatsApp Cloud (Graph) API: a real HTTP app speaking Meta's documented contract.

It runs alone on a port for tests (`serving.run_fake_graph_in_thread`) or mounted inside the product app at
/fake-graph for the demo. Control endpoints for the simulator live under /_fake/.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import re
import secrets
import threading
import uuid
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from tipline.simulator.fake_graph_errors import (
    Fault,
    error_envelope,
    fault_response,
    not_found,
    unauthorised,
)
from tipline.simulator.fake_graph_rules import Rejected, Templates, check_message, template_placeholders

REENGAGEMENT = 131047  # "more than 24 hours have passed since the customer last replied to this number"

_VERSION = re.compile(r"^v\d+\.\d+$")


@dataclass(frozen=True)
class _Media:
    data: bytes
    mime_type: str


class FakeGraph:
    """The fake's state: what was sent, uploaded media and queued faults. Safe to use from any thread."""

    def __init__(self, access_token: str | None = None) -> None:
        self.access_token = access_token
        self.sent: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._faults: deque[Fault] = deque()
        self._media: dict[str, _Media] = {}
        self._templates: Templates = {}
        self._closed_windows: set[str] = set()

    def approve_templates(self, definitions: list[dict[str, Any]]) -> None:
        """Templates as submitted to Meta (POST /{WABA_ID}/message_templates bodies), now APPROVED."""
        with self._lock:
            for definition in definitions:
                key = (str(definition["name"]), str(definition["language"]))
                self._templates[key] = template_placeholders(definition)

    def close_window(self, recipient: str) -> None:
        """The voter's last message is over 24 hours old: only templates reach them (until `open_window`)."""
        with self._lock:
            self._closed_windows.add(recipient.removeprefix("+"))

    def open_window(self, recipient: str) -> None:
        with self._lock:
            self._closed_windows.discard(recipient.removeprefix("+"))

    def _window_closed(self, body: dict[str, Any]) -> bool:
        recipients = {str(body.get("to", "")).removeprefix("+"), str(body.get("recipient", ""))}
        with self._lock:
            return body.get("type") != "template" and bool(recipients & self._closed_windows)

    def _approved(self) -> Templates:
        with self._lock:
            return dict(self._templates)

    def fail_next(
        self,
        n: int,
        http_status: int,
        code: int | None,
        subcode: int | None = None,
        message: str = "Injected failure",
        *,
        details: str | None = None,
        raw_body: str | None = None,
        delay_seconds: float = 0.0,
    ) -> None:
        """The next `n` sends answer `http_status` with Meta's error envelope (or `raw_body`, e.g. HTML)."""
        fault = Fault(http_status, code, subcode, message, details, raw_body, delay_seconds)
        with self._lock:
            self._faults.extend([fault] * n)

    def stall_next(self, n: int, seconds: float) -> None:
        """The next `n` sends wait `seconds` before answering normally (to make a client time out)."""
        fault = Fault(None, None, None, "", None, None, seconds)
        with self._lock:
            self._faults.extend([fault] * n)

    def add_media(self, media_id: str, data: bytes, mime_type: str) -> None:
        with self._lock:
            self._media[media_id] = _Media(data, mime_type)

    def media(self, media_id: str) -> tuple[bytes, str] | None:
        with self._lock:
            found = self._media.get(media_id)
        return (found.data, found.mime_type) if found else None

    def accepted(self) -> list[dict[str, Any]]:
        """Recorded messages Meta would have accepted (with a wamid), mark-as-read excluded."""
        with self._lock:
            return [dict(entry) for entry in self.sent if entry["wamid"]]

    def sent_since(self, since: int) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(entry) for entry in self.sent[max(0, since) :]]

    def reset(self) -> None:
        with self._lock:
            self.sent.clear()
            self._faults.clear()
            self._closed_windows.clear()
            self._templates.clear()

    def _next_fault(self) -> Fault | None:
        with self._lock:
            return self._faults.popleft() if self._faults else None

    def _record(self, **entry: Any) -> None:
        with self._lock:
            entry["seq"] = len(self.sent)
            entry["received_at"] = datetime.now(UTC).isoformat()
            self.sent.append(entry)

    def authorised(self, request: Request, *, token_required: bool = False) -> bool:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if self.access_token is None:
            return not token_required or (scheme.lower() == "bearer" and bool(token))
        return scheme.lower() == "bearer" and hmac.compare_digest(token.encode(), self.access_token.encode())


def _accepted_body(body: dict[str, Any], wamid: str) -> dict[str, Any]:
    if "to" in body:
        contact = {"input": body["to"], "wa_id": str(body["to"]).removeprefix("+")}
    else:
        contact = {"input": body["recipient"], "user_id": body["recipient"]}
    return {"messaging_product": "whatsapp", "contacts": [contact], "messages": [{"id": wamid}]}


def _new_wamid() -> str:
    return "wamid." + base64.b64encode(b"FAKE" + uuid.uuid4().bytes).decode()


def fake_graph_of(app: FastAPI) -> FakeGraph:
    graph: FakeGraph = app.state.fake_graph
    return graph


def create_fake_graph_app(access_token: str | None = None, *, graph: FakeGraph | None = None) -> FastAPI:
    fake = graph if graph is not None else FakeGraph(access_token)
    app = FastAPI(title="Fake WhatsApp Cloud API", openapi_url=None, docs_url=None, redoc_url=None)
    app.state.fake_graph = fake

    # Control endpoints first: "/_fake/sent" would otherwise match "/{version}/{media_id}".
    @app.get("/_fake/sent")
    def fake_sent(since: int = 0) -> dict[str, Any]:
        entries = fake.sent_since(since)
        return {"sent": entries, "next": max(since, 0) + len(entries)}

    @app.post("/_fake/fail")
    async def fake_fail(request: Request) -> dict[str, Any]:
        spec = await request.json()
        fake.fail_next(
            int(spec.get("count", 1)),
            int(spec.get("http_status", 500)),
            spec.get("code"),
            spec.get("subcode"),
            spec.get("message", "Injected failure"),
            details=spec.get("details"),
            raw_body=spec.get("raw_body"),
            delay_seconds=float(spec.get("delay_seconds", 0.0)),
        )
        return {"success": True}

    @app.post("/_fake/media")
    async def fake_upload(
        request: Request, mime_type: str = "image/jpeg", media_id: str | None = None
    ) -> Any:
        data = await request.body()
        media_id = media_id or str(uuid.uuid4().int)[:16]
        fake.add_media(media_id, data, mime_type)
        return {"id": media_id, "sha256": base64.b64encode(hashlib.sha256(data).digest()).decode()}

    @app.post("/_fake/reset")
    def fake_reset() -> dict[str, Any]:
        fake.reset()
        return {"success": True}

    @app.get("/_fake/attachments/{media_id}")
    def media_bytes(media_id: str, request: Request) -> Response:
        # Meta: "If you omit your token, the request will fail", even though the URL itself is secret.
        if not fake.authorised(request, token_required=True):
            return unauthorised()
        found = fake.media(media_id)
        if found is None:
            return Response(status_code=404)
        return Response(found[0], media_type=found[1])

    @app.post("/{version}/{phone_number_id}/messages")
    async def send_message(version: str, phone_number_id: str, request: Request) -> Response:
        if not _VERSION.match(version):
            return Response(status_code=404)
        try:
            body: Any = await request.json()
        except ValueError:
            body = None
        entry: dict[str, Any] = {"version": version, "phone_number_id": phone_number_id, "body": body}
        if not fake.authorised(request):
            fake._record(**entry, kind="rejected", status_code=401, wamid=None, error_code=190)
            return unauthorised()
        fault = fake._next_fault()
        if fault is not None and fault.delay_seconds:
            await asyncio.sleep(fault.delay_seconds)
        if fault is not None and fault.http_status is not None:
            fake._record(
                **entry, kind="fault", status_code=fault.http_status, wamid=None, error_code=fault.code
            )
            return fault_response(fault)
        try:
            kind = check_message(body, fake._approved())
        except Rejected as exc:
            fake._record(**entry, kind="rejected", status_code=400, wamid=None, error_code=exc.code)
            return JSONResponse(error_envelope(exc.code, exc.message, details=exc.details), status_code=400)
        if kind == "mark_read":
            fake._record(**entry, kind=kind, status_code=200, wamid=None, error_code=None)
            return JSONResponse({"success": True})
        wamid = _new_wamid()
        # Meta accepts a free-form message to a voter whose window has closed, then reports it failed
        # (131047) in a status webhook: the entry says so, for whoever plays the phone's side.
        error_code = REENGAGEMENT if fake._window_closed(body) else None
        fake._record(**entry, kind=kind, status_code=200, wamid=wamid, error_code=error_code)
        return JSONResponse(_accepted_body(body, wamid))

    @app.post("/{version}/{phone_number_id}/media")
    async def upload_media(version: str, phone_number_id: str, request: Request) -> Response:
        if not fake.authorised(request):
            return unauthorised()
        form = await request.form()
        upload = form.get("file")
        if form.get("messaging_product") != "whatsapp" or upload is None or isinstance(upload, str):
            return JSONResponse(
                error_envelope(100, "(#100) Invalid parameter", details="file"), status_code=400
            )
        media_id = str(uuid.uuid4().int)[:16]
        fake.add_media(media_id, await upload.read(), upload.content_type or "application/octet-stream")
        return JSONResponse({"id": media_id})

    @app.get("/{version}/{media_id}")
    def media_info(version: str, media_id: str, request: Request) -> Response:
        if not _VERSION.match(version):
            return Response(status_code=404)
        if not fake.authorised(request):
            return unauthorised()
        found = fake.media(media_id)
        if found is None:
            return not_found(media_id)
        data, mime_type = found
        origin = f"{request.url.scheme}://{request.url.netloc}{request.scope.get('root_path', '')}"
        return JSONResponse(
            {
                "messaging_product": "whatsapp",
                "url": f"{origin}/_fake/attachments/{media_id}?hash={secrets.token_urlsafe(8)}",
                "mime_type": mime_type,
                "sha256": hashlib.sha256(data).hexdigest(),
                "file_size": len(data),
                "id": media_id,
            }
        )

    return app
