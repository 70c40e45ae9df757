"""Oscar surcharges and basket discounts -> orderhub adjustments (pure functions).

Oscar records each basket discount (``offer_discounts``, ``voucher_discounts``) rounded on its
own, while the line prices carry the discounts actually taken, so the records can be a cent off
the lines. The lines are what ``total_incl_tax`` is made of: the records give the titles, and the
last one absorbs the rounding difference so the adjustments add up exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal

from domain.order_line import Adjustment
from orderhub_oscar.addresses import OscarMappingError
from orderhub_oscar.amounts import money

Kind = Literal["discount", "coupon"]


def surcharges(raw: Any) -> list[Adjustment]:
    if not raw:
        return []
    if not isinstance(raw, list):
        raise OscarMappingError(f"surcharges is a {type(raw).__name__}, not a list")
    return [
        Adjustment(
            kind="surcharge",
            title=_title(item, "name", "code") or "Surcharge",
            amount=money(item.get("incl_tax"), f"surcharge {n} incl_tax"),
        )
        for n, item in enumerate(raw, start=1)
    ]


def _title(item: Any, *keys: str) -> str | None:
    if not isinstance(item, Mapping):
        raise OscarMappingError(f"discount or surcharge entry {item!r} is not an object")
    return next((item[k].strip() for k in keys if isinstance(item.get(k), str) and item[k].strip()), None)


def _records(order: Mapping[str, Any]) -> list[tuple[Kind, str, Decimal]]:
    records: list[tuple[Kind, str, Decimal]] = []
    for item in order.get("offer_discounts") or []:
        title = _title(item, "name", "description") or "Offer"
        records.append(("discount", title, money(item.get("amount"), f"offer discount {title!r}")))
    for item in order.get("voucher_discounts") or []:
        voucher = item.get("voucher") if isinstance(item.get("voucher"), Mapping) else {}
        code = voucher.get("code") if isinstance(voucher.get("code"), str) else None
        name = _title(item, "name", "description") or "Voucher"
        title = f"{name} ({code})" if code and code not in name else name
        records.append(("coupon", title, money(item.get("amount"), f"voucher discount {title!r}")))
    return records


def basket_discounts(order: Mapping[str, Any], taken: Decimal) -> list[Adjustment]:
    """Negative adjustments adding up to ``taken``, the discount the lines carry."""
    if taken == 0:
        return []
    records = [record for record in _records(order) if record[2] > 0]
    if not records:
        return [Adjustment(kind="discount", title="Oscar discount", amount=-taken)]
    head = records[:-1]
    rest = taken - sum((amount for _, _, amount in head), Decimal("0.00"))
    if rest <= 0:  # the records disagree with the lines beyond rounding: keep one honest sum
        titles = "; ".join(title for _, title, _ in records)[:500]
        return [Adjustment(kind=records[0][0], title=titles, amount=-taken)]
    kind, title, _ = records[-1]
    return [Adjustment(kind=k, title=t, amount=-a) for k, t, a in head] + [
        Adjustment(kind=kind, title=title, amount=-rest)
    ]
