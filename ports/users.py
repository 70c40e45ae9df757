"""The staff account store: users with their password hashes, and failed sign-ins per user name.

Both live beside the event log (docs/adr/011-staff-accounts.md), so every process that shares the
database sees the same accounts and the same count of failures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.staff_account import User


@dataclass(frozen=True)
class StoredUser:
    user: User
    password_hash: str


@dataclass(frozen=True)
class FailedSignIns:
    """Consecutive failures for one user name since its last success, and when the last one was."""

    count: int
    last_at: datetime


class UserStore(Protocol):
    def add(self, user: User, password_hash: str) -> bool:
        """False (and nothing changed) when a user of that name exists."""
        ...

    def get(self, name: str) -> StoredUser | None: ...

    def all(self) -> list[User]:
        """Every user, by name."""
        ...

    def disable(self, name: str, now: datetime) -> bool:
        """False when there is no such user; a disabled user stays disabled since the first time."""
        ...

    def set_password_hash(self, name: str, password_hash: str) -> bool:
        """False when there is no such user."""
        ...

    def failed_sign_ins(self, name: str) -> FailedSignIns | None: ...

    def record_failed_sign_in(self, name: str, now: datetime) -> int:
        """Count one more failure for ``name`` (a user or not) in one statement; returns the new count."""
        ...

    def clear_failed_sign_ins(self, name: str) -> None: ...
