"""getOrders query parameters as eBay parses and validates them (filter, limit, offset, orderIds)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from adapters.channels.ebay.timestamps import parse_ebay_time
from simulators.ebay.errors import ApiError, bad_request

_RANGE = re.compile(r"^\[(.*)\.\.(.*)\]$")
_STATUS_COMBOS = (frozenset({"NOT_STARTED", "IN_PROGRESS"}), frozenset({"FULFILLED", "IN_PROGRESS"}))
_RESERVED = set("[]{}|")
DEFAULT_LIMIT, MAX_LIMIT, MAX_ORDER_IDS = 50, 200, 50


@dataclass(frozen=True)
class DateRange:
    field: str  # "creationDate" or "lastModifiedDate"
    start: datetime
    end: datetime | None

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment and (self.end is None or moment <= self.end)


@dataclass(frozen=True)
class OrderQuery:
    order_ids: tuple[str, ...] | None
    dates: DateRange
    fulfillment: frozenset[str] | None
    limit: int
    offset: int
    tax_breakdown: bool


def _date_range(name: str, value: str, now: datetime) -> DateRange:
    match = _RANGE.match(value.strip())
    if not match:
        raise bad_request(30800, "Invalid filter value", (name, value))
    start_text, end_text = match.group(1).strip(), match.group(2).strip()
    if not start_text:
        raise bad_request(30820, "Start date is missing", (name, value))
    try:
        start = parse_ebay_time(start_text)
        end = parse_ebay_time(end_text) if end_text else None
    except ValueError:
        raise bad_request(30810, "Invalid date format", (name, value)) from None
    if end is not None and start > end:
        raise bad_request(30840, "Start date is after end date", (name, value))
    if start > now or (end is not None and end > now):
        raise bad_request(30850, "Dates in the future are not allowed", (name, value))
    if start < now - timedelta(days=730):
        raise bad_request(30830, "Start date is more than two years ago", (name, value))
    return DateRange("creationDate" if name == "creationdate" else "lastModifiedDate", start, end)


def _int(params: Mapping[str, str], name: str, default: int, error_id: int, low: int, high: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    if not raw.strip().isdigit() or not low <= int(raw) <= high:
        raise bad_request(error_id, f"Invalid {name}", (name, raw))
    return int(raw)


def parse_query(
    raw_query: str, params: Mapping[str, str], now: datetime, strict_encoding: bool
) -> OrderQuery:
    """Validate like eBay (errors 30700-31100, 32800); raises ``ApiError``."""
    if strict_encoding and _RESERVED & set(raw_query):
        raise ApiError(
            400,
            30800,
            "Invalid filter value",
            "The characters [ ] { } | in the filter must be URL-encoded (%5B %5D %7B %7D %7C).",
        )
    fields = params.get("fieldGroups")
    if fields is not None and fields != "TAX_BREAKDOWN":
        raise bad_request(32800, "Invalid fieldGroups", ("fieldGroups", fields))
    limit = _int(params, "limit", DEFAULT_LIMIT, 31100, 1, MAX_LIMIT)
    offset = _int(params, "offset", 0, 31000, 0, 10**9)
    ids = params.get("orderIds")
    if ids is not None:
        order_ids = tuple(i.strip() for i in ids.split(",") if i.strip())
        if len(order_ids) > MAX_ORDER_IDS:
            raise bad_request(30900, "Exceeded maximum number of order IDs (50)", ("orderIds", ids[:80]))
        everything = DateRange("creationDate", datetime.min.replace(tzinfo=now.tzinfo), None)
        return OrderQuery(order_ids, everything, None, MAX_LIMIT, 0, fields is not None)
    ranges: dict[str, DateRange] = {}
    fulfillment = None
    for criterion in (c for c in (params.get("filter") or "").split(",") if c.strip()):
        name, sep, value = criterion.partition(":")
        name = name.strip()
        if not sep or name not in ("creationdate", "lastmodifieddate", "orderfulfillmentstatus"):
            raise bad_request(30700, "Invalid filter name", ("filter", name))
        if name == "orderfulfillmentstatus":
            statuses = frozenset(s.strip() for s in value.strip().strip("{}").split("|"))
            if not value.strip().startswith("{") or statuses not in _STATUS_COMBOS:
                raise bad_request(30800, "Invalid filter value", (name, value))
            fulfillment = statuses
        else:
            ranges[name] = _date_range(name, value, now)
    # With both date filters eBay uses creationdate only; with none, orders created in the last 90 days.
    dates = ranges.get("creationdate") or ranges.get("lastmodifieddate")
    dates = dates or DateRange("creationDate", now - timedelta(days=90), None)
    return OrderQuery(None, dates, fulfillment, limit, offset, fields is not None)
