"""A buyer's cancellation request on a channel order: set while the channel reports it, then gone."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from decimal import Decimal
from uuid import uuid4

from domain.cancellation_request import CancellationRequest
from domain.channel_order import ChannelOrder
from domain.order import Order
from domain.order_line import OrderLine, Tracking
from domain.status import OrderStatus

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
ASKED = CancellationRequest(requested_by="buyer", reason="Ordered by mistake")


def reported(request: CancellationRequest | None = None) -> ChannelOrder:
    return ChannelOrder(
        external_id="302-1-1", status=OrderStatus.PAID, currency="EUR",
        lines=[OrderLine(sku="A", title="A", quantity=1, unit_price=Decimal("9.99"))],
        placed_at=NOW, cancellation_request=request,
    )  # fmt: skip


def imported(order: ChannelOrder) -> Order:
    return Order.import_from_channel(channel="amazon-de", channel_kind="amazon", number="A-1",
                                     customer_id=uuid4(), order=order, receipt=None, now=NOW)  # fmt: skip


def test_an_imported_request_is_on_the_order_until_the_channel_stops_reporting_it() -> None:
    order = imported(reported(ASKED))
    assert order.cancellation_request == ASKED
    assert order.sync_from_channel(reported(), None, NOW) is True
    assert order.cancellation_request is None


def test_a_request_reported_later_is_one_change_and_reporting_it_again_is_none() -> None:
    order = imported(reported())
    assert order.cancellation_request is None
    assert order.sync_from_channel(reported(ASKED), None, NOW) is True
    assert order.cancellation_request == ASKED
    assert order.sync_from_channel(reported(ASKED), None, NOW) is False


def test_an_order_without_a_request_serialises_as_before_the_field_existed() -> None:
    plain = reported()
    before_the_field = plain.model_dump(mode="json")  # what events stored until now held
    assert "cancellation_request" not in before_the_field
    content = plain.model_dump_json(exclude={"channel_updated_at"})
    assert plain.fingerprint() == hashlib.sha256(content.encode()).hexdigest()[:32]
    assert ChannelOrder.model_validate(before_the_field) == plain
    asked = reported(ASKED)
    stored = asked.model_dump(mode="json")
    assert stored["cancellation_request"] == {"requested_by": "buyer", "reason": "Ordered by mistake"}
    assert ChannelOrder.model_validate(stored) == asked
    assert asked.fingerprint() != plain.fingerprint()


def test_a_refused_push_is_named_on_the_order_until_a_later_push_is_taken() -> None:
    order = imported(reported().model_copy(update={"status": OrderStatus.PENDING}))
    order.change_status(OrderStatus.PAID, tracking=None, reason=None, now=NOW)
    [paid] = order.pending_pushes
    order.reject_push(paid, "not sent: Amazon marks an order paid itself", NOW)
    assert (order.push_refused, order.pending_pushes) == ("not sent: Amazon marks an order paid itself", {})
    order.change_status(
        OrderStatus.SHIPPED, tracking=Tracking(carrier="DHL", number="1"), reason=None, now=NOW
    )
    [shipped] = order.pending_pushes
    assert order.confirm_push(shipped, "4711", NOW) is True
    assert order.push_refused is None
