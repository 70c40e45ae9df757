"""The simulator's order model and how Amazon renders it (Orders v0 JSON, money as strings).

What Amazon shows depends on the status: a Pending order has no OrderTotal, no ShippingAddress
and items without any price; without a Restricted Data Token (``rdt=False``) names, street
lines and phone numbers are stripped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from domain.money import CENT

UNPRICED = frozenset({"Pending", "PendingAvailability"})
WITH_ADDRESS = frozenset({"Unshipped", "PartiallyShipped", "Shipped", "InvoiceUnconfirmed"})
STATUSES = frozenset(
    {"Pending", "Unshipped", "PartiallyShipped", "Shipped", "Canceled", "Unfulfillable",
     "InvoiceUnconfirmed", "PendingAvailability"}
)  # fmt: skip


def amazon_time(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def money(amount: Decimal, currency: str) -> dict[str, str]:
    return {"CurrencyCode": currency, "Amount": str(amount.quantize(CENT))}


@dataclass
class SimItem:
    order_item_id: str
    sku: str
    title: str
    quantity: int
    item_price: Decimal
    """The LINE total, as Amazon reports it (unit price × quantity)."""
    shipping_price: Decimal = Decimal("0.00")
    promotion_discount: Decimal = Decimal("0.00")
    shipping_discount: Decimal = Decimal("0.00")
    promotion_ids: list[str] = field(default_factory=list)
    tax_rate: Decimal = Decimal("19")
    asin: str = "B000000000"
    quantity_shipped: int = 0
    overrides: dict[str, Any] = field(default_factory=dict)

    def _tax(self, gross: Decimal) -> Decimal:
        return (gross * self.tax_rate / (100 + self.tax_rate)).quantize(CENT, rounding=ROUND_HALF_UP)

    def render(self, currency: str, priced: bool) -> dict[str, Any]:
        item: dict[str, Any] = {
            "ASIN": self.asin,
            "SellerSKU": self.sku,
            "OrderItemId": self.order_item_id,
            "Title": self.title,
            "QuantityOrdered": self.quantity,
            "QuantityShipped": self.quantity_shipped,
            "ProductInfo": {"NumberOfItems": "1"},
            "IsGift": "false",
            "ConditionId": "New",
            "ConditionSubtypeId": "New",
            "IsTransparency": False,
            "SerialNumberRequired": False,
        }
        if priced:
            item |= {
                "ItemPrice": money(self.item_price, currency),
                "ItemTax": money(self._tax(self.item_price), currency),
                "ShippingPrice": money(self.shipping_price, currency),
                "ShippingTax": money(self._tax(self.shipping_price), currency),
                "ShippingDiscount": money(self.shipping_discount, currency),
                "ShippingDiscountTax": money(self._tax(self.shipping_discount), currency),
                "PromotionDiscount": money(self.promotion_discount, currency),
                "PromotionDiscountTax": money(self._tax(self.promotion_discount), currency),
                "PromotionIds": list(self.promotion_ids),
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
    address: dict[str, str] = field(default_factory=dict)
    priced: bool = False
    """Payment was authorised at some point: prices stay visible even once Canceled."""
    overrides: dict[str, Any] = field(default_factory=dict)
    package_references: list[str] = field(default_factory=list)

    def total(self) -> Decimal:
        return sum(
            (
                i.item_price + i.shipping_price - i.promotion_discount - i.shipping_discount
                for i in self.items
            ),
            Decimal("0.00"),
        )

    @property
    def shows_prices(self) -> bool:
        return self.priced and self.status not in UNPRICED

    def render(self, rdt: bool = True) -> dict[str, Any]:
        shipped = sum(i.quantity_shipped for i in self.items)
        order: dict[str, Any] = {
            "AmazonOrderId": self.amazon_order_id,
            "PurchaseDate": amazon_time(self.purchase_date),
            "LastUpdateDate": amazon_time(self.last_update),
            "OrderStatus": self.status,
            "FulfillmentChannel": self.fulfillment_channel,
            "SalesChannel": self.sales_channel,
            "ShipServiceLevel": "Std DE Dom_1",
            "NumberOfItemsShipped": shipped,
            "NumberOfItemsUnshipped": sum(i.quantity for i in self.items) - shipped,
            "PaymentMethod": "Other",
            "PaymentMethodDetails": ["Standard"],
            "MarketplaceId": self.marketplace_id,
            "ShipmentServiceLevelCategory": "Standard",
            "OrderType": "StandardOrder",
            "EarliestShipDate": amazon_time(self.purchase_date + timedelta(days=1)),
            "LatestShipDate": amazon_time(self.purchase_date + timedelta(days=3)),
            "IsBusinessOrder": False,
            "IsPrime": False,
            "IsPremiumOrder": False,
            "IsGlobalExpressEnabled": False,
            "IsReplacementOrder": False,
            "IsSoldByAB": False,
            "IsISPU": False,
            "IsAccessPointOrder": False,
            "HasRegulatedItems": False,
            "BuyerInfo": {"BuyerEmail": self.buyer_email} | ({"BuyerName": self.buyer_name} if rdt else {}),
        }
        if self.shows_prices:
            order["OrderTotal"] = money(self.total(), self.currency)
        if self.status in WITH_ADDRESS and self.address:
            hidden = set() if rdt else {"Name", "AddressLine1", "AddressLine2", "AddressLine3", "Phone"}
            order["ShippingAddress"] = {k: v for k, v in self.address.items() if k not in hidden}
        return order | self.overrides

    def render_items(self) -> list[dict[str, Any]]:
        return [item.render(self.currency, self.shows_prices) for item in self.items]
