"""Managing staff accounts: add, list, disable, set a password (the ``orderhub users`` commands)."""

from __future__ import annotations

from domain.staff_account import (
    DuplicateUserError,
    Role,
    User,
    UserNotFoundError,
    check_password,
    check_user_name,
)
from ports.clock import Clock
from ports.password_hashing import PasswordHasher
from ports.users import UserStore


class StaffAccounts:
    def __init__(self, store: UserStore, hasher: PasswordHasher, clock: Clock) -> None:
        self._store, self._hasher, self._clock = store, hasher, clock

    def add(self, name: str, role: Role, password: str) -> User:
        """Raises ``InvalidUserNameError``, ``WeakPasswordError`` or ``DuplicateUserError``."""
        check_user_name(name)
        check_password(name, password)
        if self._store.get(name) is not None:  # refuse before the slow hash; ``add`` still decides
            raise DuplicateUserError(name)
        user = User(name=name, role=Role(role), created_at=self._clock.now())
        if not self._store.add(user, self._hasher.hash(password)):
            raise DuplicateUserError(name)
        return user

    def all(self) -> list[User]:
        return self._store.all()

    def disable(self, name: str) -> User:
        """The user can no longer sign in; their name stays taken. Raises ``UserNotFoundError``."""
        if not self._store.disable(name, self._clock.now()):
            raise UserNotFoundError(name)
        return self._stored_user(name)

    def set_password(self, name: str, password: str) -> None:
        """A new password; it also lifts the slow-down of failed sign-ins for that name."""
        check_password(name, password)
        self._stored_user(name)
        if not self._store.set_password_hash(name, self._hasher.hash(password)):
            raise UserNotFoundError(name)
        self._store.clear_failed_sign_ins(name)

    def _stored_user(self, name: str) -> User:
        stored = self._store.get(name)
        if stored is None:
            raise UserNotFoundError(name)
        return stored.user
