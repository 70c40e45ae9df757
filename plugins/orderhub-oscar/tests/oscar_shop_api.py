"""What a test does to the running shop as its staff or its shoppers would (real HTTP, real DB)."""

from __future__ import annotations

import sqlite3
import uuid
from typing import Any

import httpx
from oscar_shop_runner import ADMIN, CUSTOMER, RunningShop, basic_auth


class ShopActions:
    def __init__(self, shop: RunningShop) -> None:
        self.shop = shop

    def _call(self, method: str, path: str, headers: dict[str, str], body: Any = None) -> Any:
        url = path if path.startswith("http") else self.shop.api + path.lstrip("/")
        response = httpx.request(method, url, json=body, headers=headers, timeout=30)
        assert response.status_code in (200, 201), (method, url, response.status_code, response.text[:500])
        return response.json()

    def place_order(
        self, quantity: int = 1, guest_email: str | None = None, city: str = "Berlin"
    ) -> dict[str, Any]:
        """Checkout through the shop's API, as the registered customer or as a guest."""
        if guest_email:
            headers = {"Session-Id": f"SID:ANON:127.0.0.1:{uuid.uuid4().hex}"}
        else:
            headers = basic_auth(CUSTOMER)
        product = self.shop.api + "products/1/"
        self._call("POST", "basket/add-product/", headers, {"url": product, "quantity": quantity})
        basket = self._call("GET", "basket/", headers)
        address = {"first_name": "Max", "last_name": "Muster", "line1": "Ring 5", "line4": city,
                   "postcode": "20095", "country": self.shop.api + "countries/DE/"}  # fmt: skip
        checkout: dict[str, Any] = {"basket": basket["url"], "shipping_address": address}
        if guest_email:
            checkout["guest_email"] = guest_email
        placed = self._call("POST", "checkout/", headers, checkout)
        return self.admin_order(placed["number"])

    def admin_order(self, number: str) -> dict[str, Any]:
        orders = self._call("GET", "admin/orders/?limit=1000", basic_auth(ADMIN))
        orders = orders["results"] if isinstance(orders, dict) else orders
        return next(o for o in orders if o["number"] == number)

    def set_status(self, order_id: int, status: str) -> None:
        """A merchant changes the status in Oscar (through the extension's PATCH)."""
        self._call("PATCH", f"admin/orders/{order_id}/", basic_auth(ADMIN), {"status": status})

    def status_changes(self, number: str) -> list[tuple[str, str]]:
        """Oscar's own audit trail of status changes for one order."""
        with sqlite3.connect(self.shop.db) as db:
            rows = db.execute(
                "select c.old_status, c.new_status from order_orderstatuschange c "
                "join order_order o on o.id = c.order_id where o.number = ? order by c.id",
                (number,),
            ).fetchall()
        return [(old, new) for old, new in rows]

    def notes(self, number: str) -> list[str]:
        with sqlite3.connect(self.shop.db) as db:
            rows = db.execute(
                "select n.message from order_ordernote n join order_order o on o.id = n.order_id "
                "where o.number = ? order by n.id",
                (number,),
            ).fetchall()
        return [message for (message,) in rows]
