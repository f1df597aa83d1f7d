"""What Meta's POST /{phone-number-id}/messages accepts (Cloud API notes §4), written independently of
`replies/compose.py` so that the fake catches the bugs our own composer would not see in itself."""

from __future__ import annotations

import re
from typing import Any

MESSAGE_TYPES = frozenset(
    {"text", "interactive", "template", "image", "video", "audio", "document", "sticker", "location"}
    | {"contacts", "reaction"}
)
MEDIA_TYPES = frozenset({"image", "video", "audio", "document", "sticker"})
HEADER_TYPES = frozenset({"text", "image", "video", "document"})
_BSUID = re.compile(r"^[A-Z]{2}(\.[A-Za-z0-9]{1,160}){1,3}$")
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*|\d+)\s*\}\}")
Templates = dict[tuple[str, str], frozenset[str]]


class Rejected(Exception):
    """A body Meta would refuse; `code` is the Graph error code Meta uses for it."""

    def __init__(self, code: int, message: str, details: str) -> None:
        super().__init__(details)
        self.code = code
        self.message = message
        self.details = details


def _missing(name: str) -> Rejected:
    return Rejected(100, "(#100) Invalid parameter", f"The parameter {name} is required.")


def _invalid(details: str) -> Rejected:
    return Rejected(131009, "(#131009) Parameter value is not valid", details)


def _text(value: Any, name: str, max_len: int, *, required: bool = True) -> None:
    if value is None:
        if required:
            raise _missing(name)
        return
    if not isinstance(value, str):
        raise _invalid(f"{name} must be a string")
    if required and not value.strip():
        raise _invalid(f"{name} must not be empty")
    if len(value) > max_len:
        raise _invalid(f"{name} is {len(value)} characters long. Max length: {max_len}")


def _obj(value: Any, name: str) -> dict[str, Any]:
    if value is None:
        raise _missing(name)
    if not isinstance(value, dict):
        raise _invalid(f"{name} must be an object")
    return value


def _check_recipient(body: dict[str, Any]) -> None:
    to, recipient = body.get("to"), body.get("recipient")
    if to is None and recipient is None:
        raise _missing("to")
    if to is not None:
        digits = str(to).removeprefix("+")
        if not isinstance(to, str) or not digits.isdigit() or not 7 <= len(digits) <= 15:
            raise Rejected(100, "(#100) Invalid parameter", "to: not a valid phone number")
    if recipient is not None and (not isinstance(recipient, str) or not _BSUID.match(recipient)):
        raise Rejected(100, "(#100) Invalid parameter", "recipient: not a valid business-scoped user id")
    if body.get("recipient_type", "individual") not in ("individual", "group"):
        raise _invalid("recipient_type must be individual or group")


def _check_interactive(interactive: dict[str, Any]) -> None:
    kind = interactive.get("type")
    header = interactive.get("header")
    if header is not None:
        header = _obj(header, "interactive.header")
        if header.get("type") not in HEADER_TYPES:
            raise _invalid("interactive.header.type is not supported")
        if header["type"] == "text":
            _text(header.get("text"), "interactive.header.text", 60)
    if "footer" in interactive:
        _text(_obj(interactive["footer"], "interactive.footer").get("text"), "interactive.footer.text", 60)
    action = _obj(interactive.get("action"), "interactive.action")
    if kind == "button":
        _text(_obj(interactive.get("body"), "interactive.body").get("text"), "interactive.body.text", 1024)
        buttons = action.get("buttons")
        if not isinstance(buttons, list) or not 1 <= len(buttons) <= 3:
            raise _invalid("interactive.action.buttons must hold 1 to 3 buttons")
        titles, ids = [], []
        for button in buttons:
            reply = _obj(_obj(button, "button").get("reply"), "button.reply")
            _text(reply.get("id"), "button.reply.id", 256)
            _text(reply.get("title"), "button.reply.title", 20)
            titles.append(reply["title"])
            ids.append(reply["id"])
        if len(set(titles)) != len(titles) or len(set(ids)) != len(ids):
            raise _invalid("Button titles and ids must be unique")
    elif kind == "list":
        _text(_obj(interactive.get("body"), "interactive.body").get("text"), "interactive.body.text", 4096)
        _text(action.get("button"), "interactive.action.button", 20)
        sections = action.get("sections")
        if not isinstance(sections, list) or not 1 <= len(sections) <= 10:
            raise _invalid("interactive.action.sections must hold 1 to 10 sections")
        row_ids: list[str] = []
        for section in sections:
            section = _obj(section, "section")
            _text(section.get("title"), "section.title", 24, required=len(sections) > 1)
            rows = section.get("rows")
            if not isinstance(rows, list) or not rows:
                raise _invalid("section.rows must not be empty")
            for row in rows:
                row = _obj(row, "row")
                _text(row.get("id"), "row.id", 200)
                _text(row.get("title"), "row.title", 24)
                _text(row.get("description"), "row.description", 72, required=False)
                row_ids.append(row["id"])
        if len(row_ids) > 10:
            raise _invalid(f"A list may hold at most 10 rows in total, got {len(row_ids)}")
        if len(set(row_ids)) != len(row_ids):
            raise _invalid("Row ids must be unique")
    elif kind == "contact_request":
        _text(_obj(interactive.get("body"), "interactive.body").get("text"), "interactive.body.text", 1024)
        if action.get("name") != "request_contact_info":
            raise _invalid("interactive.action.name must be request_contact_info")
    elif kind == "cta_url":
        _text(_obj(interactive.get("body"), "interactive.body").get("text"), "interactive.body.text", 1024)
    else:
        raise _invalid(f"interactive.type {kind!r} is not supported")


