"""Message templates: the only messages WhatsApp delivers once a voter's 24-hour window has closed.

Meta must approve a template before it can be sent. content/replies/templates/ holds each one as the body to
POST to /{WABA_ID}/message_templates (README, "Answers after a day"); a send names the template, its language
and its parameters. Meta refuses a parameter with a newline, a tab or more than four spaces in a row, and a
body longer than 1,024 characters once the parameters are in: both are prevented here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from replies.compose import canned, shorten, verdict_label
from tipline.settings import CONTENT_DIR

TEMPLATES_DIR = CONTENT_DIR / "replies" / "templates"
VERDICT_TEMPLATE_PARAMETERS = ("asked_on", "verdict", "claim", "source")
# Each parameter's share of the 1,024 characters a template body may have (the fixed text takes ~330).
PARAMETER_LIMITS = {"asked_on": 20, "verdict": 80, "claim": 250, "source": 300}
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")
_MARKUP = re.compile(r"[*_~]")


@dataclass(frozen=True)
class TemplateDefinition:
    name: str
    language: str
    text: str  # the body, with {{name}} placeholders

    @property
    def parameters(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(_PLACEHOLDER.findall(self.text)))

    def render(self, values: dict[str, str]) -> str:
        """The text a voter's phone shows for this template with these parameters."""
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), self.text)


def _definition(data: dict[str, Any]) -> TemplateDefinition:
    body = next(c for c in data["components"] if str(c.get("type")).upper() == "BODY")
    return TemplateDefinition(str(data["name"]), str(data["language"]), str(body["text"]))


@lru_cache(maxsize=4)
def definitions(directory: Path = TEMPLATES_DIR) -> dict[tuple[str, str], TemplateDefinition]:
    """(name, language) -> the template as submitted to Meta, for every file in `directory`."""
    found: dict[tuple[str, str], TemplateDefinition] = {}
    for path in sorted(directory.glob("*.json")):
        for data in json.loads(path.read_text(encoding="utf-8")):
            definition = _definition(data)
            found[(definition.name, definition.language)] = definition
    return found


def parameter_text(text: str, limit: int) -> str:
    """One line, no run of spaces, never empty (Meta refuses all three), at most `limit` characters."""
    flat = " ".join(text.split())
    return shorten(flat, limit) if flat else "-"


def template_body(name: str, language_code: str, values: dict[str, str]) -> dict[str, Any]:
    """A send body (without its recipient) for an approved template with named parameters."""
    parameters = [
        {"type": "text", "parameter_name": key, "text": parameter_text(value, PARAMETER_LIMITS.get(key, 300))}
        for key, value in values.items()
    ]
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "type": "template",
        "template": {
            "name": name,
            "language": {"code": language_code},
            "components": [{"type": "body", "parameters": parameters}],
        },
    }


def asked_on(moment: datetime, lang: str, timezone: str) -> str:
    """'3 Des 2026': the day the voter sent the tip, where they are, with the month in their language."""
    local = moment.astimezone(ZoneInfo(timezone))
    months = canned(lang, "month_abbreviations")
    return f"{local.day} {months[local.month - 1]} {local.year}"


def verdict_template_body(
    name: str,
    language_code: str,
    lang: str,
    *,
    rating: str,
    claim: str | None,
    source_url: str | None,
    asked: str,
) -> dict[str, Any]:
    """The verdict for a tip, as the `tipline_verdict` template: asked_on, verdict, claim, source."""
    # The label's emoji stays; its asterisks would show as typed in the middle of the template's sentence.
    label = _MARKUP.sub("", verdict_label(lang, rating)) if rating.strip() else "-"
    values = {"asked_on": asked, "verdict": label, "claim": claim or "-", "source": source_url or "-"}
    return template_body(name, language_code, values)
