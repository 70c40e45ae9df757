"""The simulator's searchOrders rules: window validation, filters, includedData and the paging rule.

A pagination token is base64 of the filters as first sent, the (date, id) of the last order
returned and when it was issued, so orders that change while a client pages (and leave the
window) never shift a page. A later page must repeat the first page's parameters (only
``maxResultsPerPage`` and ``includedData`` may differ) and a token expires after 24 hours.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from simulators.amazon.orders import BLOCKS, STATUS_2026, SimOrder, amazon_time

FRESHEST = timedelta(minutes=2)
TOKEN_LIFETIME = timedelta(hours=24)
FILTERS = ("createdAfter", "createdBefore", "lastUpdatedAfter", "lastUpdatedBefore",
           "fulfillmentStatuses", "marketplaceIds", "fulfilledBy")  # fmt: skip
KNOWN = frozenset({*FILTERS, "maxResultsPerPage", "paginationToken", "includedData"})


class SimInputError(Exception):
    """A 400 InvalidInput (or another status) the simulator answers with Amazon's error envelope."""

    def __init__(self, message: str, status: int = 400, code: str = "InvalidInput") -> None:
        self.status, self.code = status, code
        super().__init__(message)


def split_list(values: Iterable[str]) -> list[str]:
    """Arrays come comma-separated (Swagger csv); repeated parameters are accepted too."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def included_data(params: Mapping[str, list[str]]) -> frozenset[str]:
    blocks = split_list(params.get("includedData", []))
    if bad := [b for b in blocks if b not in BLOCKS]:
        raise SimInputError(f"Invalid includedData: {', '.join(bad)}")
    return frozenset(blocks)


def _time(name: str, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise SimInputError(f"{name} is not a valid ISO 8601 date: {value}") from None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass
class OrdersQuery:
    filters: dict[str, list[str]]
    """The parameters that must stay the same on every page, as first sent."""
    marketplaces: list[str]
    by_update: bool
    after: datetime
    before: datetime
    statuses: list[str]
    fulfilled_by: list[str]
    page_size: int
    blocks: frozenset[str]

    @classmethod
    def parse(cls, params: Mapping[str, list[str]], now: datetime) -> OrdersQuery:
        if unknown := sorted(set(params) - KNOWN):
            raise SimInputError(f"Unknown parameter: {', '.join(unknown)}")

        def one(name: str) -> str | None:
            values = params.get(name)
            return values[0] if values else None

        marketplaces = split_list(params.get("marketplaceIds", []))
        if len(marketplaces) > 50:
            raise SimInputError("marketplaceIds may hold at most 50 values")
        created = _time("createdAfter", one("createdAfter")), _time("createdBefore", one("createdBefore"))
        updated = (
            _time("lastUpdatedAfter", one("lastUpdatedAfter")),
            _time("lastUpdatedBefore", one("lastUpdatedBefore")),
        )
        if (created[0] or created[1]) and (updated[0] or updated[1]):
            raise SimInputError("createdAfter/createdBefore cannot be combined with lastUpdatedAfter/Before")
        by_update = updated[0] is not None
        after, before = updated if by_update else created
        if after is None:
            raise SimInputError("Exactly one of createdAfter and lastUpdatedAfter must be specified")
        kind = "lastUpdated" if by_update else "created"
        latest = now - FRESHEST
        if before is None:
            before = latest
        elif before > latest:
            raise SimInputError(f"{kind}Before must be at least 2 minutes before the time of the request")
        if after > before:
            raise SimInputError(f"{kind}Before must be equal to or after {kind}After")
        try:
            page_size = int(one("maxResultsPerPage") or 100)
        except ValueError:
            raise SimInputError("maxResultsPerPage must be an integer") from None
        if not 1 <= page_size <= 100:
            raise SimInputError("maxResultsPerPage must be between 1 and 100")
        statuses = split_list(params.get("fulfillmentStatuses", []))
        if bad := [s for s in statuses if s not in STATUS_2026.values()]:
            raise SimInputError(f"Invalid fulfillmentStatuses: {', '.join(bad)}")
        fulfilled_by = split_list(params.get("fulfilledBy", []))
        if bad := [c for c in fulfilled_by if c not in ("AMAZON", "MERCHANT")]:
            raise SimInputError(f"Invalid fulfilledBy: {', '.join(bad)}")
        filters = {name: split_list(params[name]) for name in FILTERS if name in params}
        return cls(filters, marketplaces, by_update, after, before, statuses, fulfilled_by, page_size,
                   included_data(params))  # fmt: skip

    def key(self, order: SimOrder) -> tuple[str, str]:
        moment = order.last_update if self.by_update else order.purchase_date
        return amazon_time(moment), order.amazon_order_id

    def matches(self, order: SimOrder) -> bool:
        moment = order.last_update if self.by_update else order.purchase_date
        return (
            (not self.marketplaces or order.marketplace_id in self.marketplaces)
            and self.after <= moment.replace(microsecond=0) <= self.before
            and (not self.statuses or STATUS_2026[order.status] in self.statuses)
            and (not self.fulfilled_by or order.fulfilled_by in self.fulfilled_by)
        )

    def matches_raw(self, raw: Mapping[str, Any]) -> bool:
        """For orders kept as raw JSON (the model's sandbox examples)."""
        moment = _time("time", raw["lastUpdatedTime"] if self.by_update else raw["createdTime"])
        marketplace = raw.get("salesChannel", {}).get("marketplaceId")
        in_window = moment is not None and self.after <= moment <= self.before
        return in_window and (not self.marketplaces or marketplace in self.marketplaces)

    def page(
        self, orders: Iterable[SimOrder], cursor: tuple[str, str] | None, personal: bool, now: datetime
    ) -> dict[str, Any]:
        chosen = sorted((o for o in orders if self.matches(o)), key=self.key)
        if cursor is not None:
            chosen = [o for o in chosen if self.key(o) > cursor]
        page = chosen[: self.page_size]
        body: dict[str, Any] = {"orders": [o.render(self.blocks, personal) for o in page]}
        if len(chosen) > self.page_size:
            body["pagination"] = {"nextToken": self.token(self.key(page[-1]), now)}
        body["lastUpdatedBefore" if self.by_update else "createdBefore"] = amazon_time(self.before)
        return body

    def token(self, cursor: tuple[str, str], now: datetime) -> str:
        state = {"f": self.filters, "c": list(cursor), "t": now.isoformat()}
        return base64.urlsafe_b64encode(json.dumps(state, separators=(",", ":")).encode()).decode()

    def follow(self, token: str, now: datetime) -> tuple[str, str]:
        """The cursor of a token, if it was issued for these parameters and has not expired."""
        try:
            state = json.loads(base64.urlsafe_b64decode(token.encode()))
            filters, cursor, issued = state["f"], (str(state["c"][0]), str(state["c"][1])), state["t"]
            issued_at = datetime.fromisoformat(issued)
        except (ValueError, KeyError, IndexError, TypeError, binascii.Error):
            raise SimInputError("Invalid paginationToken") from None
        if now - issued_at > TOKEN_LIFETIME:
            raise SimInputError("The paginationToken has expired")
        if filters != self.filters:
            raise SimInputError(
                "The paginationToken was issued for other parameters: send the same parameters as the "
                "first request (only maxResultsPerPage and includedData may differ)"
            )
        return cursor
