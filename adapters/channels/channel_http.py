"""The httpx client a channel talks through: bounded (adapters/channels/bounded_transport.py), and
logging its URLs without the passwords they may carry (``http://user:pw@shop.example``)."""

from __future__ import annotations

import logging
from typing import Any

import httpx

from adapters.channels.bounded_transport import ACCEPTED_ENCODINGS, BoundedTransport
from ports.channels import ChannelLimits
from ports.redaction import url_without_password


class _UrlPasswordFilter(logging.Filter):
    """httpx logs each request's URL as it is, userinfo included: mask the password in it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                url_without_password(str(a)) if isinstance(a, httpx.URL | str) else a for a in record.args
            )
        return True


_FILTER = _UrlPasswordFilter()


def channel_http_client(
    limits: ChannelLimits,
    timeout: float,
    *,
    transport: httpx.BaseTransport | None = None,
    headers: dict[str, str] | None = None,
    **options: Any,
) -> httpx.Client:
    """A client for one channel; ``transport`` replaces the bounded one only in tests of a client."""
    logging.getLogger("httpx").addFilter(_FILTER)  # once: a logger keeps one copy of a filter
    # Proxy variables are ignored: the address guard must see the address actually called.
    return httpx.Client(
        transport=transport or BoundedTransport(limits),
        timeout=timeout,
        trust_env=False,
        headers={"Accept-Encoding": ACCEPTED_ENCODINGS, **(headers or {})},
        **options,
    )
