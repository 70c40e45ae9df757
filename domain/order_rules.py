"""What a new order must satisfy beyond its value objects: amounts in the currency's minor units,
tax rates as percentages and a bounded total.

Checked where orders are placed (and, for the total, imported), not in the value objects: events
stored before these rules existed must still load.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from domain.money import minor_units_problem, order_total_problem, tax_rate_problem
from domain.order_line import Adjustment, OrderLine, order_total


def line_problem(line: OrderLine, currency: str) -> tuple[str, str] | None:
    """(field, why) for the first rule a new line breaks, or None."""
    if (why := minor_units_problem(line.unit_price, currency)) is not None:
        return "unit_price", why
    if line.tax_rate is not None and (why := tax_rate_problem(line.tax_rate)) is not None:
        return "tax_rate", why
    return None


def new_order_problem(currency: str, lines: Sequence[OrderLine], shipping_cost: Decimal) -> str | None:
    """The first rule a new order breaks, as ``field: why``, or None."""
    for index, line in enumerate(lines):
        if (problem := line_problem(line, currency)) is not None:
            return f"lines.{index}.{problem[0]}: {problem[1]}"
    if (why := minor_units_problem(shipping_cost, currency)) is not None:
        return f"shipping_cost: {why}"
    return total_problem(lines, shipping_cost, [])


def total_problem(
    lines: Sequence[OrderLine], shipping_cost: Decimal, adjustments: Sequence[Adjustment]
) -> str | None:
    why = order_total_problem(order_total(list(lines), shipping_cost, list(adjustments)))
    return None if why is None else f"total: {why}"
