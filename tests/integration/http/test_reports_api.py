"""GET /reports/sales: orders and revenue per group and currency, cancellations apart, JSON and CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from domain.status import OrderStatus
from tests.integration.http.conftest import place
from tests.support.fake_channel import FakeKind, channel_order, registry_with
from tests.support.harness import Harness
from tests.support.order_data import immediate_order, line, new_customer

ROW_FIELDS = {"key", "currency", "orders", "revenue", "cancelled_orders", "cancelled_amount", "pending_orders",
              "pending_amount"}  # fmt: skip


def sales(harness: Harness, **params: Any) -> dict[str, Any]:
    response = harness.client.get("/api/v1/reports/sales", params=params)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def cancel(harness: Harness, order_id: str) -> None:
    harness.set_status(order_id, "cancelled", reason="customer withdrew")


def test_revenue_per_channel_and_currency_with_cancellations_counted_apart(harness: Harness) -> None:
    place(harness)  # 64.87 EUR
    second = place(
        harness, immediate_order(new_customer("bo@example.com"), lines=[line(quantity=1)])
    )  # 24.89
    place(harness, immediate_order(new_customer("cy@example.com"), currency="GBP"))  # 64.87 GBP
    cancel(harness, second["id"])
    report = sales(harness, group_by="channel")
    assert report["items"] == [
        {"key": "(immediate)", "currency": "EUR", "orders": 1, "revenue": "64.87",
         "cancelled_orders": 1, "cancelled_amount": "24.89", "pending_orders": 0, "pending_amount": "0.00"},
        {"key": "(immediate)", "currency": "GBP", "orders": 1, "revenue": "64.87",
         "cancelled_orders": 0, "cancelled_amount": "0.00", "pending_orders": 0, "pending_amount": "0.00"},
    ]  # fmt: skip
    assert [set(r) for r in report["totals"]] == [ROW_FIELDS, ROW_FIELDS]


def test_a_status_change_moves_the_order_to_its_new_group(harness: Harness) -> None:
    order = place(harness)
    assert [r["key"] for r in sales(harness, group_by="status")["items"]] == ["open"]
    harness.set_status(order["id"], "paid")
    [row] = sales(harness, group_by="status")["items"]
    assert (row["key"], row["orders"], row["revenue"]) == ("paid", 1, "64.87")


def test_customer_orders_are_their_own_channel_key(harness: Harness) -> None:
    customer = harness.client.post("/api/v1/customers", json=new_customer()).json()
    response = harness.client.post(
        f"/api/v1/customers/{customer['id']}/orders", json={"currency": "EUR", "lines": [line()]}
    )
    assert response.status_code == 201
    assert [r["key"] for r in sales(harness)["items"]] == ["(customer)"]


def test_days_group_by_order_time_and_whole_days_bound_the_range(harness: Harness) -> None:
    place(harness)  # 2026-11-02
    harness.clock.advance(timedelta(days=1).total_seconds())
    place(harness, immediate_order(new_customer("bo@example.com")))  # 2026-11-03
    harness.clock.advance(timedelta(days=1).total_seconds())
    place(harness, immediate_order(new_customer("cy@example.com")))  # 2026-11-04
    report = sales(harness, group_by="day", **{"from": "2026-11-03", "to": "2026-11-04"})
    assert [(r["key"], r["orders"]) for r in report["items"]] == [("2026-11-03", 1), ("2026-11-04", 1)]
    report = sales(harness, group_by="day", **{"from": "2026-11-02T00:00:00Z", "to": "2026-11-03T00:00:00Z"})
    assert [r["key"] for r in report["items"]] == ["2026-11-02"]


def test_csv_has_a_header_line_and_the_same_rows_as_json(harness: Harness) -> None:
    cancel(harness, place(harness)["id"])
    place(harness, immediate_order(new_customer("bo@example.com")))
    response = harness.client.get("/api/v1/reports/sales", params={"group_by": "status", "format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    lines = response.text.splitlines()
    assert (
        lines[0]
        == "key,currency,orders,revenue,cancelled_orders,cancelled_amount,pending_orders,pending_amount"
    )
    parsed = list(csv.DictReader(io.StringIO(response.text)))
    as_json = sales(harness, group_by="status")["items"]
    assert parsed == [{k: str(v) for k, v in row.items()} for row in as_json]
    assert parsed[0] == {"key": "cancelled", "currency": "EUR", "orders": "0", "revenue": "0.00",
                         "cancelled_orders": "1", "cancelled_amount": "64.87", "pending_orders": "0",
                         "pending_amount": "0.00"}  # fmt: skip


def test_an_empty_range_gives_no_rows(harness: Harness) -> None:
    place(harness)
    assert sales(harness, **{"from": "2020-01-01", "to": "2020-01-31"})["items"] == []


def test_bad_parameters_are_422_naming_the_field(harness: Harness) -> None:
    for params, field in (
        ({"group_by": "week"}, "group_by"),
        ({"from": "yesterday"}, "from"),
        ({"to": "2026-13-40"}, "to"),
        ({"from": "2026-11-05", "to": "2026-11-01"}, "to"),
        ({"from": "9999-12-31T23:59:59-23:00"}, "from"),
        ({"format": "xlsx"}, "format"),
    ):
        response = harness.client.get("/api/v1/reports/sales", params=params)
        assert response.status_code == 422, (params, response.text)
        assert field in response.json()["detail"], params


def test_orders_still_pending_payment_are_counted_apart_and_not_as_revenue(
    start_harness: Callable[..., Harness],
) -> None:
    kind = FakeKind()
    harness = start_harness(kinds=registry_with(kind))
    harness.register_channel("shop", "fake", {"token": "s3cret"})
    kind.shop().put(channel_order("A1"), harness.clock.now() - timedelta(hours=1))  # paid: 24.90
    kind.shop().put(
        channel_order("A2", OrderStatus.PENDING, price="50.00"), harness.clock.now() - timedelta(hours=1)
    )
    harness.sync("shop")
    [row] = sales(harness, group_by="channel")["items"]
    assert (row["orders"], row["revenue"], row["pending_orders"], row["pending_amount"]) == (
        1,
        "24.90",
        1,
        "104.90",
    )
    [total] = sales(harness)["totals"]
    assert (total["revenue"], total["pending_amount"]) == ("24.90", "104.90")
    kind.shop().put(channel_order("A2", price="50.00"), harness.clock.now())  # the payment is authorised
    harness.clock.advance(minutes=10)
    harness.sync("shop")
    [row] = sales(harness, group_by="channel")["items"]
    assert (row["orders"], row["revenue"], row["pending_orders"], row["pending_amount"]) == (
        2,
        "129.80",
        0,
        "0.00",
    )
    csv_text = harness.client.get("/api/v1/reports/sales", params={"format": "csv"}).text
    assert csv_text.splitlines()[1].endswith(",0,0.00")
