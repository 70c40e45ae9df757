"""Finding orders and customers over HTTP: numbers in paths, number=, q= with German folding,
merchant-day date filters, the CSV export, and the customer list's city and order counts."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

import pytest

from adapters.read_models.search_index import forget_personal_terms
from tests.integration.http.conftest import place
from tests.support.harness import Harness
from tests.support.order_data import ADDRESS, immediate_order, new_customer

MUELLER = new_customer(
    "j.mueller@example.de",
    name="Jürgen Müller",
    phone="+49 221 555-0102",
    company="Müller & Söhne GmbH",
    billing_address={
        **ADDRESS,
        "name": "Jürgen Müller",
        "street": "Große Straße 5",
        "postal_code": "50667",
        "city": "Köln",
    },
)


def orders(harness: Harness, **params: Any) -> dict[str, Any]:
    response = harness.client.get("/api/v1/orders", params=params)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def customers(harness: Harness, **params: Any) -> dict[str, Any]:
    response = harness.client.get("/api/v1/customers", params=params)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def numbers(page: dict[str, Any]) -> list[str]:
    return [item["number"] for item in page["items"]]


@pytest.fixture
def two(harness: Harness) -> tuple[dict[str, Any], dict[str, Any]]:
    """Anna Schmidt in Berlin, then Jürgen Müller in Köln."""
    return place(harness), place(harness, immediate_order(MUELLER))


def test_an_order_and_a_customer_are_read_by_number_in_any_case(harness: Harness, two: Any) -> None:
    _, order = two
    for reference in (order["number"], order["number"].lower(), order["id"]):
        response = harness.client.get(f"/api/v1/orders/{reference}")
        assert response.status_code == 200 and response.json()["id"] == order["id"]
    events = harness.client.get(f"/api/v1/orders/{order['number'].lower()}/events")
    assert events.status_code == 200 and events.json()[0]["type"] == "Created"
    customer = harness.client.get(f"/api/v1/customers/{order['customer_id']}").json()
    for reference in (customer["number"], customer["number"].lower()):
        response = harness.client.get(f"/api/v1/customers/{reference}")
        assert response.status_code == 200 and response.json()["id"] == customer["id"]
    assert harness.client.get(f"/api/v1/customers/{customer['number']}/orders").json()["total"] == 1
    missing = harness.client.get("/api/v1/customers/cus-999999")
    assert missing.status_code == 404 and missing.json()["detail"] == "customer cus-999999 not found"


def test_number_filters_ignore_case(harness: Harness, two: Any) -> None:
    _, order = two
    assert numbers(orders(harness, number=f" {order['number'].lower()} ")) == [order["number"]]
    customer = harness.client.get(f"/api/v1/customers/{order['customer_id']}").json()
    assert numbers(customers(harness, number=customer["number"].lower())) == [customer["number"]]
    assert orders(harness, number="ORD-0")["total"] == 0


@pytest.mark.parametrize(
    "q",
    ["Müller", "MUELLER", "muller", "Jürgen Mül", "STRASSE", "große strasse", "grosse", "Köln", "koeln",
     "koln", "50667", "5066", "+49 221", "j.mueller@example.de", "j.muell", "söhne", "Mueller koeln"],
)  # fmt: skip
def test_q_finds_an_order_by_its_customer_data_folded(harness: Harness, two: Any, q: str) -> None:
    _, order = two
    assert numbers(orders(harness, q=q)) == [order["number"]]
    assert orders(harness, q=q)["total"] == 1


def test_q_finds_an_order_by_its_number_and_words_must_all_match(harness: Harness, two: Any) -> None:
    anna, mueller = two
    assert numbers(orders(harness, q=mueller["number"].lower())) == [mueller["number"]]
    assert numbers(orders(harness, q=mueller["number"].split("-")[1])) == [mueller["number"]]
    assert numbers(orders(harness, q="Anna Köln")) == []
    assert numbers(orders(harness, q="Anna")) == [anna["number"]]
    assert sorted(numbers(orders(harness, q="   "))) == sorted([anna["number"], mueller["number"]])
    assert numbers(orders(harness, q="Anna", status="shipped")) == []
    assert numbers(orders(harness, q="Zzyzx")) == []


def test_q_on_customers_finds_city_postal_code_phone_and_counts_their_orders(
    harness: Harness, two: Any
) -> None:
    _, order = two
    place(harness, immediate_order(MUELLER))  # the same e-mail: the same customer, a second order
    for q in ("köln", "KOELN", "50667", "0102", "Muller", "müller söhne", "j.mueller"):
        [item] = customers(harness, q=q)["items"]
        assert item["id"] == order["customer_id"], q
        assert (item["city"], item["orders"]) == ("Köln", 2)
    assert sorted(i["orders"] for i in customers(harness)["items"]) == [1, 2]
    assert customers(harness, q="Hamburg") == {"items": [], "total": 0}


def test_an_erased_customer_is_not_found_by_name_but_orders_by_number(harness: Harness, two: Any) -> None:
    _, order = two
    services = harness.services
    services.projections.catch_up()
    with services.db.transaction() as tx:
        forget_personal_terms(tx, order["customer_id"], [order["id"]])
    assert orders(harness, q="Müller")["total"] == 0
    assert customers(harness, q="Köln")["total"] == 0
    assert numbers(orders(harness, q=order["number"])) == [order["number"]]


def test_a_date_means_the_merchants_whole_day(harness: Harness) -> None:
    harness.clock.set(datetime(2026, 12, 2, 22, 59, 59, tzinfo=UTC))  # 2 Dec, 23:59:59 in Berlin
    before = place(harness)
    harness.clock.set(datetime(2026, 12, 2, 23, 0, tzinfo=UTC))  # 3 Dec, 00:00 in Berlin
    first = place(harness)
    harness.clock.set(datetime(2026, 12, 3, 22, 59, 59, tzinfo=UTC))
    last = place(harness)
    harness.clock.set(datetime(2026, 12, 3, 23, 0, tzinfo=UTC))  # 4 Dec in Berlin
    after = place(harness)
    day = orders(harness, created_from="2026-12-03", created_to="2026-12-03", sort="created_at")
    assert numbers(day) == [first["number"], last["number"]]
    assert numbers(orders(harness, created_to="2026-12-02")) == [before["number"]]
    assert numbers(orders(harness, created_from="2026-12-04")) == [after["number"]]
    exact = orders(harness, created_from="2026-12-03T00:00:00+01:00", created_to="2026-12-03T23:59:59+01:00")
    assert numbers(exact) == [first["number"]]
    naive = orders(harness, created_from="2026-12-03T23:59:59", created_to="2026-12-04T00:00:00")
    assert numbers(naive) == [last["number"]]  # a time without an offset: the merchant's clock
    report = harness.client.get("/api/v1/reports/sales", params={"group_by": "day"}).json()
    assert [(r["key"], r["orders"]) for r in report["items"]] == [
        ("2026-12-02", 1), ("2026-12-03", 2), ("2026-12-04", 1)
    ]  # fmt: skip
    same = harness.client.get(
        "/api/v1/reports/sales", params={"group_by": "day", "from": "2026-12-03", "to": "2026-12-03"}
    ).json()
    assert [(r["key"], r["orders"]) for r in same["items"]] == [("2026-12-03", 2)]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"created_from": "yesterday"}, "created_from"),
        ({"created_to": "2026-13-01"}, "created_to"),
        ({"created_from": "2026-12-04", "created_to": "2026-12-03"}, "created_to"),
        ({"created_from": "2026-12-03T10:00:00Z", "created_to": "2026-12-03T10:00:00Z"}, "created_to"),
        ({"created_from": "9999-12-31T23:59:59-14:00"}, "created_from"),
        ({"created_from": "0001-01-01"}, "created_from"),
        ({"created_to": "9999-12-31"}, "created_to"),
        ({"created_from": "2" * 41}, "created_from"),
        ({"q": "x" * 201}, "q"),
        ({"number": "x" * 201}, "number"),
        ({"format": "xml"}, "format"),
    ],
)
def test_bad_filters_are_422_naming_the_parameter(
    harness: Harness, params: dict[str, str], field: str
) -> None:
    for path in ("/api/v1/orders", "/api/v1/customers/CUS-1/orders"):
        if field == "format" and "customers" in path:
            continue
        response = harness.client.get(path, params=params)
        assert response.status_code == 422, (path, response.text)
        assert response.json()["detail"].startswith(f"{field}:"), response.json()


def test_bad_customer_filters_are_422_naming_the_parameter(harness: Harness) -> None:
    for params, field in (({"q": "x" * 201}, "q"), ({"number": "x" * 201}, "number")):
        response = harness.client.get("/api/v1/customers", params=params)
        assert response.status_code == 422 and response.json()["detail"].startswith(f"{field}:")


def test_odd_search_text_finds_nothing_and_never_fails(harness: Harness, two: Any) -> None:
    for q in ("%", "_", "' OR 1=1 --", "ß", "\U0010ffff", "ÿ" * 50, "a", "-", "Ø"):
        response = harness.client.get("/api/v1/orders", params={"q": q})
        assert response.status_code == 200, q
        assert harness.client.get("/api/v1/customers", params={"q": q}).status_code == 200


def test_the_csv_export_holds_every_order_the_filter_matches(harness: Harness, two: Any) -> None:
    for _ in range(3):
        place(harness, immediate_order(MUELLER))
    response = harness.client.get("/api/v1/orders", params={"format": "csv", "q": "müller", "limit": 1})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    assert not response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 without a byte order mark
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    listed = orders(harness, q="müller", limit=500)
    assert [r["number"] for r in rows] == numbers(listed) and len(rows) == 4
    assert {r["customer_name"] for r in rows} == {"Jürgen Müller"}
    assert rows[0]["total"] == listed["items"][0]["total"] and rows[0]["source"] == "immediate"
    header = response.content.decode().splitlines()[0]
    assert header.startswith("number,created_at,status,source,channel,external_id,external_number")
    empty = harness.client.get("/api/v1/orders", params={"format": "csv", "status": "shipped"})
    assert empty.status_code == 200 and len(empty.content.decode().splitlines()) == 1


def test_the_csv_export_pages_through_more_than_a_batch(
    harness: Harness, two: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from adapters.read_models import queries

    monkeypatch.setattr(queries, "EXPORT_BATCH", 2)
    for _ in range(3):
        place(harness)
    for sort in ("-created_at", "total", "number", "-status"):
        response = harness.client.get("/api/v1/orders", params={"format": "csv", "sort": sort})
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert [r["number"] for r in rows] == numbers(orders(harness, sort=sort)), sort


def test_the_csv_export_needs_orders_read(harness: Harness) -> None:
    key = harness.client.post("/api/v1/api-keys", json={"name": "r", "scopes": ["customers:read"]}).json()[
        "key"
    ]
    response = harness.client.get(
        "/api/v1/orders", params={"format": "csv"}, headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code == 403 and "orders:read" in response.json()["detail"]


def test_the_list_shows_the_customer_and_the_external_number(harness: Harness, two: Any) -> None:
    [item] = orders(harness, q="müller")["items"]
    customer = harness.client.get(f"/api/v1/customers/{item['customer_id']}").json()
    assert item["customer"] == {"number": customer["number"], "name": "Jürgen Müller"}
    assert item["source"]["external_number"] is None
