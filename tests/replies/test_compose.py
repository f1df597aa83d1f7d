"""What we say: Meta's limits hold for any input, and every composed body is accepted by the fake."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from replies import compose
from replies.graph import GraphClient
from tests.replies.conftest import ACCESS_TOKEN, PHONE_NUMBER_ID
from tipline.settings import CONTENT_DIR
from tipline.simulator.fake_graph import FakeGraph

LONG_CLAIM = "Surat suara sudah dicoblos sebelum hari pemilihan di TPS 12 " * 80
LONG_EXPLANATION = "Faktanya, KPU menyatakan bahwa surat suara tersebut adalah contoh untuk simulasi. " * 120


@pytest.fixture
def client(graph_url: str) -> Iterator[GraphClient]:
    with GraphClient(graph_url, ACCESS_TOKEN, PHONE_NUMBER_ID) as graph:
        yield graph


def _send(client: GraphClient, body: dict[str, Any]) -> str:
    return client.send({**body, "to": "+6281234567890"})


def test_both_languages_have_the_same_keys_and_labels() -> None:
    texts = {
        lang: json.loads((CONTENT_DIR / "replies" / f"{lang}.json").read_text()) for lang in ("id", "en")
    }
    assert set(texts["id"]) == set(texts["en"])
    assert set(texts["id"]["verdict_labels"]) == set(texts["en"]["verdict_labels"])
    for key in ("greeting", "help", "checking_ack", "suggest_intro", "unsupported_type", "privacy_note"):
        assert texts["id"][key] != texts["en"][key]
    for lang in texts:
        assert len(texts[lang]["suggest_none"]) <= compose.BUTTON_TITLE_MAX
        assert len(texts[lang]["suggest_button"]) <= compose.LIST_BUTTON_MAX
        assert len(texts[lang]["suggest_section"]) <= compose.SECTION_TITLE_MAX


@pytest.mark.parametrize("lang", ["id", "en"])
def test_verdict_quotes_the_checked_claim_as_such_not_as_the_voters_message(lang: str) -> None:
    # The quote is the fact-check's wording of the claim, which is rarely what the voter forwarded (a photo,
    # a paraphrase, another language): calling it "the message you sent" showed voters words they never sent.
    body = compose.verdict_body(
        lang, rating="SALAH", claim="Tinta pemilu mengandung lemak babi", explanation="", source_url=None
    )["text"]["body"]
    assert "Tinta pemilu mengandung lemak babi" in body
    assert not any(words in body.lower() for words in ("kamu kirim", "you sent", "pesanmu", "your message"))


def test_unknown_language_falls_back_to_indonesian() -> None:
    assert compose.resolve_language("jv") == "id"
    assert compose.resolve_language(None) == "id"
    assert compose.resolve_language("en_US") == "en"
    assert compose.checking_body("su") == compose.checking_body("id")
    assert compose.checking_body("EN")["text"]["body"].startswith("Thank you")


def test_verdict_body_is_trimmed_under_4096_and_keeps_the_source(
    client: GraphClient, fake: FakeGraph
) -> None:
    body = compose.verdict_body(
        "id",
        rating="SALAH",
        claim=LONG_CLAIM,
        explanation=LONG_EXPLANATION,
        source_url="https://cekfakta.example/surat-suara",
        reply_to_wamid="wamid.IN",
    )
    message = body["text"]["body"]
    assert len(message) <= 4096
    assert "❌ *SALAH*" in message
    assert "https://cekfakta.example/surat-suara" in message
    assert "…" in message
    assert len(message.split('_"')[1].split('"_')[0]) <= compose.CLAIM_MAX
    assert body["text"]["preview_url"] is True
    assert body["context"] == {"message_id": "wamid.IN"}
    assert "to" not in body and "recipient" not in body
    _send(client, body)
    assert fake.accepted()[0]["body"]["text"]["body"] == message


def test_links_in_the_claim_do_not_steal_the_preview() -> None:
    body = compose.verdict_body(
        "en",
        rating="False",
        claim="Look http://hoax.example/x now",
        explanation=None,
        source_url="https://factcheck.example/a",
        reply_to_wamid=None,
    )
    message = body["text"]["body"]
    assert "hoax.example" not in message
    assert message.index("https://") == message.index("https://factcheck.example/a")
    assert "context" not in body


@pytest.mark.parametrize(
    ("rating", "expected"),
    [
        ("SALAH", "❌ *SALAH*"),
        ("hoaks", "❌ *HOAKS*"),
        ("Konten yang Menyesatkan", "⚠️ *MENYESATKAN*"),
        ("Sebagian benar", "⚠️ *SEBAGIAN BENAR*"),
        ("Tidak Benar", "❌ *SALAH*"),
        ("BENAR", "✅ *BENAR*"),
    ],
)
def test_rating_words_get_clear_labels(rating: str, expected: str) -> None:
    assert compose.verdict_label("id", rating) == expected


def test_a_rating_merely_containing_true_is_never_called_true() -> None:
    label = compose.verdict_label("en", "Kurang Benar")
    assert "TRUE" not in label.upper().replace("KURANG BENAR", "")
    assert "Kurang Benar" in label


def test_suggest_list_obeys_meta_limits(client: GraphClient, fake: FakeGraph) -> None:
    candidates = [
        (f"debunk:{n}", f"Video kerusuhan di kantor KPU nomor {n} adalah rekayasa lama") for n in range(12)
    ]
    body = compose.suggest_body("id", candidates, "wamid.IN")
    interactive = body["interactive"]
    assert interactive["type"] == "list"
    rows = interactive["action"]["sections"][0]["rows"]
    assert len(rows) == 10
    assert all(len(row["title"]) <= 24 and len(row.get("description", "")) <= 72 for row in rows)
    assert rows[-1]["id"] == "suggest:none" and rows[-1]["title"] == "Tidak ada yang cocok"
    assert compose.parse_suggestion_reply(rows[0]["id"]) == "debunk:0"
    assert compose.parse_suggestion_reply(rows[-1]["id"]) == compose.NONE_OF_THESE
    assert compose.parse_suggestion_reply("menu:help") is None
    _send(client, body)
    assert len(fake.accepted()) == 1


def test_suggest_buttons_for_two_candidates(client: GraphClient, fake: FakeGraph) -> None:
    body = compose.suggest_body(
        "en", [("a", "A very long headline about ballots " * 3), ("b", "Short")], None
    )
    interactive = body["interactive"]
    assert interactive["type"] == "button"
    titles = [b["reply"]["title"] for b in interactive["action"]["buttons"]]
    assert len(titles) == 3 and titles[-1] == "None of these"
    assert all(len(t) <= 20 for t in titles)
    assert "A very long headline about ballots" in interactive["body"]["text"]
    _send(client, body)
    assert len(fake.accepted()) == 1


def test_text_body_formats_and_keeps_unknown_placeholders() -> None:
    body = compose.text_body("en", "verdict_label_other", None, rating="Odd")
    assert body["text"]["body"] == "ℹ️ Result: *Odd*"
    assert compose.text_body("en", "verdict_label_other", None)["text"]["body"] == "ℹ️ Result: *{rating}*"


@pytest.mark.parametrize("key", ["greeting", "help", "checking_ack", "unsupported_type", "privacy_note"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_canned_texts_are_accepted(client: GraphClient, lang: str, key: str) -> None:
    assert _send(client, compose.text_body(lang, key, "wamid.IN")).startswith("wamid.")


def test_outro_fits_the_verdict_and_an_empty_rating_gets_no_label() -> None:
    true_body = compose.verdict_body("id", rating="Benar", claim="c", explanation="e", source_url=None)
    false_body = compose.verdict_body("id", rating="Salah", claim="c", explanation="e", source_url=None)
    assert (
        "hentikan hoaks" in false_body["text"]["body"] and "hentikan hoaks" not in true_body["text"]["body"]
    )
    assert true_body["text"]["preview_url"] is False
    empty = compose.verdict_body("id", rating=" ", claim="c", explanation="e", source_url=None)["text"][
        "body"
    ]
    assert "Hasil pemeriksaan" not in empty and "*?*" not in empty
