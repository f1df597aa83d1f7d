"""The /simulator page: a person chats as a voter, through the real webhook and Graph API paths.

The page asks this module for a Meta-shaped, correctly signed webhook body, POSTs it to /webhooks/whatsapp
itself, and shows what the tipline sent to the fake Graph API (mounted at /fake-graph) for that voter.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Annotated, Any

import httpx
from fastapi import FastAPI, Query, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlmodel import Session, col

from replies.templates import definitions
from tipline.debunks.models import Debunk
from tipline.settings import Settings
from tipline.simulator import voter_payloads as vp
from tipline.simulator.fake_graph import REENGAGEMENT, FakeGraph, create_fake_graph_app, fake_graph_of
from webhooks.signature import sign

STATIC = Path(__file__).resolve().parent / "static"
EXAMPLES = "simulator/examples.json"
TEMPLATES = "replies/templates"


WA_ID_PATTERN = r"^\d{6,15}$"
BSUID_MAX = 140


class SimVoter(BaseModel):
    wa_id: str = Field(pattern=WA_ID_PATTERN)
    bsuid: str = Field(max_length=BSUID_MAX)
    name: str = Field(default="Pemilih Demo", max_length=60)


class ComposeRequest(BaseModel):
    kind: str = Field(pattern="^(text|image|list_reply|button_reply)$")
    voter: SimVoter
    text: str | None = Field(default=None, max_length=4096)
    forwarded: bool = False
    frequently_forwarded: bool = False
    reply_to: str | None = None
    choice_id: str | None = None
    choice_title: str | None = None
    media_id: str | None = None


def _message(req: ComposeRequest) -> dict[str, Any]:
    if req.kind == "image":
        return vp.image_message(req.media_id or "", req.text)
    if req.kind == "list_reply":
        return vp.list_reply(req.choice_id or "", req.choice_title or "")
    if req.kind == "button_reply":
        return vp.button_reply(req.choice_id or "", req.choice_title or "")
    return vp.text_message(req.text or "")


def _for_voter(entry: dict[str, Any], voter: SimVoter) -> bool:
    body = entry.get("body") or {}
    if body.get("status") == "read":
        return True  # a read receipt names only the message id; the page ignores ids that are not its own
    return body.get("to", "").lstrip("+") == voter.wa_id or body.get("recipient") == voter.bsuid


def _view(entry: dict[str, Any]) -> dict[str, Any]:
    """What the voter's phone would show for one outbound request."""
    body = entry.get("body") or {}
    if body.get("status") == "read":
        return {"type": "read", "message_id": body.get("message_id")}
    view: dict[str, Any] = {"type": body.get("type"), "wamid": entry.get("wamid")}
    if body.get("type") == "text":
        view["text"] = body["text"].get("body", "")
    elif body.get("type") == "interactive":
        inter = body["interactive"]
        view["text"] = inter.get("body", {}).get("text", "")
        action = inter.get("action", {})
        if inter.get("type") == "list":
            view["kind"], view["button"] = "list", action.get("button")
            view["options"] = [
                row for section in action.get("sections", []) for row in section.get("rows", [])
            ]
        else:
            view["kind"] = "buttons"
            view["options"] = [b["reply"] for b in action.get("buttons", [])]
    elif body.get("type") == "template":
        view["text"] = _template_text(body["template"])
    else:
        view["text"] = json.dumps(body, ensure_ascii=False)[:500]
    return view


def _template_text(template: dict[str, Any]) -> str:
    """A template as the phone shows it: the approved text with the parameters filled in."""
    definition = definitions().get((template.get("name", ""), template.get("language", {}).get("code", "")))
    values = {
        str(parameter.get("parameter_name")): str(parameter.get("text", ""))
        for component in template.get("components", [])
        for parameter in component.get("parameters", [])
    }
    if definition is None:
        return json.dumps(template, ensure_ascii=False)[:500]
    return definition.render(values)


def _statuses(entry: dict[str, Any]) -> list[tuple[str, dict[str, Any] | None]]:
    """What Meta reports for a message: shown and read, or failed with the error it met."""
    if entry.get("error_code") == REENGAGEMENT:
        return [("failed", vp.reengagement_error())]
    return [("delivered", None), ("read", None)]


