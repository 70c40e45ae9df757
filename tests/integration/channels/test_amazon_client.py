"""The Amazon channel against its simulator over real HTTP, sharing one fake clock."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from adapters.channels.amazon.client import INCLUDED_DATA
from adapters.channels.amazon.kind import KIND
from adapters.channels.amazon.pacing import RateBudgetSpentError
from domain.order_line import OrderLine, Tracking
from domain.status import OrderStatus
from ports.channels import (
    ChannelContext,
    PermanentChannelError,
    PulledPage,
    PullWindow,
    RetryableChannelError,
    StatusPush,
)
from simulators.amazon.app import create_app
from simulators.amazon.state import AmazonSimulatorState
from simulators.server import BackgroundServer
from testkit.channel_plugins import (
    FakeClock,
    check_kind_conformance,
    collect_pages,
    make_context,
    pull_failures,
    pulled_orders,
    secret_values,
    window_back,
)
from tests.integration.channels.amazon_fixtures import T0, minutes_ago, settings_for, sim_order, simulator


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


@pytest.fixture
def state(clock: FakeClock) -> AmazonSimulatorState:
    return simulator(clock)


@pytest.fixture
def server(state: AmazonSimulatorState) -> Iterator[BackgroundServer]:
    with BackgroundServer(create_app(state)) as running:
        yield running


@pytest.fixture
def context(clock: FakeClock) -> ChannelContext:
    return make_context("amazon-de", clock=clock)


def open_channel(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext, **extra: Any
):  # type: ignore[no-untyped-def]
    settings = KIND.settings_model.model_validate(settings_for(server.url, state, **extra))
    return KIND.open(settings, context)


def add_orders(state: AmazonSimulatorState, count: int, **options: Any) -> list[str]:
    return [
        state.add_order(sim_order(n, minutes_ago(state.clock, 70 - n % 60), **options)).amazon_order_id
        for n in range(count)
    ]


def ids(pages: list[PulledPage]) -> list[str]:
    return [o.order.external_id for o in pulled_orders(pages)]


def search_calls(state: AmazonSimulatorState) -> list[dict[str, list[str]]]:
    return [params for operation, params in state.requests if operation == "searchOrders"]


def test_the_kind_conforms(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext
) -> None:
    check_kind_conformance(KIND, settings_for(server.url, state), context)


# -- pulling ---------------------------------------------------------------------------------------


def test_first_pull_pages_through_every_order_changed_in_the_window(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext, clock: FakeClock
) -> None:
    state.speedup = 100
    expected = add_orders(state, 130)
    pages = collect_pages(open_channel(server, state, context), window_back(clock))
    assert sorted(ids(pages)) == sorted(expected)
    assert [len(page.orders) for page in pages] == [100, 30]


def test_the_echoed_last_updated_before_is_the_last_pages_watermark(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext, clock: FakeClock
) -> None:
    add_orders(state, 3)
    pages = collect_pages(open_channel(server, state, context), window_back(clock))
    assert [page.watermark for page in pages] == [T0 - timedelta(minutes=2)]


def test_search_orders_asks_by_last_update_only_never_closer_than_two_minutes_with_the_blocks_it_needs(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext, clock: FakeClock
) -> None:
    add_orders(state, 3)
    collect_pages(open_channel(server, state, context), window_back(clock))
    [params] = search_calls(state)
    assert params == {
        "marketplaceIds": ["A1PA6795UKMFR9"],
        "lastUpdatedAfter": ["2026-10-03T09:00:00Z"],
        "lastUpdatedBefore": ["2026-11-02T08:58:00Z"],
        "maxResultsPerPage": ["100"],
        "includedData": ["BUYER,RECIPIENT,PROCEEDS,PROMOTION,CANCELLATION,FULFILLMENT,PACKAGES"],
    }


def test_next_pages_repeat_every_parameter_with_the_pagination_token(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext, clock: FakeClock
) -> None:
    state.speedup = 100
    add_orders(state, 101)
    collect_pages(open_channel(server, state, context), window_back(clock))
    first, second = search_calls(state)
    assert second.pop("paginationToken") and second == first


def test_no_removed_v0_read_operation_is_called(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext, clock: FakeClock
) -> None:
    [order_id] = add_orders(state, 1)
    channel = open_channel(server, state, context)
    collect_pages(channel, window_back(clock))
    list(channel.fetch_orders([order_id]))
    assert {operation for operation, _ in state.requests} == {"searchOrders", "getOrder"}
    assert state.removed_calls == []


def test_a_window_ending_within_two_minutes_of_its_start_asks_nothing(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext, clock: FakeClock
) -> None:
    window = PullWindow(start=clock.now() - timedelta(minutes=1), end=clock.now(), first_sync=False)
    pages = collect_pages(open_channel(server, state, context), window)
    assert search_calls(state) == []
    assert pages[-1].watermark is not None and pages[-1].watermark <= clock.now()


def test_items_come_inside_the_order_without_a_call_per_order(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext, clock: FakeClock
) -> None:
    add_orders(state, 3, items=5)
    orders = pulled_orders(collect_pages(open_channel(server, state, context), window_back(clock)))
    assert [line.sku for line in orders[0].order.lines] == [f"SKU-{i}" for i in range(5)]
    assert len(json.loads(orders[0].receipt or "")["items"]) == 5
    assert [operation for operation, _ in state.requests] == ["searchOrders"]


def test_a_malformed_order_becomes_a_failure_and_the_rest_is_pulled(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext, clock: FakeClock
) -> None:
    first, second = add_orders(state, 2)
    state.corrupt(first, proceeds={"grandTotal": {"currencyCode": "EUR", "amount": "12,99"}})
    clock.advance(minutes=3)
    pages = collect_pages(open_channel(server, state, context), window_back(clock))
    assert ids(pages) == [second]
    [failure] = pull_failures(pages)
    assert failure.external_id == first and "grandTotal" in failure.reason
    assert failure.raw["proceeds"]["grandTotal"]["amount"] == "12,99"


def test_quarantined_orders_can_be_fetched_again_by_id(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext
) -> None:
    [order_id] = add_orders(state, 1)
    pages = list(open_channel(server, state, context).fetch_orders([order_id, "unidentified-abc"]))
    assert ids(pages) == [order_id]
    [(operation, params)] = list(state.requests)
    assert operation == "getOrder" and params["includedData"] == [INCLUDED_DATA]


# -- auth ------------------------------------------------------------------------------------------


def test_the_access_token_is_fetched_once_and_reused(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext, clock: FakeClock
) -> None:
    add_orders(state, 5)
    collect_pages(open_channel(server, state, context), window_back(clock))
    assert state.token_requests == 1


def test_an_expired_token_is_refreshed_once_and_the_call_retried(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext, clock: FakeClock
) -> None:
    add_orders(state, 2)
    channel = open_channel(server, state, context)
    collect_pages(channel, window_back(clock))
    state.expire_tokens()
    assert len(ids(collect_pages(channel, window_back(clock)))) == 2
    assert state.token_requests == 2


def test_the_token_is_refreshed_shortly_before_it_expires(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext, clock: FakeClock
) -> None:
    add_orders(state, 1)
    channel = open_channel(server, state, context)
    collect_pages(channel, window_back(clock))
    clock.advance(seconds=3600 - 45)
    collect_pages(channel, window_back(clock))
    assert state.token_requests == 2


@pytest.mark.parametrize(("setting", "code", "advice"), [("refresh_token", "invalid_grant", "re-authorise"),
                                                         ("client_secret", "invalid_client", "client_secret")])  # fmt: skip
def test_refused_credentials_are_a_permanent_error_saying_what_to_do(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext, clock: FakeClock,
    setting: str, code: str, advice: str,
) -> None:  # fmt: skip
    channel = open_channel(server, state, context, **{setting: "Atzr|leaked-if-printed"})
    with pytest.raises(PermanentChannelError, match=code) as caught:
        collect_pages(channel, window_back(clock))
    assert advice in str(caught.value)
    settings = KIND.settings_model.model_validate(
        settings_for(server.url, state, **{setting: "Atzr|leaked-if-printed"})
    )
    assert not any(secret in str(caught.value) for secret in secret_values(settings))


def test_a_token_endpoint_outage_is_retryable(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext, clock: FakeClock
) -> None:
    state.fail_next("token", 503, count=5)
    with pytest.raises(RetryableChannelError):
        collect_pages(open_channel(server, state, context), window_back(clock))


# -- faults and rate limits --------------------------------------------------------------------------


def test_a_429_storm_is_waited_out_at_searchorders_pace(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext, clock: FakeClock
) -> None:
    expected = add_orders(state, 3)
    state.fail_next("searchOrders", 429, count=3)
    pages = collect_pages(open_channel(server, state, context, max_wait_seconds=3600), window_back(clock))
    assert sorted(ids(pages)) == sorted(expected)
    assert len(context.sleep.waits) >= 3 and max(context.sleep.waits) == pytest.approx(1 / 0.0056, rel=0.01)


def test_server_errors_that_persist_are_retryable(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext, clock: FakeClock
) -> None:
    state.fail_next("searchOrders", 500, count=10)
    with pytest.raises(RetryableChannelError, match="HTTP 500"):
        collect_pages(open_channel(server, state, context), window_back(clock))


def test_a_garbage_answer_is_retryable(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext, clock: FakeClock
) -> None:
    state.fail_next("searchOrders", 200, body="<html>Service maintenance</html>")
    with pytest.raises(RetryableChannelError, match="expected JSON"):
        collect_pages(open_channel(server, state, context), window_back(clock))


def _pull_until_stopped(
    channel: Any, window: PullWindow, checkpoint: Any
) -> tuple[list[PulledPage], Exception | None]:
    pages: list[PulledPage] = []
    try:
        for page in channel.pull(window, checkpoint):
            pages.append(page)
    except RetryableChannelError as exc:
        return pages, exc
    return pages, None


def test_a_spent_rate_budget_stops_the_sync_and_the_checkpoint_resumes_it(
    server: BackgroundServer, state: AmazonSimulatorState, clock: FakeClock
) -> None:
    state.speedup = 100  # searchOrders refills 0.56 requests/s: a page every 1.8 s after the burst
    expected = add_orders(state, 40)
    window = window_back(clock)
    first_pages, error = _pull_until_stopped(
        open_channel(server, state, make_context(clock=clock), max_wait_seconds=10, max_results_per_page=1),
        window,
        None,
    )
    assert isinstance(error, RateBudgetSpentError)
    assert "the next sync resumes" in str(error)
    clock.advance(minutes=1)
    checkpoint = first_pages[-1].checkpoint
    rest, error = _pull_until_stopped(
        open_channel(server, state, make_context(clock=clock), max_wait_seconds=10, max_results_per_page=1),
        window.model_copy(update={"end": clock.now()}),
        checkpoint,
    )
    assert error is None
    assert 0 < len(ids(first_pages)) < 40
    assert sorted(ids(first_pages) + ids(rest)) == sorted(expected)  # nothing lost, nothing twice


def test_a_sync_stopped_again_while_catching_up_does_not_start_over(
    server: BackgroundServer, state: AmazonSimulatorState, clock: FakeClock
) -> None:
    state.speedup = 100
    old = set(add_orders(state, 40))

    def pull(checkpoint: Any) -> tuple[list[PulledPage], Exception | None]:
        channel = open_channel(
            server, state, make_context(clock=clock), max_wait_seconds=10, max_results_per_page=1
        )
        return _pull_until_stopped(channel, window_back(clock), checkpoint)  # never synced: 30 days back

    first, _ = pull(None)
    clock.advance(minutes=1)
    new = {state.add_order(sim_order(100 + n, clock.now())).amazon_order_id for n in range(40)}
    clock.advance(minutes=3)
    later, error, checkpoint = [], None, first[-1].checkpoint
    for _ in range(10):  # each sync gets further until one completes
        pages, error = pull(checkpoint)
        later += pages
        checkpoint = pages[-1].checkpoint if pages else checkpoint
        if error is None:
            break
        assert checkpoint and checkpoint["from"] == "2026-10-03T09:00:00Z"  # covered since the first window
        clock.advance(minutes=1)
    assert error is None
    assert set(ids(first)) | set(ids(later)) == old | new
    resumed_old = [i for i in ids(later) if i in old]
    assert sorted(resumed_old) == sorted(old - set(ids(first)))  # the 30 days were not pulled again


def test_a_v0_next_token_in_a_checkpoint_is_not_sent_and_the_window_restarts(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext, clock: FakeClock
) -> None:
    expected = add_orders(state, 3)
    window = window_back(clock)
    checkpoint = {  # as the v0 adapter stored it
        "after": "2026-10-03T09:00:00Z",
        "before": "2026-11-02T08:58:00Z",
        "token": "2YgYW55IGNhcm5hbCBwbGVhc3VyZS4",
        "done": [],
    }
    pages = collect_pages(open_channel(server, state, context), window, checkpoint)
    assert sorted(ids(pages)) == sorted(expected)
    assert all("paginationToken" not in params for params in search_calls(state))


def _stopped_mid_window(server: BackgroundServer, state: AmazonSimulatorState, clock: FakeClock) -> Any:
    """A first sync that stopped after page one of three (its checkpoint holds a fresh token)."""
    state.speedup = 100
    add_orders(state, 3)
    channel = open_channel(server, state, make_context(clock=clock), max_results_per_page=1)
    pages = channel.pull(window_back(clock), None)
    first = next(pages)
    assert first.checkpoint and first.checkpoint["token"] and first.checkpoint["issued"]
    return first


def _resumed(
    server: BackgroundServer, state: AmazonSimulatorState, clock: FakeClock, hours: int, first: Any
) -> Any:
    """The next sync, ``hours`` later, from the stopped sync's checkpoint."""
    clock.advance(hours=hours)
    state.requests.clear()
    channel = open_channel(server, state, make_context(clock=clock), max_results_per_page=1)
    return collect_pages(channel, window_back(clock), first.checkpoint)