def _check_template(content: dict[str, Any], templates: Templates) -> None:
    """An approved template in that language, each of its named parameters given once, each on one line."""
    _text(content.get("name"), "template.name", 512)
    code = _obj(content.get("language"), "template.language").get("code")
    _text(code, "template.language.code", 15)
    expected = templates.get((str(content["name"]), str(code)))
    if expected is None:
        raise Rejected(
            132001,
            "(#132001) Template name does not exist in the translation",
            f"template name ({content['name']}) does not exist in {code}",
        )
    given: list[str] = []
    named: list[bool] = []
    for component in content.get("components") or []:
        for parameter in _obj(component, "component").get("parameters") or []:
            parameter = _obj(parameter, "parameter")
            value = str(parameter.get("text", ""))
            if parameter.get("type", "text") == "text":
                _text(parameter.get("text"), "parameter.text", 32768)
            if "\n" in value or "\t" in value or "     " in value:
                raise Rejected(
                    132018,
                    "(#132018) There was an issue with the parameters in your template.",
                    "Param text cannot have new-line/tab characters or more than 4 consecutive spaces",
                )
            named.append(parameter.get("parameter_name") is not None)
            given.append(str(parameter.get("parameter_name")))
    # Named parameters by their names; positional ones ({{1}}, {{2}}) by their count.
    matches = sorted(given) == sorted(expected) if any(named) else len(given) == len(expected)
    if not matches:
        raise Rejected(
            132000,
            "(#132000) Number of parameters does not match the expected number of params",
            f"body: number of localizable_params ({len(given)}) does not match the expected "
            f"number of params ({len(expected)}) or their names",
        )


def template_placeholders(definition: dict[str, Any]) -> frozenset[str]:
    """The named parameters of a template as submitted to Meta (its BODY component's {{name}}s)."""
    names: set[str] = set()
    for component in definition.get("components") or []:
        if str(component.get("type", "")).upper() == "BODY":
            names |= set(_PLACEHOLDER.findall(str(component.get("text", ""))))
    return frozenset(names)


def _check_content(kind: str, content: dict[str, Any], templates: Templates) -> None:
    if kind == "text":
        _text(content.get("body"), "text.body", 4096)
        if not isinstance(content.get("preview_url", False), bool):
            raise _invalid("text.preview_url must be a boolean")
    elif kind == "interactive":
        _check_interactive(content)
    elif kind == "template":
        _check_template(content, templates)
    elif kind in MEDIA_TYPES:
        if not content.get("id") and not content.get("link"):
            raise _missing(f"{kind}.id or {kind}.link")
        _text(content.get("caption"), f"{kind}.caption", 1024, required=False)
    elif kind == "reaction":
        _text(content.get("message_id"), "reaction.message_id", 255)


def check_message(body: Any, templates: Templates | None = None) -> str:
    """'message' or 'mark_read' when Meta would accept the body; raises Rejected otherwise. `templates`:
    the approved ones, (name, language) -> their named parameters."""
    if not isinstance(body, dict):
        raise Rejected(100, "(#100) Invalid parameter", "The request body must be a JSON object")
    if body.get("messaging_product") != "whatsapp":
        raise _missing("messaging_product")
    if "status" in body:
        if body["status"] != "read":
            raise _invalid("status must be read")
        _text(body.get("message_id"), "message_id", 255)
        indicator = body.get("typing_indicator")
        if indicator is not None and _obj(indicator, "typing_indicator").get("type") != "text":
            raise _invalid("typing_indicator.type must be text")
        return "mark_read"
    _check_recipient(body)
    kind = body.get("type", "text")
    if kind not in MESSAGE_TYPES:
        raise Rejected(131051, "(#131051) Unsupported message type", f"type {kind!r} is not supported")
    if "context" in body:
        _text(_obj(body["context"], "context").get("message_id"), "context.message_id", 255)
    _check_content(kind, _obj(body.get(kind), kind), templates or {})
    return "message"
