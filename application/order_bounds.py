"""Channel orders whose total is out of bounds go to quarantine, with the reason, not into the book."""

from __future__ import annotations

from domain.order_rules import total_problem
from ports.channels import PulledOrder, PulledPage, PullFailure


def _problem(pulled: PulledOrder) -> str | None:
    order = pulled.order
    return total_problem(order.lines, order.shipping_cost, order.adjustments)


def quarantine_unbounded(page: PulledPage) -> PulledPage:
    """``page`` with each order over the maximum order total moved to its failures."""
    failures = [
        PullFailure(external_id=p.order.external_id, reason=why, raw=p.raw, receipt=p.receipt)
        for p in page.orders
        if (why := _problem(p)) is not None
    ]
    if not failures:
        return page
    refused = {f.external_id for f in failures}
    kept = [p for p in page.orders if p.order.external_id not in refused]
    return page.model_copy(update={"orders": kept, "failures": [*page.failures, *failures]})
