"""How the simulator shows a stored order: list vs single view, tax breakdown, PII retention.

Stored orders hold the ``fieldGroups=TAX_BREAKDOWN`` figures. Without that field group eBay leaves
collect-and-remit tax out of the totals and hides ``pricingSummary.fee``. It returns ``email`` only
for 14 days after the order was created, and name, phone and address lines only for 90 days.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from simulators.ebay.orders import money

EMAIL_DAYS, PII_DAYS = 14, 90


def _remit(line: dict[str, Any]) -> Decimal:
    return sum(
        (Decimal(t["amount"]["value"]) for t in line.get("ebayCollectAndRemitTaxes") or []), Decimal("0")
    )


def _without_remit(order: dict[str, Any]) -> None:
    lines = [dict(line) for line in order["lineItems"]]
    remit = Decimal("0")
    for line in lines:
        tax = _remit(line)
        if tax:
            remit += tax
            line["total"] = money(Decimal(line["total"]["value"]) - tax, line["total"]["currency"])
    summary = dict(order["pricingSummary"])
    summary.pop("fee", None)
    summary["total"] = money(Decimal(summary["total"]["value"]) - remit, summary["total"]["currency"])
    order["lineItems"], order["pricingSummary"] = lines, summary


def _strip_contact(contact: dict[str, Any], everything: bool) -> dict[str, Any]:
    contact = {k: v for k, v in contact.items() if k != "email"}
    if everything:
        for key in ("fullName", "primaryPhone", "companyName"):
            contact.pop(key, None)
        address = contact.get("contactAddress") or {}
        contact["contactAddress"] = {
            k: v for k, v in address.items() if k not in ("addressLine1", "addressLine2")
        }
    return contact


def _strip_pii(order: dict[str, Any], everything: bool) -> None:
    buyer = dict(order.get("buyer") or {})
    if "buyerRegistrationAddress" in buyer:
        buyer["buyerRegistrationAddress"] = _strip_contact(buyer["buyerRegistrationAddress"], everything)
        order["buyer"] = buyer
    instructions = []
    for instruction in order.get("fulfillmentStartInstructions") or []:
        step = instruction.get("shippingStep")
        if step and "shipTo" in step:
            step = {**step, "shipTo": _strip_contact(step["shipTo"], everything)}
            instruction = {**instruction, "shippingStep": step}
        instructions.append(instruction)
    order["fulfillmentStartInstructions"] = instructions


def order_view(
    stored: dict[str, Any], created: datetime, now: datetime, *, in_list: bool, tax_breakdown: bool
) -> dict[str, Any]:
    order = dict(stored)
    cancel_status = order.get("cancelStatus")
    if in_list and isinstance(
        cancel_status, dict
    ):  # getOrders returns cancelRequests empty; getOrder fills it
        order["cancelStatus"] = {**cancel_status, "cancelRequests": []}
    try:  # orders a test stored deliberately malformed are shown as they are
        summary = order.get("pricingSummary") or {}
        if not tax_breakdown and ("fee" in summary or order.get("ebayCollectAndRemitTax")):
            _without_remit(order)
        age = now - created
        if age > timedelta(days=EMAIL_DAYS):
            _strip_pii(order, everything=age > timedelta(days=PII_DAYS))
    except (AttributeError, KeyError, TypeError, ArithmeticError):
        return dict(stored)
    return order
