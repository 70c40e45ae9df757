"""One HTTP call with the retry policy every channel client shares (docs/adr/003-retry-policy.md).

Retryable: connection errors, timeouts, 429, 5xx. Waits grow exponentially (1, 2, 4, ... s,
capped) and honour ``Retry-After`` when the channel sends it. After ``attempts`` tries the
call raises ``RetryableChannelError``: the sync stops cleanly and the next one resumes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from ports.channels import RetryableChannelError

RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


def retry_after_seconds(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def send_with_retry(
    send: Callable[[], httpx.Response],
    *,
    sleep: Callable[[float], Any],
    what: str,
    attempts: int = 5,
    base_delay: float = 1.0,
    max_delay: float = 30.0,
) -> httpx.Response:
    """Call ``send`` until it returns a non-retryable response; return that response."""
    last = ""
    for attempt in range(attempts):
        try:
            response = send()
        except httpx.TimeoutException:
            last = f"{what}: timed out"
        except httpx.TransportError as exc:
            last = f"{what}: cannot connect ({exc.__class__.__name__}: {exc})"
        else:
            if response.status_code not in RETRYABLE_STATUS:
                return response
            last = f"{what}: HTTP {response.status_code}"
            hinted = retry_after_seconds(response)
            if hinted is not None and attempt < attempts - 1:
                sleep(min(hinted, max_delay))
                continue
        if attempt < attempts - 1:
            sleep(min(base_delay * 2**attempt, max_delay))
    raise RetryableChannelError(f"{last} (gave up after {attempts} attempts; the next sync retries)")


def json_body(response: httpx.Response, what: str) -> Any:
    """The JSON body, or a retryable error naming what came instead (HTML error pages, garbage)."""
    try:
        return response.json()
    except ValueError:
        snippet = response.text[:120].replace("\n", " ")
        raise RetryableChannelError(
            f"{what}: expected JSON, got {response.headers.get('content-type', 'no content type')}: {snippet!r}"
        ) from None
