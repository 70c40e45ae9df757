"""Parse ``ORDERHUB_DATABASE_URL`` into what the event store and the SQL tables need."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlparse

POOL_OPTIONS = ("pool_size", "max_overflow", "connect_timeout", "pool_timeout")
DEFAULT_TIMEOUT_SECONDS = 5
"""How long to wait for a PostgreSQL connection, and for a free one from a pool: an unreachable
server fails requests fast (503) instead of holding them until it is back."""


class DatabaseUrlError(ValueError):
    pass


@dataclass(frozen=True)
class DatabaseUrl:
    scheme: str  # "memory", "sqlite" or "postgresql"
    path: Path | None = None
    host: str = "127.0.0.1"
    port: int = 5432
    user: str = ""
    password: str = ""
    dbname: str = ""
    pool_size: int = 5
    """PostgreSQL connections each process keeps open for the event store (``?pool_size=``)."""
    max_overflow: int = 5
    """Extra event-store connections opened under load and closed again (``?max_overflow=``)."""
    connect_timeout: int = DEFAULT_TIMEOUT_SECONDS
    """Seconds to open a PostgreSQL connection (``?connect_timeout=``)."""
    pool_timeout: int = DEFAULT_TIMEOUT_SECONDS
    """Seconds to wait for a pooled connection, the event store's and the tables' (``?pool_timeout=``)."""
    synchronous: str = "normal"
    """SQLite: ``normal`` (a commit survives a crash of orderhub, not always a power cut) or ``full``."""
    lock_timeout: int = 30
    """SQLite: seconds a write waits for another writer before it fails (503) (``?lock_timeout=``)."""

    @classmethod
    def parse(cls, url: str) -> DatabaseUrl:
        url = url.strip()
        if url in ("memory://", "memory:"):
            return cls("memory")
        if url.startswith("sqlite:///"):
            raw = url[len("sqlite:///") :]
            if not raw:
                raise DatabaseUrlError("sqlite URL needs a file path: sqlite:///var/orderhub.db")
            raw, _, query = raw.partition("?")
            if not raw:
                raise DatabaseUrlError("sqlite URL needs a file path: sqlite:///var/orderhub.db")
            # "sqlite:////abs" leaves "/abs": absolute
            synchronous, lock_timeout = _sqlite_options(query)
            return cls("sqlite", path=Path(raw), synchronous=synchronous, lock_timeout=lock_timeout)
        parsed = urlparse(url)
        if parsed.scheme in ("postgresql", "postgres", "postgresql+psycopg"):
            dbname = parsed.path.lstrip("/")
            options = _pool_options(parsed.query)
            if not dbname:
                raise DatabaseUrlError("postgresql URL needs a database name: postgresql://user@host:5432/db")
            return cls(
                "postgresql",
                host=parsed.hostname or "127.0.0.1",
                port=parsed.port or 5432,
                user=unquote(parsed.username or ""),
                password=unquote(parsed.password or ""),
                dbname=dbname,
                pool_size=options.get("pool_size", 5),
                max_overflow=options.get("max_overflow", 5),
                connect_timeout=options.get("connect_timeout", DEFAULT_TIMEOUT_SECONDS),
                pool_timeout=options.get("pool_timeout", DEFAULT_TIMEOUT_SECONDS),
            )
        raise DatabaseUrlError(
            f"unsupported database URL {redact(url)!r}: use sqlite:///path.db, postgresql://… or memory://"
        )

    def event_store_env(self) -> dict[str, str]:
        if self.scheme == "memory":
            return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
        if self.scheme == "sqlite":
            assert self.path is not None
            return {
                "PERSISTENCE_MODULE": "adapters.persistence.sqlite_store:Factory",
                "SQLITE_SYNCHRONOUS": self.synchronous.upper(),
                "SQLITE_DBNAME": str(self.path),
                "SQLITE_LOCK_TIMEOUT": str(self.lock_timeout),
            }
        return {
            "PERSISTENCE_MODULE": "adapters.persistence.postgres_store:Factory",
            "POSTGRES_CONNECT_ATTEMPT_TIMEOUT": str(self.connect_timeout),
            "POSTGRES_DBNAME": self.dbname,
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
            "POSTGRES_POOL_SIZE": str(self.pool_size),
            "POSTGRES_MAX_OVERFLOW": str(self.max_overflow),
            "POSTGRES_LOCK_TIMEOUT": "10",
            # The library's "connect timeout" is how long its pool waits for a connection.
            "POSTGRES_CONNECT_TIMEOUT": str(self.pool_timeout),
            # The library's insert function skips the table lock that makes event positions commit in
            # order; projections tracking "the last position applied" would then skip late commits.
            "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
            "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "30",
        }

    def conninfo(self) -> str:
        from psycopg.conninfo import make_conninfo

        return make_conninfo(
            host=self.host,
            port=self.port,
            user=self.user or None,
            password=self.password or None,
            dbname=self.dbname,
            connect_timeout=self.connect_timeout,
        )


def _pool_options(query: str) -> dict[str, int]:
    options: dict[str, int] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key not in POOL_OPTIONS:
            raise DatabaseUrlError(
                f"unknown option {key!r} in the database URL; known: {', '.join(POOL_OPTIONS)}"
            )
        if not value.isdigit() or (key != "max_overflow" and int(value) < 1):
            raise DatabaseUrlError(
                f"database URL option {key}={value!r}: must be a whole number "
                "(at least 1, except max_overflow)"
            )
        options[key] = int(value)
    return options


def _sqlite_options(query: str) -> tuple[str, int]:
    synchronous, lock_timeout = "normal", 30
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key == "lock_timeout" and value.isdigit() and int(value) >= 1:
            lock_timeout = int(value)
        elif key == "synchronous" and value.lower() in ("normal", "full"):
            synchronous = value.lower()
        else:
            raise DatabaseUrlError(
                f"unknown SQLite URL option {key}={value!r}; known: synchronous=normal|full, "
                "lock_timeout=<seconds, at least 1>"
            )
    return synchronous, lock_timeout


def redact(url: str) -> str:
    """The URL with any password replaced, for messages and logs."""
    parsed = urlparse(url)
    if parsed.password:
        return url.replace(f":{parsed.password}@", ":***@")
    return url
