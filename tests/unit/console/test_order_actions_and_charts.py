"""Which order actions the console offers per status, and where a chart's axis labels stand."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from domain.status import OrderStatus
from entrypoints.console.charts import WIDTH, Bar, bar_chart, label_place
from entrypoints.console.order_words import Possible


@pytest.mark.parametrize(
    ("status", "paid", "shipped", "cancelled"),
    [
        (OrderStatus.PENDING, True, True, True),
        (OrderStatus.OPEN, True, True, True),
        (OrderStatus.PAID, False, True, True),
        (OrderStatus.PARTIALLY_SHIPPED, False, True, True),
        (OrderStatus.SHIPPED, False, False, False),
        (OrderStatus.CANCELLED, False, False, False),
    ],
)
def test_the_actions_follow_the_status_rules(
    status: OrderStatus, paid: bool, shipped: bool, cancelled: bool
) -> None:
    possible = Possible.for_status(status)
    assert (possible.paid, possible.shipped, possible.cancelled) == (paid, shipped, cancelled)
    assert possible.any is (paid or shipped or cancelled)


def test_the_first_and_last_labels_stay_inside_the_chart() -> None:
    bars = [Bar(f"Nov {day}", day, str(day)) for day in range(1, 31)]
    labels = re.findall(
        r'<text x="([\d.]+)" y="\d+" text-anchor="(\w+)">([^<]+)</text>', bar_chart(bars, "Sales")
    )
    assert labels[0] == ("3.6", "start", "Nov 1")  # under its bar, not centred over the left edge
    assert labels[-1] == ("716.4", "end", "Nov 30")
    assert {anchor for _, anchor, _ in labels[1:-1]} == {"middle"}
    assert label_place(0, 1, WIDTH) == (WIDTH * 0.15, "start")


def test_labels_between_are_centred_under_their_bars() -> None:
    slot = WIDTH / 3
    assert label_place(1, 3, slot) == (slot * 1.5, "middle")
    chart = bar_chart([Bar("a", Decimal(1), "1"), Bar("b", Decimal(2), "2"), Bar("c", Decimal(0), "0")], "x")
    assert chart.count("<text") == 3
