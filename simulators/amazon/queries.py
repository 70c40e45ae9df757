"""The simulator's getOrders rules: window validation, filters and an opaque keyset NextToken.

The NextToken is base64 of the filters as first sent plus the (date, id) of the last order
returned, so orders that change while a client pages (and leave the window) never shift a page.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from simulators.amazon.orders import STATUSES, SimOrder, amazon_time

FRESHEST = timedelta(minutes=2)


class SimInputError(Exception):
    """A 400 InvalidInput (or another status) the simulator answers with Amazon's error envelope."""

    def __init__(self, message: str, status: int = 400, code: str = "InvalidInput") -> None:
        self.status, self.code = status, code
        super().__init__(message)


def split_list(values: Iterable[str]) -> list[str]:
    """Arrays come comma-separated (Swagger csv); repeated parameters are accepted too."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


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
    marketplaces: list[str]
    by_update: bool
    after: datetime
    before: datetime
    statuses: list[str]
    channels: list[str]
    order_ids: list[str]
    page_size: int

    @classmethod
    def parse(cls, params: Mapping[str, list[str]], now: datetime) -> OrdersQuery:
        def one(name: str) -> str | None:
            values = params.get(name)
            return values[0] if values else None

        marketplaces = split_list(params.get("MarketplaceIds", []))
        if not marketplaces:
            raise SimInputError("MarketplaceIds is required")
        if len(marketplaces) > 50:
            raise SimInputError("MarketplaceIds may hold at most 50 values")
        created = _time("CreatedAfter", one("CreatedAfter")), _time("CreatedBefore", one("CreatedBefore"))
        updated = (
            _time("LastUpdatedAfter", one("LastUpdatedAfter")),
            _time("LastUpdatedBefore", one("LastUpdatedBefore")),
        )
        if (created[0] or created[1]) and (updated[0] or updated[1]):
            raise SimInputError("CreatedAfter/CreatedBefore cannot be combined with LastUpdatedAfter/Before")
        by_update = updated[0] is not None
        after, before = updated if by_update else created
        if after is None:
            raise SimInputError("Either CreatedAfter or LastUpdatedAfter must be specified")
        kind = "LastUpdated" if by_update else "Created"
        latest = now - FRESHEST
        if after > latest:
            raise SimInputError(f"{kind}After must be at least 2 minutes before the current time")
        if before is None:
            before = latest
        elif before > latest:
            raise SimInputError(f"{kind}Before must be at least 2 minutes before the current time")
        if before < after:
            raise SimInputError(f"{kind}Before must be equal to or after {kind}After")
        try:
            page_size = int(one("MaxResultsPerPage") or 100)
        except ValueError:
            raise SimInputError("MaxResultsPerPage must be an integer") from None
        if not 1 <= page_size <= 100:
            raise SimInputError("MaxResultsPerPage must be between 1 and 100")
        statuses = split_list(params.get("OrderStatuses", []))
        if bad := [s for s in statuses if s not in STATUSES]:
            raise SimInputError(f"Invalid OrderStatuses: {', '.join(bad)}")
        channels = split_list(params.get("FulfillmentChannels", []))
        if bad := [c for c in channels if c not in ("AFN", "MFN")]:
            raise SimInputError(f"Invalid FulfillmentChannels: {', '.join(bad)}")
        order_ids = split_list(params.get("AmazonOrderIds", []))
        if len(order_ids) > 50:
            raise SimInputError("AmazonOrderIds may hold at most 50 values")
        return cls(marketplaces, by_update, after, before, statuses, channels, order_ids, page_size)

    def key(self, order: SimOrder) -> tuple[str, str]:
        moment = order.last_update if self.by_update else order.purchase_date
        return amazon_time(moment), order.amazon_order_id

    def matches(self, order: SimOrder) -> bool:
        moment = order.last_update if self.by_update else order.purchase_date
        return (
            order.marketplace_id in self.marketplaces
            and self.after <= moment.replace(microsecond=0) <= self.before
            and (not self.statuses or order.status in self.statuses)
            and (not self.channels or order.fulfillment_channel in self.channels)
            and (not self.order_ids or order.amazon_order_id in self.order_ids)
        )

    def page(self, orders: Iterable[SimOrder], cursor: tuple[str, str] | None, rdt: bool) -> dict[str, Any]:
        chosen = sorted((o for o in orders if self.matches(o)), key=self.key)
        if cursor is not None:
            chosen = [o for o in chosen if self.key(o) > cursor]
        page = chosen[: self.page_size]
        payload: dict[str, Any] = {"Orders": [o.render(rdt) for o in page]}
        if len(chosen) > self.page_size:
            payload["NextToken"] = self.token(self.key(page[-1]))
        payload["LastUpdatedBefore" if self.by_update else "CreatedBefore"] = amazon_time(self.before)
        return payload

    def token(self, cursor: tuple[str, str]) -> str:
        state = {
            "m": self.marketplaces, "u": self.by_update, "a": self.after.isoformat(), "b": self.before.isoformat(),
            "s": self.statuses, "f": self.channels, "i": self.order_ids, "n": self.page_size, "c": list(cursor),
        }  # fmt: skip
        return base64.urlsafe_b64encode(json.dumps(state, separators=(",", ":")).encode()).decode()

    @classmethod
    def from_token(cls, token: str) -> tuple[OrdersQuery, tuple[str, str]]:
        try:
            state = json.loads(base64.urlsafe_b64decode(token.encode()))
            query = cls(
                state["m"], bool(state["u"]), datetime.fromisoformat(state["a"]),
                datetime.fromisoformat(state["b"]), state["s"], state["f"], state["i"], int(state["n"]),
            )  # fmt: skip
            return query, (str(state["c"][0]), str(state["c"][1]))
        except (ValueError, KeyError, IndexError, TypeError, binascii.Error):
            raise SimInputError("Invalid NextToken") from None