def test_a_pagination_token_older_than_24_hours_is_not_reused_and_nothing_is_lost(
    server: BackgroundServer, state: AmazonSimulatorState, clock: FakeClock
) -> None:
    first = _stopped_mid_window(server, state, clock)
    rest = _resumed(server, state, clock, 25, first)
    assert "paginationToken" not in search_calls(state)[0]  # the window started over
    assert set(ids([first]) + ids(rest)) == set(state.orders)


def test_a_fresh_pagination_token_resumes_where_the_sync_stopped(
    server: BackgroundServer, state: AmazonSimulatorState, clock: FakeClock
) -> None:
    first = _stopped_mid_window(server, state, clock)
    rest = _resumed(server, state, clock, 1, first)
    assert search_calls(state)[0]["paginationToken"] == [first.checkpoint["token"]]
    assert sorted(ids([first]) + ids(rest)) == sorted(state.orders)  # nothing twice


def test_a_token_amazon_refuses_restarts_the_window_once(
    server: BackgroundServer, state: AmazonSimulatorState, clock: FakeClock
) -> None:
    first = _stopped_mid_window(server, state, clock)
    checkpoint = dict(first.checkpoint or {}) | {"token": "bm90IGEgdG9rZW4="}
    channel = open_channel(server, state, make_context(clock=clock), max_results_per_page=1)
    rest = collect_pages(channel, window_back(clock), checkpoint)
    assert set(ids([first]) + ids(rest)) == set(state.orders)


