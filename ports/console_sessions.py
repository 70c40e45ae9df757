"""The console's session store: one row per signed-in browser, beside the event log.

Sessions live in the database rather than in a signed cookie so that signing out, disabling a user
or an idle timeout ends the session in every process that shares the store, at once. Only a hash of
the session token is stored: whoever reads the table cannot sign in with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class ConsoleSession:
    """``token_hash`` identifies the session; ``csrf_token`` is sent back with every form of it;
    ``language`` is the one the user chose in the console (None: the browser's)."""

    token_hash: str
    user_name: str
    csrf_token: str
    created_at: datetime
    last_seen_at: datetime
    language: str | None = None


class ConsoleSessionStore(Protocol):
    def add(self, session: ConsoleSession) -> None: ...

    def get(self, token_hash: str) -> ConsoleSession | None: ...

    def touch(self, token_hash: str, now: datetime) -> None:
        """The session was used at ``now``: its idle time starts again."""
        ...

    def set_language(self, token_hash: str, language: str | None) -> None: ...

    def remove(self, token_hash: str) -> None:
        """Nothing happens when there is no such session."""
        ...

    def remove_idle(self, last_seen_before: datetime) -> int:
        """Drop every session last used before the moment; returns how many."""
        ...
