"""What each console role may do, in the API's scope names (API.md "API keys and scopes").

The scope names are plain strings here on purpose: the API keys' scope constants are being defined
at the same time elsewhere, and this map is meant to point at them once both exist.
"""

from __future__ import annotations

from domain.staff_account import Role

READ_SCOPES = frozenset({"orders:read", "customers:read", "channels:read", "reports:read"})
WRITE_SCOPES = frozenset({"orders:write", "customers:write", "channels:write"})
ADMIN_SCOPE = "admin"

ROLE_SCOPES: dict[Role, frozenset[str]] = {
    Role.VIEWER: READ_SCOPES,
    # Staff place orders, change statuses and manage customers. They start syncs too, but
    # `channels:write` also registers and changes channels, which is the admins' part (CONSOLE.md),
    # so syncing is granted apart: see ``may_sync_channels``.
    Role.STAFF: READ_SCOPES | {"orders:write", "customers:write"},
    Role.ADMIN: READ_SCOPES | WRITE_SCOPES | {ADMIN_SCOPE},
}


def scopes_of(role: Role) -> frozenset[str]:
    return ROLE_SCOPES[role]


def may_sync_channels(role: Role) -> bool:
    """Starting a channel's sync: staff and admins (CONSOLE.md), without the right to change channels."""
    return role in (Role.STAFF, Role.ADMIN)
