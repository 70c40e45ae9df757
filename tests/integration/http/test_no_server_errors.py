"""No request, however malformed, gets a 500: schemathesis against the app's own OpenAPI schema.

Every operation is fuzzed with schema-valid (positive) and schema-violating (negative) data, with the
admin API key (so requests reach the handlers; a real order and customer are offered for the id
parameters), with a stored key that holds only some scopes (403 elsewhere), and without a key (every
/api/v1 operation must answer 401). Responses must also match the documented status codes, content
types and schemas. Examples are bounded so the run stays short.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from application.api_keys import NewApiKey
from domain.access import Scope
from entrypoints.http.app import API_PREFIX
from entrypoints.http.auth import is_public
from tests.support.harness import API_KEY, Harness
from tests.support.order_data import immediate_order

CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
CONFORMING = ("/health", "/api/v1/")
"""Every operation must answer as documented (status codes, content types, the response models)."""
AUTHORISED = {"Authorization": f"Bearer {API_KEY}"}
SCOPED = [Scope.ORDERS_WRITE, Scope.CHANNELS_READ]
"""A stored key with some scopes: it reaches the order handlers and is refused (403) elsewhere."""


@pytest.fixture(scope="module")
def fuzzed() -> Iterator[Harness]:
    with Harness.start() as harness:
        yield harness


def operations(harness: Harness) -> list[Any]:
    schema = schemathesis.openapi.from_asgi("/openapi.json", harness.app)
    return [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]


def run(
    operation: Any,
    mode: GenerationMode,
    headers: dict[str, str],
    check: Any,
    examples: int = 15,
    **fixed: Any,
) -> None:
    @given(case=operation.as_strategy(mode, **fixed))
    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def call(case: Any) -> None:
        check(case, case.call(headers=headers))

    # Unsatisfiable: negative data for an operation without parameters or body: nothing to violate.
    with contextlib.suppress(Unsatisfiable):
        call()


def conforms(case: Any, response: Any) -> None:
    conforming = case.operation.path.startswith(CONFORMING)
    case.validate_response(response, checks=CONFORMANCE if conforming else [not_a_server_error])


def real_ids(harness: Harness) -> dict[str, str]:
    order = harness.client.post("/api/v1/orders", json=immediate_order())
    assert order.status_code == 201, order.text
    return {"order_id": order.json()["id"], "customer_id": order.json()["customer_id"]}


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
def test_no_request_with_the_key_gets_a_server_error(fuzzed: Harness, mode: GenerationMode) -> None:
    ids = real_ids(fuzzed)
    for operation in operations(fuzzed):
        run(operation, mode, AUTHORISED, conforms)
        wanted = {p.name for p in operation.path_parameters} & set(ids)
        if wanted:  # again with ids that exist, so the fuzzing reaches the use cases behind them
            run(operation, mode, AUTHORISED, conforms, path_parameters={n: ids[n] for n in wanted})


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
def test_no_request_with_a_scoped_key_gets_a_server_error(fuzzed: Harness, mode: GenerationMode) -> None:
    """A key that may do some things (403 elsewhere, as documented): still no 500, still conforming."""
    _, key = fuzzed.services.access.create(NewApiKey(name="fuzz", scopes=SCOPED))
    scoped = {"Authorization": f"Bearer {key}"}
    ids = real_ids(fuzzed)
    for operation in operations(fuzzed):
        run(operation, mode, scoped, conforms, examples=8)
        wanted = {p.name for p in operation.path_parameters} & set(ids)
        if wanted:
            run(operation, mode, scoped, conforms, examples=8, path_parameters={n: ids[n] for n in wanted})


def test_every_api_operation_without_a_valid_key_is_401(fuzzed: Harness) -> None:
    def refused(case: Any, response: Any) -> None:
        path = case.operation.path
        if not path.startswith("/api/") or is_public(case.operation.method.upper(), path, API_PREFIX):
            assert response.status_code < 500
            return
        # Only the guard against NUL characters and huge bodies answers before the key is checked.
        guarded = response.status_code == 413 or (
            response.status_code == 422 and "NUL characters" in response.text
        )
        assert guarded or response.status_code == 401, f"{case.operation.label}: {response.status_code}"

    for operation in operations(fuzzed):
        for headers in ({}, {"Authorization": "Bearer wrong-key"}):
            run(operation, GenerationMode.POSITIVE, headers, refused, examples=5)