async def _post_statuses(
    base_url: str, settings: Settings, voter: SimVoter, entries: list[dict[str, Any]]
) -> None:
    """The phone got and showed our replies (or Meta refused them): tell the tipline as Meta would, with
    signed status webhooks."""
    async with httpx.AsyncClient(base_url=base_url, timeout=5) as client:
        for entry in entries:
            for status, error in _statuses(entry):
                payload = vp.status_update(
                    settings.whatsapp_phone_number_id,
                    wamid=entry["wamid"],
                    status=status,
                    wa_id=voter.wa_id,
                    bsuid=voter.bsuid,
                    error=error,
                )
                raw = vp.to_bytes(payload)
                await client.post(
                    "/webhooks/whatsapp",
                    content=raw,
                    headers={
                        "Content-Type": "application/json",
                        "X-Hub-Signature-256": sign(settings.whatsapp_app_secret, raw),
                    },
                )


def mount_simulator(app: FastAPI, settings: Settings) -> FakeGraph:
    fake_app = create_fake_graph_app(settings.whatsapp_access_token)
    app.mount("/fake-graph", fake_app)
    fake = fake_graph_of(fake_app)
    app.state.fake_graph = fake
    # The demo's Meta has approved the templates the project ships (a real one reviews them first).
    for path in sorted((settings.content_dir / TEMPLATES).glob("*.json")):
        fake.approve_templates(json.loads(path.read_text(encoding="utf-8")))

    @app.get("/simulator", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "simulator.html", media_type="text/html")

    @app.post("/simulator/api/compose")
    def compose(req: ComposeRequest) -> dict[str, str]:
        fake.open_window(req.voter.wa_id)  # a message from the voter opens WhatsApp's 24-hour window
        fake.open_window(req.voter.bsuid)
        payload = vp.voter_message(
            settings.whatsapp_phone_number_id,
            wa_id=req.voter.wa_id,
            bsuid=req.voter.bsuid,
            name=req.voter.name,
            message=_message(req),
            forwarded=req.forwarded,
            frequently_forwarded=req.frequently_forwarded,
            reply_to=req.reply_to,
        )
        raw = vp.to_bytes(payload)
        wamid = payload["entry"][0]["changes"][0]["value"]["messages"][0]["id"]
        return {"body": raw.decode(), "signature": sign(settings.whatsapp_app_secret, raw), "wamid": wamid}

    @app.get("/simulator/api/replies")
    async def replies(
        request: Request,
        wa_id: Annotated[str, Query(pattern=WA_ID_PATTERN)],
        bsuid: Annotated[str, Query(max_length=BSUID_MAX)],
        since: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        voter = SimVoter(wa_id=wa_id, bsuid=bsuid)
        entries = fake.sent_since(since)
        mine = [e for e in entries if _for_voter(e, voter)]
        accepted = [e for e in mine if e.get("wamid")]
        if accepted:
            await _post_statuses(str(request.base_url), settings, voter, accepted)
        shown = [e for e in mine if e.get("error_code") != REENGAGEMENT]  # never reached the phone
        return {"items": [_view(e) for e in shown], "next": since + len(entries)}

    @app.post("/simulator/api/later")
    def a_day_later(voter: SimVoter) -> dict[str, str]:
        """The voter has been silent for over 24 hours, as far as Meta knows: only templates reach them now.
        Their next message opens the window again."""
        fake.close_window(voter.wa_id)
        fake.close_window(voter.bsuid)
        return {"window": "closed"}

    @app.post("/simulator/api/media")
    async def media(file: UploadFile) -> dict[str, str]:
        media_id = str(secrets.randbelow(10**15) + 10**15)
        fake.add_media(media_id, await file.read(), file.content_type or "image/jpeg")
        return {"id": media_id}

    @app.get("/simulator/api/examples")
    def examples() -> JSONResponse:
        path = settings.content_dir / EXAMPLES
        if path.exists():
            return JSONResponse(json.loads(path.read_text(encoding="utf-8")))
        with Session(app.state.engine) as session:
            claims = session.execute(select(col(Debunk.claim_reviewed)).limit(6)).scalars().all()
        return JSONResponse([{"text": c} for c in claims])

    return fake
