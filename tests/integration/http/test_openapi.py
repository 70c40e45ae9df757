"""The OpenAPI document tells the truth: a model for every answer, examples that work, the real errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter

from domain.channel import SyncSummary
from entrypoints.http import response_models as rm
from tests.integration.http.conftest import place
from tests.support.fake_channel import FakeKind, channel_order, registry_with
from tests.support.harness import Harness


def document(harness: Harness) -> dict[str, Any]:
    response = harness.client.get("/openapi.json")
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method.upper(), path, op) for path, ops in doc["paths"].items() for method, op in ops.items()]


def resolved(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def test_every_operation_documents_a_model_of_its_answer_not_a_bare_object(memory_harness: Harness) -> None:
    doc = document(memory_harness)
    assert len(operations(doc)) >= 20
    for method, path, op in operations(doc):
        successes = {code: r for code, r in op["responses"].items() if code.startswith("2")}
        assert successes, f"{method} {path}"
        for code, answer in successes.items():
            if code == "204":  # no content (DELETE /api-keys/{key_id})
                assert "content" not in answer, f"{method} {path}"
                continue
            schema = answer["content"]["application/json"]["schema"]
            model = resolved(doc, schema.get("items", schema)) if schema.get("type") == "array" else None
            model = model or resolved(doc, schema)
            assert model.get("properties"), f"{method} {path} {code}: {schema}"
            assert model.get("additionalProperties") in (None, False), f"{method} {path} {code}"


def test_the_201_of_post_orders_is_the_order_not_additional_properties(memory_harness: Harness) -> None:
    doc = document(memory_harness)
    answer = doc["paths"]["/api/v1/orders"]["post"]["responses"]["201"]
    model = resolved(doc, answer["content"]["application/json"]["schema"])
    assert {"id", "number", "customer_id", "source", "status", "total", "lines"} <= set(model["properties"])


def test_operations_list_only_the_errors_they_can_answer(memory_harness: Harness) -> None:
    paths = document(memory_harness)["paths"]

    def errors(method: str, path: str) -> set[str]:
        return {code for code in paths[path][method]["responses"] if code[0] in "45"}

    assert errors("get", "/health") == {"422"}  # no key needed: no 401
    assert errors("get", "/api/v1/orders/{order_id}") == {"401", "403", "404", "422"}
    assert errors("get", "/api/v1/orders") == {"401", "403", "422", "503"}
    assert errors("post", "/api/v1/orders") == {"400", "401", "403", "404", "409", "413", "415", "422"}
    assert errors("post", "/api/v1/customers") == {"400", "401", "403", "409", "413", "415", "422"}
    assert errors("get", "/api/v1/channel-kinds") == {"401", "403", "422"}
    assert errors("post", "/api/v1/api-keys") == {"400", "401", "403", "413", "415", "422"}
    assert errors("delete", "/api/v1/api-keys/{key_id}") == {"401", "403", "404", "422"}
    with_body = {"400", "401", "403", "404", "409", "413", "415", "422"}
    assert errors("post", "/api/v1/orders/{order_id}/notes") == with_body
    assert errors("put", "/api/v1/orders/{order_id}/shipping-address") == with_body
    assert errors("delete", "/api/v1/channels/{name}") == {"401", "403", "404", "409", "422", "503"}
    assert errors("post", "/api/v1/channels/{name}/quarantine/{external_id}/retry") == {
        "401", "403", "404", "409", "422", "503"
    }  # fmt: skip


def body_examples(doc: dict[str, Any], method: str, path: str) -> list[dict[str, Any]]:
    content = doc["paths"][path][method]["requestBody"]["content"]["application/json"]
    return [example["value"] for example in content["examples"].values()]


def test_the_example_of_post_orders_sent_as_it_is_places_an_order(memory_harness: Harness) -> None:
    [example] = body_examples(document(memory_harness), "post", "/api/v1/orders")
    assert ("customer_id" in example) != ("customer" in example)  # exactly one, as the rule says
    response = memory_harness.client.post("/api/v1/orders", json=example)
    assert response.status_code == 201, response.text
    assert response.json()["source"]["kind"] == "immediate"


def test_every_body_example_in_the_document_is_accepted(memory_harness: Harness) -> None:
    h = memory_harness
    doc = document(h)
    order = place(h)
    ids = {"{order_id}": order["id"], "{customer_id}": order["customer_id"], "{name}": "shop-de"}
    with_body = [(m, p) for m, p, op in operations(doc) if "requestBody" in op]
    assert len(with_body) == 10
    # the channel first, so that its PATCH finds it; the status changes in the order they allow
    for method, path in sorted(with_body, key=lambda mp: (mp[1] != "/api/v1/channels", mp[1])):
        if path.endswith("/dismiss"):  # needs a quarantined order: test_quarantine_api.py sends its example
            continue
        url = path
        for placeholder, value in ids.items():
            url = url.replace(placeholder, value)
        for example in body_examples(doc, method.lower(), path):
            if path.endswith("/status") and example["status"] == "cancelled":
                url = url.replace(order["id"], place(h)["id"])  # a shipped order cannot be cancelled
            response = h.client.request(method, url, json=example)
            assert response.status_code in (200, 201), f"{method} {path} {example}: {response.text}"


@pytest.fixture
def kind() -> FakeKind:
    return FakeKind()


@pytest.fixture
def synced(start_harness: Callable[..., Harness], kind: FakeKind) -> Harness:
    """A harness with an order placed here, a customer order, a synced channel and a quarantined order."""
    h = start_harness(kinds=registry_with(kind))
    order = place(h)
    response = h.client.post(
        f"/api/v1/customers/{order['customer_id']}/orders",
        json={"currency": "EUR", "lines": [{"title": "Tasse", "quantity": 1, "unit_price": "9.99"}]},
    )
    assert response.status_code == 201, response.text
    h.register_channel("shop", "fake", {"token": "s3cret"})
    kind.shop().put(channel_order("A1"), h.clock.now() - timedelta(hours=1))
    kind.shop().broken["A2"] = "no line items"
    summary = h.sync("shop")
    assert summary["imported"] == 1 and summary["quarantined"] == 1, summary
    return h


def test_every_answer_matches_its_documented_model(synced: Harness) -> None:
    h = synced
    [order] = [o for o in h.orders() if o["source"]["kind"] == "immediate"]
    checked: list[tuple[str, Any]] = [
        (f"/api/v1/orders/{order['id']}", rm.OrderView),
        ("/api/v1/orders", rm.OrderPage),
        (f"/api/v1/orders/{order['id']}/events", list[rm.EventView]),
        (f"/api/v1/customers/{order['customer_id']}", rm.CustomerView),
        (f"/api/v1/customers/{order['customer_id']}/events", list[rm.EventView]),
        ("/api/v1/customers", rm.CustomerPage),
        (f"/api/v1/customers/{order['customer_id']}/orders", rm.OrderPage),
        ("/api/v1/channels", rm.ChannelPage),
        ("/api/v1/channels/shop", rm.ChannelDetail),
        ("/api/v1/channels/shop/quarantine", rm.QuarantinePage),
        ("/api/v1/channel-kinds", rm.ChannelKinds),
        ("/api/v1/reports/sales", rm.SalesReportView),
        ("/api/v1/projections", rm.ProjectionList),
        ("/health", rm.Health),
    ]
    for url, model in checked:
        response = h.client.get(url)
        assert response.status_code == 200, f"{url}: {response.text}"
        TypeAdapter(model).validate_python(response.json())  # extra fields are refused too
    assert h.client.get("/api/v1/channels/shop").json()["sync_log"]  # the log's model was checked
    assert h.client.get("/api/v1/channels/shop/quarantine").json()["total"] == 1
    sync = h.client.post("/api/v1/channels/shop/sync")
    assert sync.status_code == 200
    SyncSummary.model_validate(sync.json())


def test_an_answer_with_a_field_the_model_does_not_know_would_be_caught() -> None:
    assert issubclass(rm.OrderView, BaseModel)
    with pytest.raises(ValueError, match="Extra inputs are not permitted"):
        rm.Health.model_validate({"status": "ok", "events": 1, "surprise": True})
