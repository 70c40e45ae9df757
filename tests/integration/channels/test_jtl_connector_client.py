"""The JTL-Connector channel against the simulator over real HTTP: sequence, paging, sessions, faults, push."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from pydantic import ValidationError

from adapters.channels.jtl_connector.kind import KIND
from adapters.system_clock import SystemClock
from domain.order_line import Tracking
from domain.status import OrderStatus
from ports.channels import (
    ChannelContext,
    OrderChannel,
    PermanentChannelError,
    PulledOrder,
    PullFailure,
    PullWindow,
    RetryableChannelError,
    StatusPush,
)
from simulators.jtl_connector.app import ConnectorShop, create_app
from simulators.server import BackgroundServer
from testkit.channel_plugins import check_kind_conformance

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
WINDOW = PullWindow(start=NOW, end=NOW, first_sync=True)


@pytest.fixture(scope="module")
def app() -> FastAPI:
    return create_app(ConnectorShop())


@pytest.fixture(scope="module")
def server(app: FastAPI) -> Iterator[BackgroundServer]:
    with BackgroundServer(app) as running:
        yield running


@pytest.fixture
def shop(app: FastAPI) -> ConnectorShop:
    app.state.shop = ConnectorShop(token="s3cret")  # a fresh shop behind the running server
    return app.state.shop  # type: ignore[no-any-return]


_opened: list[OrderChannel] = []


@pytest.fixture
def sleeps() -> Iterator[list[float]]:
    """What the channels waited; channels opened during the test are closed after it."""
    yield []
    while _opened:
        _opened.pop().close()


def open_channel(
    server: BackgroundServer, sleeps: list[float], token: str = "s3cret", timeout: float = 5.0
) -> OrderChannel:
    settings = KIND.settings_model.model_validate({"url": f"{server.url}/jtlconnector/", "token": token})
    context = ChannelContext(
        channel_name="woo", clock=SystemClock(), sleep=sleeps.append, timeout_seconds=timeout
    )
    _opened.append(KIND.open(settings, context))
    return _opened[-1]


def sync(channel: OrderChannel, ack: bool = True) -> tuple[list[PulledOrder], list[PullFailure]]:
    orders: list[PulledOrder] = []
    failures: list[PullFailure] = []
    for page in channel.pull(WINDOW, None):
        orders += page.orders
        failures += page.failures
        if ack:
            channel.acknowledge([o.receipt for o in page.orders if o.receipt])
    return orders, failures


def test_a_sync_follows_the_wawi_sequence(
    server: BackgroundServer, shop: ConnectorShop, sleeps: list[float]
) -> None:
    shop.add_generated_orders(3, seed=1)
    channel = open_channel(server, sleeps)
    sync(channel)
    channel.close()
    assert shop.calls == [
        "core.connector.auth",
        "core.connector.identify",
        "core.connector.features",
        "customer_order.pull",
        "core.connector.ack",
        "customer_order.pull",
        "core.connector.finish",
    ]


def test_more_orders_than_one_pull_returns_arrive_in_pages_of_100(
    server: BackgroundServer, shop: ConnectorShop, sleeps: list[float]
) -> None:
    shop.add_generated_orders(250, seed=2)
    channel = open_channel(server, sleeps)
    sizes = []
    for page in channel.pull(WINDOW, None):
        sizes.append(len(page.orders))
        channel.acknowledge([o.receipt for o in page.orders if o.receipt])
    assert sizes == [100, 100, 50]
    assert all(shop.is_linked(ep) for ep in shop.orders)


def test_an_endpoint_that_caps_its_pages_is_still_read_to_the_end(
    server: BackgroundServer, shop: ConnectorShop, sleeps: list[float]
) -> None:
    shop.page_cap = 30
    shop.add_generated_orders(75, seed=3)
    orders, _ = sync(open_channel(server, sleeps))
    assert len({o.order.external_id for o in orders}) == 75


def test_an_expired_session_mid_sync_is_renewed_and_the_sync_continues(
    server: BackgroundServer, shop: ConnectorShop, sleeps: list[float]
) -> None:
    shop.add_generated_orders(150, seed=4)
    channel = open_channel(server, sleeps)
    seen = []
    for page in channel.pull(WINDOW, None):
        seen += [o.order.external_id for o in page.orders]
        shop.expire_all_sessions()
        channel.acknowledge([o.receipt for o in page.orders if o.receipt])
    assert sorted(seen) == sorted(shop.orders) and all(shop.is_linked(ep) for ep in shop.orders)
    assert shop.calls.count("core.connector.auth") >= 3


def test_a_wrong_token_is_a_permanent_error_that_says_what_to_do(
    server: BackgroundServer, shop: ConnectorShop, sleeps: list[float]
) -> None:
    with pytest.raises(PermanentChannelError, match="790") as caught:
        list(open_channel(server, sleeps, token="wrong-token").pull(WINDOW, None))
    assert "`token` setting" in str(caught.value) and "wrong-token" not in str(caught.value)


def test_a_lost_ack_means_the_same_orders_are_delivered_again(
    server: BackgroundServer, shop: ConnectorShop, sleeps: list[float]
) -> None:
    shop.add_generated_orders(5, seed=5)
    first, _ = sync(open_channel(server, sleeps), ack=False)
    again, _ = sync(open_channel(server, sleeps))
    assert sorted(o.order.external_id for o in again) == sorted(o.order.external_id for o in first)
    assert len(first) == 5


def test_a_bad_order_is_a_failure_in_its_page_and_comes_back_next_time(
    server: BackgroundServer, shop: ConnectorShop, sleeps: list[float]
) -> None:
    shop.add_generated_orders(4, seed=6)
    bad = shop.add_malformed_order("total_mismatch")
    orders, failures = sync(open_channel(server, sleeps))
    assert len(orders) == 4 and [(f.external_id, f.raw["id"][0]) for f in failures] == [(bad, bad)]
    assert "totalSumGross" in failures[0].reason
    assert [f.external_id for f in sync(open_channel(server, sleeps))[1]] == [bad]


def test_more_bad_orders_than_a_page_do_not_hide_the_good_ones(
    server: BackgroundServer, shop: ConnectorShop, sleeps: list[float]
) -> None:
    for n in range(101):
        shop.add_malformed_order("fractional_quantity", order_id=str(5000 + n))
    good = shop.add_generated_orders(3, seed=7, first_id=100)
    orders, failures = sync(open_channel(server, sleeps))
    assert sorted(o.order.external_id for o in orders) == sorted(good) and len(failures) == 101


def test_a_5xx_answer_is_retried_with_backoff(
    server: BackgroundServer, shop: ConnectorShop, sleeps: list[float]
) -> None:
    shop.add_generated_orders(2, seed=8)
    shop.inject_http_status(503, "customer_order.pull", times=2)
    orders, _ = sync(open_channel(server, sleeps))
    assert len(orders) == 2 and sleeps == [1.0, 2.0]


def test_a_persistent_5xx_is_a_retryable_error(
    server: BackgroundServer, shop: ConnectorShop, sleeps: list[float]
) -> None:
    shop.inject_http_status(502, "customer_order.pull", times=10)
    with pytest.raises(RetryableChannelError, match="HTTP 502"):
        sync(open_channel(server, sleeps))


def test_garbage_instead_of_json_is_a_retryable_error(
    server: BackgroundServer, shop: ConnectorShop, sleeps: list[float]
) -> None:
    shop.inject_garbage("customer_order.pull")
    with pytest.raises(RetryableChannelError, match="expected JSON"):
        sync(open_channel(server, sleeps))


def test_a_slow_endpoint_times_out_as_a_retryable_error(
    server: BackgroundServer, shop: ConnectorShop, sleeps: list[float]
) -> None:
    shop.inject_delay(0.5, "customer_order.pull", times=5)
    with pytest.raises(RetryableChannelError, match="timed out"):
        sync(open_channel(server, sleeps, timeout=0.1))


def test_a_server_error_envelope_is_retryable(
    server: BackgroundServer, shop: ConnectorShop, sleeps: list[float]
) -> None:
    shop.inject_error("customer_order.pull", code=500, message="Deadlock found")
    with pytest.raises(RetryableChannelError, match="Deadlock found"):
        sync(open_channel(server, sleeps))


def test_another_protocol_version_is_a_permanent_error(
    server: BackgroundServer, shop: ConnectorShop, sleeps: list[float]
) -> None:
    shop.protocol_version = 6
    with pytest.raises(PermanentChannelError, match="protocol version 6"):
        sync(open_channel(server, sleeps))


def test_a_url_that_is_no_connector_is_a_permanent_error(sleeps: list[float]) -> None:
    with BackgroundServer(FastAPI()) as other, pytest.raises(PermanentChannelError, match="HTTP 404"):
        sync(open_channel(other, sleeps))


def test_no_finish_call_when_the_endpoint_does_not_need_one(
    server: BackgroundServer, shop: ConnectorShop, sleeps: list[float]
) -> None:
    shop.flags["needs_finish_call"] = False
    channel = open_channel(server, sleeps)
    sync(channel)
    channel.close()
    assert "core.connector.finish" not in shop.calls


def push(
    status: OrderStatus, external_id: str, tracking: Tracking | None = None, push_id: str = "p-1"
) -> StatusPush:
    return StatusPush(
        push_id=push_id,
        order_id="o-1",
        external_id=external_id,
        status=status,
        tracking=tracking,
        paid_at=datetime(2026, 11, 1, tzinfo=UTC),
    )


def test_shipped_with_tracking_sends_a_delivery_note_then_the_status(
    server: BackgroundServer, shop: ConnectorShop, sleeps: list[float]
) -> None:
    (ep,) = shop.add_generated_orders(1, seed=9)
    shop.set_status(ep, "new", "unpaid")
    outcome = open_channel(server, sleeps).push(
        push(OrderStatus.SHIPPED, ep, Tracking(carrier="DHL", number="0034"))
    )
    assert outcome.delivered and outcome.reference and "statusChange" in outcome.reference
    assert shop.calls[-2:] == ["delivery_note.push", "status_change.push"]
    assert shop.shopper_status(ep) == "wc-completed" and shop.tracking(ep) == [("DHL", "0034")]


@pytest.mark.parametrize(
    ("status", "seen"),
    [(OrderStatus.PAID, "wc-processing"), (OrderStatus.CANCELLED, "wc-cancelled")],
)
def test_paid_and_cancelled_reach_the_shopper(
    server: BackgroundServer, shop: ConnectorShop, sleeps: list[float], status: OrderStatus, seen: str
) -> None:
    (ep,) = shop.add_generated_orders(1, seed=10)
    shop.set_status(ep, "new", "unpaid")
    assert open_channel(server, sleeps).push(push(status, ep)).delivered
    assert shop.shopper_status(ep) == seen


def test_tracking_is_left_out_when_the_endpoint_takes_no_delivery_notes(
    server: BackgroundServer, shop: ConnectorShop, sleeps: list[float]
) -> None:
    (ep,) = shop.add_generated_orders(1, seed=11)
    shop.entities["DeliveryNote"]["push"] = False
    outcome = open_channel(server, sleeps).push(
        push(OrderStatus.SHIPPED, ep, Tracking(carrier="DHL", number="1"))
    )
    assert outcome.delivered and "tracking not sent" in (outcome.detail or "")
    assert "delivery_note.push" not in shop.calls and shop.tracking(ep) == []


def test_a_push_the_endpoint_refuses_for_good_is_not_delivered(
    server: BackgroundServer, shop: ConnectorShop, sleeps: list[float]
) -> None:
    (ep,) = shop.add_generated_orders(1, seed=12)
    shop.inject_error("status_change.push", code=400, message="Order is locked")
    outcome = open_channel(server, sleeps).push(push(OrderStatus.PAID, ep))
    assert not outcome.delivered and "Order is locked" in (outcome.detail or "")


def test_a_status_change_the_endpoint_does_not_accept_is_refused_saying_where_to_set_it(
    server: BackgroundServer, shop: ConnectorShop, sleeps: list[float]
) -> None:
    (ep,) = shop.add_generated_orders(1, seed=13)
    shop.entities["StatusChange"]["push"] = False
    outcome = open_channel(server, sleeps).push(push(OrderStatus.CANCELLED, ep))
    assert not outcome.delivered  # PushRejected: not counted as pushed, never retried (issue 18.15)
    assert outcome.detail == (
        "the shop's connector does not accept status changes (StatusChange push=false):"
        " set the order cancelled in the shop's admin"
    )
    assert "status_change.push" not in shop.calls and shop.status_changes_for(ep) == []


def test_a_status_the_protocol_has_no_word_for_is_refused_without_calling_the_endpoint(
    shop: ConnectorShop, sleeps: list[float]
) -> None:
    settings = KIND.settings_model.model_validate({"url": "http://127.0.0.1:9/jtlconnector/", "token": "x"})
    context = ChannelContext(channel_name="woo", clock=SystemClock(), sleep=sleeps.append, timeout_seconds=1)
    _opened.append(channel := KIND.open(settings, context))
    outcome = channel.push(push(OrderStatus.OPEN, "4711"))
    assert not outcome.delivered
    assert outcome.detail == "JTL-Connector has no status for open: change the order in the shop's admin"


def test_a_push_for_an_order_the_shop_no_longer_has_reports_the_warning(
    server: BackgroundServer, shop: ConnectorShop, sleeps: list[float]
) -> None:
    outcome = open_channel(server, sleeps).push(push(OrderStatus.PAID, "424242"))
    assert outcome.delivered and "not found" in (outcome.detail or "")


def test_a_resent_shipment_push_does_not_add_a_second_delivery_note(
    server: BackgroundServer, shop: ConnectorShop, sleeps: list[float]
) -> None:
    (ep,) = shop.add_generated_orders(1, seed=13)
    change = push(OrderStatus.SHIPPED, ep, Tracking(carrier="DPD", number="77"), push_id="p-9")
    open_channel(server, sleeps).push(change)
    open_channel(server, sleeps).push(change)
    assert shop.tracking(ep) == [("DPD", "77")]


def test_the_kind_conforms_and_opening_it_needs_no_network(shop: ConnectorShop) -> None:
    check_kind_conformance(KIND, {"url": "http://127.0.0.1:9/jtlconnector/", "token": "x"})
    assert shop.calls == [] and KIND.pulls_by_time is False


def test_the_token_is_a_masked_secret_and_the_url_must_be_http() -> None:
    schema = KIND.settings_model.model_json_schema()
    assert schema["properties"]["token"]["secret"] is True
    with pytest.raises(ValidationError, match="url"):
        KIND.settings_model.model_validate({"url": "shop.example/jtlconnector", "token": "x"})


def test_a_redirecting_url_is_a_permanent_error_naming_the_new_address(sleeps: list[float]) -> None:
    redirecting = FastAPI()
    redirecting.add_api_route(
        "/{path:path}",
        lambda path: RedirectResponse("https://shop.example/jtlconnector/", status_code=301),
        methods=["POST"],
    )
    with (
        BackgroundServer(redirecting) as other,
        pytest.raises(PermanentChannelError, match=r"https://shop\.example"),
    ):
        sync(open_channel(other, sleeps))
