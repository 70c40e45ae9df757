"""Console sessions: signing in starts one, every request resumes it, signing out ends it.

The browser holds a random token; the store keeps only its SHA-256, the user's name, the CSRF
token of the session and when it was last used. A session ends at sign-out, after the idle time
(a setting, passed in by the entrypoint), and as soon as its user is disabled or gone: the role is
read from the user store at every request, so a changed role counts at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from application.roles import may_sync_channels, scopes_of
from application.sign_in import SignIn
from domain.access import Scope, allows
from domain.staff_account import User
from ports.clock import Clock
from ports.console_sessions import ConsoleSession, ConsoleSessionStore
from ports.users import UserStore

TOUCH_EVERY = timedelta(minutes=1)
"""A session's last use is written at most this often: a page view should not always be a write."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class SignedIn:
    """A user with a live session: what the console knows about whoever sent a request."""

    user: User
    session: ConsoleSession

    def may(self, scope: Scope) -> bool:
        return allows(tuple(scopes_of(self.user.role)), scope)

    @property
    def may_sync(self) -> bool:
        return may_sync_channels(self.user.role)


class ConsoleSessions:
    def __init__(self, store: ConsoleSessionStore, users: UserStore, sign_in: SignIn, clock: Clock) -> None:
        self._store, self._users, self._sign_in, self._clock = store, users, sign_in, clock

    def sign_in(self, username: str, password: str, idle: timedelta) -> tuple[str, SignedIn]:
        """A new session for the user these credentials name, and its token for the browser;
        ``SignInRefusedError`` (or ``SignInThrottledError``) as ``SignIn.authenticate`` says.
        Sessions idle longer than ``idle`` are cleared away meanwhile (``resume`` refuses them
        anyway; this keeps the table to the live ones)."""
        return self._start(self._sign_in.authenticate(username, password), idle)

    def open_for(self, user_name: str, idle: timedelta) -> tuple[str, SignedIn] | None:
        """A new session for an active user without their password: for a sign-in the entrypoint
        vouched for otherwise (the demo's one-time link from this machine); None for no such user."""
        stored = self._users.get(user_name)
        return self._start(stored.user, idle) if stored is not None and stored.user.active else None

    def _start(self, user: User, idle: timedelta) -> tuple[str, SignedIn]:
        token = secrets.token_urlsafe(32)
        now = self._clock.now()
        self._store.remove_idle(now - idle)
        session = ConsoleSession(token_hash(token), user.name, secrets.token_urlsafe(32), now, now)
        self._store.add(session)
        return token, SignedIn(user, session)

    def resume(self, token: str, idle: timedelta) -> SignedIn | None:
        """The live session of this token, or None (unknown, idle too long, user disabled or gone;
        an ended session is removed)."""
        if not token:
            return None
        key = token_hash(token)
        session = self._store.get(key)
        if session is None:
            return None
        now = self._clock.now()
        if now - session.last_seen_at > idle:
            self._store.remove(key)
            return None
        stored = self._users.get(session.user_name)
        if stored is None or not stored.user.active:
            self._store.remove(key)
            return None
        if now - session.last_seen_at >= TOUCH_EVERY:
            self._store.touch(key, now)
        return SignedIn(stored.user, session)

    def sign_out(self, token: str) -> None:
        self._store.remove(token_hash(token))

    def choose_language(self, token: str, language: str | None) -> None:
        self._store.set_language(token_hash(token), language)
