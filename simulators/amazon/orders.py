"""The simulator's order model and how Amazon renders it (Orders v2026-01-01 JSON, money as strings).

Statuses are kept with v0's names internally (``Unshipped``, ...) and rendered as v2026's
``fulfillment.fulfillmentStatus``. What Amazon shows depends on the status and on the blocks
asked for (``includedData``): a Pending order has no proceeds, no recipient and items without
prices; without the personal-data roles (``personal=False``) names, street lines and phones are
missing.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any

from domain.money import CENT

UNPRICED = frozenset({"Pending", "PendingAvailability"})
WITH_ADDRESS = frozenset({"Unshipped", "PartiallyShipped", "Shipped", "InvoiceUnconfirmed"})
STATUS_2026 = {
    "PendingAvailability": "PENDING_AVAILABILITY", "Pending": "PENDING", "Unshipped": "UNSHIPPED",
    "PartiallyShipped": "PARTIALLY_SHIPPED", "Shipped": "SHIPPED", "InvoiceUnconfirmed": "SHIPPED",
    "Canceled": "CANCELLED", "Unfulfillable": "UNFULFILLABLE",
}  # fmt: skip
BLOCKS = frozenset(
    {"BUYER", "RECIPIENT", "PROCEEDS", "EXPENSE", "PROMOTION", "CANCELLATION", "FULFILLMENT",
     "PACKAGES", "TAX", "PAYMENT", "FULFILLMENT_ORDERS"}
)  # fmt: skip
PERSONAL = ("name", "addressLine1", "addressLine2", "addressLine3", "phone")


def amazon_time(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def money(amount: Decimal, currency: str) -> dict[str, str]:
    return {"amount": str(amount.quantize(CENT)), "currencyCode": currency}


@dataclass
class SimItem:
    order_item_id: str
    sku: str
    title: str
    quantity: int
    item_price: Decimal
    """The line's item proceeds (unit price × quantity, unless the price does not divide)."""
    shipping_price: Decimal = Decimal("0.00")
    promotion_discount: Decimal = Decimal("0.00")
    shipping_discount: Decimal = Decimal("0.00")
    promotion_ids: list[str] = field(default_factory=list)
    asin: str = "B000000000"
    quantity_shipped: int = 0
    cancel_reason: str | None = None
    """Set: the buyer asked to cancel this item (the reason Amazon shows)."""
    overrides: dict[str, Any] = field(default_factory=dict)

    def total(self) -> Decimal:
        return self.item_price + self.shipping_price - self.promotion_discount - self.shipping_discount

    def render(self, currency: str, priced: bool, blocks: Collection[str]) -> dict[str, Any]:
        product: dict[str, Any] = {
            "asin": self.asin,
            "title": self.title,
            "sellerSku": self.sku,
            "condition": {"conditionType": "NEW", "conditionSubtype": "NEW"},
        }
        if priced and self.quantity:
            unit = (self.item_price / self.quantity).quantize(CENT, rounding=ROUND_DOWN)
            product["price"] = {"unitPrice": money(unit, currency)}
        item: dict[str, Any] = {
            "orderItemId": self.order_item_id,
            "quantityOrdered": self.quantity,
            "product": product,
        }
        if priced and "PROCEEDS" in blocks:
            parts = [("ITEM", self.item_price), ("SHIPPING", self.shipping_price),
                     ("DISCOUNT", -(self.promotion_discount + self.shipping_discount))]  # fmt: skip
            item["proceeds"] = {
                "proceedsTotal": money(self.total(), currency),
                "breakdowns": [
                    {"type": kind, "subtotal": money(amount, currency)}
                    for kind, amount in parts
                    if amount or kind == "ITEM"
                ],
            }
        if self.promotion_ids and "PROMOTION" in blocks:
            item["promotion"] = {"breakdowns": [{"promotionId": p} for p in self.promotion_ids]}
        if self.cancel_reason is not None and "CANCELLATION" in blocks:
            request = {"requester": "BUYER", "cancelReason": self.cancel_reason}
            item["cancellation"] = {"cancellationRequest": request}
        if "FULFILLMENT" in blocks:
            item["fulfillment"] = {
                "quantityFulfilled": self.quantity_shipped,
                "quantityUnfulfilled": self.quantity - self.quantity_shipped,
            }
        return item | self.overrides