# -- pushing ---------------------------------------------------------------------------------------


def _pulled(server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext) -> Any:
    [order] = pulled_orders(collect_pages(open_channel(server, state, context), window_back(context.clock)))
    return order


def _push(order: Any, status: OrderStatus, **extra: Any) -> StatusPush:
    return StatusPush(push_id="push-1", order_id="o-1", external_id=order.order.external_id, status=status,
                      lines=order.order.lines, receipt=order.receipt, **extra)  # fmt: skip


def test_a_shipped_push_confirms_every_item_with_its_tracking(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext
) -> None:
    add_orders(state, 1)
    order = _pulled(server, state, context)
    tracking = Tracking(carrier="DHL", number="00340434161094042557")
    outcome = open_channel(server, state, context).push(_push(order, OrderStatus.SHIPPED, tracking=tracking))
    assert outcome.delivered and outcome.reference and outcome.reference.isdigit()
    [confirmation] = state.confirmations
    package = confirmation["body"]["packageDetail"]
    assert (package["carrierCode"], package["trackingNumber"]) == ("DHL", "00340434161094042557")
    assert [i["quantity"] for i in package["orderItems"]] == [2, 2]
    assert state.orders[order.order.external_id].status == "Shipped"


def test_a_partially_shipped_push_confirms_the_pushed_lines(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext
) -> None:
    add_orders(state, 1)
    order = _pulled(server, state, context)
    push = _push(order, OrderStatus.PARTIALLY_SHIPPED, tracking=Tracking(carrier="GLS", number="1"))
    push = push.model_copy(
        update={"lines": [OrderLine(sku="SKU-1", title="x", quantity=1, unit_price="1.00")]}
    )
    assert open_channel(server, state, context).push(push).delivered
    assert state.orders[order.order.external_id].status == "PartiallyShipped"


