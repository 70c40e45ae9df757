"""The API key use cases: made with scopes and shown once, stored as a hash, revoked by id, and
``last_used_at`` written at most once a minute per key."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from application.api_keys import NewApiKey, key_hash
from domain.access import Scope
from domain.errors import NotFoundError
from entrypoints.bootstrap import Services
from testkit.channel_plugins import FakeClock


class CountingWrites:
    """Counts ``mark_used`` calls on the real store."""

    def __init__(self, services: Services) -> None:
        self.calls = 0
        real = services.api_keys.mark_used

        def counted(key_id: str, when: datetime) -> None:
            self.calls += 1
            real(key_id, when)

        services.api_keys.mark_used = counted  # type: ignore[method-assign]


def test_a_new_key_is_returned_once_and_only_its_hash_is_stored(services: Services, clock: FakeClock) -> None:
    made, key = services.access.create(NewApiKey(name=" warehouse ", scopes=[Scope.ORDERS_READ]))
    assert key.startswith("oh_") and made.name == "warehouse" and made.scopes == (Scope.ORDERS_READ,)
    assert made.created_at == clock.now() and made.last_used_at is None
    assert services.api_keys.contains_hash(key_hash(key))
    with services.db.transaction(write=False) as tx:
        assert key not in repr(tx.query("SELECT * FROM orderhub_api_keys"))
    assert [k.id for k in services.access.all()] == [made.id]


def test_authenticate_finds_the_key_and_its_scopes(services: Services) -> None:
    made, key = services.access.create(
        NewApiKey(name="books", scopes=[Scope.REPORTS_READ, Scope.ORDERS_WRITE])
    )
    found = services.access.authenticate(key)
    assert found is not None and found.id == made.id
    assert found.scopes == (Scope.ORDERS_WRITE, Scope.REPORTS_READ)
    assert services.access.authenticate(key + "x") is None


def test_a_revoked_key_is_not_found_and_revoking_an_unknown_key_is_not_found(services: Services) -> None:
    made, key = services.access.create(NewApiKey(name="tmp", scopes=[Scope.ADMIN]))
    services.access.revoke(made.id)
    assert services.access.authenticate(key) is None
    with pytest.raises(NotFoundError, match=f"API key {made.id} not found"):
        services.access.revoke(made.id)


def test_last_used_is_written_at_most_once_a_minute(services: Services, clock: FakeClock) -> None:
    _, key = services.access.create(NewApiKey(name="busy", scopes=[Scope.ORDERS_READ]))
    writes = CountingWrites(services)
    for _ in range(20):
        services.access.authenticate(key)
        clock.advance(2)
    assert writes.calls == 1  # 40 seconds of requests
    [stored] = services.access.all()
    assert stored.last_used_at == datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    clock.advance(20)  # a minute after the first write
    services.access.authenticate(key)
    assert writes.calls == 2
    assert services.access.all()[0].last_used_at == clock.now()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"name": "x", "scopes": ["orders:read", "orders:erase"]}, "unknown scope 'orders:erase'"),
        ({"name": "x", "scopes": []}, "at least one scope"),
        ({"name": "  ", "scopes": ["admin"]}, "at least 1 character"),
        ({"name": "n" * 101, "scopes": ["admin"]}, "at most 100 characters"),
        ({"name": "x", "scopes": ["admin"], "owner": "me"}, "Extra inputs are not permitted"),
    ],
)
def test_a_new_key_needs_a_name_and_known_scopes(body: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        NewApiKey.model_validate(body)
