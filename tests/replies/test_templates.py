"""The verdict template: what we send after the 24-hour window, checked against the fake Graph API's rules."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx

from replies.templates import (
    TEMPLATES_DIR,
    VERDICT_TEMPLATE_PARAMETERS,
    asked_on,
    definitions,
    parameter_text,
    verdict_template_body,
)
from tests.replies.conftest import ACCESS_TOKEN, PHONE_NUMBER_ID
from tipline.simulator.fake_graph import FakeGraph

AUTH = {"Authorization": f"Bearer {ACCESS_TOKEN}"}
SHIPPED = [d for path in sorted(TEMPLATES_DIR.glob("*.json")) for d in json.loads(path.read_text())]
# Meta's limit for a template body once its parameters are filled in.
BODY_MAX = 1024


def _post(graph_url: str, body: dict[str, object]) -> httpx.Response:
    return httpx.post(f"{graph_url}/{PHONE_NUMBER_ID}/messages", json=body, headers=AUTH, timeout=5)


def _longest_verdict(lang: str) -> dict[str, object]:
    return verdict_template_body(
        "tipline_verdict",
        lang,
        lang,
        rating="Konten yang Dimanipulasi",
        claim="klaim panjang\n\ndengan baris baru     dan spasi " * 40,
        source_url="https://cekfakta.example/" + "a" * 400,
        asked="28 Des 2026",
    )


def test_a_parameter_is_one_line_without_runs_of_spaces_and_never_empty() -> None:
    assert parameter_text("Baris satu\nbaris\tdua      tiga", 100) == "Baris satu baris dua tiga"
    assert parameter_text("  \n ", 100) == "-"
    assert len(parameter_text("kata " * 100, 50)) <= 50


def test_the_shipped_verdict_template_takes_the_parameters_we_send_in_both_languages() -> None:
    found = definitions()
    assert {("tipline_verdict", "id"), ("tipline_verdict", "en")} <= set(found)
    for lang in ("id", "en"):
        definition = found[("tipline_verdict", lang)]
        assert set(definition.parameters) == set(VERDICT_TEMPLATE_PARAMETERS)
        # Meta refuses a body that starts or ends with a parameter.
        assert not definition.text.startswith("{{") and not definition.text.rstrip().endswith("}}")
        sent = _longest_verdict(lang)["template"]
        values = {p["parameter_name"]: p["text"] for p in sent["components"][0]["parameters"]}  # type: ignore[index]
        assert set(values) == set(VERDICT_TEMPLATE_PARAMETERS)
        assert len(definition.render(values)) <= BODY_MAX


def test_the_verdict_template_names_the_day_the_voter_asked_where_they_are() -> None:
    late_evening_utc = datetime(2026, 12, 3, 18, 30, tzinfo=UTC)  # 01:30 on the 4th in Jakarta
    assert asked_on(late_evening_utc, "id", "Asia/Jakarta") == "4 Des 2026"
    assert asked_on(late_evening_utc, "en", "UTC") == "3 Dec 2026"
    body = verdict_template_body(
        "tipline_verdict",
        "id",
        "id",
        rating="SALAH",
        claim="Surat suara sudah dicoblos",
        source_url="https://cekfakta.example/1",
        asked="4 Des 2026",
    )
    values = {p["parameter_name"]: p["text"] for p in body["template"]["components"][0]["parameters"]}
    assert values == {
        "asked_on": "4 Des 2026",
        "verdict": "❌ SALAH",  # the label without its asterisks
        "claim": "Surat suara sudah dicoblos",
        "source": "https://cekfakta.example/1",
    }


def test_meta_accepts_the_verdict_template_once_approved(graph_url: str, fake: FakeGraph) -> None:
    body = {**_longest_verdict("id"), "to": "6281234567890"}
    refused = _post(graph_url, body)
    assert refused.status_code == 400 and refused.json()["error"]["code"] == 132001
    fake.approve_templates(SHIPPED)
    assert _post(graph_url, body).status_code == 200


def test_the_fake_refuses_a_template_with_wrong_parameters_as_meta_does(
    graph_url: str, fake: FakeGraph
) -> None:
    fake.approve_templates(SHIPPED)
    body = {**_longest_verdict("en"), "to": "6281234567890"}
    parameters = body["template"]["components"][0]["parameters"]  # type: ignore[index]
    parameters[2]["text"] = "two\nlines"
    assert _post(graph_url, body).json()["error"]["code"] == 132018
    parameters[2]["text"] = "one line"
    parameters.pop()
    assert _post(graph_url, body).json()["error"]["code"] == 132000


def test_after_the_window_closes_meta_takes_free_text_but_reports_it_failed(
    graph_url: str, fake: FakeGraph
) -> None:
    fake.approve_templates(SHIPPED)
    text = {"messaging_product": "whatsapp", "to": "6281234567890", "type": "text", "text": {"body": "hi"}}
    fake.close_window("6281234567890")
    assert _post(graph_url, text).status_code == 200  # accepted; the failure comes as a status webhook
    assert _post(graph_url, {**_longest_verdict("id"), "to": "6281234567890"}).status_code == 200
    first, template = fake.accepted()
    assert first["error_code"] == 131047 and template["error_code"] is None
    fake.open_window("+6281234567890")
    _post(graph_url, text)
    assert fake.accepted()[-1]["error_code"] is None
