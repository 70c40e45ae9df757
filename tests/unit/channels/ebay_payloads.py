"""Realistic eBay Sell Fulfillment ``Order`` payloads for the eBay mapper tests (wire format)."""

from __future__ import annotations

import copy
from typing import Any


def amount(value: str, currency: str = "EUR") -> dict[str, str]:
    return {"value": value, "currency": currency}


def contact(
    name: str = "Jürgen Müller", country_field: str = "countryCode", **address: str
) -> dict[str, Any]:
    postal = {
        "addressLine1": "Schloßstraße 12",
        "city": "Köln",
        "postalCode": "50667",
        country_field: "DE",
    }
    postal.update(address)
    return {
        "fullName": name,
        "contactAddress": postal,
        "primaryPhone": {"phoneNumber": "0221 1234567"},
        "email": "5f2a9c1e7b@members.ebay.com",
    }


def line(
    line_id: str = "10000000001",
    title: str = "Kaffeetasse weiß, 300 ml",
    quantity: int = 2,
    cost: str = "25.80",
    sku: str | None = "TASSE-WS-300",
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "lineItemId": line_id,
        "legacyItemId": "110000000001",
        "title": title,
        "lineItemCost": amount(cost),
        "quantity": quantity,
        "soldFormat": "FIXED_PRICE",
        "listingMarketplaceId": "EBAY_DE",
        "purchaseMarketplaceId": "EBAY_DE",
        "lineItemFulfillmentStatus": "NOT_STARTED",
        "total": amount(cost),
        "deliveryCost": {"shippingCost": amount("0.00")},
        "appliedPromotions": [],
        "taxes": [],
        "refunds": [],
    }
    if sku is not None:
        item["sku"] = sku
    return item


def order(**overrides: Any) -> dict[str, Any]:
    """A paid, unshipped single-line order from a German buyer: 2 × 12.90 + 4.90 shipping = 30.70."""
    payload: dict[str, Any] = {
        "orderId": "12-03955-36441",
        "legacyOrderId": "110000000001-2000000000001",
        "creationDate": "2026-11-20T09:15:02.768Z",
        "lastModifiedDate": "2026-11-20T09:20:11.001Z",
        "orderFulfillmentStatus": "NOT_STARTED",
        "orderPaymentStatus": "PAID",
        "sellerId": "moebel_mueller_de",
        "buyer": {
            "username": "kaethe_b",
            "taxAddress": {"postalCode": "50667", "countryCode": "DE"},
            "buyerRegistrationAddress": contact("Käthe Bäcker") | {"email": "kaethe@example.de"},
        },
        "pricingSummary": {
            "priceSubtotal": amount("25.80"),
            "deliveryCost": amount("4.90"),
            "total": amount("30.70"),
        },
        "cancelStatus": {"cancelState": "NONE_REQUESTED", "cancelRequests": []},
        "paymentSummary": {
            "payments": [{"paymentMethod": "EBAY", "paymentStatus": "PAID", "amount": amount("30.70")}],
            "refunds": [],
            "totalDueSeller": amount("30.70"),
        },
        "fulfillmentStartInstructions": [
            {
                "fulfillmentInstructionsType": "SHIP_TO",
                "ebaySupportedFulfillment": False,
                "shippingStep": {"shippingCarrierCode": "DHL", "shipTo": contact()},
            }
        ],
        "fulfillmentHrefs": [],
        "lineItems": [line()],
    }
    payload.update(copy.deepcopy(overrides))
    return payload
