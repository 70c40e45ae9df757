"""Staff accounts for the console: roles, the user-name rule and the password rule.

The rules are said in words, so that whoever is refused learns what to type instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.errors import DomainError, NotFoundError


class Role(StrEnum):
    ADMIN = "admin"
    STAFF = "staff"
    VIEWER = "viewer"


USER_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,62}")
USER_NAME_RULE = (
    "use 1 to 63 lower-case letters (a-z), digits, '.', '_' or '-', beginning with a letter or a digit "
    "(e.g. 'anna.schmidt')"
)
PASSWORD_MIN_LENGTH = 12
PASSWORD_MAX_LENGTH = 1024  # hashing is deliberately slow: a megabyte "password" is refused, not hashed
PASSWORD_RULE = (
    f"a password needs {PASSWORD_MIN_LENGTH} to {PASSWORD_MAX_LENGTH} characters, not all the same one, "
    "and must not be the user name"
)


class InvalidUserNameError(DomainError, ValueError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"{name[:70]!r} is not a user name: {USER_NAME_RULE}")


class WeakPasswordError(DomainError, ValueError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"the password for {name!r} is refused: {PASSWORD_RULE}")


class DuplicateUserError(DomainError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"a user named {name!r} already exists")


class UserNotFoundError(NotFoundError):
    def __init__(self, name: str) -> None:
        super().__init__("user", repr(name))


def check_user_name(name: str) -> str:
    if not USER_NAME.fullmatch(name):
        raise InvalidUserNameError(name)
    return name


def check_password(name: str, password: str) -> str:
    """The password itself when it keeps the rule; ``WeakPasswordError`` naming the rule otherwise."""
    weak = (
        not PASSWORD_MIN_LENGTH <= len(password) <= PASSWORD_MAX_LENGTH
        or len(set(password)) == 1
        or password.strip().casefold() == name.casefold()
    )
    if weak:
        raise WeakPasswordError(name)
    return password


@dataclass(frozen=True)
class User:
    """A staff member as the console sees them; the password hash stays in the store."""

    name: str
    role: Role
    created_at: datetime
    disabled_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.disabled_at is None