def test_a_shipped_push_without_a_receipt_asks_amazon_for_the_items(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext
) -> None:
    add_orders(state, 1)
    order = _pulled(server, state, context)
    push = _push(order, OrderStatus.SHIPPED, tracking=Tracking(carrier="DHL", number="1"))
    assert open_channel(server, state, context).push(push.model_copy(update={"receipt": None})).delivered
    assert state.orders[order.order.external_id].status == "Shipped"
    assert [operation for operation, _ in state.requests][-2:] == ["getOrder", "confirmShipment"]


@pytest.mark.parametrize("status", [OrderStatus.PAID, OrderStatus.CANCELLED])
def test_statuses_amazon_cannot_take_are_not_delivered_and_say_so(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext, status: OrderStatus
) -> None:
    add_orders(state, 1)
    outcome = open_channel(server, state, context).push(_push(_pulled(server, state, context), status))
    assert not outcome.delivered and (outcome.detail or "").startswith("not sent")
    if status is OrderStatus.CANCELLED:
        assert "Seller Central" in (outcome.detail or "")
    assert state.confirmations == []


def test_a_refused_confirmation_is_not_delivered_and_says_why(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext
) -> None:
    [order_id] = add_orders(state, 1)
    order = _pulled(server, state, context)
    state.cancel(order_id)
    push = _push(order, OrderStatus.SHIPPED, tracking=Tracking(carrier="DHL", number="1"))
    outcome = open_channel(server, state, context).push(push)
    assert not outcome.delivered
    assert "Canceled and cannot be shipped" in (outcome.detail or "")


