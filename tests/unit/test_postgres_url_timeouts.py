"""PostgreSQL connection and pool timeouts: on the URL, 5 s by default, passed to both pools."""

from __future__ import annotations

import time

import pytest

from adapters.persistence.database_url import DEFAULT_TIMEOUT_SECONDS, DatabaseUrl, DatabaseUrlError
from adapters.persistence.sql_database import SqlDatabase


def test_timeouts_default_to_five_seconds_and_reach_the_event_store_and_the_tables() -> None:
    url = DatabaseUrl.parse("postgresql://u@db:5432/orderhub")
    assert (
        (url.connect_timeout, url.pool_timeout)
        == (DEFAULT_TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS)
        == (5, 5)
    )
    env = url.event_store_env()
    assert env["POSTGRES_CONNECT_ATTEMPT_TIMEOUT"] == "5" and env["POSTGRES_CONNECT_TIMEOUT"] == "5"
    assert "connect_timeout=5" in url.conninfo()


def test_timeouts_are_set_on_the_url_and_must_be_whole_seconds() -> None:
    url = DatabaseUrl.parse("postgresql://u@db/orderhub?connect_timeout=2&pool_timeout=3")
    assert (url.connect_timeout, url.pool_timeout) == (2, 3)
    for bad in ("connect_timeout=0", "pool_timeout=soon", "pool_timeout=-1"):
        with pytest.raises(DatabaseUrlError, match="whole number"):
            DatabaseUrl.parse(f"postgresql://u@db/orderhub?{bad}")


def test_an_unreachable_server_fails_a_transaction_within_the_pool_timeout() -> None:
    db = SqlDatabase(
        DatabaseUrl.parse("postgresql://u@127.0.0.1:1/orderhub?pool_timeout=1&connect_timeout=1")
    )
    started = time.monotonic()
    try:
        with pytest.raises(Exception, match="couldn't get a connection"), db.transaction() as tx:
            tx.execute("SELECT 1")
    finally:
        db.close()
    assert time.monotonic() - started < 3
