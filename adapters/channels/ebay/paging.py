"""Offset paging through one ``lastmodifieddate`` window without missing an order.

eBay pages by offset. While we page, orders can leave the result (modified again, so their
``lastModifiedDate`` passes the window end) or join it (changes reported late), which shifts the
offsets of everything behind them: a plain ``offset += limit`` then skips orders. So:

* the window end is fixed (no open end), so new activity during the scan does not join it;
* each request overlaps the previous page by ``OVERLAP`` orders (the *anchor*). Finding an anchor
  order in the new page proves nothing was skipped; orders before it that we have not seen in this
  scan (late arrivals) are delivered too;
* if no anchor order is in the page, positions moved by an unknown amount: the scan starts the window
  again (orders already delivered in this scan are not delivered twice), at most ``MAX_RESTARTS`` times;
* if ``total`` grew between the first and the last page, orders joined the window at offsets already
  read: the window is read once more. Later arrivals are caught by the next sync's overlap.

Re-delivery is harmless (orderhub dedupes); missing is not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ports.channels import RetryableChannelError

LIMIT = 200
OVERLAP = 10
MAX_RESTARTS = 3


@dataclass
class Segment:
    """A window of ``lastModifiedDate`` (eBay-formatted, both ends inclusive) and where paging stands."""

    start: str
    end: str
    offset: int = 0
    anchor: list[str] = field(default_factory=list)
    done: bool = False

    def checkpoint(self) -> dict[str, Any]:
        return {
            "v": 1,
            "start": self.start,
            "end": self.end,
            "offset": self.offset,
            "anchor": list(self.anchor),
            "done": self.done,
        }

    @classmethod
    def from_checkpoint(cls, data: Any) -> Segment | None:
        try:
            if data.get("v") != 1:
                return None
            anchor = [str(i) for i in data.get("anchor") or []]
            return cls(str(data["start"]), str(data["end"]), int(data["offset"]), anchor, bool(data["done"]))
        except (AttributeError, KeyError, TypeError, ValueError):
            return None


def plan(start: str, end: str, checkpoint: Any) -> list[Segment]:
    """The segments that cover [start, end], resuming an interrupted scan when its checkpoint still fits."""
    saved = Segment.from_checkpoint(checkpoint) if checkpoint else None
    if saved is None or saved.start > end or saved.end < start:  # no longer about this window
        return [Segment(start, end)]
    segments = [Segment(start, saved.start)] if start < saved.start else []
    if not saved.done:
        segments.append(saved)
    if saved.end < end:
        segments.append(Segment(saved.end, end))
    return segments


def order_id(order: Any) -> str | None:
    value = order.get("orderId") if isinstance(order, dict) else None
    return value if isinstance(value, str) else None


Fetch = Callable[[Segment, int], dict[str, Any]]
"""``fetch(segment, offset)`` → the getOrders answer for that offset (with ``orders`` and maybe ``next``)."""


def _total(body: dict[str, Any]) -> int | None:
    total = body.get("total")
    return total if isinstance(total, int) else None


def scan(segment: Segment, fetch: Fetch) -> Iterator[list[Any]]:
    """Yield the orders of each page not yet delivered in this scan; ``segment`` tracks the position."""
    seen: set[str] = set()
    restarts, rechecked = 0, False
    first_total: int | None = None
    while True:
        body = fetch(segment, segment.offset)
        orders = list(body["orders"])
        ids = [order_id(o) for o in orders]
        if segment.anchor and orders and not set(segment.anchor) & set(ids):
            restarts += 1
            if restarts > MAX_RESTARTS:
                raise RetryableChannelError(
                    "eBay getOrders: the order list kept shifting while paging; the next sync retries"
                )
            segment.offset, segment.anchor, first_total = 0, [], None
            continue
        first_total = _total(body) if first_total is None else first_total
        fresh = [o for o, i in zip(orders, ids, strict=True) if i is None or i not in seen]
        seen.update(i for i in ids if i is not None)
        more = bool(body.get("next")) and bool(orders)
        if more:
            segment.offset += len(orders) - OVERLAP if len(orders) > OVERLAP else len(orders)
            segment.anchor = [i for i in ids[-OVERLAP:] if i is not None]
        elif not rechecked and (_total(body) or 0) > (first_total or 0):
            # The window gained orders while we paged (changes reported late): they may sit at
            # offsets already read, so read the window once more; seen orders are not repeated.
            rechecked, more = True, True
            segment.offset, segment.anchor, first_total = 0, [], None
        segment.done = not more
        yield fresh
        if not more:
            return
