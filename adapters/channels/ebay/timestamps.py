"""eBay's timestamp format: ISO 8601 UTC with milliseconds and a ``Z``, e.g. ``2015-08-04T19:09:02.768Z``."""

from __future__ import annotations

import re
from datetime import UTC, datetime

_EBAY_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


def ebay_time(moment: datetime) -> str:
    """Format an aware datetime the way eBay writes and expects it (milliseconds truncated, not rounded)."""
    if moment.tzinfo is None:
        raise ValueError("eBay times must be timezone-aware")
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"


def parse_ebay_time(text: str) -> datetime:
    """Parse eBay's strict format; raises ValueError for anything else."""
    if not isinstance(text, str) or not _EBAY_TIME.match(text):
        raise ValueError(f"{text!r} is not an eBay timestamp (YYYY-MM-DDThh:mm:ss.sssZ)")
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def parse_lenient_time(text: str) -> datetime:
    """Parse an ISO 8601 time as found in order payloads (with or without milliseconds); UTC if no offset."""
    if not isinstance(text, str):
        raise ValueError(f"{text!r} is not a timestamp")
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