@dataclass
class SimOrder:
    amazon_order_id: str
    purchase_date: datetime
    last_update: datetime
    items: list[SimItem]
    status: str = "Pending"
    marketplace_id: str = "A1PA6795UKMFR9"
    currency: str = "EUR"
    sales_channel: str = "Amazon.de"
    fulfillment_channel: str = "MFN"
    buyer_email: str = "buyer@marketplace.amazon.de"
    buyer_name: str = "Max Mustermann"
    buyer_company: str | None = None
    address: dict[str, str] = field(default_factory=dict)
    """The delivery address with v2026's keys (name, addressLine1, postalCode, city, countryCode, ...)."""
    priced: bool = False
    """Payment was authorised at some point: prices stay visible even once Canceled."""
    delivery_tip: Decimal = Decimal("0.00")
    order_discount: Decimal = Decimal("0.00")
    """Amounts that belong to no item (order-level proceeds)."""
    packages: list[dict[str, Any]] = field(default_factory=list)
    """Parcels as v2026 lists them (confirmed by the seller here or in Seller Central)."""
    overrides: dict[str, Any] = field(default_factory=dict)
    package_references: list[str] = field(default_factory=list)

    def total(self) -> Decimal:
        items = sum((i.total() for i in self.items), Decimal("0.00"))
        return items + self.delivery_tip - self.order_discount

    @property
    def shows_prices(self) -> bool:
        return self.priced and self.status not in UNPRICED

    @property
    def fulfilled_by(self) -> str:
        return "AMAZON" if self.fulfillment_channel == "AFN" else "MERCHANT"

    def _proceeds(self) -> dict[str, Any]:
        c = self.currency
        sums = {
            "ITEM": sum((i.item_price for i in self.items), Decimal(0)),
            "SHIPPING": sum((i.shipping_price for i in self.items), Decimal(0)),
            "DISCOUNT": -sum((i.promotion_discount + i.shipping_discount for i in self.items), Decimal(0))
            - self.order_discount,
            "DELIVERY_TIP": self.delivery_tip,
        }
        parts = [{"type": k, "subtotal": money(v, c)} for k, v in sums.items() if v or k == "ITEM"]
        for part in parts:
            if part["type"] == "DELIVERY_TIP":
                part["status"] = "PROCESSED"
        return {"grandTotal": money(self.total(), c), "breakdowns": parts}

    def render(self, blocks: Collection[str] = BLOCKS, personal: bool = True) -> dict[str, Any]:
        order: dict[str, Any] = {
            "orderId": self.amazon_order_id,
            "createdTime": amazon_time(self.purchase_date),
            "lastUpdatedTime": amazon_time(self.last_update),
            "programs": [],
            "salesChannel": {
                "channelName": "AMAZON",
                "marketplaceId": self.marketplace_id,
                "marketplaceName": self.sales_channel,
            },
        }
        if "BUYER" in blocks:
            buyer = {"buyerEmail": self.buyer_email} if self.fulfilled_by == "MERCHANT" else {}
            if personal:
                buyer["buyerName"] = self.buyer_name
            if self.buyer_company:
                buyer["buyerCompanyName"] = self.buyer_company
            order["buyer"] = buyer
        if "RECIPIENT" in blocks and self.status in WITH_ADDRESS and self.address:
            hidden = () if personal else PERSONAL
            order["recipient"] = {
                "deliveryAddress": {k: v for k, v in self.address.items() if k not in hidden}
            }
        if "PROCEEDS" in blocks and self.shows_prices:
            order["proceeds"] = self._proceeds()
        if "FULFILLMENT" in blocks:
            order["fulfillment"] = {
                "fulfillmentStatus": STATUS_2026[self.status],
                "fulfilledBy": self.fulfilled_by,
                "fulfillmentServiceLevel": "STANDARD",
                "shipByWindow": {"earliestDateTime": amazon_time(self.purchase_date + timedelta(days=1)),
                                 "latestDateTime": amazon_time(self.purchase_date + timedelta(days=3))},
            }  # fmt: skip
        order["orderItems"] = [i.render(self.currency, self.shows_prices, blocks) for i in self.items]
        if "PACKAGES" in blocks and self.fulfilled_by == "MERCHANT" and self.packages:
            order["packages"] = [dict(p) for p in self.packages]
        return order | self.overrides
