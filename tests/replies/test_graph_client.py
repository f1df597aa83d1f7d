"""The Graph client against the fake Graph API over real HTTP."""

from __future__ import annotations

import base64
import hashlib
import time
from collections.abc import Iterator

import pytest

from replies.errors import ErrorAction, GraphError, MediaDownloadError
from replies.graph import GraphClient, recipient_fields
from tests.replies.conftest import ACCESS_TOKEN, PHONE_NUMBER_ID, text
from tipline.simulator.fake_graph import FakeGraph


@pytest.fixture
def client(graph_url: str) -> Iterator[GraphClient]:
    with GraphClient(graph_url, ACCESS_TOKEN, PHONE_NUMBER_ID, timeout=5) as graph:
        yield graph


def _send_error(client: GraphClient) -> GraphError:
    with pytest.raises(GraphError) as caught:
        client.send({**text("halo"), "to": "+6281234567890"})
    return caught.value


def test_send_returns_the_wamid_and_reaches_the_fake(client: GraphClient, fake: FakeGraph) -> None:
    wamid = client.send({**text("halo"), "to": "+6281234567890"})
    assert wamid.startswith("wamid.")
    [entry] = fake.accepted()
    assert entry["wamid"] == wamid
    assert entry["phone_number_id"] == PHONE_NUMBER_ID
    assert entry["body"]["to"] == "+6281234567890"
    assert entry["body"]["messaging_product"] == "whatsapp"


def test_recipient_prefers_the_phone_number_with_a_plus() -> None:
    assert recipient_fields("6281234567890", "ID.123abc") == {"to": "+6281234567890"}
    assert recipient_fields("+62 812-3456-7890", None) == {"to": "+6281234567890"}
    assert recipient_fields(None, "ID.123abc") == {"recipient": "ID.123abc"}
    with pytest.raises(ValueError):
        recipient_fields(None, None)


def test_send_to_a_bsuid(client: GraphClient, fake: FakeGraph) -> None:
    client.send({**text("halo"), **recipient_fields(None, "ID.13491208655302741918")})
    assert fake.accepted()[0]["body"]["recipient"] == "ID.13491208655302741918"


def test_throughput_limit_429_is_retried(client: GraphClient, fake: FakeGraph) -> None:
    fake.fail_next(1, 429, 130429, 2494055, "Rate limit hit", details="too many messages")
    error = _send_error(client)
    assert (error.code, error.subcode, error.http_status) == (130429, 2494055, 429)
    assert error.action == ErrorAction.RETRY
    assert error.details == "too many messages"
    assert error.fbtrace_id


def test_pair_rate_limit_is_retried(client: GraphClient, fake: FakeGraph) -> None:
    fake.fail_next(1, 400, 131056, message="(Business Account, Consumer Account) pair rate limit hit")
    assert _send_error(client).action == ErrorAction.RETRY


def test_reengagement_and_undeliverable(client: GraphClient, fake: FakeGraph) -> None:
    fake.fail_next(1, 400, 131047, message="Re-engagement message")
    fake.fail_next(1, 400, 131026, message="Message undeliverable")
    assert _send_error(client).action == ErrorAction.REENGAGE
    assert _send_error(client).action == ErrorAction.UNREACHABLE


def test_wrong_token_is_190_and_permanent(graph_url: str, fake: FakeGraph) -> None:
    with GraphClient(graph_url, "not-the-token", PHONE_NUMBER_ID) as wrong:
        error = _send_error(wrong)
    assert (error.code, error.http_status, error.action) == (190, 401, ErrorAction.PERMANENT)
    assert fake.accepted() == []


def test_html_502_without_a_graph_body_is_retried(client: GraphClient, fake: FakeGraph) -> None:
    fake.fail_next(1, 502, None, raw_body="<html><body>Bad Gateway</body></html>")
    error = _send_error(client)
    assert (error.code, error.http_status, error.action) == (None, 502, ErrorAction.RETRY)


def test_timeout_is_retried(graph_url: str, fake: FakeGraph) -> None:
    fake.stall_next(1, seconds=1.0)
    with GraphClient(graph_url, ACCESS_TOKEN, PHONE_NUMBER_ID, timeout=0.2) as impatient:
        error = _send_error(impatient)
    assert error.code is None and error.http_status is None
    assert error.action == ErrorAction.RETRY
    # The fake still answers the stalled request later; let it land here, not in the next test's records.
    deadline = time.monotonic() + 5
    while not fake.sent and time.monotonic() < deadline:
        time.sleep(0.05)


def test_connection_refused_is_retried() -> None:
    with GraphClient("http://127.0.0.1:9/v25.0", ACCESS_TOKEN, PHONE_NUMBER_ID, timeout=2) as nowhere:
        assert _send_error(nowhere).action == ErrorAction.RETRY


def test_invalid_body_is_rejected_permanently(client: GraphClient) -> None:
    with pytest.raises(GraphError) as caught:
        client.send({**text("x" * 4097), "to": "+6281234567890"})
    assert caught.value.code == 131009
    assert caught.value.action == ErrorAction.PERMANENT


def test_mark_read_with_typing(client: GraphClient, fake: FakeGraph) -> None:
    client.mark_read("wamid.INBOUND", typing=True)
    [entry] = fake.sent
    assert entry["kind"] == "mark_read"
    assert entry["body"] == {
        "messaging_product": "whatsapp",
        "status": "read",
        "message_id": "wamid.INBOUND",
        "typing_indicator": {"type": "text"},
    }


def test_media_info_and_download_with_both_checksum_encodings(client: GraphClient, fake: FakeGraph) -> None:
    data = b"\x89PNG fake image bytes" * 100
    fake.add_media("98765", data, "image/png")
    info = client.media_info("98765")
    assert (info.id, info.mime_type, info.file_size) == ("98765", "image/png", len(data))
    digest = hashlib.sha256(data).digest()
    assert client.download(info.url, 10_000, sha256=digest.hex()) == data
    assert client.download(info.url, 10_000, sha256=base64.b64encode(digest).decode()) == data
    with pytest.raises(MediaDownloadError):
        client.download(info.url, 10_000, sha256=base64.b64encode(b"\0" * 32).decode())
    with pytest.raises(MediaDownloadError):
        client.download(info.url, 100)


def test_unknown_media_is_error_100(client: GraphClient) -> None:
    with pytest.raises(GraphError) as caught:
        client.media_info("404404")
    assert (caught.value.code, caught.value.subcode) == (100, 33)


def test_media_download_needs_the_bearer(client: GraphClient, fake: FakeGraph, graph_url: str) -> None:
    fake.add_media("555", b"abc", "image/jpeg")
    url = client.media_info("555").url
    with GraphClient(graph_url, "wrong", PHONE_NUMBER_ID) as wrong, pytest.raises(GraphError) as caught:
        wrong.download(url, 100)
    assert caught.value.code == 190
