"""What we say to a voter, as Graph API bodies without a recipient (the sender adds it at send time).

Every limit of Meta's message types is applied here: a reply that is too long is shortened, never sent
to be refused.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from tipline.settings import CONTENT_DIR

REPLIES_DIR = CONTENT_DIR / "replies"
DEFAULT_LANGUAGE = "id"

TEXT_MAX = 4096
BUTTONS_BODY_MAX = 1024
BUTTON_TITLE_MAX = 20
BUTTONS_MAX = 3
LIST_BUTTON_MAX = 20
LIST_ROWS_MAX = 10
ROW_TITLE_MAX = 24
ROW_DESCRIPTION_MAX = 72
SECTION_TITLE_MAX = 24
ROW_ID_MAX = 200
CLAIM_MAX = 300
# A verdict is read on a small screen: the full story is one tap away, behind the source link.
EXPLANATION_MAX = 700

SUGGEST_PREFIX = "suggest:"
NONE_OF_THESE = "none"
NOTIFY_ME = "notify:yes"  # the voter's tap on "notify me": consent to a template after the 24-hour window

# A positive verdict is only given for an exact rating: "KURANG BENAR" must never read as "BENAR".
_EXACT_ONLY = frozenset({"BENAR", "TRUE", "FAKTA", "CORRECT"})
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)


@lru_cache(maxsize=16)
def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def resolve_language(lang: str | None) -> str:
    """'en_US' -> 'en'; a language we have no texts for (jv, su, ...) -> Bahasa Indonesia."""
    code = re.split(r"[-_]", (lang or "").strip().lower(), maxsplit=1)[0]
    return code if code and (REPLIES_DIR / f"{code}.json").is_file() else DEFAULT_LANGUAGE


def texts(lang: str | None) -> dict[str, Any]:
    return _load(REPLIES_DIR / f"{resolve_language(lang)}.json")


def canned(lang: str | None, key: str) -> Any:
    found = texts(lang).get(key)
    if found is None:
        found = texts(DEFAULT_LANGUAGE)[key]
    return found


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary when one is near, ending with '…' when cut."""
    text = text.strip()
    if len(text) <= limit:
        return text
    if limit <= 1:
        return text[:limit]
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit * 0.8:
        cut = cut[:space]
    return cut.rstrip() + "…"


