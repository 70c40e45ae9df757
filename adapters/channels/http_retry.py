"""One HTTP call with the retry policy every channel client shares (docs/adr/003-retry-policy.md).

Retryable: connection errors, timeouts, 429, 5xx. Waits grow exponentially (1, 2, 4, ... s,
capped) and honour ``Retry-After`` when the channel sends it. After ``attempts`` tries the
call raises ``RetryableChannelError``: the sync stops cleanly and the next one resumes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import orjson

from adapters.channels.address_guard import AddressRefusedError
from adapters.channels.bounded_transport import (
    BrokenEncodingError,
    DeadlineExceededError,
    ResponseTooLargeError,
)
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
    """Call ``send`` until it returns a non-retryable response; return that response.

    A call that broke a limit (deadline, size, address: ports.channels.ChannelLimits) is not tried
    again at once: the same channel would break it again.
    """
    last = ""
    for attempt in range(attempts):
        try:
            response = send()
        except (
            DeadlineExceededError,
            ResponseTooLargeError,
            BrokenEncodingError,
            AddressRefusedError,
        ) as exc:
            raise type(exc)(f"{what}: {exc}") from None
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


def json_body(response: httpx.Response, what: str, *, keep_bad_bytes: bool = False) -> Any:
    """The JSON body, or a retryable error saying what came instead (HTML error pages, garbage).

    The error never quotes the body: a channel URL may point at a service that is not the channel,
    and its answer is none of the sync's business. Bytes that are not UTF-8 spoil only the text they
    are in: replaced by U+FFFD, or with ``keep_bad_bytes`` kept as lone surrogates so that the
    adapter can quarantine just the entry holding them (adapters/channels/raw_payloads.py).
    """
    content = response.content
    try:
        return orjson.loads(content)
    except orjson.JSONDecodeError as exc:
        if "depth" in str(exc) or "recursion" in str(exc):
            raise _nested_too_deeply(what) from None
    try:
        return json.loads(content.decode("utf-8", "surrogateescape" if keep_bad_bytes else "replace"))
    except RecursionError:
        raise _nested_too_deeply(what) from None
    except ValueError:
        kind = response.headers.get("content-type", "no content type")
        raise RetryableChannelError(
            f"{what}: expected JSON, got {kind} that is not JSON (HTTP {response.status_code},"
            f" {len(content)} bytes); check the channel's URL"
        ) from None


def json_or_none(response: httpx.Response) -> Any:
    """The body as JSON if it is (an error envelope, say); None for anything else."""
    try:
        return orjson.loads(response.content)
    except orjson.JSONDecodeError:
        return None


def _nested_too_deeply(what: str) -> RetryableChannelError:
    return RetryableChannelError(
        f"{what}: the channel answered JSON nested more than 1024 levels deep, which no answer of its"
        " protocol is: the channel (or whatever answers at its URL) is broken; the next sync retries"
    )
