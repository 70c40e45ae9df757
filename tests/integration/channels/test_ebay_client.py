"""The eBay channel against the simulator over real HTTP: paging, checkpoints, tokens and faults."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from adapters.channels.ebay.channel import EbayChannel
from adapters.channels.ebay.kind import KIND
from adapters.channels.ebay.timestamps import ebay_time
from ports.channels import (
    PermanentChannelError,
    PulledPage,
    PullWindow,
    RetryableChannelError,
)
from simulators.ebay.state import EbayMarketplace
from testkit.channel_plugins import check_kind_conformance, make_context
from tests.integration.channels.ebay_world import START, WINDOW, World


def _pull(channel: EbayChannel, window: PullWindow = WINDOW, checkpoint: Any = None) -> list[PulledPage]:
    return list(channel.pull(window, checkpoint))


def _ids(pages: list[PulledPage]) -> list[str]:
    return [pulled.order.external_id for page in pages for pulled in page.orders]


def _order_calls(market: EbayMarketplace) -> list[str]:
    return [call for call in market.calls if call.startswith("GET /sell/fulfillment/v1/order?")]


# -- pulling -----------------------------------------------------------------------------------------


def test_a_first_sync_delivers_every_order_of_the_window_in_pages_of_at_most_200(
    world: World, channel: EbayChannel
) -> None:
    expected = set(world.market.generate(450))
    pages = _pull(channel)
    assert sorted(_ids(pages)) == sorted(expected)
    assert all(len(page.orders) + len(page.failures) <= 200 for page in pages)


def test_orders_changed_before_the_window_are_not_fetched(world: World, channel: EbayChannel) -> None:
    old = world.market.generate(5, start=START - timedelta(days=60), end=START - timedelta(days=59))
    new = world.market.generate(5, start=START - timedelta(days=1))
    assert sorted(_ids(_pull(channel))) == sorted(new)
    assert not set(old) & set(_ids(_pull(channel)))


def test_the_filter_is_sent_percent_encoded_with_limit_200_and_tax_breakdown(
    world: World, channel: EbayChannel
) -> None:
    world.market.generate(3)
    _pull(channel)
    [call] = _order_calls(world.market)
    start, end = ebay_time(WINDOW.start), ebay_time(WINDOW.end)
    assert call == (
        f"GET /sell/fulfillment/v1/order?filter=lastmodifieddate:%5B{start}..{end}%5D"
        "&limit=200&offset=0&fieldGroups=TAX_BREAKDOWN"
    )


def test_each_order_carries_a_receipt_naming_its_ebay_line_items(world: World, channel: EbayChannel) -> None:
    [order_id] = world.market.generate(1)
    [pulled] = _pull(channel)[0].orders
    receipt = json.loads(pulled.receipt or "")
    assert receipt["orderId"] == order_id
    assert [line["lineItemId"] for line in receipt["lineItems"]] == [
        line["lineItemId"] for line in world.market.order(order_id)["lineItems"]
    ]


def test_a_malformed_order_is_a_failure_of_its_page_and_the_rest_is_delivered(
    world: World, channel: EbayChannel
) -> None:
    good = world.market.generate(3, start=START - timedelta(days=2), end=START - timedelta(days=1))
    broken = world.market.order(good[0]) | {"orderId": "99-00000-00001", "pricingSummary": {}}
    world.market.add_order(broken, at=START - timedelta(hours=1))
    [page] = _pull(channel)
    assert sorted(p.order.external_id for p in page.orders) == sorted(good)
    [failure] = page.failures
    assert failure.external_id == "99-00000-00001"
    assert "currency" in failure.reason
    assert failure.raw["orderId"] == "99-00000-00001"


def test_an_interrupted_sync_resumes_from_its_checkpoint(world: World, channel: EbayChannel) -> None:
    expected = set(world.market.generate(600))
    pages = channel.pull(WINDOW, None)
    first = [next(pages), next(pages)]
    checkpoint = first[-1].checkpoint
    calls_before = len(_order_calls(world.market))
    rest = _pull(world.channel(), WINDOW, checkpoint)
    assert set(_ids(first)) | set(_ids(rest)) == expected
    assert len(_order_calls(world.market)) - calls_before == 2


def test_a_later_window_resumes_the_old_one_then_reads_the_remainder(
    world: World, channel: EbayChannel
) -> None:
    expected = set(world.market.generate(600))
    first = next(channel.pull(WINDOW, None))
    world.clock.advance(minutes=10)
    newer = set(world.market.generate(2, start=world.clock.now() - timedelta(minutes=1)))
    later = PullWindow(start=WINDOW.start, end=world.clock.now(), first_sync=True)
    rest = _pull(world.channel(), later, first.checkpoint)
    assert set(_ids([first])) | set(_ids(rest)) == expected | newer


def test_orders_in_quarantine_are_fetched_again_by_id_whatever_their_dates(
    world: World, channel: EbayChannel
) -> None:
    old = world.market.generate(60, start=START - timedelta(days=200), end=START - timedelta(days=200))
    pages = list(channel.fetch_orders([*old, "99-99999-99999"]))
    assert [len(page.orders) for page in pages] == [50, 10]
    assert set(_ids(pages)) == set(old)
    assert all(page.checkpoint is None for page in pages)


# -- tokens ------------------------------------------------------------------------------------------


def test_the_access_token_is_fetched_once_and_reused(world: World, channel: EbayChannel) -> None:
    world.market.generate(3)
    _pull(channel)
    _pull(channel)
    assert world.market.auth.grants_served == ["refresh_token"]


def test_a_token_near_its_expiry_is_renewed_before_use(world: World, channel: EbayChannel) -> None:
    _pull(channel)
    world.clock.advance(seconds=7200 - 60)
    _pull(channel)
    assert world.market.auth.grants_served == ["refresh_token", "refresh_token"]


def test_an_access_token_expired_early_is_refreshed_once_and_the_call_repeated(
    world: World, channel: EbayChannel
) -> None:
    expected = set(world.market.generate(450))
    pages = channel.pull(WINDOW, None)
    first = next(pages)
    world.market.expire_access_tokens()
    rest = list(pages)
    assert set(_ids([first, *rest])) == expected
    assert world.market.auth.grants_served == ["refresh_token", "refresh_token"]


def test_a_revoked_refresh_token_is_a_permanent_error_saying_what_to_do(
    world: World, channel: EbayChannel
) -> None:
    world.market.revoke_refresh_token()
    with pytest.raises(PermanentChannelError) as raised:
        _pull(channel)
    message = str(raised.value)
    assert "the eBay refresh token was rejected" in message
    assert "create a new one" in message.lower() and "update the channel settings" in message
    assert world.market.refresh_token not in message and world.market.client_secret not in message


def test_wrong_application_keys_are_a_permanent_error(world: World) -> None:
    channel = world.channel(client_secret="wrong-secret")
    with pytest.raises(PermanentChannelError, match="client_id and client_secret"):
        _pull(channel)


def test_a_refresh_token_without_the_fulfillment_scope_is_a_permanent_error(world: World) -> None:
    token = world.market.issue_refresh_token(scopes=("https://api.ebay.com/oauth/api_scope",))
    with pytest.raises(PermanentChannelError, match="scope"):
        _pull(world.channel(refresh_token=token))


# -- faults -------------------------------------------------------------------------------------------


def test_a_429_storm_is_waited_out_with_growing_backoff(world: World, channel: EbayChannel) -> None:
    expected = set(world.market.generate(10))
    world.market.faults.inject("429", times=3)
    assert set(_ids(_pull(channel))) == expected
    assert world.sleeps.seconds == [1.0, 2.0, 4.0]


def test_429_that_never_ends_gives_a_retryable_error(world: World, channel: EbayChannel) -> None:
    world.market.faults.inject("429", times=None)
    with pytest.raises(RetryableChannelError, match="429"):
        _pull(channel)


def test_a_500_is_retried(world: World, channel: EbayChannel) -> None:
    expected = set(world.market.generate(10))
    world.market.faults.inject("500", times=1)
    assert set(_ids(_pull(channel))) == expected


def test_a_token_endpoint_outage_is_retried(world: World, channel: EbayChannel) -> None:
    world.market.generate(2)
    world.market.faults.inject("503", times=2, target="token")
    assert len(_ids(_pull(channel))) == 2


@pytest.mark.parametrize("kind", ["html", "garbage"])
def test_html_or_garbage_instead_of_json_is_a_retryable_error(
    world: World, channel: EbayChannel, kind: str
) -> None:
    world.market.generate(2)
    world.market.faults.inject(kind)
    with pytest.raises(RetryableChannelError, match="expected JSON"):
        _pull(channel)


def test_a_call_that_times_out_is_retried_and_then_given_up(world: World) -> None:
    channel = world.channel(timeout=0.2)
    world.market.faults.inject("timeout", times=None, seconds=0.5)
    with pytest.raises(RetryableChannelError, match="timed out"):
        _pull(channel)


def test_when_ebays_clock_is_behind_the_window_end_is_left_open(world: World) -> None:
    expected = set(world.market.generate(5))
    world.clock.advance(minutes=-2)  # eBay now says our window end lies in the future (30850)
    assert set(_ids(_pull(world.channel()))) == expected
    assert (
        _order_calls(world.market)[-1]
        .split("filter=")[1]
        .startswith(f"lastmodifieddate:%5B{ebay_time(WINDOW.start)}..%5D")
    )


def test_the_kind_conforms_to_what_orderhub_expects(world: World) -> None:
    check_kind_conformance(KIND, world.market.channel_settings(world.url), make_context())
