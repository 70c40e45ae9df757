"""Realistic random eBay orders (wire format, money as strings) for the simulator, from a seeded RNG.

The mix: single and multi-line orders, SKU-less legacy listings, umlauts everywhere, payment
PENDING, cancelled and cancel-requested orders, shipped and partly shipped orders, discounts,
shipping discounts, price adjustments, eBay collect-and-remit VAT for UK buyers, digital orders,
Global Shipping Program orders, and addresses in the newer ``countryCode`` or the older ``country`` spelling.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from adapters.channels.ebay.timestamps import ebay_time
from simulators.ebay import catalog

ZERO = Decimal("0.00")


def money(value: Decimal, currency: str = "EUR") -> dict[str, str]:
    return {"value": f"{value:.2f}", "currency": currency}


@dataclass
class GeneratedOrder:
    payload: dict[str, Any]
    shipped_lines: list[str] = field(default_factory=list)
    """lineItemIds the seller already marked shipped (the state records fulfillments for them)."""


def _contact(
    rng: random.Random, place: tuple[str, str, str], old_country_field: bool, email: str
) -> dict[str, Any]:
    postal, city, country = place
    address: dict[str, Any] = {
        "addressLine1": f"{rng.choice(catalog.STREETS)} {rng.randint(1, 180)}",
        "city": city,
        "postalCode": postal,
        ("country" if old_country_field else "countryCode"): country,
    }
    if rng.random() < 0.15:
        address["addressLine2"] = f"{rng.choice(('Hinterhaus', 'c/o', 'Wohnung'))} {rng.randint(1, 30)}"
    contact: dict[str, Any] = {
        "fullName": f"{rng.choice(catalog.FIRST_NAMES)} {rng.choice(catalog.LAST_NAMES)}",
        "contactAddress": address,
        "primaryPhone": {"phoneNumber": f"0{rng.randint(151, 179)} {rng.randint(1000000, 9999999)}"},
        "email": email,
    }
    if rng.random() < 0.05:
        contact["companyName"] = rng.choice(catalog.COMPANIES)
    return contact


def _line(rng: random.Random, line_id: str, status: str, created: datetime) -> tuple[dict[str, Any], Decimal]:
    sku, title, price = rng.choice(catalog.PRODUCTS)
    quantity = rng.choices((1, 2, 3, 5), weights=(70, 20, 7, 3))[0]
    cost = Decimal(price) * quantity
    line: dict[str, Any] = {
        "lineItemId": line_id,
        "legacyItemId": f"1{int(line_id) % 10**11:011d}",
        "title": title,
        "lineItemCost": money(cost),
        "quantity": quantity,
        "soldFormat": "AUCTION" if sku is None and rng.random() < 0.5 else "FIXED_PRICE",
        "listingMarketplaceId": "EBAY_DE",
        "purchaseMarketplaceId": "EBAY_DE",
        "lineItemFulfillmentStatus": status,
        "total": money(cost),
        "deliveryCost": {"shippingCost": money(ZERO)},
        "appliedPromotions": [],
        "taxes": [],
        "properties": {"buyerProtection": True},
        "lineItemFulfillmentInstructions": {
            "shipByDate": ebay_time(created + timedelta(days=2)),
            "minEstimatedDeliveryDate": ebay_time(created + timedelta(days=3)),
            "maxEstimatedDeliveryDate": ebay_time(created + timedelta(days=5)),
            "guaranteedDelivery": False,
        },
        "refunds": [],
    }
    if sku is not None:
        line["sku"] = sku
    return line, cost


def generate_order(rng: random.Random, seq: int, created: datetime, modified: datetime) -> GeneratedOrder:
    """One order; ``seq`` (unique per simulator) makes its ids unique."""
    order_id = f"{10 + seq % 90:02d}-{seq // 90 % 100000:05d}-{rng.randrange(100000):05d}"
    roll = rng.random()
    cancelled, cancel_requested = roll < 0.04, 0.04 <= roll < 0.06
    pending = 0.06 <= roll < 0.11
    n_lines = 1 if rng.random() < 0.7 else rng.randint(2, 4)
    shipped = 0.11 <= roll < 0.23
    partly = 0.23 <= roll < 0.28 and n_lines > 1
    statuses = ["FULFILLED" if shipped or (partly and i == 0) else "NOT_STARTED" for i in range(n_lines)]
    lines, costs = zip(
        *(_line(rng, f"{seq * 10 + i + 10**10}", statuses[i], created) for i in range(n_lines)), strict=True
    )
    subtotal = sum(costs, ZERO)
    uk = rng.random() < 0.05
    place = rng.choice(
        catalog.PLACES_UK if uk else catalog.PLACES_ABROAD if rng.random() < 0.1 else catalog.PLACES_DE
    )
    summary: dict[str, Any] = {"priceSubtotal": money(subtotal)}
    delivery = Decimal(rng.choice(catalog.DELIVERY_COSTS))
    summary["deliveryCost"] = money(delivery)
    total = subtotal + delivery
    if delivery and rng.random() < 0.06:
        summary["deliveryDiscount"] = money(-delivery)
        total -= delivery
    old_style = rng.random() < 0.2  # older spec spellings: Address.country, priceDiscountSubtotal
    if rng.random() < 0.08:
        discount = -(subtotal * Decimal(rng.choice(("0.05", "0.10", "0.15")))).quantize(Decimal("0.01"))
        if discount:
            summary["priceDiscountSubtotal" if old_style else "priceDiscount"] = money(discount)
            lines[0]["appliedPromotions"] = [
                {
                    "description": "10 % Rabatt ab 2 Artikeln",
                    "discountAmount": money(-discount),
                    "promotionId": "5",
                }
            ]
            total += discount
    if rng.random() < 0.02:
        adjustment = Decimal(rng.choice(("-2.00", "1.50")))
        summary["adjustment"] = money(adjustment)
        total += adjustment
    remit = ZERO
    if uk:  # eBay collects and remits UK VAT on low-value imports: 20 % on top of the item price
        for line, cost in zip(lines, costs, strict=True):
            vat = (cost * Decimal("0.20")).quantize(Decimal("0.01"))
            line["ebayCollectAndRemitTaxes"] = [
                {"taxType": "VAT", "amount": money(vat), "collectionMethod": "INVOICE"}
            ]
            line["total"] = money(cost + vat)
            remit += vat
        summary["tax"] = money(remit)
        total += remit
    summary["total"] = money(total)
    username = f"{rng.choice(catalog.FIRST_NAMES).lower().replace('ü', 'ue').replace('ö', 'oe')}_{seq}"[:40]
    username = "".join(c for c in username if c.isascii())
    email = f"{username}@example.de"
    digital = rng.random() < 0.02
    instruction: dict[str, Any] = {
        "fulfillmentInstructionsType": "DIGITAL" if digital else "SHIP_TO",
        "ebaySupportedFulfillment": False,
        "minEstimatedDeliveryDate": ebay_time(created + timedelta(days=3)),
        "maxEstimatedDeliveryDate": ebay_time(created + timedelta(days=5)),
    }
    if not digital:
        carrier, service = rng.choice(catalog.CARRIERS)
        ship_email = f"{order_id.replace('-', '')}@members.ebay.com"
        instruction["shippingStep"] = {
            "shippingCarrierCode": carrier,
            "shippingServiceCode": service,
            "shipTo": _contact(rng, place, old_style, ship_email),
        }
        if rng.random() < 0.02:  # Global Shipping Program: the seller ships to eBay's hub
            instruction["ebaySupportedFulfillment"] = True
            instruction["shippingStep"]["shipTo"] = copy.deepcopy(catalog.GSP_HUB)
            instruction["shippingStep"]["shipToReferenceId"] = f"52{seq:011d}"
            instruction["finalDestinationAddress"] = _contact(rng, place, False, email)["contactAddress"]
    buyer: dict[str, Any] = {
        "username": username,
        "taxAddress": {"postalCode": place[0], "countryCode": place[2]},
    }
    if rng.random() < 0.8:
        buyer["buyerRegistrationAddress"] = _contact(rng, place, old_style, email)
    fulfillment = "FULFILLED" if shipped else "IN_PROGRESS" if partly else "NOT_STARTED"
    payment = "PENDING" if pending and not (shipped or partly) else "PAID"
    order_payment = "FULLY_REFUNDED" if cancelled else payment
    payload: dict[str, Any] = {
        "orderId": order_id,
        "legacyOrderId": f"{lines[0]['legacyItemId']}-{2000000000000 + seq}",
        "creationDate": ebay_time(created),
        "lastModifiedDate": ebay_time(modified),
        "orderFulfillmentStatus": fulfillment,
        "orderPaymentStatus": order_payment,
        "sellerId": "moebel_mueller_de",
        "buyer": buyer,
        "pricingSummary": summary,
        "cancelStatus": {"cancelState": "NONE_REQUESTED", "cancelRequests": []},
        "paymentSummary": {
            "totalDueSeller": money(total - remit),
            "refunds": [],
            "payments": [
                {
                    "paymentMethod": "EBAY",
                    "paymentReferenceId": f"{seq:08X}",
                    "paymentDate": ebay_time(created),
                    "amount": money(total),
                    "paymentStatus": payment,
                }
            ],
        },
        "fulfillmentStartInstructions": [instruction],
        "fulfillmentHrefs": [],
        "lineItems": list(lines),
        "salesRecordReference": str(1000 + seq),
        "totalFeeBasisAmount": money(total),
        "totalMarketplaceFee": money((total * Decimal("0.11")).quantize(Decimal("0.01"))),
    }
    if remit:
        payload["ebayCollectAndRemitTax"] = True
    if rng.random() < 0.05:
        payload["buyerCheckoutNotes"] = "Bitte nicht beim Nachbarn abgeben – danke schön!"
    if cancelled or cancel_requested:
        request = {
            "cancelRequestId": f"5{seq:09d}",
            "cancelInitiator": "Buyer",
            "cancelReason": "BUYER_ASKED_CANCEL",
            "cancelRequestedDate": ebay_time(modified),
            "cancelRequestState": "COMPLETED" if cancelled else "REQUESTED",
        }
        if cancelled:
            request["cancelCompletedDate"] = ebay_time(modified)
        payload["cancelStatus"] = {
            "cancelState": "CANCELED" if cancelled else "IN_PROGRESS",
            "cancelRequests": [request],
            **({"cancelledDate": ebay_time(modified)} if cancelled else {}),
        }
    shipped_ids = [line["lineItemId"] for line in lines if line["lineItemFulfillmentStatus"] == "FULFILLED"]
    return GeneratedOrder(payload, shipped_ids)
