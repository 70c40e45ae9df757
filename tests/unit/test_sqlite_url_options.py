"""``sqlite:///path.db?synchronous=full`` chooses how SQLite commits; the default is ``normal``."""

from __future__ import annotations

import pytest

from adapters.persistence.database_url import DatabaseUrl, DatabaseUrlError


def test_sqlite_commits_without_waiting_for_the_disk_unless_asked() -> None:
    url = DatabaseUrl.parse("sqlite:///var/orderhub.db")
    assert (str(url.path), url.event_store_env()["SQLITE_SYNCHRONOUS"]) == ("var/orderhub.db", "NORMAL")


def test_synchronous_full_makes_every_commit_wait_for_the_disk() -> None:
    url = DatabaseUrl.parse("sqlite:///var/orderhub.db?synchronous=full")
    assert (str(url.path), url.event_store_env()["SQLITE_SYNCHRONOUS"]) == ("var/orderhub.db", "FULL")


@pytest.mark.parametrize(
    "url", ["sqlite:///x.db?synchronous=off", "sqlite:///x.db?journal=wal", "sqlite:///?x=1"]
)
def test_an_unknown_sqlite_option_is_refused_with_the_known_ones(url: str) -> None:
    with pytest.raises(DatabaseUrlError, match=r"synchronous|file path"):
        DatabaseUrl.parse(url)


def test_lock_timeout_bounds_how_long_a_write_waits_for_another_writer() -> None:
    url = DatabaseUrl.parse("sqlite:///var/orderhub.db?lock_timeout=2&synchronous=full")
    assert (url.lock_timeout, url.synchronous) == (2, "full")
    assert url.event_store_env()["SQLITE_LOCK_TIMEOUT"] == "2"
    assert DatabaseUrl.parse("sqlite:///var/orderhub.db").lock_timeout == 30
    with pytest.raises(DatabaseUrlError, match="lock_timeout"):
        DatabaseUrl.parse("sqlite:///var/orderhub.db?lock_timeout=0")
