"""The fake shop behind the JTL-Connector simulator: orders, the mapping table, sessions, pushes, faults.

Tests and ``orderhub demo`` drive it through this Python API; the RPC handlers in
``simulator_rpc.py`` read and change it under its lock (the HTTP server runs in another thread).
"""

from __future__ import annotations

import copy
import secrets
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from adapters.channels.jtl_connector import protocol as p
from simulators.jtl_connector.orders import generate_orders, malformed_order


class _UtcClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


def shopper_view(order_status: str, payment_status: str) -> str:
    """What the shopper sees in a WooCommerce shop (the WooCommerce connector's status mapping)."""
    if order_status == "cancelled":
        return "wc-cancelled"
    if order_status == "shipped":
        return "wc-completed" if payment_status == "completed" else "wc-processing"
    if order_status == "partially_shipped":
        return "wc-processing"
    return "wc-processing" if payment_status == "completed" else "wc-pending"


@dataclass
class Fault:
    kind: str
    """"error" (error envelope), "http" (HTTP status), "garbage" (HTML body), "delay" (slow answer),
    or one of ``HOSTILE`` (simulators/hostile.py)."""
    method: str | None
    times: int
    code: int = p.SERVER_ERROR
    message: str = "Internal server error"
    status: int = 500
    seconds: float = 0.0
    size: int = 0


HOSTILE = ("drip", "huge", "gzip-bomb", "deep-json", "not-envelope")
BAD_BYTE_MARK = "<not-utf-8>"
"""Text in an order that the endpoint sends as one byte that is not UTF-8 (``spoil_text``)."""


@dataclass
class StatusChangeRecord:
    endpoint_id: str
    order_status: str
    payment_status: str
    at: datetime


