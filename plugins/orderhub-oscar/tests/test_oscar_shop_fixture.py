"""The test shop itself: seeded as the other tests expect."""

from __future__ import annotations

from oscar_shop_api import ShopActions


def test_the_seeded_shop_serves_its_orders_through_the_admin_api(shop: ShopActions) -> None:
    registered = shop.admin_order(shop.shop.seeded["registered"]["number"])
    assert registered["status"] == "new"
    assert registered["total_incl_tax"] == "25.00"
