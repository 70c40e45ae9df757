"""The sales report's totals: one row per currency over all groups of the report's rows."""

from __future__ import annotations

from ports.read_models import SalesRow


def totals(rows: list[SalesRow]) -> list[SalesRow]:
    """One row per currency over all groups (key ``"total"``)."""
    by_currency: dict[str, SalesRow] = {}
    for row in rows:
        seen = by_currency.get(row.currency)
        by_currency[row.currency] = (
            row
            if seen is None
            else SalesRow(
                "total",
                row.currency,
                seen.orders + row.orders,
                seen.revenue + row.revenue,
                seen.cancelled_orders + row.cancelled_orders,
                seen.cancelled_amount + row.cancelled_amount,
            )
        )
    return [
        SalesRow("total", r.currency, r.orders, r.revenue, r.cancelled_orders, r.cancelled_amount)
        for _, r in sorted(by_currency.items())
    ]