class _KeepMissing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _base(kind: str, reply_to_wamid: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {"messaging_product": "whatsapp", "recipient_type": "individual", "type": kind}
    if reply_to_wamid:
        body["context"] = {"message_id": reply_to_wamid}
    return body


def _text(text: str, reply_to_wamid: str | None, *, preview_url: bool = False) -> dict[str, Any]:
    body = _base("text", reply_to_wamid)
    body["text"] = {"preview_url": preview_url, "body": shorten(text, TEXT_MAX)}
    return body


def text_body(lang: str | None, key: str, reply_to_wamid: str | None = None, **fmt: object) -> dict[str, Any]:
    template = str(canned(lang, key))
    return _text(template.format_map(_KeepMissing(fmt)), reply_to_wamid)


def mark_read_body(wamid: str, *, typing: bool = True) -> dict[str, Any]:
    """Blue ticks for the voter's message and, since an answer follows, "typing..." until it arrives."""
    body: dict[str, Any] = {"messaging_product": "whatsapp", "status": "read", "message_id": wamid}
    if typing:
        body["typing_indicator"] = {"type": "text"}
    return body


def checking_body(
    lang: str | None, reply_to_wamid: str | None = None, *, offer_notify: bool = False
) -> dict[str, Any]:
    """ "We are checking it"; with `offer_notify`, a button to ask for the answer even after a day (WhatsApp
    lets us write then only with a template, and only to a voter who asked for it)."""
    if not offer_notify:
        return text_body(lang, "checking_ack", reply_to_wamid)
    body = _base("interactive", reply_to_wamid)
    button = {"id": NOTIFY_ME, "title": shorten(str(canned(lang, "notify_button")), BUTTON_TITLE_MAX)}
    body["interactive"] = {
        "type": "button",
        "body": {"text": shorten(str(canned(lang, "checking_ack_notify")), BUTTONS_BODY_MAX)},
        "action": {"buttons": [{"type": "reply", "reply": button}]},
    }
    return body


def _rating_key(rating: str) -> str:
    return " ".join(rating.upper().split()).strip(" .!")


def verdict_label(lang: str | None, rating: str) -> str:
    labels: dict[str, str] = canned(lang, "verdict_labels")
    key = _rating_key(rating)
    if key in labels:
        return labels[key]
    for known in sorted(labels, key=len, reverse=True):
        if known not in _EXACT_ONLY and re.search(rf"(?<!\w){re.escape(known)}(?!\w)", key):
            return labels[known]
    return str(canned(lang, "verdict_label_other")).format(rating=rating.strip() or "?")


def _without_links(text: str, placeholder: str) -> str:
    # WhatsApp previews the first link of a message: it must be our source, not the hoax being debunked.
    return _URL.sub(placeholder, text)


def verdict_body(
    lang: str | None,
    *,
    rating: str,
    claim: str | None,
    explanation: str | None,
    source_url: str | None,
    reply_to_wamid: str | None = None,
    intro_key: str = "verdict_intro",
) -> dict[str, Any]:
    placeholder = str(canned(lang, "link_placeholder"))
    head = [str(canned(lang, intro_key))]
    if rating.strip():
        head.append(verdict_label(lang, rating))
    claim_text = shorten(" ".join(_without_links(claim or "", placeholder).split()), CLAIM_MAX)
    if claim_text:
        head.append(f'{canned(lang, "verdict_claim")}\n_"{claim_text}"_')
    tail = [f"{canned(lang, 'verdict_source')}\n{source_url}"] if source_url else []
    tail.append(
        str(canned(lang, "verdict_outro_true" if _rating_key(rating) in _EXACT_ONLY else "verdict_outro"))
    )
    explanation_text = _without_links(explanation or "", placeholder).strip()
    if explanation_text:
        separators = 2 * len(head + tail)
        budget = TEXT_MAX - sum(len(part) for part in head + tail) - separators
        explanation_text = shorten(explanation_text, max(0, min(EXPLANATION_MAX, budget)))
    parts = head + ([explanation_text] if explanation_text else []) + tail
    return _text("\n\n".join(parts), reply_to_wamid, preview_url=bool(source_url))


def suggestion_row_id(candidate_id: str) -> str:
    row_id = SUGGEST_PREFIX + candidate_id
    if len(row_id) > ROW_ID_MAX:
        raise ValueError("candidate id too long for a WhatsApp list row")
    return row_id


def parse_suggestion_reply(reply_id: str | None) -> str | None:
    """The candidate id a voter picked, NONE_OF_THESE, or None when the reply is not to a suggestion."""
    if not reply_id or not reply_id.startswith(SUGGEST_PREFIX):
        return None
    return reply_id[len(SUGGEST_PREFIX) :] or None


def suggest_body(
    lang: str | None, candidates: list[tuple[str, str]], reply_to_wamid: str | None = None
) -> dict[str, Any]:
    """Ask "is it one of these?": reply buttons for up to 2 candidates, otherwise a list (up to 9)."""
    if not candidates:
        raise ValueError("no candidates to suggest")
    none_title = str(canned(lang, "suggest_none"))
    use_buttons = len(candidates) < BUTTONS_MAX
    chosen = candidates[: BUTTONS_MAX - 1] if use_buttons else candidates[: LIST_ROWS_MAX - 1]
    # Titles are cut hard by Meta's limits, so the body repeats each candidate in full, numbered.
    numbered = "\n".join(f"{n}. {shorten(title, 200)}" for n, (_, title) in enumerate(chosen, 1))
    intro = str(canned(lang, "suggest_intro"))
    body = _base("interactive", reply_to_wamid)
    if use_buttons:
        buttons = [
            {
                "type": "reply",
                "reply": {"id": suggestion_row_id(cid), "title": shorten(f"{n}. {title}", BUTTON_TITLE_MAX)},
            }
            for n, (cid, title) in enumerate(chosen, 1)
        ]
        none_reply = {"id": suggestion_row_id(NONE_OF_THESE), "title": shorten(none_title, BUTTON_TITLE_MAX)}
        buttons.append({"type": "reply", "reply": none_reply})
        body["interactive"] = {
            "type": "button",
            "body": {"text": shorten(f"{intro}\n\n{numbered}", BUTTONS_BODY_MAX)},
            "action": {"buttons": buttons},
        }
        return body
    rows = [
        {
            "id": suggestion_row_id(cid),
            "title": shorten(f"{n}. {title}", ROW_TITLE_MAX),
            "description": shorten(title, ROW_DESCRIPTION_MAX),
        }
        for n, (cid, title) in enumerate(chosen, 1)
    ]
    rows.append({"id": suggestion_row_id(NONE_OF_THESE), "title": shorten(none_title, ROW_TITLE_MAX)})
    body["interactive"] = {
        "type": "list",
        "body": {"text": shorten(f"{intro}\n\n{numbered}", TEXT_MAX)},
        "action": {
            "button": shorten(str(canned(lang, "suggest_button")), LIST_BUTTON_MAX),
            "sections": [
                {"title": shorten(str(canned(lang, "suggest_section")), SECTION_TITLE_MAX), "rows": rows}
            ],
        },
    }
    return body
