"""The demo's sources: channel settings their kinds accept, orders arriving and changing at each tick."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.channels.registry import discover_kinds
from entrypoints.demo.marketplaces import AmazonSource, EbaySource
from entrypoints.demo.shops import JtlConnectorSource, JtlShopSource
from entrypoints.demo.sources import DemoSource, builtin_sources


def order_count(source: DemoSource) -> int:
    if isinstance(source, EbaySource):
        return len(source.market.orders)
    if isinstance(source, AmazonSource):
        return len(source.state.orders)
    if isinstance(source, JtlShopSource):
        return len(source.sim.orders())
    assert isinstance(source, JtlConnectorSource)
    return len(source.shop.orders)


@pytest.fixture
def sources() -> list[DemoSource]:
    return builtin_sources(seed=7, initial_orders=5)


def test_every_source_offers_settings_its_kind_accepts(sources: list[DemoSource]) -> None:
    kinds = discover_kinds(include_plugins=False)
    for source in sources:
        kind = kinds.get(source.kind)
        assert kind is not None, source.kind
        kind.settings_model.model_validate(source.settings())


def test_every_source_starts_with_its_initial_orders(sources: list[DemoSource]) -> None:
    assert [order_count(source) for source in sources] == [5, 5, 5, 5]


def test_every_tick_brings_new_orders_to_every_source(sources: list[DemoSource]) -> None:
    for source in sources:
        before = order_count(source)
        notes = source.tick()
        assert order_count(source) > before
        assert notes[0] == f"+{order_count(source) - before} new"


def test_ebay_orders_get_paid_shipped_or_cancelled_over_a_few_ticks() -> None:
    source = EbaySource(seed=3, initial_orders=20)
    before = {i: source.market.order(i) for i in source.market.orders}
    for _ in range(10):
        source.tick()
    changed = [i for i, order in before.items() if source.market.order(i) != order]
    assert changed
    assert all(source.market.orders[i].modified > source.market.orders[i].created for i in changed)


def test_amazon_orders_change_over_a_few_ticks() -> None:
    source = AmazonSource(seed=3, initial_orders=20)
    before = {i: o.status for i, o in source.state.orders.items()}
    for _ in range(10):
        source.tick()
    assert any(source.state.orders[i].status != status for i, status in before.items())


def test_new_amazon_orders_are_old_enough_for_amazon_to_list_them() -> None:
    source = AmazonSource(seed=3, initial_orders=0)
    source.tick()
    listable_until = datetime.now(UTC) - timedelta(minutes=2)
    assert source.state.orders
    assert all(o.last_update <= listable_until for o in source.state.orders.values())


def test_new_shop_orders_are_placed_now() -> None:
    source = JtlShopSource(seed=3, initial_orders=0)
    source.tick()
    now = source.sim.state.now()
    assert all(now - o.created < timedelta(seconds=5) for o in source.sim.orders())


def test_the_connector_shop_keeps_its_buyers_across_ticks() -> None:
    source = JtlConnectorSource(seed=3, initial_orders=3)
    for _ in range(30):
        source.tick()
    ids = [o["id"][0] for o in source.shop.orders.values()]
    assert len(ids) == len(set(ids)) == order_count(source)


def test_the_ebay_source_configures_the_account_deletion_endpoint_at_orderhubs_api() -> None:
    source = EbaySource(seed=7, initial_orders=2)
    assert "deletion_endpoint_url" not in source.settings()  # without an API to point at
    assert source.api_ready() is None
    source.orderhub_api = "http://127.0.0.1:8000"
    settings = (
        discover_kinds(include_plugins=False).get("ebay").settings_model.model_validate(source.settings())
    )  # type: ignore[union-attr]
    assert settings.deletion_endpoint_url == (  # type: ignore[attr-defined]
        "http://127.0.0.1:8000/api/v1/channels/ebay-demo/ebay/account-deletion"
    )
    [send, forged] = source.hints()
    assert "/_sim/account-deletion" in send and source.market.buyer_usernames()[0] in send
    assert '"mode": "tampered"' in forged
