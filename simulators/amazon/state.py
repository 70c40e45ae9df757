"""The Amazon simulator's in-memory state and its Python API (tests and ``orderhub demo`` use it).

Orders, LWA credentials and issued tokens, per-operation token buckets (with a speed-up factor,
or switched off), injected faults, and every shipment confirmation received.
"""

from __future__ import annotations

import secrets
import threading
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from adapters.channels.amazon.token_bucket import TokenBucket
from adapters.system_clock import SystemClock
from simulators.amazon.orders import SimOrder
from simulators.amazon.sandbox import example_orders
from simulators.amazon.shipments import add_package, apply_confirmation

# Default usage plans (rate per second, burst) of the operations the simulator serves.
PLANS: dict[str, tuple[float, int]] = {
    "searchOrders": (0.0056, 20),
    "getOrder": (0.5, 30),
    "confirmShipment": (2.0, 10),
}


@dataclass
class Fault:
    status: int
    body: Any = None
    """JSON to answer with, or a str sent verbatim (garbage); None: Amazon's usual error body."""


@dataclass
class AmazonSimulatorState:
    clock: Any = field(default_factory=SystemClock)
    client_id: str = "amzn1.application-oa2-client.sim"
    client_secret: str = "sim-secret"
    refresh_token: str = "Atzr|sim-refresh"
    token_lifetime_seconds: int = 3600
    speedup: float = 1.0
    """Multiplies every refill rate (the rate header reports the result)."""
    rate_limits: bool = True
    personal_data: bool = True
    """False: answer as to an app without the personal-data roles (no names, street lines or phones)."""
    sandbox: bool = False
    """True: the official model's static sandbox examples answer the requests they list."""
    orders: dict[str, SimOrder] = field(default_factory=dict)
    raw_orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Orders kept as Amazon's JSON (``load_sandbox_orders``): listed and served, never changed."""
    tokens: dict[str, datetime] = field(default_factory=dict)
    token_requests: int = 0
    confirmations: list[dict[str, Any]] = field(default_factory=list)
    removed_calls: list[str] = field(default_factory=list)
    """Calls of v0 read operations (removed by Amazon): a client still making them is broken."""
    requests: deque[tuple[str, dict[str, list[str]]]] = field(default_factory=lambda: deque(maxlen=10_000))
    """The last requests served (operation, query parameters), newest last."""
    faults: dict[str, deque[Fault]] = field(default_factory=lambda: defaultdict(deque))
    buckets: dict[str, TokenBucket] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)

    def channel_settings(self, url: str, marketplace_id: str = "A1PA6795UKMFR9") -> dict[str, Any]:
        """Settings of an ``amazon`` channel talking to this simulator served at ``url``."""
        return {
            "api_base_url": url,
            "token_url": f"{url}/auth/o2/token",
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "refresh_token": self.refresh_token,
            "marketplace_ids": [marketplace_id],
        }

    # -- the marketplace -------------------------------------------------------------------------
    def add_order(self, order: SimOrder) -> SimOrder:
        """Add (or replace) an order; its LastUpdateDate is what it says, but never in the future."""
        with self.lock:
            order.last_update = min(order.last_update, self.clock.now())
            order.priced = order.priced or order.status not in ("Pending", "PendingAvailability")
            self.orders[order.amazon_order_id] = order
            return order

    def _touch(self, order_id: str) -> SimOrder:
        order = self.orders[order_id]
        order.last_update = max(self.clock.now(), order.last_update + timedelta(seconds=1))
        return order

    def authorise(self, order_id: str) -> None:
        """Pending → Unshipped: prices and address become visible."""
        with self.lock:
            order = self._touch(order_id)
            order.status, order.priced = "Unshipped", True

    def ship(
        self,
        order_id: str,
        quantities: dict[str, int] | None = None,
        tracking: tuple[str, str] | None = None,
    ) -> None:
        """Ship in Seller Central the given quantities per orderItemId (default: everything still
        unshipped); ``tracking`` (carrier, number) lists the parcel in the order's packages."""
        with self.lock:
            order = self._touch(order_id)
            shipped: list[dict[str, Any]] = []
            for item in order.items:
                wanted = item.quantity - item.quantity_shipped
                asked = wanted if quantities is None else quantities.get(item.order_item_id, 0)
                take = max(0, min(wanted, asked))
                item.quantity_shipped += take
                if take:
                    shipped.append({"orderItemId": item.order_item_id, "quantity": take})
            done = all(i.quantity_shipped >= i.quantity for i in order.items)
            order.status = "Shipped" if done else "PartiallyShipped"
            if tracking is not None:
                add_package(order, str(len(order.packages) + 1), tracking, self.clock.now(), shipped)

    def request_cancellation(self, order_id: str, reason: str = "Order created by mistake") -> None:
        """The buyer asks to cancel (every item carries the request until the seller decides)."""
        with self.lock:
            for item in self._touch(order_id).items:
                item.cancel_reason = reason

    def withdraw_cancellation(self, order_id: str) -> None:
        with self.lock:
            for item in self._touch(order_id).items:
                item.cancel_reason = None

    def cancel(self, order_id: str) -> None:
        with self.lock:
            self._touch(order_id).status = "Canceled"

    def change(self, order_id: str, **fields: Any) -> None:
        """Set any SimOrder attribute (status, address, buyer_email, ...) and bump LastUpdateDate."""
        with self.lock:
            order = self._touch(order_id)
            for name, value in fields.items():
                setattr(order, name, value)

    def corrupt(self, order_id: str, **raw_fields: Any) -> None:
        """Make the order render with these raw JSON fields (malformed data); ``repair`` undoes it."""
        with self.lock:
            self._touch(order_id).overrides.update(raw_fields)

    def repair(self, order_id: str) -> None:
        with self.lock:
            order = self._touch(order_id)
            order.overrides.clear()
            for item in order.items:
                item.overrides.clear()

    def load_sandbox_orders(self) -> list[str]:
        """Serve the orders of the official model's sandbox examples to every search and getOrder."""
        with self.lock:
            self.raw_orders.update(example_orders())
            return list(self.raw_orders)

    # -- auth, limits, faults --------------------------------------------------------------------
    def issue_token(self) -> tuple[str, int]:
        with self.lock:
            token = "Atza|sim-" + secrets.token_urlsafe(24)
            self.tokens[token] = self.clock.now() + timedelta(seconds=self.token_lifetime_seconds)
            self.token_requests += 1
            return token, self.token_lifetime_seconds

    def token_valid(self, token: str | None) -> bool:
        with self.lock:
            expires = self.tokens.get(token or "")
            return expires is not None and self.clock.now() < expires

    def expire_tokens(self) -> None:
        """Every access token issued so far stops working (as after an hour)."""
        with self.lock:
            for token in self.tokens:
                self.tokens[token] = self.clock.now() - timedelta(seconds=1)

    def rate(self, operation: str) -> float:
        return PLANS[operation][0] * self.speedup

    def take_token(self, operation: str) -> bool:
        """Spend one request of the operation's bucket; False means 429."""
        if not self.rate_limits:
            return True
        with self.lock:
            now = self.clock.now()
            if operation not in self.buckets:
                self.buckets[operation] = TokenBucket.full(self.rate(operation), PLANS[operation][1], now)
            bucket = self.buckets[operation]
            bucket.set_rate(self.rate(operation))
            return bucket.try_take(now)

    def fail_next(self, operation: str, status: int = 500, count: int = 1, body: Any = None) -> None:
        """The next ``count`` calls of ``operation`` answer ``status`` (429 storms, 500s, garbage)."""
        with self.lock:
            self.faults[operation].extend(Fault(status, body) for _ in range(count))

    def next_fault(self, operation: str) -> Fault | None:
        with self.lock:
            queue = self.faults.get(operation)
            return queue.popleft() if queue else None

    def confirm_shipment(self, order_id: str, body: Any) -> None:
        """Validate and apply a confirmShipment body (raises ``SimInputError``)."""
        with self.lock:
            order = self.orders.get(order_id)
            apply_confirmation(order, order_id, body, self.clock.now())
            assert order is not None
            self._touch(order_id)
            self.confirmations.append({"order_id": order_id, "body": body})
