"""Normalised channel orders for the import benchmark: the eBay simulator's realistic mix, mapped once.

Every order has its own buyer (as the simulator generates them), so each import also creates a
customer and its identity claims: the costlier case of customer matching.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from functools import cache

from adapters.channels.ebay.mapping import map_order
from adapters.channels.ebay.receipt import receipt_for
from ports.channels import PulledOrder
from simulators.ebay.orders import generate_order

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@cache
def pulled_orders(count: int, seed: int = 11) -> tuple[PulledOrder, ...]:
    rng = random.Random(seed)
    orders = []
    for n in range(count):
        created = NOW - timedelta(days=20, seconds=rng.uniform(0, 86400 * 19))
        payload = generate_order(rng, n, created, created + timedelta(hours=2)).payload
        orders.append(PulledOrder(order=map_order(payload), receipt=receipt_for(payload)))
    return tuple(orders)


def equivalent_payloads(count: int, seed: int = 11) -> list[dict[str, object]]:
    """The same orders as plain JSON data: what the library baseline stores."""
    return [p.order.model_dump(mode="json") for p in pulled_orders(count, seed)]
