"""Every real webhook payload in the shared samples turns into the right events, with nothing lost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLES
from tests.webhooks.sample_expectations import EXPECTED
from tipline.events import ParsedDelivery
from webhooks.parse import parse_delivery

SAMPLE_FILES = sorted(SAMPLES.glob("*.json"))  # top level only: signature/, outbound/, errors/ are not bodies


def lookup(obj: Any, path: str) -> Any:
    for part in path.split("."):
        if isinstance(obj, dict):
            obj = obj[part]
        elif isinstance(obj, (list, tuple)):
            obj = obj[int(part)]
        else:
            obj = getattr(obj, part)
    return obj


def assert_matches(event: Any, expected: dict[str, Any], where: str) -> None:
    for path, want in expected.items():
        got = lookup(event, path)
        if isinstance(want, str) and want.startswith("startswith:"):
            assert isinstance(got, str) and got.startswith(want.removeprefix("startswith:")), (
                f"{where} {path}"
            )
        else:
            assert got == want, f"{where} {path}: {got!r} != {want!r}"


def parse_sample(path: Path) -> ParsedDelivery:
    return parse_delivery(path.read_bytes())


def test_every_sample_has_an_expectation_and_every_expectation_a_sample() -> None:
    assert {path.name for path in SAMPLE_FILES} == set(EXPECTED)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.stem)
def test_sample_parses_to_the_expected_events(path: Path) -> None:
    expected = EXPECTED[path.name]
    parsed = parse_sample(path)
    assert parsed.ignored == [], "real samples are all well-formed: nothing should be set aside"
    for kind, events in (
        ("messages", parsed.messages),
        ("statuses", parsed.statuses),
        ("errors", parsed.errors),
    ):
        wanted = expected.get(kind, [])
        assert len(events) == len(wanted), f"{kind}: {events}"
        for index, (event, want) in enumerate(zip(events, wanted, strict=True)):
            assert_matches(event, want, f"{path.name} {kind}[{index}]")


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.stem)
def test_sample_times_are_aware_utc_and_ids_present(path: Path) -> None:
    parsed = parse_sample(path)
    for message in parsed.messages:
        assert message.wamid and message.sender.is_known
        assert message.sent_at is not None and message.sent_at.utcoffset() is not None
        assert message.sent_at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
    for status in parsed.statuses:
        assert status.wamid and status.recipient.is_known
        assert status.occurred_at is None or status.occurred_at.tzinfo is not None


def test_sample_timestamp_is_the_unix_seconds_meta_sent() -> None:
    message = parse_sample(SAMPLES / "msg_text__pywa.json").messages[0]
    assert message.sent_at is not None and int(message.sent_at.timestamp()) == 1697043223


def test_all_samples_together_give_every_event_once() -> None:
    parsed = [parse_sample(path) for path in SAMPLE_FILES]
    assert sum(len(p.messages) for p in parsed) == 34
    assert sum(len(p.statuses) for p in parsed) == 8
    assert sum(len(p.errors) for p in parsed) == 1
    for path, delivery in zip(SAMPLE_FILES, parsed, strict=True):
        empty = not (delivery.messages or delivery.statuses or delivery.errors)
        assert not empty or delivery.ignored, f"{path.name} yields nothing and says nothing"
