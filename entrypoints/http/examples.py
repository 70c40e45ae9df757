"""Request bodies shown in the API docs ("Try it out"): each one works as it is (test_openapi.py)."""

from __future__ import annotations

from typing import Any

ADDRESS = {
    "name": "Anna Schmidt",
    "street": "Hauptstraße 1",
    "postal_code": "10115",
    "city": "Berlin",
    "country_code": "DE",
}
LINES = [{"sku": "MUG-1", "title": "Tasse", "quantity": 3, "unit_price": "19.99", "tax_rate": "19"}]
DRAFT = {"currency": "EUR", "lines": LINES, "shipping_cost": "4.90", "note": "please ring twice"}
NEW_CUSTOMER = {"name": "Anna Schmidt", "email": "anna@example.com", "billing_address": ADDRESS}


def examples(**named: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``openapi_examples`` of a body: the first is what "Try it out" fills in."""
    return {
        name.replace("_", " "): {"summary": name.replace("_", " "), "value": v} for name, v in named.items()
    }


IMMEDIATE_ORDER = examples(new_customer={"customer": NEW_CUSTOMER, **DRAFT})
"""Not one with ``customer_id``: no id works in every database (that form is in the schema)."""
CUSTOMER_ORDER = examples(order=DRAFT)
MAX = {
    **ADDRESS,
    "name": "Max Mustermann",
    "street": "Lindenweg 7",
    "postal_code": "80331",
    "city": "München",
}
CUSTOMER = examples(
    customer={
        "name": "Max Mustermann",
        "email": "max@example.com",
        "phone": "+49 89 1234567",
        "billing_address": MAX,
        "shipping_address": {**MAX, "street": "Werkstraße 2"},
    }
)
STATUS_CHANGE = examples(
    paid={"status": "paid"},
    shipped={"status": "shipped", "tracking": {"carrier": "DHL", "number": "00340434161094042557"}},
    cancelled={"status": "cancelled", "reason": "out of stock"},
)
CHANNEL = examples(
    jtl_connector={
        "name": "shop-de",
        "kind": "jtl-connector",
        "settings": {"url": "https://shop.example/jtlconnector/", "token": "connector-token"},
        "sync_interval_seconds": 300,
    }
)
CHANNEL_CHANGE = examples(
    schedule={"sync_interval_seconds": 600},
    only_on_request={"sync_interval_seconds": None},
    pause={"paused": True},
    resume={"paused": False},
)
NOTE = examples(note={"text": "Customer called: leave the parcel with the neighbour (no. 3)."})
SHIPPING_ADDRESS = examples(
    corrected={**ADDRESS, "street": "Hauptstraße 11", "street2": "Hinterhaus", "phone": "+49 30 1234567"}
)
DISMISSAL = examples(dismissal={"reason": "test order from the shop's setup; never a real sale"})
