"""The sales report's totals: one row per currency over all groups of the report's rows."""

from __future__ import annotations

from dataclasses import replace

from ports.read_models import SalesRow


def totals(rows: list[SalesRow]) -> list[SalesRow]:
    """One row per currency over all groups (key ``"total"``)."""
    by_currency: dict[str, SalesRow] = {}
    for row in rows:
        seen = by_currency.get(row.currency)
        by_currency[row.currency] = replace(row, key="total") if seen is None else seen.plus(row, "total")
    return [row for _, row in sorted(by_currency.items())]
