"""The simulated eBay account: orders, fulfillments, OAuth, injected faults, and a Python API to change them.

Tests and ``orderhub demo`` drive it directly: ``generate`` realistic orders, ``pay``/``cancel``/
``ship``/``edit`` them (each bumps ``lastModifiedDate``, or sets it to ``at`` for changes eBay
reports late), ``inject`` faults for the next N calls, and read ``fulfillment_requests`` and
``calls`` to see what a client did.
"""

from __future__ import annotations

import copy
import itertools
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from adapters.channels.ebay.timestamps import ebay_time, parse_lenient_time
from adapters.system_clock import SystemClock
from simulators.ebay import changes, fulfillment
from simulators.ebay.auth import FULFILLMENT, OAuthServer
from simulators.ebay.errors import ApiError, not_found
from simulators.ebay.faults import BAD_BYTE_MARK, Faults
from simulators.ebay.notifications import Delivery, NotificationService
from simulators.ebay.orders import generate_order
from simulators.ebay.query import OrderQuery


@dataclass
class StoredOrder:
    payload: dict[str, Any]
    created: datetime
    modified: datetime


class EbayMarketplace:
    """One seller account on a simulated eBay."""

    def __init__(self, clock: Any = None, *, seed: int = 0, client_id: str = "orderhub-sim") -> None:
        self.clock: Any = clock or SystemClock()
        self.lock = threading.RLock()
        self.auth = OAuthServer()
        self.client_id, self.client_secret = client_id, f"SBX-{client_id}-secret"
        self.auth.apps[self.client_id] = self.client_secret
        self.refresh_token = self.auth.issue_refresh_token(self.client_id)
        self.faults = Faults()
        self.notifications = NotificationService()
        self.strict_encoding = True
        self.orders: dict[str, StoredOrder] = {}
        self.fulfillments: dict[str, list[dict[str, Any]]] = {}
        self.fulfillment_requests: list[tuple[str, Any]] = []
        self.calls: list[str] = []
        self.after_orders_page: list[Callable[[EbayMarketplace], None]] = []
        self._rng, self._seq = random.Random(seed), itertools.count()
        self._sorted: list[StoredOrder] | None = None
        self._matches: dict[Any, list[StoredOrder]] = {}

    # -- accounts -------------------------------------------------------------------------------
    def channel_settings(self, base_url: str) -> dict[str, Any]:
        """Settings for an orderhub ``ebay`` channel talking to this simulator at ``base_url``."""
        return {
            "api_base_url": base_url,
            "token_url": f"{base_url}/identity/v1/oauth2/token",
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "refresh_token": self.refresh_token,
        }

    def issue_refresh_token(self, scopes: tuple[str, ...] = (FULFILLMENT,)) -> str:
        with self.lock:
            return self.auth.issue_refresh_token(self.client_id, scopes)

    def issue_authorization_code(self, scopes: tuple[str, ...] = (FULFILLMENT,)) -> str:
        with self.lock:
            return self.auth.issue_code(self.client_id, scopes)

    def revoke_refresh_token(self, token: str | None = None) -> None:
        """The seller withdrew consent: the refresh token and the access tokens are dead."""
        with self.lock:
            self.auth.refresh_tokens[token or self.refresh_token].revoked = True
            self.auth.expire_access_tokens(self.clock.now())

    def expire_access_tokens(self) -> None:
        with self.lock:
            self.auth.expire_access_tokens(self.clock.now())

    # -- account deletion notifications (Notification API) ---------------------------------------
    def subscribe_account_deletion(self, endpoint: str, verification_token: str) -> bool:
        """Save the deletion endpoint as in eBay's developer portal: eBay checks it first (challenge)."""
        return self.notifications.challenge(endpoint, verification_token)

    def delete_account(
        self,
        username: str,
        *,
        endpoint: str | None = None,
        mode: str = "signed",
        notification_id: str | None = None,
    ) -> Delivery:
        """The eBay user closed their account: eBay notifies the subscribed endpoint."""
        return self.notifications.send(
            username, self.clock.now(), endpoint=endpoint, mode=mode, notification_id=notification_id
        )

    def buyer_usernames(self) -> list[str]:
        with self.lock:
            names = (((o.payload.get("buyer") or {}).get("username")) for o in self.orders.values())
            return sorted({n for n in names if isinstance(n, str)})

    # -- orders -----------------------------------------------------------------------------------
    def generate(
        self,
        count: int,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        seed: int | None = None,
    ) -> list[str]:
        """Add ``count`` random orders created between ``start`` (default: 25 days ago) and ``end`` (now)."""
        rng = random.Random(seed) if seed is not None else self._rng
        end = end or self.clock.now()
        start = start or end - timedelta(days=25)
        span = (end - start).total_seconds()
        ids = []
        with self.lock:
            for _ in range(count):
                created = start + timedelta(seconds=rng.uniform(0, span))
                modified = min(created + timedelta(seconds=rng.uniform(0, 2 * 86400)), end)
                made = generate_order(rng, next(self._seq), created, modified)
                ids.append(self._store(made.payload, created, modified))
                if made.shipped_lines:
                    tracking = f"00340434{rng.randrange(10**12):012d}"
                    record = changes.seller_hub_fulfillment(
                        made.payload, made.shipped_lines, "DHL", tracking, ebay_time(modified)
                    )
                    self._add_fulfillment(self.orders[ids[-1]], record, None)
        return ids

    def add_order(self, payload: dict[str, Any], *, at: datetime | None = None) -> str:
        """Store a payload as it is (e.g. deliberately malformed), modified ``at`` (default now)."""
        now = at or self.clock.now()
        try:
            created = parse_lenient_time(payload["creationDate"])
        except (KeyError, TypeError, ValueError):
            created = now
        with self.lock:
            return self._store(copy.deepcopy(payload), created, now)

    def _store(self, payload: dict[str, Any], created: datetime, modified: datetime) -> str:
        order_id = payload.get("orderId") or f"malformed-{next(self._seq)}"
        created, modified = to_millis(created), to_millis(modified)
        if "lastModifiedDate" in payload:
            payload["lastModifiedDate"] = ebay_time(modified)
        self.orders[order_id] = StoredOrder(payload, created, modified)
        self._sorted = None
        self._matches.clear()
        return str(order_id)

    def spoil_text(self, order_id: str) -> None:
        """getOrders will send one byte that is not UTF-8 inside this order's first line title."""
        self.edit(order_id, lambda order: order["lineItems"][0].update(title=f"Uhr {BAD_BYTE_MARK}"))

    def order(self, order_id: str) -> dict[str, Any]:
        with self.lock:
            return copy.deepcopy(self.orders[order_id].payload)

    def edit(
        self, order_id: str, change: Callable[[dict[str, Any]], None], *, at: datetime | None = None
    ) -> None:
        """Apply ``change`` to the stored payload and set ``lastModifiedDate`` to ``at`` or now."""
        with self.lock:
            stored = self.orders[order_id]
            change(stored.payload)
            self._touch(stored, at)

    def touch(self, order_id: str, *, at: datetime | None = None) -> None:
        """A modification eBay reports without visible change (e.g. a feedback left)."""
        self.edit(order_id, lambda payload: None, at=at)

    def _touch(self, stored: StoredOrder, at: datetime | None) -> None:
        self._matches.clear()
        stored.modified = to_millis(at or self.clock.now())
        stored.payload["lastModifiedDate"] = ebay_time(stored.modified)

    def pay(self, order_id: str, *, at: datetime | None = None) -> None:
        self.edit(order_id, changes.mark_paid, at=at)

    def cancel(self, order_id: str, *, initiator: str = "Buyer", at: datetime | None = None) -> None:
        when = ebay_time(at or self.clock.now())
        self.edit(order_id, lambda order: changes.mark_cancelled(order, initiator, when), at=at)

    def ship(
        self,
        order_id: str,
        line_item_ids: list[str] | None = None,
        *,
        carrier: str = "DHL",
        tracking: str | None = None,
        at: datetime | None = None,
    ) -> str:
        """The seller marks lines shipped in Seller Hub (all lines by default); returns the fulfillment id."""
        when = at or self.clock.now()
        with self.lock:
            stored = self.orders[order_id]
            record = changes.seller_hub_fulfillment(
                stored.payload, line_item_ids, carrier, tracking, ebay_time(when)
            )
            return self._add_fulfillment(stored, record, when)

    def _add_fulfillment(self, stored: StoredOrder, record: dict[str, Any], touch_at: datetime | None) -> str:
        order_id = stored.payload["orderId"]
        existing = self.fulfillments.setdefault(order_id, [])
        number = record.get("shipmentTrackingNumber")
        taken = {f["fulfillmentId"] for f in existing}
        record["fulfillmentId"] = (
            number if number and number not in taken else f"{order_id}-F{len(existing) + 1}"
        )
        existing.append(record)
        href = f"/sell/fulfillment/v1/order/{order_id}/shipping_fulfillment/{record['fulfillmentId']}"
        fulfillment.apply(stored.payload, record, href)
        self._matches.clear()
        if touch_at is not None:
            self._touch(stored, touch_at)
        return str(record["fulfillmentId"])

    # -- what the HTTP app calls -----------------------------------------------------------------
    def search(self, query: OrderQuery) -> tuple[list[StoredOrder], int]:
        with self.lock:
            if query.order_ids is not None:
                found = [self.orders[i] for i in query.order_ids if i in self.orders]
                return found, len(found)
            if self._sorted is None:  # newest first, like eBay [inf]; ids break ties for a stable order
                ordered = sorted(
                    self.orders.values(), key=lambda o: str(o.payload.get("orderId")), reverse=True
                )
                self._sorted = sorted(ordered, key=lambda o: o.created, reverse=True)
            key = (query.dates, query.fulfillment)
            matching = self._matches.get(key)
            if matching is None:  # paging asks the same question ~50 times for 10,000 orders
                matching = self._matches[key] = [o for o in self._sorted if _matches(query, o)]
            return matching[query.offset : query.offset + query.limit], len(matching)

    def create_fulfillment(self, order_id: str, body: Any) -> str:
        with self.lock:
            self.fulfillment_requests.append((order_id, copy.deepcopy(body)))
            stored = self.orders.get(order_id)
            if stored is None:
                raise not_found(32100, "Invalid order ID")
            now = self.clock.now()
            record = fulfillment.validate(stored.payload, body, stored.created, now)
            return self._add_fulfillment(stored, record, now)

    def page_served(self) -> None:
        """Run the between-pages hooks (offset-shift tests)."""
        for hook in list(self.after_orders_page):
            hook(self)

    def insert_orders_between_pages(self, count: int, *, backdate: timedelta = timedelta(0)) -> None:
        """After every getOrders page, ``count`` new orders arrive (created ``backdate`` before now)."""

        def arrive(market: EbayMarketplace) -> None:
            moment = market.clock.now() - backdate
            market.generate(count, start=moment, end=moment)

        self.after_orders_page.append(arrive)


def to_millis(moment: datetime) -> datetime:
    """eBay keeps its dates to the millisecond: an order modified at .593119 is "….593Z", inside a
    window ending at ….593Z. Filtering on the microseconds instead hid, from a sync started within
    the same millisecond, the orders changed in that millisecond."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _matches(query: OrderQuery, order: StoredOrder) -> bool:
    moment = order.created if query.dates.field == "creationDate" else order.modified
    wanted = query.fulfillment
    return query.dates.contains(moment) and (
        wanted is None or order.payload.get("orderFulfillmentStatus") in wanted
    )


__all__ = ["ApiError", "EbayMarketplace", "StoredOrder"]
