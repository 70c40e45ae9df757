"""The console's sign-in check: one refusal for every wrong part, and a slow-down per user name.

A wrong password, an unknown user name and a disabled user are refused alike, with the same
message and about the same work (an unknown name is checked against a dummy hash), so neither the
answer nor its timing tells which part was wrong. Failures are counted per user name in the store,
whether or not the user exists, so the slow-down holds across processes and says nothing either.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.errors import DomainError
from domain.staff_account import User
from ports.clock import Clock
from ports.password_hashing import PasswordHasher
from ports.users import FailedSignIns, UserStore

WRONG_CREDENTIALS = "Wrong username or password"
NAME_KEY_LENGTH = 64
"""Failures are kept under the first characters of the name: no user name is longer."""


class SignInRefusedError(DomainError):
    def __init__(self, message: str = WRONG_CREDENTIALS) -> None:
        super().__init__(message)


class SignInThrottledError(SignInRefusedError):
    """Too many failures for one user name (user or not): wait before the next try."""

    def __init__(self, retry_after_seconds: int) -> None:
        self.retry_after_seconds = retry_after_seconds
        super().__init__(
            f"Too many failed sign-ins for this username: try again in {retry_after_seconds} seconds"
        )


@dataclass(frozen=True)
class SignInThrottle:
    """``free_failures`` in a row cost nothing; after that each further try waits twice as long as
    the one before (``first_delay`` first, at most ``max_delay``). Failures older than
    ``forget_after`` are forgotten; a success or a new password clears them."""

    free_failures: int = 5
    first_delay: timedelta = timedelta(seconds=1)
    max_delay: timedelta = timedelta(minutes=15)
    forget_after: timedelta = timedelta(hours=24)

    def delay(self, failures: int) -> timedelta:
        if failures < self.free_failures:
            return timedelta(0)
        doublings = min(failures - self.free_failures, 30)  # 2**30 s is far past any max_delay
        return min(self.first_delay * 2**doublings, self.max_delay)

    def next_try_at(self, failed: FailedSignIns) -> datetime:
        return failed.last_at + self.delay(failed.count)


class SignIn:
    def __init__(
        self,
        store: UserStore,
        hasher: PasswordHasher,
        clock: Clock,
        throttle: SignInThrottle | None = None,
    ) -> None:
        self._store, self._hasher, self._clock = store, hasher, clock
        self.throttle = throttle or SignInThrottle()
        self._dummy_hash: str | None = None

    def authenticate(self, username: str, password: str) -> User:
        """The active user whose name and password these are; else ``SignInRefusedError``
        (``SignInThrottledError`` while this user name must wait)."""
        name = username.strip().lower()[:NAME_KEY_LENGTH]
        now = self._clock.now()
        failed = self._store.failed_sign_ins(name)
        if failed is not None and now - failed.last_at > self.throttle.forget_after:
            self._store.clear_failed_sign_ins(name)
            failed = None
        if failed is not None and now < (next_try := self.throttle.next_try_at(failed)):
            raise SignInThrottledError(math.ceil((next_try - now).total_seconds()))
        stored = self._store.get(name)
        matches = self._hasher.verify(stored.password_hash if stored else self._dummy(), password)
        if stored is None or not matches or not stored.user.active:
            self._store.record_failed_sign_in(name, now)
            raise SignInRefusedError()
        if failed is not None:
            self._store.clear_failed_sign_ins(name)
        if self._hasher.needs_rehash(stored.password_hash):
            self._store.set_password_hash(name, self._hasher.hash(password))
        return stored.user

    def _dummy(self) -> str:
        # Made at the first unknown name rather than at start-up: every CLI command builds a SignIn.
        if self._dummy_hash is None:
            self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(24))
        return self._dummy_hash