def test_a_stale_receipt_is_refreshed_once_when_amazon_refuses_the_quantities(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext
) -> None:
    [order_id] = add_orders(state, 1)
    order = _pulled(server, state, context)
    first_item = state.orders[order_id].items[0].order_item_id
    state.ship(order_id, {first_item: 2})  # shipped in Seller Central after orderhub imported it
    push = _push(order, OrderStatus.SHIPPED, tracking=Tracking(carrier="DHL", number="1"))
    outcome = open_channel(server, state, context).push(push)
    assert outcome.delivered, outcome
    [confirmation] = state.confirmations
    assert [i["orderItemId"] for i in confirmation["body"]["packageDetail"]["orderItems"]] == [
        state.orders[order_id].items[1].order_item_id
    ]
    assert state.orders[order_id].status == "Shipped"


@pytest.mark.parametrize(("setting", "path", "advice"), [("api_base_url", "/wrong", "api_base_url"),
                                                         ("token_url", "/wrong/o2/token", "token_url")])  # fmt: skip
def test_a_wrong_url_is_a_permanent_error_naming_the_setting(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext, clock: FakeClock,
    setting: str, path: str, advice: str,
) -> None:  # fmt: skip
    channel = open_channel(server, state, context, **{setting: server.url + path})
    with pytest.raises(PermanentChannelError, match=advice):
        collect_pages(channel, window_back(clock))


def test_a_shipment_of_an_order_amazon_fulfils_is_not_sent(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext
) -> None:
    [order_id] = add_orders(state, 1)
    state.orders[order_id].fulfillment_channel = "AFN"
    push = _push(
        _pulled(server, state, context), OrderStatus.SHIPPED, tracking=Tracking(carrier="DHL", number="1")
    )
    outcome = open_channel(server, state, context).push(push)
    assert not outcome.delivered and "AFN" in (outcome.detail or "")
    assert state.confirmations == []


def test_a_shipment_of_an_order_amazon_does_not_know_is_not_delivered(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext
) -> None:
    push = StatusPush(push_id="p", order_id="o", external_id="302-9999999-9999999", status=OrderStatus.SHIPPED,
                      tracking=Tracking(carrier="DHL", number="1"))  # fmt: skip
    outcome = open_channel(server, state, context).push(push)
    assert not outcome.delivered and "not found" in (outcome.detail or "")


def test_a_partial_shipment_naming_every_open_item_is_not_sent(
    server: BackgroundServer, state: AmazonSimulatorState, context: ChannelContext
) -> None:
    add_orders(state, 1)
    order = _pulled(server, state, context)  # the push carries all of the order's lines
    push = _push(order, OrderStatus.PARTIALLY_SHIPPED, tracking=Tracking(carrier="GLS", number="1"))
    outcome = open_channel(server, state, context).push(push)
    assert not outcome.delivered and "which items are in this parcel" in (outcome.detail or "")
    assert state.confirmations == []
