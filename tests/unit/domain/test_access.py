"""What each scope allows: its own operations, a write scope also its resource's reads, admin all."""

from __future__ import annotations

import pytest

from domain.access import ALL_SCOPES, NoScopeError, Scope, UnknownScopeError, allows, parse_scopes

READS = {
    Scope.ORDERS_WRITE: Scope.ORDERS_READ,
    Scope.CUSTOMERS_WRITE: Scope.CUSTOMERS_READ,
    Scope.CHANNELS_WRITE: Scope.CHANNELS_READ,
}


def test_the_scope_names_are_the_contract() -> None:
    assert [s.value for s in ALL_SCOPES] == [
        "orders:read",
        "orders:write",
        "customers:read",
        "customers:write",
        "channels:read",
        "channels:write",
        "reports:read",
        "admin",
    ]


@pytest.mark.parametrize("scope", ALL_SCOPES)
def test_a_scope_allows_itself_and_admin_allows_it(scope: Scope) -> None:
    assert allows([scope], scope)
    assert allows([Scope.ADMIN], scope)


@pytest.mark.parametrize(("write", "read"), READS.items())
def test_a_write_scope_includes_the_read_scope_of_its_resource_and_not_the_other_way(
    write: Scope, read: Scope
) -> None:
    assert allows([write], read)
    assert not allows([read], write)


@pytest.mark.parametrize("held", [s for s in ALL_SCOPES if s is not Scope.ADMIN])
def test_no_scope_but_admin_allows_what_needs_admin(held: Scope) -> None:
    assert not allows([held], Scope.ADMIN)


@pytest.mark.parametrize(
    ("held", "needed"),
    [
        (Scope.ORDERS_WRITE, Scope.CUSTOMERS_READ),
        (Scope.CHANNELS_WRITE, Scope.ORDERS_READ),
        (Scope.REPORTS_READ, Scope.ORDERS_READ),
        (Scope.CUSTOMERS_WRITE, Scope.ORDERS_WRITE),
    ],
)
def test_a_scope_allows_nothing_of_another_resource(held: Scope, needed: Scope) -> None:
    assert not allows([held], needed)


def test_no_scopes_allow_nothing() -> None:
    assert not any(allows([], s) for s in ALL_SCOPES)


def test_parsing_keeps_the_canonical_order_without_repeats() -> None:
    assert parse_scopes(["reports:read", "orders:read", " reports:read "]) == (
        Scope.ORDERS_READ,
        Scope.REPORTS_READ,
    )


def test_unknown_scope_names_are_named_with_the_known_ones() -> None:
    with pytest.raises(UnknownScopeError) as caught:
        parse_scopes(["orders:read", "orders:delete", "everything", "orders:delete"])
    assert caught.value.unknown == ["orders:delete", "everything"]
    assert "unknown scopes 'orders:delete', 'everything'" in str(caught.value)
    assert "orders:read, orders:write" in str(caught.value)


def test_an_empty_scope_list_is_refused() -> None:
    with pytest.raises(NoScopeError, match="at least one scope"):
        parse_scopes([])
