"""The status rules hold for any sequence of changes made here.

The model below is the rule set written out once more, plainly: settable here are paid,
partially_shipped, shipped and cancelled; a cancelled order changes no more; a shipped order cannot
be cancelled; an order never goes back (or stays) in rank, except that a partially shipped or
shipped order takes another parcel (a new tracking number) in the same status.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import IllegalStatusChangeError, InvalidOrderError
from domain.order import Order
from domain.order_line import OrderLine, Tracking
from domain.status import OrderStatus, overall
from tests.support.order_data import any_status, trackings

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
RANK = ["pending", "open", "paid", "partially_shipped", "shipped", "cancelled"]


def new_order() -> Order:
    return Order.place(
        order_id=uuid4(),
        number="ORD-1",
        customer_id=uuid4(),
        source_kind="immediate",
        currency="EUR",
        lines=[OrderLine(title="Tasse", quantity=1, unit_price=Decimal("9.99"))],
        shipping_cost=Decimal("0.00"),
        billing_address=None,
        shipping_address=None,
        note=None,
        now=NOW,
    )


def allowed(current: str, requested: str, new_parcel: bool) -> bool:
    if requested not in ("paid", "partially_shipped", "shipped", "cancelled") or current == "cancelled":
        return False
    if requested == "cancelled":
        return current != "shipped"
    if requested == current and new_parcel and current in ("partially_shipped", "shipped"):
        return True
    return RANK.index(requested) > RANK.index(current)


@dataclass(frozen=True)
class Change:
    status: OrderStatus
    tracking: Tracking | None
    reason: str | None


changes = st.builds(
    Change,
    status=any_status,
    tracking=st.none() | trackings,
    reason=st.sampled_from([None, "", "customer asked"]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(changes, max_size=12))
def test_every_change_is_accepted_exactly_when_the_rules_allow_it(sequence: list[Change]) -> None:
    order, expected = new_order(), "open"
    for step, change in enumerate(sequence):
        new_parcel = change.tracking is not None and change.tracking not in order.tracking
        legal = allowed(expected, change.status, new_parcel)
        needs_reason = change.status is OrderStatus.CANCELLED and not change.reason
        # The order has one line of one item: a partial shipment of it cannot say what it holds.
        misfit = change.status is OrderStatus.PARTIALLY_SHIPPED or (
            change.tracking is not None
            and change.status not in (OrderStatus.PARTIALLY_SHIPPED, OrderStatus.SHIPPED)
        )
        try:
            order.change_status(
                change.status,
                tracking=change.tracking,
                reason=change.reason,
                now=NOW + timedelta(minutes=step),
            )
        except IllegalStatusChangeError:
            assert not legal, f"{expected} -> {change.status} was refused but the rules allow it"
        except InvalidOrderError:
            assert legal and (needs_reason or misfit)
        else:
            assert legal and not needs_reason and not misfit, f"{expected} -> {change.status} was accepted"
            expected = change.status
        assert order.status == expected


@settings(max_examples=80, deadline=None)
@given(st.lists(changes, max_size=12))
def test_a_refused_change_records_no_event(sequence: list[Change]) -> None:
    order = new_order()
    for change in sequence:
        before = (order.version, order.status, list(order.tracking))
        try:
            order.change_status(change.status, tracking=change.tracking, reason=change.reason, now=NOW)
        except (IllegalStatusChangeError, InvalidOrderError):
            assert (order.version, order.status, list(order.tracking)) == before
        else:
            assert order.version == before[0] + 1


@settings(max_examples=80, deadline=None)
@given(st.lists(changes, max_size=12))
def test_the_status_never_goes_back_in_rank(sequence: list[Change]) -> None:
    order, seen = new_order(), [OrderStatus.OPEN]
    for change in sequence:
        with contextlib.suppress(IllegalStatusChangeError, InvalidOrderError):
            order.change_status(change.status, tracking=change.tracking, reason=change.reason, now=NOW)
        seen.append(order.status)
    assert [s.rank for s in seen] == sorted(s.rank for s in seen)


@pytest.mark.parametrize("status", ["paid", "partially_shipped", "shipped", "cancelled"])
def test_a_cancelled_order_changes_no_more(status: str) -> None:
    order = new_order()
    order.change_status(OrderStatus.CANCELLED, tracking=None, reason="out of stock", now=NOW)
    with pytest.raises(IllegalStatusChangeError, match="cancelled order changes no more"):
        order.change_status(OrderStatus(status), tracking=None, reason="again", now=NOW)


def test_a_shipped_order_cannot_be_cancelled() -> None:
    order = new_order()
    order.change_status(
        OrderStatus.SHIPPED, tracking=Tracking(carrier="DHL", number="1"), reason=None, now=NOW
    )
    with pytest.raises(IllegalStatusChangeError, match="shipped order cannot be cancelled"):
        order.change_status(OrderStatus.CANCELLED, tracking=None, reason="too late", now=NOW)


def test_a_cancellation_needs_a_reason() -> None:
    with pytest.raises(InvalidOrderError, match="reason"):
        new_order().change_status(OrderStatus.CANCELLED, tracking=None, reason="  ", now=NOW)


def test_a_shipped_order_takes_another_parcel() -> None:
    order = new_order()
    order.change_status(
        OrderStatus.SHIPPED, tracking=Tracking(carrier="DHL", number="1"), reason=None, now=NOW
    )
    order.change_status(
        OrderStatus.SHIPPED, tracking=Tracking(carrier="DHL", number="2"), reason=None, now=NOW
    )
    assert [t.number for t in order.tracking] == ["1", "2"]


@pytest.mark.parametrize("status", ["pending", "open"])
def test_pending_and_open_cannot_be_set_by_hand(status: str) -> None:
    with pytest.raises(IllegalStatusChangeError, match="cannot be set by hand"):
        new_order().change_status(OrderStatus(status), tracking=None, reason=None, now=NOW)


@settings(max_examples=100, deadline=None)
@given(channel=st.none() | any_status, local=st.none() | any_status)
def test_the_overall_status_is_the_higher_ranked_of_channel_and_local(
    channel: OrderStatus | None, local: OrderStatus | None
) -> None:
    known = [s for s in (channel, local) if s is not None]
    expected = max(known, key=lambda s: RANK.index(s)) if known else OrderStatus.OPEN
    assert overall(channel, local) == expected