@dataclass
class ConnectorShop:
    token: str = "sync-token"
    clock: Any = field(default_factory=_UtcClock)
    session_ttl_seconds: float = 1440.0  # PHP's default session.gc_maxlifetime
    protocol_version: int = p.PROTOCOL_VERSION
    session_max_calls: int | None = None
    """A session dies after this many calls (PHP's session GC striking mid-sync); None: only the TTL."""
    page_cap: int | None = None
    """The most orders one pull returns whatever the limit (like a connector with its own cap)."""
    flags: dict[str, bool] = field(
        default_factory=lambda: {
            "needs_finish_call": True,
            "disable_statistics": False,
            "send_all_acks": False,
        }
    )
    entities: dict[str, dict[str, bool]] = field(
        default_factory=lambda: {
            "CustomerOrder": {"pull": True, "push": False, "delete": False},
            "StatusChange": {"pull": False, "push": True, "delete": False},
            "DeliveryNote": {"pull": False, "push": True, "delete": False},
            "Payment": {"pull": True, "push": True, "delete": False},
        }
    )
    orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    links: dict[str, dict[str, int]] = field(default_factory=dict)
    """Model name (``customerOrder``, ``deliveryNote``, ``payment``) -> endpointId -> hostId."""
    sessions: dict[str, datetime] = field(default_factory=dict)
    session_calls: dict[str, int] = field(default_factory=dict)
    status_changes: list[StatusChangeRecord] = field(default_factory=list)
    delivery_notes: dict[str, dict[str, Any]] = field(default_factory=dict)
    """endpointId -> the DeliveryNote as stored."""
    calls: list[str] = field(default_factory=list)
    """Every RPC method called, in order (auth included)."""
    faults: list[Fault] = field(default_factory=list)
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    # --- orders -----------------------------------------------------------------------------------
    def add_order(self, payload: dict[str, Any]) -> str:
        endpoint_id = str(payload["id"][0])
        with self.lock:
            self.orders[endpoint_id] = copy.deepcopy(payload)
        return endpoint_id

    def add_generated_orders(self, count: int, seed: int = 0, first_id: int | None = None) -> list[str]:
        """``count`` realistic orders placed over the last hours; ids continue after the existing ones."""
        with self.lock:
            first = first_id if first_id is not None else 1000 + len(self.orders)
            start = self.clock.now() - timedelta(minutes=7 * count)
            return [self.add_order(o) for o in generate_orders(count, seed, first, start)]

    def add_malformed_order(self, problem: str = "fractional_quantity", order_id: str | None = None) -> str:
        """An order orderhub must quarantine; ``problem`` as in ``simulator_orders.malformed_order``."""
        with self.lock:
            ep = order_id or str(1000 + len(self.orders))
            return self.add_order(malformed_order(ep, problem, self.clock.now()))

    def order(self, endpoint_id: str) -> dict[str, Any]:
        with self.lock:
            return copy.deepcopy(self.orders[endpoint_id])

    def set_status(
        self, endpoint_id: str, status: str | None = None, payment_status: str | None = None
    ) -> None:
        """A change made in the shop itself (by the merchant or a payment plug-in)."""
        with self.lock:
            order = self.orders[endpoint_id]
            order["status"] = status or order["status"]
            order["paymentStatus"] = payment_status or order["paymentStatus"]

    def shopper_status(self, endpoint_id: str) -> str:
        with self.lock:
            order = self.orders[endpoint_id]
            return shopper_view(order["status"], order["paymentStatus"])

    def tracking(self, endpoint_id: str) -> list[tuple[str, str]]:
        with self.lock:
            return [
                (t["name"], code)
                for note in self.delivery_notes.values()
                if note["customerOrderId"][0] == endpoint_id
                for t in note.get("trackingLists", [])
                for code in t.get("codes", [])
            ]

    def is_linked(self, endpoint_id: str, model: str = "customerOrder") -> bool:
        with self.lock:
            return endpoint_id in self.links.get(model, {})

    def unmapped(self) -> list[dict[str, Any]]:
        """Orders without a customerOrder link, newest first (as the WooCommerce connector sorts)."""
        with self.lock:
            linked = self.links.get("customerOrder", {})
            pending = [o for ep, o in self.orders.items() if ep not in linked]
            return sorted(
                pending, key=lambda o: (str(o.get("creationDate", "")), str(o["id"][0])), reverse=True
            )

    def status_changes_for(self, endpoint_id: str) -> list[StatusChangeRecord]:
        with self.lock:
            return [c for c in self.status_changes if c.endpoint_id == endpoint_id]

    # --- sessions ---------------------------------------------------------------------------------
    def open_session(self) -> str:
        with self.lock:
            session = secrets.token_hex(16)
            self.sessions[session] = self.clock.now() + timedelta(seconds=self.session_ttl_seconds)
            return session

    def touch_session(self, session: str) -> bool:
        """True when ``session`` is alive (and extends it, as PHP sessions live from the last access)."""
        with self.lock:
            expires = self.sessions.get(session)
            calls = self.session_calls[session] = self.session_calls.get(session, 0) + 1
            worn_out = self.session_max_calls is not None and calls > self.session_max_calls
            if expires is None or expires <= self.clock.now() or worn_out:
                self.sessions.pop(session, None)
                return False
            self.sessions[session] = self.clock.now() + timedelta(seconds=self.session_ttl_seconds)
            return True

    def expire_all_sessions(self) -> None:
        with self.lock:
            self.sessions.clear()

    # --- faults -----------------------------------------------------------------------------------
    def inject_error(
        self,
        method: str | None = None,
        code: int = p.SERVER_ERROR,
        message: str = "Internal error",
        times: int = 1,
    ) -> None:
        """The next ``times`` calls of ``method`` (any method: None) answer with an error envelope."""
        with self.lock:
            self.faults.append(Fault("error", method, times, code=code, message=message))

    def inject_http_status(self, status: int = 503, method: str | None = None, times: int = 1) -> None:
        with self.lock:
            self.faults.append(Fault("http", method, times, status=status))

    def inject_garbage(self, method: str | None = None, times: int = 1) -> None:
        """An HTML error page instead of JSON (a PHP fatal error, a proxy page)."""
        with self.lock:
            self.faults.append(Fault("garbage", method, times))

    def inject_delay(self, seconds: float, method: str | None = None, times: int = 1) -> None:
        """A slow endpoint (PHP max_execution_time territory)."""
        with self.lock:
            self.faults.append(Fault("delay", method, times, seconds=seconds))

    def inject_hostile(
        self, kind: str, method: str | None = None, *, size: int = 0, seconds: float = 0.2, times: int = 1
    ) -> None:
        """Answers no connector gives: ``drip`` (one byte every ``seconds``), ``huge`` / ``gzip-bomb``
        (an envelope behind ``size`` bytes of padding), ``deep-json`` (``size`` nested arrays),
        ``not-envelope`` (JSON of some other service)."""
        if kind not in HOSTILE:
            raise ValueError(f"unknown hostile answer {kind!r}; one of {HOSTILE}")
        with self.lock:
            self.faults.append(Fault(kind, method, times, size=size, seconds=seconds))

    def spoil_text(self, endpoint_id: str) -> None:
        """The order's note is sent with one byte that is not UTF-8."""
        with self.lock:
            self.orders[endpoint_id]["note"] = f"Bitte klingeln {BAD_BYTE_MARK}"

    def take_fault(self, method: str, kinds: tuple[str, ...]) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.kind in kinds and fault.method in (None, method) and fault.times > 0:
                    fault.times -= 1
                    if fault.times == 0:
                        self.faults.remove(fault)
                    return fault
            return None
