"""The eventsourcing internals orderhub still uses are there, as docs/adr/009-eventsourcing-internals.md
lists them: taking a new release of the library starts with this file."""

from __future__ import annotations

import hashlib
import inspect
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.application import Application
from eventsourcing.domain import BaseAggregate
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteConnection, SQLiteConnectionPool, SQLiteDatastore, SQLiteFactory

from domain.channel import Channel

ADR = "see docs/adr/009-eventsourcing-internals.md"
SAVE_SOURCE_SHA256 = "ba24ad04fc78f2cbfebe6e3e78b772096326f2bbdb8779a4d2e6da43327ad611"
"""Of ``Application.save``, ``_record`` and ``_take_snapshots`` of the release AggregateStore.save
was written against (9.5.6)."""


def parameters(function: Any) -> list[str]:
    return list(inspect.signature(function).parameters)


def test_the_library_save_is_the_one_aggregate_store_save_was_written_against() -> None:
    source = "".join(
        inspect.getsource(f) for f in (Application.save, Application._record, Application._take_snapshots)
    )
    assert hashlib.sha256(source.encode()).hexdigest() == SAVE_SOURCE_SHA256, (
        f"Application.save changed: compare AggregateStore.save with it, then update the hash ({ADR})"
    )


def test_aggregates_are_initialised_and_given_pending_events_as_the_library_does() -> None:
    assert parameters(BaseAggregate.__base_init__)[1:] == [
        "originator_id",
        "originator_version",
        "timestamp",
    ], ADR
    assert parameters(BaseAggregate._create)[:2] == ["event_class", "id"], ADR
    now = datetime(2026, 11, 2, tzinfo=UTC)
    channel = Channel.register(
        name="shop", kind="fake", public_settings={}, sync_interval_seconds=None, now=now
    )
    assert channel._pending_events == channel.pending_events and len(channel.pending_events) == 1, ADR


def test_the_sqlite_connection_pool_can_be_replaced_by_a_tuned_one(tmp_path: Path) -> None:
    assert "_create_connection" in vars(SQLiteConnectionPool), ADR
    assert parameters(SQLiteConnection)[:2] == ["sqlite_conn", "max_age"], ADR
    factory = SQLiteFactory({"SQLITE_DBNAME": str(tmp_path / "events.db")})
    pool = factory.datastore.pool
    for name in ("db_name", "lock_timeout", "is_sqlite_memory_mode", "is_journal_mode_wal"):
        assert hasattr(pool, name), f"SQLiteConnectionPool.{name}: {ADR}"
    assert hasattr(pool, "journal_mode_was_changed_to_wal"), ADR
    factory.close()


@pytest.mark.parametrize(
    ("owner", "name"),
    [
        (SQLiteDatastore, "transaction"),
        (PostgresDatastore, "get_connection"),
    ],
)
def test_the_bulk_reads_reach_the_stores_connections(owner: type, name: str) -> None:
    assert callable(getattr(owner, name, None)), f"{owner.__name__}.{name}: {ADR}"


def test_the_postgres_store_names_its_tables_schema_and_notify_channel_where_orderhub_reads_them() -> None:
    recorder_source = inspect.getsource(PostgresApplicationRecorder)
    assert "self.channel_name = self.events_table_name" in recorder_source, ADR
    assert "NOTIFY {0}" in recorder_source, ADR
    assert "self.schema = " in inspect.getsource(PostgresDatastore.__init__), ADR
