"""What to do about a Graph API error: classified by Meta's `error.code`, never by the HTTP status.

Codes and actions follow Meta's error-code page and the table in the Cloud API notes (§5.3).
"""

from __future__ import annotations

import random
from enum import StrEnum


class ErrorAction(StrEnum):
    RETRY = "retry"  # transient: the same body may succeed later
    REENGAGE = "reengage"  # outside the 24 h window: only a template can reach the voter now
    UNREACHABLE = "unreachable"  # not a WhatsApp user (any more): stop writing to this voter
    PERMANENT = "permanent"  # our body, token or account is wrong: retrying cannot help


PAIR_RATE_LIMIT = 131056
THROUGHPUT_LIMIT = 130429
MAINTENANCE = 131057
APP_REQUEST_LIMIT = 4
WABA_RATE_LIMIT = 80007
REENGAGEMENT = 131047
UNDELIVERABLE = 131026

RETRY_CODES = frozenset(
    {1, 2, 131000, 131016, THROUGHPUT_LIMIT, PAIR_RATE_LIMIT, MAINTENANCE, APP_REQUEST_LIMIT, WABA_RATE_LIMIT}
)


def classify(code: int | None, *, http_status: int | None = None) -> ErrorAction:
    """The action for an error code; `code=None` means the answer had no Graph error body at all."""
    if code is None:
        # No body to read (connection error, timeout, an HTML 502 from a proxy): only the transport speaks.
        if http_status is None or http_status >= 500 or http_status == 429:
            return ErrorAction.RETRY
        return ErrorAction.PERMANENT
    if code in RETRY_CODES:
        return ErrorAction.RETRY
    if code == REENGAGEMENT:
        return ErrorAction.REENGAGE
    if code == UNDELIVERABLE:
        return ErrorAction.UNREACHABLE
    # 100, 131008, 131009, 190, 0, 3, 10, 200-299, 368, 131031, 132xxx, 130472, 131051 and anything unknown.
    return ErrorAction.PERMANENT


def retry_delay(
    code: int | None,
    attempt: int,
    *,
    base_seconds: float,
    max_seconds: float,
    rng: random.Random | None = None,
) -> float:
    """Seconds to wait before retry number `attempt` (0 for the first retry) of a RETRY error."""
    attempt = max(0, attempt)
    if code == PAIR_RATE_LIMIT:
        # Meta's own advice for the pair limit: wait 4^X seconds.
        return float(min(max_seconds, 4.0**attempt))
    if code == MAINTENANCE:
        return float(min(max_seconds, 60.0))
    if code in (APP_REQUEST_LIMIT, WABA_RATE_LIMIT):
        # App- and WABA-level limits are counted per hour: seconds of waiting would only burn attempts.
        return float(min(max_seconds, max(60.0, base_seconds * 2.0**attempt)))
    exponential = min(max_seconds, base_seconds * 2.0**attempt)
    # Jitter spreads the retries of many workers that all hit the throughput limit at the same instant.
    return exponential * (0.5 + 0.5 * (rng or random).random())


class GraphError(Exception):
    """A failed Graph API call, with everything Meta told us and the action it calls for."""

    def __init__(
        self,
        code: int | None,
        message: str,
        *,
        subcode: int | None = None,
        details: str | None = None,
        fbtrace_id: str | None = None,
        http_status: int | None = None,
        action: ErrorAction | None = None,
    ) -> None:
        super().__init__(f"Graph API error {code} (HTTP {http_status}): {message}")
        self.code = code
        self.subcode = subcode
        self.message = message
        self.details = details
        self.fbtrace_id = fbtrace_id
        self.http_status = http_status
        self.action = action if action is not None else classify(code, http_status=http_status)

    @property
    def detail_text(self) -> str:
        """One line for the outbox's error_detail column."""
        return f"{self.message} | {self.details}" if self.details else self.message


class MediaDownloadError(Exception):
    """The media could not be used: too large, or its bytes do not match Meta's checksum."""
