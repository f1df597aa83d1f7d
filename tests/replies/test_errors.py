import random

import pytest

from replies.errors import ErrorAction, classify, retry_delay


@pytest.mark.parametrize("code", [1, 2, 4, 131000, 131016, 130429, 131056, 131057, 80007])
def test_transient_codes_are_retried(code: int) -> None:
    assert classify(code) == ErrorAction.RETRY


@pytest.mark.parametrize(
    "code",
    [100, 131008, 131009, 190, 0, 3, 10, 200, 250, 299, 368, 131031, 132000, 132012, 130472, 131051, 999999],
)
def test_permanent_and_unknown_codes_are_not_retried(code: int) -> None:
    assert classify(code) == ErrorAction.PERMANENT


def test_window_and_unreachable_codes_have_their_own_action() -> None:
    assert classify(131047) == ErrorAction.REENGAGE
    assert classify(131026) == ErrorAction.UNREACHABLE


def test_code_wins_over_http_status() -> None:
    # Meta answers some permanent errors with 500 and some transient ones with 400.
    assert classify(100, http_status=500) == ErrorAction.PERMANENT
    assert classify(131056, http_status=400) == ErrorAction.RETRY


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (None, ErrorAction.RETRY),
        (502, ErrorAction.RETRY),
        (429, ErrorAction.RETRY),
        (404, ErrorAction.PERMANENT),
        (400, ErrorAction.PERMANENT),
    ],
)
def test_without_a_body_only_transport_failures_retry(status: int | None, action: ErrorAction) -> None:
    assert classify(None, http_status=status) == action


def test_pair_rate_limit_waits_four_to_the_attempt() -> None:
    delays = [retry_delay(131056, n, base_seconds=0.01, max_seconds=600) for n in range(4)]
    assert delays == [1.0, 4.0, 16.0, 64.0]
    assert retry_delay(131056, 10, base_seconds=0.01, max_seconds=600) == 600


def test_maintenance_waits_a_minute() -> None:
    assert retry_delay(131057, 0, base_seconds=1, max_seconds=600) == 60
    assert retry_delay(131057, 0, base_seconds=1, max_seconds=30) == 30


def test_throughput_backoff_grows_with_jitter_under_the_cap() -> None:
    rng = random.Random(7)
    delays = [retry_delay(130429, n, base_seconds=1, max_seconds=20, rng=rng) for n in range(8)]
    for n, delay in enumerate(delays):
        assert min(20, 2**n) * 0.5 <= delay <= min(20, 2**n)
    assert len({round(d, 6) for d in delays}) == len(delays)
