"""What each console role may do, in the API's scopes (domain/access.py; API.md "API keys and scopes")."""

from __future__ import annotations

from domain.access import ALL_SCOPES, Scope
from domain.staff_account import Role

READ_SCOPES = frozenset({Scope.ORDERS_READ, Scope.CUSTOMERS_READ, Scope.CHANNELS_READ, Scope.REPORTS_READ})

ROLE_SCOPES: dict[Role, frozenset[Scope]] = {
    Role.VIEWER: READ_SCOPES,
    # Staff place orders, change statuses and manage customers. They start syncs too, but
    # `channels:write` also registers and changes channels, which is the admins' part (CONSOLE.md),
    # so syncing is granted apart: see ``may_sync_channels``.
    Role.STAFF: READ_SCOPES | {Scope.ORDERS_WRITE, Scope.CUSTOMERS_WRITE},
    Role.ADMIN: frozenset(ALL_SCOPES),
}


def scopes_of(role: Role) -> frozenset[Scope]:
    return ROLE_SCOPES[role]


def may_sync_channels(role: Role) -> bool:
    """Starting a channel's sync: staff and admins (CONSOLE.md), without the right to change channels."""
    return role in (Role.STAFF, Role.ADMIN)
