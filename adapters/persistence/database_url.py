"""Parse ``ORDERHUB_DATABASE_URL`` into what the event store and the SQL tables need."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse


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

    @classmethod
    def parse(cls, url: str) -> DatabaseUrl:
        url = url.strip()
        if url in ("memory://", "memory:"):
            return cls("memory")
        if url.startswith("sqlite:///"):
            raw = url[len("sqlite:///") :]
            if not raw:
                raise DatabaseUrlError("sqlite URL needs a file path: sqlite:///var/orderhub.db")
            return cls("sqlite", path=Path(raw))  # "sqlite:////abs" leaves "/abs": absolute
        parsed = urlparse(url)
        if parsed.scheme in ("postgresql", "postgres", "postgresql+psycopg"):
            dbname = parsed.path.lstrip("/")
            if not dbname:
                raise DatabaseUrlError("postgresql URL needs a database name: postgresql://user@host:5432/db")
            return cls(
                "postgresql",
                host=parsed.hostname or "127.0.0.1",
                port=parsed.port or 5432,
                user=unquote(parsed.username or ""),
                password=unquote(parsed.password or ""),
                dbname=dbname,
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
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(self.path),
                "SQLITE_LOCK_TIMEOUT": "30",
            }
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": self.dbname,
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
            "POSTGRES_POOL_SIZE": "5",
            "POSTGRES_MAX_OVERFLOW": "10",
            "POSTGRES_LOCK_TIMEOUT": "10",
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
        )


def redact(url: str) -> str:
    """The URL with any password replaced, for messages and logs."""
    parsed = urlparse(url)
    if parsed.password:
        return url.replace(f":{parsed.password}@", ":***@")
    return url
