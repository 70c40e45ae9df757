"""Who may do what: the scopes an API key (or a console role) holds, and what each one allows.

The one list of scope names: API keys store them, the HTTP routes declare them, and console roles
map onto them. A write scope includes the read scope of the same resource; ``admin`` allows all.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Scope(StrEnum):
    ORDERS_READ = "orders:read"
    ORDERS_WRITE = "orders:write"
    CUSTOMERS_READ = "customers:read"
    CUSTOMERS_WRITE = "customers:write"
    CHANNELS_READ = "channels:read"
    CHANNELS_WRITE = "channels:write"
    REPORTS_READ = "reports:read"
    ADMIN = "admin"


ALL_SCOPES: tuple[Scope, ...] = tuple(Scope)

WRITE_IMPLIES_READ: dict[Scope, Scope] = {
    Scope.ORDERS_WRITE: Scope.ORDERS_READ,
    Scope.CUSTOMERS_WRITE: Scope.CUSTOMERS_READ,
    Scope.CHANNELS_WRITE: Scope.CHANNELS_READ,
}


class UnknownScopeError(ValueError):
    """Scope names that do not exist (a ``ValueError``, so pydantic reports it as a 422)."""

    def __init__(self, unknown: list[str]) -> None:
        self.unknown = unknown
        names = ", ".join(repr(name) for name in unknown)
        known = ", ".join(ALL_SCOPES)
        super().__init__(f"unknown scope{'s' if len(unknown) > 1 else ''} {names}; the scopes are: {known}")


class NoScopeError(ValueError):
    def __init__(self) -> None:
        super().__init__(f"at least one scope is needed; the scopes are: {', '.join(ALL_SCOPES)}")


def parse_scopes(names: Iterable[str]) -> tuple[Scope, ...]:
    """Names to scopes, in the canonical order and without repeats; unknown or none: an error."""
    given = [str(name).strip() for name in names]
    unknown = [name for name in dict.fromkeys(given) if name not in Scope._value2member_map_]
    if unknown:
        raise UnknownScopeError(unknown)
    if not given:
        raise NoScopeError()
    return tuple(scope for scope in ALL_SCOPES if scope.value in given)


def allows(held: Iterable[Scope], needed: Scope) -> bool:
    """Whether the scopes ``held`` allow what needs ``needed``."""
    granted = set(held)
    if Scope.ADMIN in granted or needed in granted:
        return True
    return any(WRITE_IMPLIES_READ.get(scope) == needed for scope in granted)
