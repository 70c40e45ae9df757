"""Roles mapped onto the API's scopes (API.md "API keys and scopes", CONSOLE.md "Signing in")."""

from __future__ import annotations

from application.roles import may_sync_channels, scopes_of
from domain.staff_account import Role

READS = {"orders:read", "customers:read", "channels:read", "reports:read"}


def test_a_viewer_reads_everything_and_writes_nothing() -> None:
    assert scopes_of(Role.VIEWER) == READS
    assert not may_sync_channels(Role.VIEWER)


def test_staff_also_work_orders_and_customers_and_start_syncs_but_do_not_change_channels() -> None:
    assert scopes_of(Role.STAFF) == READS | {"orders:write", "customers:write"}
    assert "channels:write" not in scopes_of(Role.STAFF) and "admin" not in scopes_of(Role.STAFF)
    assert may_sync_channels(Role.STAFF)


def test_an_admin_has_every_scope() -> None:
    every = READS | {"orders:write", "customers:write", "channels:write", "admin"}
    assert scopes_of(Role.ADMIN) == every
    assert may_sync_channels(Role.ADMIN)


def test_each_role_can_do_all_that_the_role_below_it_can() -> None:
    assert scopes_of(Role.VIEWER) < scopes_of(Role.STAFF) < scopes_of(Role.ADMIN)
